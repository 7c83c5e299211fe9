// Whether the build in dist/ (and web/dist/) is older than its sources: `npm start` rebuilds when it is,
// and the CLI tests run the built command when it is not (a process that compiles TypeScript on the fly
// takes over a second longer to start).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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

export const server = { sources: [at('src'), at('tsconfig.json'), at('tsconfig.build.json')], built: at('dist', 'cli', 'main.js') };
export const webApp = { sources: [at('web', 'src'), at('web', 'index.html'), at('web', 'book.html'), at('web', 'vite.config.ts'), at('web', 'precompress.ts'), at('web', 'initialJs.ts'), at('web', 'serviceWorkerBuild.ts'), at('web', 'public'), at('src', 'shared')], built: at('web', 'dist', 'index.html') };

/** True when a source of the part is newer than its build, or it was never built. */
export const stale = (part) => Math.max(...part.sources.map(newest)) > builtAt(part.built);
