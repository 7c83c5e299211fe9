#!/usr/bin/env node
// `npm start` and `npm run demo`: build only when a source is newer than the build, then run the CLI in
// this same process. No shell or child sits between npm and the server, so stopping `npm start`
// (Ctrl-C, or SIGTERM to npm) stops the server too.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, server, stale, webApp } from './buildState.js';

const at = (...parts) => join(root, ...parts);

function run(label, args) {
  process.stderr.write(`Building ${label}…\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (stale(server)) run('the server', [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
if (stale(webApp)) run('the web app', [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn']);

process.argv = [process.argv[0] ?? process.execPath, server.built, ...process.argv.slice(2)];
await import('../dist/cli/main.js');
