/**
 * Brotli and gzip copies of the built web app's text files, made once at build time so that the
 * server (src/http/webApp.ts, @fastify/static `preCompressed`) sends them as they are instead of
 * compressing on every request. `app.js` gets `app.js.br` and `app.js.gz` beside it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Binary formats (images, fonts) are compressed already; these are the text ones the build writes. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest)$/;

/** The two encodings of one file: brotli at its best quality, gzip at level 9. */
export async function compress(body: Buffer): Promise<{ br: Buffer; gz: Buffer }> {
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { br, gz };
}

/** Writes a .br and a .gz beside every compressible file under `dir`; returns the files it compressed. */
export async function precompressDir(dir: string): Promise<string[]> {
  const files = (await filesUnder(dir)).filter((file) => COMPRESSIBLE.test(file));
  await Promise.all(files.map(async (file) => {
    const { br, gz } = await compress(await readFile(file));
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
  }));
  return files;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  }));
  return nested.flat();
}

/** node:zlib does both encodings in a few lines; a plugin package would add a dependency for no more than this. */
export function precompress(): Plugin {
  return {
    name: 'followthrough:precompress',
    apply: 'build',
    // After every file (public/ ones included) is on disk.
    async writeBundle(options) {
      if (options.dir) await precompressDir(options.dir);
    },
  };
}
