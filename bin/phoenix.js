#!/usr/bin/env node
'use strict';
// The package's `phoenix` command: runs the compiled CLI (built by `npm install` via the prepare script).
require('../dist/src/cli.js').main();
