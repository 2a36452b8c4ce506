export { type CliIo, processIo } from './io.js';
export { listPackages, type PackageInfo, SDK_PACKAGES, sdkVersion } from './packages.js';
export { createProgram, runCli } from './program.js';
