// YAML files imported by the core are bundled as text (esbuild `text` loader; in unit
// tests, test/support/register-text-loaders.cjs).
declare module '*.yaml' {
  const text: string;
  export default text;
}
