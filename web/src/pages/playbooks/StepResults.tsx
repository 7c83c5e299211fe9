import { useQuery } from '@tanstack/react-query';
import { optional, type Playbook } from '../../playbooks.js';
import type { Insights } from '../Insights.js';

/** Per-step results from the insights API (the last 90 days). */
export function StepResults({ playbook }: { playbook: Playbook }) {
  const insights = useQuery({ queryKey: ['insights', 'steps'], queryFn: () => optional<Insights>('/insights') });
  if (!insights.data?.available) return null;
  const rows = insights.data.value.byStep.filter((r) => r.playbookKey === playbook.key);
  if (!rows.length) return <p className="muted">No results per step yet: they appear once contacts have gone through this playbook.</p>;
  const pct = (r: { rate: number | null }) => (r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`);
  return (
    <section className="panel" aria-labelledby="step-results-title">
      <h2 id="step-results-title">Results per step (last 90 days)</h2>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Step</th><th scope="col">Touches</th><th scope="col">Connected</th><th scope="col">Replied</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stepId}>
                <td>{r.stepTitle ?? 'A step no longer in this playbook'}</td>
                <td>{r.touches}</td>
                <td>{pct(r.connect)}</td>
                <td>{pct(r.reply)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
