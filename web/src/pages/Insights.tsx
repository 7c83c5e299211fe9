import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { insightsSchema } from '../../../src/shared/insights.js';
import { query } from '../api.js';
import { Bars, ChartCard, Columns, count, Gauge, Line, percent, type Datum } from '../components/Charts.js';
import { channelLabel } from '../components/NextStepFields.js';
import { EmptyState, QueryError, Spinner } from '../components/ui.js';
import { optional } from '../playbooks.js';
import { useMe, useUsers } from '../session.js';
import { addDays, formatDate, todayIn } from '../time.js';

export type Insights = z.infer<typeof insightsSchema>;
type Rate = Insights['consistency'];

const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
];

const rateNote = (r: Rate): string => `${r.numerator} of ${r.denominator}`;
const shortWeek = (week: string): string => formatDate(week, { day: 'numeric', month: 'short' });

export function InsightsPage() {
  const me = useMe();
  const users = useUsers();
  const [days, setDays] = useState(90);
  const [userId, setUserId] = useState('');
  const to = todayIn(me.user.timeZone);
  const from = addDays(to, -(days - 1));
  const insights = useQuery({
    queryKey: ['insights', from, to, userId],
    queryFn: () => optional<Insights>(`/insights${query({ from, to, userId })}`),
  });
  return (
    <section aria-labelledby="insights-title">
      <div className="page-head">
        <h1 id="insights-title">Insights</h1>
        <div className="filters">
          <div className="field">
            <label htmlFor="insights-period">Period</label>
            <select id="insights-period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map((p) => <option key={p.days} value={p.days}>{p.label}</option>)}
            </select>
          </div>
          {(users.data?.items.length ?? 0) > 1 ? (
            <div className="field">
              <label htmlFor="insights-user">Salesperson</label>
              <select id="insights-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">Everyone</option>
                {users.data?.items.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            </div>
          ) : null}
        </div>
      </div>
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

function InsightCharts({ data }: { data: Insights }) {
  const promise = data.promiseKept;
  const consistency = data.consistency;

  const won: Datum[] = data.touchesToClose.filter((t) => t.touch > 0).map((t) => ({ label: String(t.touch), value: t.won, highlight: t.touch >= 5 }));
  const lost: Datum[] = data.touchesToClose.filter((t) => t.touch > 0).map((t) => ({ label: String(t.touch), value: t.lost }));
  const totalWon = won.reduce((a, d) => a + d.value, 0);
  const wonAfterFive = data.touchesToClose.filter((t) => t.touch >= 5).reduce((a, t) => a + t.won, 0);
  const totalLost = lost.reduce((a, d) => a + d.value, 0);

  const connectByChannel: Datum[] = data.byChannel.map((c) => ({ label: channelLabel(c.channel), value: c.connect.rate ?? 0, note: `${c.connect.numerator} of ${c.touches}` }));
  const replyByChannel: Datum[] = data.byChannel.filter((c) => c.reply.numerator > 0).map((c) => ({ label: channelLabel(c.channel), value: c.reply.rate ?? 0, note: `${c.reply.numerator} of ${c.touches}` }));
  const bestChannel = [...data.byChannel].filter((c) => c.touches >= 3).sort((a, b) => (b.connect.rate ?? 0) - (a.connect.rate ?? 0))[0];

  const byHour: Datum[] = data.byHour.map((h) => ({ label: String(h.hour).padStart(2, '0'), value: h.connect.rate ?? 0, note: `${h.connect.numerator} of ${h.touches}` }));
  const bestHour = [...data.byHour].filter((h) => h.touches >= 3).sort((a, b) => (b.connect.rate ?? 0) - (a.connect.rate ?? 0))[0];
  const hourTouches = data.byHour.reduce((a, h) => a + h.touches, 0);

  const byStep: Datum[] = data.byStep.map((s) => ({
    label: `${s.playbookName ?? s.playbookKey ?? ''} · ${s.stepTitle ?? s.stepId}`.replace(/^ · /, ''),
    value: s.connect.rate ?? 0,
    note: `${s.connect.numerator} of ${s.touches}`,
  }));

  const weeksWithData = data.weekly.filter((w) => w.promiseKept.denominator > 0 || w.consistency.denominator > 0);
  const promiseTrend: Datum[] = data.weekly.filter((w) => w.promiseKept.rate !== null).map((w) => ({ label: shortWeek(w.week), value: w.promiseKept.rate ?? 0, note: rateNote(w.promiseKept) }));
  const consistencyTrend: Datum[] = data.weekly.filter((w) => w.consistency.rate !== null).map((w) => ({ label: shortWeek(w.week), value: w.consistency.rate ?? 0, note: rateNote(w.consistency) }));
  const overdueTrend: Datum[] = data.overdue.trend.map((t) => ({ label: shortWeek(t.week), value: t.count }));

  return (
    <div className="insights-grid" data-testid="insights">
      <ChartCard title="Promises kept and consistency" testId="chart-rates" reading={
        promise.rate === null ? 'No agreed follow-up has come due in this period yet.'
          : `You kept ${percent(promise.rate)} of your promises on the agreed day${consistency.rate !== null ? `, and used the channel the client chose ${percent(consistency.rate)} of the time` : ''}.`
      }>
        <div className="gauges">
          <Gauge value={promise.rate} label="Promises kept" note={rateNote(promise)} />
          <Gauge value={consistency.rate} label="Agreed channel used" note={rateNote(consistency)} />
        </div>
        <p className="muted">
          {promise.late} late, {promise.missed} missed, {promise.openPastDue} still open past their day, {promise.early} early; {promise.pending} not due yet.
        </p>
      </ChartCard>

      <ChartCard title="Your fifth-follow-up curve" testId="chart-touches" reading={
        totalWon === 0 ? 'No opportunity was won in this period yet: the curve appears with your first yes.'
          : `${percent(wonAfterFive / totalWon)} of your wins came on the fifth touch or later: keep going until you get a definite answer.`
      }>
        {won.length ? (
          <>
            <h3 className="chart-subtitle">Won, by the touch they closed on ({totalWon})</h3>
            <Columns data={won} label="Opportunities won by the touch number they closed on" />
            {totalLost ? (
              <>
                <h3 className="chart-subtitle">Lost, by the touch they closed on ({totalLost})</h3>
                <Columns data={lost} label="Opportunities lost by the touch number they closed on" />
              </>
            ) : null}
          </>
        ) : <p className="muted">Nothing closed in this period.</p>}
      </ChartCard>

      <ChartCard title="Connect and reply rate by channel" testId="chart-channel" reading={
        bestChannel ? `${channelLabel(bestChannel.channel)} reaches people best: ${percent(bestChannel.connect.rate ?? 0)} of ${bestChannel.touches} touches connected.` : 'Not enough outbound touches in this period.'
      }>
        {connectByChannel.length ? <Bars data={connectByChannel} label="Connect rate by channel" /> : <p className="muted">No outbound touches.</p>}
        {replyByChannel.length ? (
          <>
            <h3 className="chart-subtitle">Reply rate</h3>
            <Bars data={replyByChannel} label="Reply rate by channel" />
          </>
        ) : null}
      </ChartCard>

      <ChartCard title="Connect rate by their local hour" testId="chart-hour" reading={
        bestHour ? `People pick up most at ${String(bestHour.hour).padStart(2, '0')}:00 on their own clock (${percent(bestHour.connect.rate ?? 0)}).` : 'Not enough calls in this period.'
      }>
        {hourTouches ? <Columns data={byHour} format={percent} max={1} label="Connect rate by the hour on the contact's clock" /> : <p className="muted">No outbound touches.</p>}
      </ChartCard>

      <ChartCard title="Connect rate by playbook step" testId="chart-step" reading={
        byStep.length ? `Across ${byStep.length} playbook steps: the series, not one call, is what gets the answer.` : 'No playbook steps were worked in this period.'
      }>
        {byStep.length ? <Bars data={byStep} label="Connect rate by playbook step" /> : <p className="muted">Enrol hard-to-reach contacts in a playbook to see which steps work.</p>}
      </ChartCard>

      <ChartCard title="Promise-kept and consistency over time" testId="chart-trend" reading={
        weeksWithData.length > 1 ? 'Per week of the agreed day: both lines should stay high and flat.' : 'Needs agreed follow-ups in at least two weeks.'
      }>
        {promiseTrend.length ? <><h3 className="chart-subtitle">Promises kept</h3><Line data={promiseTrend} max={1} label="Promise-kept rate per week" /></> : null}
        {consistencyTrend.length ? <><h3 className="chart-subtitle">Agreed channel used</h3><Line data={consistencyTrend} max={1} label="Consistency rate per week" /></> : null}
      </ChartCard>

      <ChartCard title="Overdue promises" testId="chart-overdue" reading={
        `${data.overdue.count} promised follow-up${data.overdue.count === 1 ? ' is' : 's are'} overdue now.`
      }>
        {overdueTrend.length ? <Line data={overdueTrend} format={count} label="Promised follow-ups overdue at the end of each week" /> : null}
        <p><a href="#/">Clear them from Today →</a></p>
      </ChartCard>

      <ChartCard title="Opportunities without a next step" testId="chart-stalled" reading={
        `${data.stalled.count} of ${data.stalled.openOpportunities} open opportunit${data.stalled.openOpportunities === 1 ? 'y has' : 'ies have'} no agreed next step.`
      }>
        <Bars
          data={[
            { label: 'Stalled', value: data.stalled.count },
            { label: 'With a next step', value: Math.max(0, data.stalled.openOpportunities - data.stalled.count) },
          ]}
          format={count}
          max={Math.max(1, data.stalled.openOpportunities)}
          label="Open opportunities with and without an agreed next step"
        />
        {data.stalled.items.length ? (
          <ul className="plain">
            {data.stalled.items.slice(0, 5).map((s) => (
              <li key={s.opportunityId}>
                <a href={`#/contacts/${encodeURIComponent(s.contactId)}`}>{s.contactName}</a>{s.company ? ` · ${s.company}` : ''} <span className="muted">({s.touches} touches)</span>
              </li>
            ))}
          </ul>
        ) : null}
      </ChartCard>
    </div>
  );
}
