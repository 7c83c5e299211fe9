/**
 * Renders the app's icons (web/public/icon-*.png) from the SVGs here with the Chromium the browser
 * tests use. Run once when an SVG changes: `npx tsx web/icons/render.ts`; the PNGs are committed.
 */
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/helpers/browser.js';

const here = (path: string): string => decodeURIComponent(new URL(path, import.meta.url).pathname);
const ICONS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  // Full bleed, the mark inside the middle 70 % (the safe zone is a circle of 80 %).
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const svg = await readFile(here(`./${icon.svg}`), 'utf8');
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${icon.size}px;height:${icon.size}px}</style>${svg}`);
    await page.screenshot({ path: here(`../public/${icon.png}`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
