import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Stage, StageKind } from '../../../../src/shared/deals.js';
import { api } from '../../api.js';
import { ErrorSummary, FormErrors, QueryError, Spinner, useToast } from '../../components/ui.js';
import './Stages.css';

interface Row { key: string; id?: string; name: string; probability: string; kind: StageKind; deals: number }

const KIND_WORDS: Record<StageKind, string> = { open: 'Open', won: 'Won (final)', lost: 'Lost (final)' };
const stagesKey = ['stages'];

/** Settings → Stages (issue 16): owners and admins rename, reorder, weight, add and remove deal stages. */
export function StagesSettings() {
  const stages = useQuery({ queryKey: stagesKey, queryFn: () => api.get<{ items: Stage[] }>('/stages') });
  return (
    <section className="panel" aria-labelledby="stages-title">
      <h2 id="stages-title">Deal stages</h2>
      <p>The columns of the pipeline board, in order. Each stage's probability weights the forecast; won and lost are final and stay last.</p>
      {stages.isPending ? <Spinner /> : null}
      {stages.isError ? <QueryError error={stages.error} what="the stages" /> : null}
      {stages.data ? <StagesForm key={stages.dataUpdatedAt} stages={stages.data.items} /> : null}
    </section>
  );
}

let added = 0;

function StagesForm({ stages }: { stages: Stage[] }) {
  const client = useQueryClient();
  const toast = useToast();
  const [rows, setRows] = useState<Row[]>(() => stages.map((s) => ({ key: s.id, id: s.id, name: s.name, probability: String(s.probability), kind: s.kind, deals: s.deals })));
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const removed = stages.filter((s) => s.deals > 0 && !rows.some((r) => r.id === s.id));
  const openRows = rows.filter((r) => r.kind === 'open' && r.id);
  const save = useMutation({
    mutationFn: () => api.put<{ items: Stage[] }>('/stages', {
      stages: rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name, probability: /^\d+$/.test(r.probability.trim()) ? Number(r.probability) : r.probability, kind: r.kind })),
      ...(removed.length ? { moveDealsTo: Object.fromEntries(removed.map((s) => [s.id, moveTo[s.id] ?? openRows[0]?.id ?? ''])) } : {}),
    }),
    onSuccess: async () => {
      toast('Stages saved');
      await client.invalidateQueries({ queryKey: stagesKey });
      void client.invalidateQueries({ queryKey: ['pipeline'] });
    },
  });
  const errors = FormErrors.from(save.error);
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const swap = (i: number, j: number) => {
    const next = [...rows];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setRows(next);
  };
  const firstFinal = rows.findIndex((r) => r.kind !== 'open');
  const addStage = () => {
    const at = firstFinal < 0 ? rows.length : firstFinal;
    setRows([...rows.slice(0, at), { key: `new-${++added}`, name: '', probability: '50', kind: 'open', deals: 0 }, ...rows.slice(at)]);
  };
  return (
    <form className="stack" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(); }}>
      <ErrorSummary errors={errors} claimed={rows.flatMap((_, i) => [`stages.${i}.name`, `stages.${i}.probability`])} title="Not saved" />
      <ol className="plain stack stage-rows" aria-label="Stages">
        {rows.map((row, i) => {
          const open = row.kind === 'open';
          const nameError = errors.field(`stages.${i}.name`);
          const probabilityError = errors.field(`stages.${i}.probability`);
          return (
            <li key={row.key} className="row stage-row" data-testid="stage-row">
              <div className={`field${nameError ? ' field-invalid' : ''}`}>
                <label htmlFor={`stage-name-${row.key}`}>Stage {i + 1} name</label>
                <input id={`stage-name-${row.key}`} value={row.name} onChange={(e) => set(i, { name: e.target.value })} aria-invalid={nameError ? true : undefined} />
                {nameError ? <div className="field-error">{nameError}</div> : null}
              </div>
              <div className={`field${probabilityError ? ' field-invalid' : ''}`}>
                <label htmlFor={`stage-probability-${row.key}`}>Probability %</label>
                <input id={`stage-probability-${row.key}`} inputMode="numeric" value={row.probability} disabled={!open} onChange={(e) => set(i, { probability: e.target.value })} aria-invalid={probabilityError ? true : undefined} />
                {probabilityError ? <div className="field-error">{probabilityError}</div> : null}
              </div>
              <p className="muted">{KIND_WORDS[row.kind]} · {row.deals} deal{row.deals === 1 ? '' : 's'}</p>
              {open ? (
                <div className="row-actions">
                  <button type="button" className="button-secondary" disabled={i === 0} onClick={() => swap(i, i - 1)} aria-label={`Move ${row.name || 'stage'} up`}>↑</button>
                  <button type="button" className="button-secondary" disabled={rows[i + 1]?.kind !== 'open'} onClick={() => swap(i, i + 1)} aria-label={`Move ${row.name || 'stage'} down`}>↓</button>
                  <button type="button" className="button-secondary" disabled={rows.filter((r) => r.kind === 'open').length === 1} onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove</button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {removed.map((s) => (
        <div className="field" key={s.id}>
          <label htmlFor={`move-deals-${s.id}`}>“{s.name}” holds {s.deals} deal{s.deals === 1 ? '' : 's'}: move {s.deals === 1 ? 'it' : 'them'} to</label>
          <select id={`move-deals-${s.id}`} value={moveTo[s.id] ?? openRows[0]?.id ?? ''} onChange={(e) => setMoveTo({ ...moveTo, [s.id]: e.target.value })}>
            {openRows.map((r) => <option key={r.key} value={r.id}>{r.name}</option>)}
          </select>
        </div>
      ))}
      <div className="actions actions-start">
        <button type="button" className="button-secondary" onClick={addStage}>Add a stage</button>
        <button type="submit" disabled={save.isPending}>Save stages</button>
      </div>
    </form>
  );
}
