declare module 'virtual:sdk-resolutions' {
  /** Where each `@sdk/*` import resolved during this test run (see @sdk/vitest-config). */
  const resolutions: Record<string, string>;
  export default resolutions;
}
