#!/usr/bin/env node
// Entry point of the `patch-cycles` command; the CLI itself is bundled into dist/ by `npm run build`
// (which `npm ci` runs through the `prepare` script).
'use strict';
const path = require('path');
const fs = require('fs');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('patch-cycles: dist/cli.js is missing. Run `npm run build` in the checkout first.\n');
  process.exit(2);
}
require(bundle).main();
