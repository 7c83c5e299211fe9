import { useQuery } from '@tanstack/react-query';
import { Bars, ChartCard, Columns, count, Gauge, Line, percent, type Datum } from '../components/Charts.js';
import { channelLabel } from '../components/NextStepFields.js';
import { EmptyState, QueryError, Spinner } from '../components/ui.js';
import { optional } from '../playbooks.js';

type Json = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!obj(x)) : []);
const pick = (o: Json | null, ...keys: string[]): unknown => {
  for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};

/** A rate given as a number, or as {rate} / {kept, total} / {value}. */
function rateOf(v: unknown): { rate: number | null; note?: string } {
  const n = num(v);
  if (n !== null) return { rate: n > 1 ? n / 100 : n };
  const o = obj(v);
  if (!o) return { rate: null };
  const rate = num(pick(o, 'rate', 'value', 'ratio'));
  const part = num(pick(o, 'kept', 'consistent', 'numerator', 'count', 'hits'));
  const total = num(pick(o, 'total', 'denominator', 'of', 'due'));
  const note = part !== null && total !== null ? `${part} of ${total}` : undefined;
  if (rate !== null) return { rate, ...(note ? { note } : {}) };
  if (part !== null && total) return { rate: part / total, ...(note ? { note } : {}) };
  return { rate: null };
}

/** A distribution given as [{touches, count}] or {"1": n, "2": n}. */
function distribution(v: unknown): Map<number, number> {
  const out = new Map<number, number>();
  if (Array.isArray(v)) {
    for (const row of arr(v)) {
      const k = num(pick(row, 'touches', 'touch', 'touchNumber', 'bucket', 'n'));
      const c = num(pick(row, 'count', 'opportunities', 'value', 'won', 'total'));
      if (k !== null && c !== null) out.set(k, (out.get(k) ?? 0) + c);
    }
  } else if (obj(v)) {
    for (const [k, c] of Object.entries(v as Json)) if (num(Number(k)) !== null && num(c) !== null) out.set(Number(k), c as number);
  }
  return out;
}

function rateRows(v: unknown, labelKeys: string[], rateKeys: string[], toLabel: (s: string) => string = (s) => s): Datum[] {
  const rows: Datum[] = [];
  if (Array.isArray(v)) {
    for (const row of arr(v)) {
      const name = pick(row, ...labelKeys);
      const r = rateOf(pick(row, ...rateKeys));
      const attempts = num(pick(row, 'touches', 'attempts', 'total', 'count'));
      if (name !== undefined && r.rate !== null) rows.push({ label: toLabel(String(name)), value: r.rate, ...(attempts !== null ? { note: `${attempts} touches` } : r.note ? { note: r.note } : {}) });
    }
  } else if (obj(v)) {
    for (const [name, value] of Object.entries(v as Json)) {
      const r = rateOf(obj(value) ? pick(value as Json, ...rateKeys) ?? value : value);
      if (r.rate !== null) rows.push({ label: toLabel(name), value: r.rate });
    }
  }
  return rows;
}

function series(v: unknown, valueKeys: string[]): Datum[] {
  return arr(v).flatMap((row) => {
    const when = pick(row, 'week', 'date', 'day', 'month', 'period', 'label');
    const raw = pick(row, ...valueKeys);
    const r = num(raw) !== null ? { rate: num(raw) } : rateOf(raw);
    return when !== undefined && r.rate !== null ? [{ label: String(when).slice(5) || String(when), value: r.rate as number }] : [];
  });
}

export function InsightsPage() {
  const insights = useQuery({ queryKey: ['insights'], queryFn: () => optional<Json>('/insights') });
  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title">Insights</h1>
      <p className="muted">How well you follow through: promises kept, the agreed channel used, and how many touches it really takes.</p>
      {insights.isPending ? <Spinner label="Loading insights…" /> : null}
      {insights.isError ? <QueryError error={insights.error} what="insights" /> : null}
      {insights.data && !insights.data.available ? (
        <EmptyState title="Insights are not available yet">
          <p>This server does not offer the insights API yet. Keep logging outcomes: the charts draw from your history as soon as it does.</p>
        </EmptyState>
      ) : null}
      {insights.data?.available ? <InsightCharts data={insights.data.value} /> : null}
    </section>
  );
}

