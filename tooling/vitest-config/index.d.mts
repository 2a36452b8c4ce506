import type { Plugin } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

export declare const SOURCE_CONDITION: '@sdk/source';
export declare function sdkSourceGuard(): Plugin;
export declare function sdkVitestConfig(packageUrl: string, extra?: ViteUserConfig): ViteUserConfig;
