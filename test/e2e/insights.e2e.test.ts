import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsightsPage } from './pages/insights.js';
import { closeAll, screenshot, startE2e, watchDialogs, type Browser, type E2eServer } from './support/harness.js';

describe('insights', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startE2e());
    const demo = await server.api('POST', '/demo', { contacts: 60 });
    expect(demo.status).toBe(201);
  });
  afterAll(() => closeAll(browser, server));

  it('draws its charts from the insights API, each with a one-line reading', async (context) => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    const insights = new InsightsPage(page, server.url);
    const api = await server.api('GET', '/insights');
    await insights.open();
    if (api.status !== 200) {
      // The API is being built: until it exists the page says so instead of failing.
      await insights.notAvailable.waitFor();
      console.warn(`e2e: GET /api/v1/insights → ${api.status}: checked the "not available yet" state instead of the charts`);
      await screenshot(page, 'insights');
      return context.skip();
    }
    await insights.charts.first().waitFor();
    const charts = await insights.charts.all();
    expect(charts.length).toBeGreaterThanOrEqual(4);
    let drawn = 0;
    for (const chart of charts) {
      expect((await chart.locator('.reading').textContent())?.length).toBeGreaterThan(10);
      if (await chart.locator('svg').count()) drawn++;
    }
    // Demo data has no playbook history, so the per-step chart may only say so; every other one draws.
    expect(drawn).toBeGreaterThanOrEqual(charts.length - 1);
    for (const id of ['chart-rates', 'chart-touches', 'chart-channel', 'chart-hour', 'chart-trend']) {
      expect(await page.getByTestId(id).locator('svg').count(), id).toBeGreaterThan(0);
    }
    // Marks were drawn (bars, lines, rings), not just empty frames.
    expect(await page.locator('[data-testid=insights] svg rect.bar, [data-testid=insights] svg circle.ring-value, [data-testid=insights] svg polyline').count()).toBeGreaterThan(3);
    await screenshot(page, 'insights');
    expect(dialogs).toEqual([]);
  });
});
