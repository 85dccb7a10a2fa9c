// Lets unit tests `import` YAML and JSON-schema files as text, as esbuild's `text` loader
// does in the bundles (scripts/build.mjs).
'use strict';
// Mocha loads this file with `require` before any TypeScript runs, so it stays CommonJS.
const fs = require('fs');
for (const extension of ['.yaml', '.yml']) {
  require.extensions[extension] = (module, filename) => {
    module.exports = { __esModule: true, default: fs.readFileSync(filename, 'utf8') };
  };
}
