import type { Command } from 'commander';
import type { Board, Forecast } from '../shared/deals.js';
import { formatMoney } from '../shared/money.js';
import { dealBoard, dealForecast } from '../services/deals.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

const money = (totals: { currency: string; amount: number }[]) => totals.map((t) => formatMoney(t.amount, t.currency, 'en-GB')).join(' + ');

/** The board as text: a block per stage, a line per deal with its value and its next step or STALLED. */
export function formatBoard(board: Board): string {
  const lines: string[] = [];
  for (const { stage, count, totals, cards } of board.columns) {
    const head = stage.kind === 'open' ? `${stage.probability}%` : `closed in the last ${board.closedDays} days`;
    lines.push(`${stage.name} (${head}): ${count} deal${count === 1 ? '' : 's'}${totals.length ? `, ${money(totals)}` : ''}`);
    for (const card of cards) {
      const value = card.amount === null ? 'no amount' : formatMoney(card.amount, card.currency, 'en-GB');
      const closes = card.expectedCloseDate ? `, closes ${card.expectedCloseDate}` : '';
      const next = card.nextStep ? `next: ${card.nextStep.channel} ${card.nextStep.dueLocal}` : card.stalled ? 'STALLED: no agreed next step' : '';
      lines.push(`  ${card.id}  ${card.title} — ${card.contactName}${card.company ? ` (${card.company})` : ''}  ${value}${closes}${next ? `  ${next}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The weighted forecast as text: a line per month. */
export function formatForecast(forecast: Forecast): string {
  const row = (label: string, count: number, totals: Forecast['months'][number]['totals']) =>
    `${label.padEnd(8)} ${String(count).padStart(3)} deal${count === 1 ? ' ' : 's'}  ${totals.length ? `weighted ${money(totals.map((t) => ({ currency: t.currency, amount: t.weighted })))} of ${money(totals)}` : '—'}`;
  const lines = ['Forecast (amount × stage probability, by month of expected close):'];
  if (forecast.overdue.count) lines.push(row('overdue', forecast.overdue.count, forecast.overdue.totals));
  for (const m of forecast.months) lines.push(row(m.month, m.count, m.totals));
  if (forecast.undated.count) lines.push(`${forecast.undated.count} open deal${forecast.undated.count === 1 ? ' has' : 's have'} no expected close date.`);
  return `${lines.join('\n')}\n`;
}

/** `followthrough deals`: the pipeline board and the weighted forecast (docs/deals.md). */
export function registerDealsCommand(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  program.command('deals').description('the pipeline board by stage (each deal with its next step, or STALLED) and the weighted forecast')
    .option('--months <n>', 'months of forecast (1–24)', '6')
    .option('--json', 'print JSON: {board, forecast}')
    .addHelpText('after', '\nMove a deal or change its value with PATCH /api/v1/opportunities/{id} (docs/deals.md).\n')
    .action(async (o: { months: string; json?: boolean }) => {
      const months = Math.min(24, Math.max(1, Number.parseInt(o.months, 10) || 6));
      const { board, forecast } = await withActor(globals(), async (deps, actor) => ({
        board: await dealBoard(deps, actor), forecast: await dealForecast(deps, actor, months),
      }));
      if (o.json) return printJson({ board, forecast });
      process.stdout.write(`${formatBoard(board)}\n${formatForecast(forecast)}`);
    });
}
