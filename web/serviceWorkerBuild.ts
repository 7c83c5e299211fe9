/**
 * Builds the service worker (web/src/sw/serviceWorker.ts) into dist/sw.js, one classic script, with
 * the list of files it keeps for offline use: index.html, the hashed assets the app's page can load
 * (the booking page's own are left out) and the files of public/. The list and the build's id change
 * with every build whose files change, so the browser sees a new worker exactly then.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Plugin, type Rollup } from 'vite';

const here = (path: string): string => decodeURIComponent(new URL(`./${path}`, import.meta.url).pathname);
const SOURCE = here('src/sw/serviceWorker.ts');
const PUBLIC = here('public');
/** The app's page; the booking page (book.html) and what only it loads stay out of the worker's copies. */
const APP_PAGE = 'index.html';

/** The chunks and assets `index.html` can load, on its first screen or later (lazy pages, dialogs, their CSS). */
export function appFiles(bundle: Rollup.OutputBundle): string[] {
  const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith(`/${APP_PAGE}`));
  if (!entry) throw new Error(`service worker: no entry chunk for ${APP_PAGE}`);
  const seen = new Set<string>();
  const walk = (fileName: string): void => {
    if (seen.has(fileName)) return;
    seen.add(fileName);
    const chunk = bundle[fileName];
    if (chunk?.type !== 'chunk') return;
    for (const next of [...chunk.imports, ...chunk.dynamicImports]) walk(next);
    for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) seen.add(asset);
  };
  walk(entry.fileName);
  return [...seen].sort();
}

async function publicFiles(): Promise<{ name: string; body: Buffer }[]> {
  const names = (await readdir(PUBLIC, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ name, body: await readFile(join(PUBLIC, name)) })));
}

/** The worker as one script with no imports (a classic worker: every browser with service workers runs it). */
async function bundleWorker(shell: { version: string; files: string[] }): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: { __SHELL__: JSON.stringify(shell) },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: SOURCE, formats: ['iife'], name: 'followthroughServiceWorker', fileName: () => 'sw.js' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((file): file is Rollup.OutputChunk => file.type === 'chunk');
  if (!chunk) throw new Error('service worker: the build gave no script');
  return chunk.code;
}

export function serviceWorker(): Plugin {
  return {
    name: 'followthrough:service-worker',
    apply: 'build',
    // After Vite has written index.html into the bundle.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const page = bundle[APP_PAGE];
      if (page?.type !== 'asset') throw new Error(`service worker: ${APP_PAGE} is not in the bundle`);
      const assets = appFiles(bundle);
      const statics = await publicFiles();
      const version = createHash('sha256').update(String(page.source)).update(assets.join('\n'));
      for (const file of statics) version.update(file.name).update(file.body);
      const files = [`/${APP_PAGE}`, ...assets.map((f) => `/${f}`), ...statics.map((f) => `/${f.name}`)];
      const source = await bundleWorker({ version: version.digest('hex').slice(0, 16), files });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
