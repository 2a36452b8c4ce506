import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The publishable packages, in dependency order (see ARCHITECTURE.md). */
export const SDK_PACKAGES = [
  'signal',
  'core',
  'nwb',
  'api',
  'atlas',
  'ephys',
  'behavior',
  'ophys',
  'ecephys',
  'multimodal',
] as const;

export type SdkPackageName = (typeof SDK_PACKAGES)[number];

export interface PackageInfo {
  name: `@sdk/${SdkPackageName}`;
  version: string;
  description: string;
  /** How many names the package exports today: 0 until its issue lands. */
  exportCount: number;
}

interface PackageJson {
  name: string;
  version: string;
  description?: string;
}

const require = createRequire(import.meta.url);

function readPackageJson(name: string): PackageJson {
  const path = require.resolve(`${name}/package.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
}

/** Version of the fixed release group: every publishable package carries the same one. */
export function sdkVersion(): string {
  return readPackageJson('@sdk/core').version;
}

export async function listPackages(): Promise<PackageInfo[]> {
  return Promise.all(
    SDK_PACKAGES.map(async (short) => {
      const name = `@sdk/${short}` as const;
      const json = readPackageJson(name);
      const mod = (await import(name)) as Record<string, unknown>;
      return {
        name,
        version: json.version,
        description: json.description ?? '',
        exportCount: Object.keys(mod).length,
      };
    }),
  );
}
