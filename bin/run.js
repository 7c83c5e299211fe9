#!/usr/bin/env node
// `npm start` and `npm run demo`: build only when a source is newer than the build, then run the CLI in
// this same process. No shell or child sits between npm and the server, so stopping `npm start`
// (Ctrl-C, or SIGTERM to npm) stops the server too.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const server = { sources: [at('src'), at('tsconfig.json'), at('tsconfig.build.json')], built: at('dist', 'cli', 'main.js') };
const webApp = { sources: [at('web', 'src'), at('web', 'index.html'), at('web', 'vite.config.ts'), at('src', 'shared')], built: at('web', 'dist', 'index.html') };
const stale = (part) => Math.max(...part.sources.map(newest)) > builtAt(part.built);

function run(label, args) {
  process.stderr.write(`Building ${label}…\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (stale(server)) run('the server', [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
if (stale(webApp)) run('the web app', [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn']);

process.argv = [process.argv[0] ?? process.execPath, server.built, ...process.argv.slice(2)];
await import('../dist/cli/main.js');
