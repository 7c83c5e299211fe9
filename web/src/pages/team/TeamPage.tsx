import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TeamDrillKind, TeamMemberRow, TeamView } from '../../../../src/shared/team.js';
import { api, query } from '../../api.js';
import { EmptyState, QueryError, Spinner } from '../../components/ui.js';
import { navigate, useRoute } from '../../router.js';
import { useMe } from '../../session.js';
import { addDays, formatDate, todayIn } from '../../time.js';
import { DRILLS, isDrillKind } from './drill.js';
import { TeamDrill } from './TeamDrill.js';
import './Team.css';

type Figures = TeamView['totals'];
type SortKey = 'name' | 'promisesDue' | 'late' | 'kept' | 'consistency' | 'stalled' | 'noNextStep' | 'touches';

const PERIODS = [
  { key: 'week', label: 'This week' },
  { key: '28', label: 'Last 4 weeks' },
  { key: '90', label: 'Last 90 days' },
] as const;

const percent = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const mondayOf = (date: string): string => addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));

function periodOf(key: string, params: URLSearchParams, today: string): { from: string; to: string; key: string } {
  const from = params.get('from');
  const to = params.get('to');
  if (key === 'custom' && from && to) return { from, to, key };
  if (key === 'week') return { from: mondayOf(today), to: today, key };
  if (key === '90') return { from: addDays(today, -89), to: today, key };
  return { from: addDays(today, -27), to: today, key: '28' };
}

const sortValue = (row: TeamMemberRow, key: SortKey): number | string => {
  switch (key) {
    case 'name': return row.name.toLowerCase();
    case 'kept': return row.promiseKept.rate ?? -1;
    case 'consistency': return row.consistency.rate ?? -1;
    default: return row[key];
  }
};

interface Column { key: SortKey; label: string; drill?: TeamDrillKind; show: (f: Figures) => string; alert?: (f: Figures) => boolean; note?: (f: Figures) => string }

const COLUMNS: Column[] = [
  { key: 'promisesDue', label: 'Promises due', show: (f) => String(f.promisesDue), note: (f) => `${f.promisesOpen} still open` },
  { key: 'late', label: 'Late now', drill: 'late', show: (f) => String(f.late), alert: (f) => f.late > 0 },
  { key: 'kept', label: 'Kept', show: (f) => percent(f.promiseKept.rate), note: (f) => `${f.promiseKept.numerator} of ${f.promiseKept.denominator}` },
  { key: 'consistency', label: 'Agreed channel', show: (f) => percent(f.consistency.rate), note: (f) => `${f.consistency.numerator} of ${f.consistency.denominator}` },
  { key: 'stalled', label: 'Stalled deals', drill: 'stalled', show: (f) => String(f.stalled), alert: (f) => f.stalled > 0 },
  { key: 'noNextStep', label: 'No next step', drill: 'no-next-step', show: (f) => String(f.noNextStep) },
  { key: 'touches', label: 'Touches this week', drill: 'touches', show: (f) => String(f.touches) },
];

export function TeamPage() {
  const me = useMe();
  const { params } = useRoute();
  const today = todayIn(me.user.timeZone);
  const requested = params.get('period') ?? (params.get('from') && params.get('to') ? 'custom' : '28');
  const period = periodOf(requested, params, today);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'name', descending: false });
  const drillUser = params.get('user');
  const drillKind = params.get('list');

  const team = useQuery({
    queryKey: ['team', period.from, period.to],
    queryFn: () => api.get<TeamView>(`/team${query({ from: period.from, to: period.to })}`),
  });

  const go = (changes: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = Object.fromEntries(params.entries());
    navigate('/team', { ...next, ...changes }, { replace: true });
  };

  useEffect(() => {
    if (drillUser && isDrillKind(drillKind)) document.getElementById('team-drill-title')?.focus();
  }, [drillUser, drillKind]);

  const rows = [...(team.data?.members ?? [])].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
    return sort.descending ? -order : order;
  });
  const self = team.data?.scope === 'self';
  const drilled = team.data?.members.find((m) => m.userId === drillUser);

  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none');

  const figure = (row: TeamMemberRow | null, f: Figures, c: Column) => {
    const text = c.show(f);
    const className = `team-figure${c.alert?.(f) ? ' team-figure-alert' : ''}`;
    if (row && c.drill) {
      const kind = c.drill;
      return (
        <button type="button" className={`button-link ${className}`} aria-label={`${text} ${c.label.toLowerCase()}: ${row.name}, show the list`}
          onClick={() => go({ user: row.userId, list: kind })}>{text}</button>
      );
    }
    return <span className={className} title={c.note?.(f)}>{text}</span>;
  };

  return (
    <section aria-labelledby="team-title">
      <div className="page-head">
        <h1 id="team-title">{self ? 'Your figures' : 'Team'}</h1>
        <div className="filters">
          <div className="field">
            <label htmlFor="team-period">Promises due in</label>
            <select id="team-period" value={period.key} onChange={(e) => go({ period: e.target.value, from: undefined, to: undefined })}>
              {PERIODS.map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
              {period.key === 'custom' ? <option value="custom">{formatDate(period.from)} – {formatDate(period.to)}</option> : null}
            </select>
          </div>
        </div>
      </div>
      <p className="muted">
        {self ? 'How you follow through. Owners and admins see these figures for the whole team.'
          : 'How each salesperson follows through. Late, stalled and no next step are as of now; pick a number to see what is behind it.'}
      </p>
      {team.isPending ? <Spinner label="Loading the team…" /> : null}
      {team.isError ? <QueryError error={team.error} what="the team's figures" /> : null}
      {team.data && rows.length === 0 ? <EmptyState title="No one here yet">Add salespeople in Settings → Users to see their figures.</EmptyState> : null}
      {team.data && rows.length ? (
        <div className="table-wrap">
          <table className="table team-table" data-testid="team-table">
            <caption className="visually-hidden">Figures per salesperson, promises due {formatDate(period.from)} to {formatDate(period.to)}</caption>
            <thead>
              <tr>
                <th scope="col" aria-sort={ariaSort('name')}><button type="button" onClick={() => sortBy('name')}>Salesperson</button></th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className="num" aria-sort={ariaSort(c.key)}><button type="button" onClick={() => sortBy(c.key)}>{c.label}</button></th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.userId} data-testid="team-row">
                  <td className="team-name">{row.name}</td>
                  {COLUMNS.map((c) => <td key={c.key} className="num" data-label={c.label}>{figure(row, row, c)}</td>)}
                </tr>
              ))}
            </tbody>
            {!self && rows.length > 1 ? (
              <tfoot>
                <tr>
                  <td className="team-name">Team</td>
                  {COLUMNS.map((c) => <td key={c.key} className="num" data-label={c.label}>{figure(null, team.data.totals, c)}</td>)}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      ) : null}
      {drilled && isDrillKind(drillKind) ? (
        <TeamDrill key={`${drilled.userId}-${drillKind}`} userId={drilled.userId} name={drilled.name} kind={drillKind} zone={me.user.timeZone}
          onClose={() => go({ user: undefined, list: undefined })} />
      ) : null}
      {drillUser && team.data && !drilled ? <p className="muted">That salesperson is not in your view. {DRILLS.late.title} and the other lists open from a number above.</p> : null}
    </section>
  );
}
