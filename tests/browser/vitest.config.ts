import { sdkVitestConfig } from '@sdk/vitest-config';

export default sdkVitestConfig(import.meta.url);
