/**
 * What the app's first screen costs in JavaScript (issue 14 item 5): the scripts web/dist/index.html
 * loads before anything renders, its module entry and their modulepreloads, as the browser receives
 * them (brotli, the .br the build wrote) and as gzip. bench/webApp.ts reports it; a test holds the budget.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compress } from './precompress.js';

export const INITIAL_JS_BUDGET_GZIP_KB = 120;

export interface InitialJs { files: string[]; raw: number; gzip: number; brotli: number }

export async function initialJs(dist: string): Promise<InitialJs> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const sizes = await Promise.all(files.map(async (file) => {
    const path = join(dist, file.replace(/^\//, ''));
    const body = await readFile(path);
    // The build's own copies when there (what is sent); made the same way when the build predates them.
    const made = existsSync(`${path}.br`) && existsSync(`${path}.gz`)
      ? { br: await readFile(`${path}.br`), gz: await readFile(`${path}.gz`) }
      : await compress(body);
    return { raw: body.length, gzip: made.gz.length, brotli: made.br.length };
  }));
  const sum = (key: 'raw' | 'gzip' | 'brotli') => sizes.reduce((total, size) => total + size[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

export const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
