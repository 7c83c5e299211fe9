#!/usr/bin/env node
// The compiled CLI; `npm install` / `npm ci` builds it (the prepare script).
await import('../dist/cli/main.js');
