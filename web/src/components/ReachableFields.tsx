import { DEFAULT_REACHABLE_TEXT, defaultReachableWindows } from '../../../src/shared/defaults.js';
import type { FormErrors } from './ui.js';

export interface ReachableWindow { days: number[]; from: string; to: string }

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** When the contact can be reached, in their time: days and hours, one row per window. */
export function ReachableFields({ value, onChange, errors }: { value: ReachableWindow[]; onChange: (next: ReachableWindow[]) => void; errors: FormErrors }) {
  const update = (i: number, patch: Partial<ReachableWindow>) => onChange(value.map((w, wi) => (wi === i ? { ...w, ...patch } : w)));
  return (
    <fieldset data-testid="reachable-fields">
      <legend>Reachable hours (their time)</legend>
      {value.length === 0 ? <p className="hint">None set: {DEFAULT_REACHABLE_TEXT} are assumed.</p> : null}
      {value.map((w, i) => (
        <div key={i} className={`window-row${errors.field(`reachable.${i}`) ? ' field-invalid' : ''}`} role="group" aria-label={`Reachable window ${i + 1}`}>
          <div className="days">
            {DAY_NAMES.map((d, di) => (
              <label key={d} className="day">
                <input
                  type="checkbox" checked={w.days.includes(di + 1)}
                  onChange={(e) => update(i, { days: e.target.checked ? [...w.days, di + 1].sort((a, b) => a - b) : w.days.filter((n) => n !== di + 1) })}
                />
                {d}
              </label>
            ))}
          </div>
          <label>From <input type="time" name={`reachableFrom${i}`} value={w.from} onChange={(e) => update(i, { from: e.target.value })} /></label>
          <label>To <input type="time" name={`reachableTo${i}`} value={w.to} onChange={(e) => update(i, { to: e.target.value })} /></label>
          <button type="button" className="button-link" onClick={() => onChange(value.filter((_, wi) => wi !== i))}>Remove window {i + 1}</button>
          {errors.field(`reachable.${i}`) ? <div className="field-error" data-testid="field-error">{errors.field(`reachable.${i}`)}</div> : null}
        </div>
      ))}
      {errors.field('reachable') && !value.some((_, i) => errors.field(`reachable.${i}`)) ? <div className="field-error">{errors.field('reachable')}</div> : null}
      <button type="button" className="button-secondary" onClick={() => onChange([...value, ...defaultReachableWindows()])}>Add a window</button>
    </fieldset>
  );
}
