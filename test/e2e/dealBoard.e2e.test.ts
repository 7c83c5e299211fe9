import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PipelinePage } from './pages/pipeline.js';
import { closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** The deal board (issue 16 item 1): drag a deal, move one with the keyboard, agree a next step on the way, and the forecast. */
describe('the deal board', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let board: PipelinePage;

  const month = (offset: number) => {
    const d = new Date();
    d.setUTCDate(15);
    d.setUTCMonth(d.getUTCMonth() + offset);
    return d.toISOString().slice(0, 10);
  };

  async function deal(name: string, title: string, value: Record<string, unknown>, withNextStep: boolean): Promise<void> {
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name, company: `${name.split(' ')[1]} GmbH`, timeZone: 'Europe/Berlin' });
    expect(contact.status).toBe(201);
    expect((await server.api('POST', '/opportunities', { contactId: contact.body.id, title, ...value })).status).toBe(201);
    if (withNextStep) {
      expect((await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { local: '2030-01-07T10:00' }, channel: 'video', agenda: 'pricing' })).status).toBe(201);
    }
  }

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    board = new PipelinePage(page, server.url);
    await deal('Ana Souza', 'Souza rollout', { amount: 1_200_000, currency: 'EUR', expectedCloseDate: month(0) }, true);
    await deal('Ben Okafor', 'Okafor pilot', { amount: 450_000, currency: 'EUR', expectedCloseDate: month(1) }, false);
    await deal('Chen Wei', 'Wei renewal', { amount: 800_000, currency: 'USD', expectedCloseDate: month(2) }, false);
  });
  afterAll(() => closeAll(browser, server));

  it('shows a column per stage, each card with its next step or stalled, and the forecast', async () => {
    await board.open();
    expect(await page.getByTestId('board-column').evaluateAll((columns) => columns.map((c) => c.getAttribute('data-stage'))))
      .toEqual(['Qualified', 'Meeting held', 'Proposal sent', 'Negotiation', 'Won', 'Lost']);
    await board.cardIn('Qualified', 'Souza rollout').getByText(/^Next: video/).waitFor();
    await board.cardIn('Qualified', 'Okafor pilot').getByText('no agreed next step').waitFor();
    const forecast = page.getByTestId('forecast-table');
    await forecast.waitFor();
    expect(await forecast.locator('tbody tr').count()).toBe(6);
    expect(await forecast.locator('tbody tr').first().textContent()).toMatch(/1,200/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'deal-board-1280');
  });

  it('drags a deal with a next step to another column: it moves without asking', async () => {
    await board.card('Souza rollout').dragTo(board.column('Meeting held'), { sourcePosition: { x: 12, y: 10 } });
    await board.cardIn('Meeting held', 'Souza rollout').waitFor();
    expect(await board.nextStepDialog.count()).toBe(0);
    expect((await server.api<{ items: { title: string; stage: { name: string } }[] }>('GET', '/opportunities')).body.items
      .find((o) => o.title === 'Souza rollout')?.stage.name).toBe('Meeting held');
  });

  it('moves a deal with the keyboard only: Alt+→ on the focused card', async () => {
    await board.cardIn('Meeting held', 'Souza rollout').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await board.cardIn('Proposal sent', 'Souza rollout').waitFor();
    // Focus follows the card, so the next key press moves it on.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-deal-id") ?? ""')).not.toBe('');
    await page.keyboard.press('Alt+ArrowLeft');
    await board.cardIn('Meeting held', 'Souza rollout').waitFor();
  });

  it('dragging a stalled deal asks for the agreed next step; with one, it moves and is no longer stalled', async () => {
    await board.card('Okafor pilot').dragTo(board.column('Proposal sent'), { sourcePosition: { x: 12, y: 10 } });
    const dialog = board.nextStepDialog;
    await dialog.getByText('This deal has no agreed next step').waitFor();
    expect(await seriousViolations(page, '[data-testid="next-step-dialog"]')).toEqual([]);
    await screenshot(page, 'deal-board-next-step-1280');
    await dialog.getByLabel('Channel they chose').selectOption('meeting');
    await dialog.getByRole('button', { name: 'Move with this next step' }).click();
    await board.cardIn('Proposal sent', 'Okafor pilot').getByText(/^Next: meeting/).waitFor();
    expect(await board.nextStepDialog.count()).toBe(0);
  });

  it('the keyboard move of a stalled deal asks too, and can move it without a next step', async () => {
    await board.cardIn('Qualified', 'Wei renewal').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await board.nextStepDialog.waitFor();
    await board.nextStepDialog.getByRole('button', { name: 'Move without a next step' }).click();
    await board.cardIn('Meeting held', 'Wei renewal').getByText('no agreed next step').waitFor();
  });

  it('edits a deal\'s amount and close date in its dialog', async () => {
    await board.card('Wei renewal').getByRole('button', { name: /^Edit/ }).click();
    const dialog = page.getByTestId('deal-dialog');
    await dialog.getByLabel('Amount').fill('9,500.50');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await board.card('Wei renewal').getByText(/9,500\.50/).waitFor();
  });

  it('moves a deal to won from its menu after a confirmation; it leaves the open columns', async () => {
    await board.card('Souza rollout').getByLabel(/Move “Souza rollout” to/).selectOption({ label: 'Move to Won' });
    await page.getByTestId('close-deal-dialog').getByRole('button', { name: 'Move to Won' }).click();
    await board.column('Won').getByText('Show 1').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a phone: the board scrolls sideways inside itself, not the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await board.open();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'deal-board-390');
    await page.getByTestId('forecast-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'deal-board-forecast-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('an owner renames a stage in Settings → Stages and the board follows', async () => {
    await page.goto(`${server.url}/#/settings`);
    const panel = page.getByRole('region', { name: 'Deal stages' });
    await panel.getByLabel('Stage 2 name').fill('Demo given');
    await panel.getByRole('button', { name: 'Save stages' }).click();
    await page.getByTestId('toast').getByText('Stages saved').waitFor();
    await panel.scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '[aria-labelledby="stages-title"]')).toEqual([]);
    await screenshot(page, 'stages-settings-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'stages-settings-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await board.open();
    await board.cardIn('Demo given', 'Wei renewal').waitFor();
    expect(dialogs).toEqual([]);
  });
});