function InsightCharts({ data }: { data: Json }) {
  const rates = obj(data.rates) ?? data;
  const promise = rateOf(pick(rates, 'promiseKept', 'promiseKeptRate', 'promisesKept'));
  const consistency = rateOf(pick(rates, 'consistency', 'consistencyRate'));

  const closing = obj(pick(data, 'touchesToClose', 'touchesToCloseDistribution'));
  const won = distribution(pick(closing, 'won', 'yes') ?? (Array.isArray(data.touchesToClose) ? data.touchesToClose : undefined));
  const lost = distribution(pick(closing, 'lost', 'no'));
  const maxTouch = Math.max(0, ...won.keys(), ...lost.keys());
  const wonData: Datum[] = Array.from({ length: maxTouch }, (_, i) => ({ label: String(i + 1), value: won.get(i + 1) ?? 0, highlight: i + 1 >= 5 }));
  const lostData: Datum[] = Array.from({ length: maxTouch }, (_, i) => ({ label: String(i + 1), value: lost.get(i + 1) ?? 0 }));
  const totalWon = [...won.values()].reduce((a, b) => a + b, 0);
  const wonAfterFive = [...won.entries()].filter(([k]) => k >= 5).reduce((a, [, v]) => a + v, 0);

  const byChannelRaw = pick(data, 'byChannel', 'channels') ?? pick(obj(data.rates), 'byChannel');
  const connectByChannel = rateRows(byChannelRaw, ['channel', 'name', 'key'], ['connectRate', 'connect', 'connected'], channelLabel);
  const replyByChannel = rateRows(byChannelRaw, ['channel', 'name', 'key'], ['replyRate', 'reply', 'replied'], channelLabel);
  const byStep = rateRows(pick(data, 'byStep', 'steps', 'byPlaybookStep'), ['label', 'stepTitle', 'title', 'stepId', 'step'], ['connectRate', 'connect', 'rate']);
  const byHourRaw = pick(data, 'byHour', 'byLocalHour', 'hours');
  const byHour = rateRows(byHourRaw, ['hour', 'localHour'], ['connectRate', 'connect', 'rate'], (h) => h.padStart(2, '0'))
    .sort((a, b) => a.label.localeCompare(b.label));

  const overTime = pick(data, 'overTime', 'weekly', 'trend', 'history');
  const promiseTrend = series(pick(obj(overTime), 'promiseKept', 'promiseKeptRate') ?? overTime, ['promiseKept', 'promiseKeptRate', 'rate']);
  const consistencyTrend = series(pick(obj(overTime), 'consistency', 'consistencyRate') ?? overTime, ['consistency', 'consistencyRate']);
  const overdueTrend = series(pick(data, 'overdueTrend', 'overdueHistory') ?? pick(obj(overTime), 'overdue'), ['overdue', 'count', 'value']);

  const overdue = num(pick(data, 'overdue', 'overdueCount')) ?? num(pick(obj(data.overdue), 'count', 'total'));
  const stalledRaw = pick(data, 'stalled', 'stalledOpportunities', 'opportunitiesWithoutNextStep');
  const stalled = num(stalledRaw) ?? num(pick(obj(stalledRaw), 'count', 'total')) ?? (Array.isArray(stalledRaw) ? stalledRaw.length : null);
  const openOpps = num(pick(data, 'openOpportunities', 'open')) ?? num(pick(obj(stalledRaw), 'open', 'of'));

  const bestChannel = [...connectByChannel].sort((a, b) => b.value - a.value)[0];
  const bestHour = [...byHour].sort((a, b) => b.value - a.value)[0];

  return (
    <div className="insights-grid" data-testid="insights">
      <ChartCard title="Promises kept and consistency" testId="chart-rates" reading={
        promise.rate === null ? 'No agreed follow-ups have come due yet.'
          : `You kept ${percent(promise.rate)} of your promises on the agreed day${consistency.rate !== null ? `, and used the agreed channel ${percent(consistency.rate)} of the time` : ''}.`
      }>
        <div className="gauges">
          <Gauge value={promise.rate} label="Promise kept" {...(promise.note ? { note: promise.note } : {})} />
          <Gauge value={consistency.rate} label="Agreed channel used" {...(consistency.note ? { note: consistency.note } : {})} />
        </div>
      </ChartCard>

      <ChartCard title="Your fifth-follow-up curve" testId="chart-touches" reading={
        totalWon === 0 ? 'No opportunity has been won yet: the curve appears with your first yes.'
          : `${percent(wonAfterFive / totalWon)} of your wins came on the fifth touch or later: persistence pays.`
      }>
        {maxTouch > 0 ? (
          <>
            <h3 className="chart-subtitle">Won, by the touch they closed on</h3>
            <Columns data={wonData} label="Opportunities won by touch number" />
            {lost.size ? (
              <>
                <h3 className="chart-subtitle">Lost, by the touch they closed on</h3>
                <Columns data={lostData} label="Opportunities lost by touch number" />
              </>
            ) : null}
          </>
        ) : <p className="muted">Nothing closed yet.</p>}
      </ChartCard>

      <ChartCard title="Connect rate by channel" testId="chart-channel" reading={bestChannel ? `${bestChannel.label} connects best: ${percent(bestChannel.value)} of touches.` : 'Not enough touches yet.'}>
        {connectByChannel.length ? <Bars data={connectByChannel} label="Connect rate by channel" /> : <p className="muted">No touches yet.</p>}
        {replyByChannel.some((d) => d.value > 0) ? (
          <>
            <h3 className="chart-subtitle">Reply rate</h3>
            <Bars data={replyByChannel} label="Reply rate by channel" />
          </>
        ) : null}
      </ChartCard>

      <ChartCard title="Connect rate by their local hour" testId="chart-hour" reading={bestHour ? `People pick up most at ${bestHour.label}:00 their time (${percent(bestHour.value)}).` : 'Not enough calls yet.'}>
        {byHour.length ? <Columns data={byHour} format={percent} max={1} label="Connect rate by the contact's local hour" /> : <p className="muted">No calls yet.</p>}
      </ChartCard>

      {byStep.length ? (
        <ChartCard title="Connect rate by playbook step" testId="chart-step" reading={`Across ${byStep.length} steps; early steps usually connect less: the series is what gets the answer.`}>
          <Bars data={byStep} label="Connect rate by playbook step" />
        </ChartCard>
      ) : null}

      {promiseTrend.length > 1 || consistencyTrend.length > 1 ? (
        <ChartCard title="Over time" testId="chart-trend" reading="Promise-kept and consistency rates per period: the line should stay high and flat.">
          {promiseTrend.length ? <><h3 className="chart-subtitle">Promise kept</h3><Line data={promiseTrend} max={1} label="Promise-kept rate over time" /></> : null}
          {consistencyTrend.length ? <><h3 className="chart-subtitle">Consistency</h3><Line data={consistencyTrend} max={1} label="Consistency rate over time" /></> : null}
        </ChartCard>
      ) : null}

      <ChartCard title="Overdue and stalled" testId="chart-overdue" reading={
        `${overdue ?? 0} follow-up${overdue === 1 ? ' is' : 's are'} overdue; ${stalled ?? 0} open opportunit${stalled === 1 ? 'y has' : 'ies have'} no agreed next step.`
      }>
        {overdueTrend.length > 1 ? <Line data={overdueTrend} format={count} label="Overdue follow-ups over time" /> : null}
        <Bars
          data={[
            { label: 'Overdue', value: overdue ?? 0 },
            { label: 'Stalled', value: stalled ?? 0, ...(openOpps !== null ? { note: `of ${openOpps} open` } : {}) },
          ]}
          format={count}
          max={Math.max(1, overdue ?? 0, stalled ?? 0)}
          label="Overdue follow-ups and stalled opportunities"
        />
        <p><a href="#/pipeline">Fix stalled opportunities →</a></p>
      </ChartCard>
    </div>
  );
}
