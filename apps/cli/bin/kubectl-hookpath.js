#!/usr/bin/env node
'use strict';
// kubectl's plugin for hookpath: `kubectl hookpath collect ...` runs this with `collect ...`.
require('../dist/main.js')
  .main(process.argv.slice(2), { kubectlPlugin: true })
  .then((code) => {
    process.exitCode = code;
  });
