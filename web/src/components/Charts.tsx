import { useId, type ReactNode } from 'react';

/**
 * Hand-made SVG charts: a few hundred bytes instead of a charting library. Each chart has a title,
 * a one-line reading, an accessible name and a data table for screen readers.
 */
export interface Datum {
  label: string;
  value: number;
  /** Shown next to the value, e.g. "12 of 40". */
  note?: string;
  highlight?: boolean;
}

export type Format = (value: number) => string;
export const percent: Format = (v) => `${Math.round(v * 100)}%`;
export const count: Format = (v) => String(Math.round(v));

export function ChartCard({ title, reading, children, testId }: { title: string; reading: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="panel chart-card" aria-labelledby={id} data-testid={testId ?? 'chart'}>
      <h2 id={id}>{title}</h2>
      <p className="reading">{reading}</p>
      {children}
    </section>
  );
}

/** Vertical bars for distributions (touches to close, hour of day). */
export function Columns({ data, format = count, max, label }: { data: Datum[]; format?: Format; max?: number; label: string }) {
  const height = 140;
  const top = Math.max(max ?? 0, ...data.map((d) => d.value), 1e-9);
  const width = 320;
  const bar = width / Math.max(data.length, 1);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 34}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet" className="chart-svg">
        <line x1="0" x2={width} y1={height} y2={height} className="axis" />
        {data.map((d, i) => {
          const h = Math.max((d.value / top) * (height - 16), d.value > 0 ? 2 : 0);
          const x = i * bar + bar * 0.15;
          return (
            <g key={i}>
              <rect x={x} y={height - h} width={bar * 0.7} height={h} className={d.highlight ? 'bar bar-highlight' : 'bar'} rx="2">
                <title>{`${d.label}: ${format(d.value)}${d.note ? ` (${d.note})` : ''}`}</title>
              </rect>
              {d.value > 0 && data.length <= 12 ? <text x={x + bar * 0.35} y={height - h - 4} className="bar-value" textAnchor="middle">{format(d.value)}</text> : null}
              {data.length <= 12 || i % Math.ceil(data.length / 8) === 0 ? (
                <text x={x + bar * 0.35} y={height + 16} className="tick" textAnchor="middle">{d.label}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <DataTable data={data} format={format} caption={label} />
    </figure>
  );
}

/** Horizontal bars for rates by category (channel, playbook step). */
export function Bars({ data, format = percent, max = 1, label }: { data: Datum[]; format?: Format; max?: number; label: string }) {
  const row = 26;
  const width = 320;
  const labelWidth = 110;
  const top = Math.max(max, ...data.map((d) => d.value), 1e-9);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${Math.max(data.length, 1) * row + 4}`} role="img" aria-label={label} className="chart-svg">
        {data.map((d, i) => {
          const w = ((width - labelWidth - 48) * d.value) / top;
          const y = i * row + 4;
          return (
            <g key={i}>
              <text x={labelWidth - 6} y={y + 14} className="tick" textAnchor="end">{d.label.length > 16 ? `${d.label.slice(0, 15)}…` : d.label}</text>
              <rect x={labelWidth} y={y + 2} width={Math.max(w, d.value > 0 ? 2 : 0)} height={row - 10} className={d.highlight ? 'bar bar-highlight' : 'bar'} rx="2">
                <title>{`${d.label}: ${format(d.value)}${d.note ? ` (${d.note})` : ''}`}</title>
              </rect>
              <text x={labelWidth + w + 4} y={y + 14} className="bar-value">{format(d.value)}</text>
            </g>
          );
        })}
      </svg>
      <DataTable data={data} format={format} caption={label} />
    </figure>
  );
}

/** A line over time (rates per week, overdue count per day). */
export function Line({ data, format = percent, max, label }: { data: Datum[]; format?: Format; max?: number; label: string }) {
  const width = 320;
  const height = 130;
  const pad = 18;
  const top = Math.max(max ?? 0, ...data.map((d) => d.value), 1e-9);
  const x = (i: number) => pad + (data.length <= 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (data.length - 1));
  const y = (v: number) => height - pad - (v / top) * (height - 2 * pad);
  const points = data.map((d, i) => `${x(i).toFixed(1)},${y(d.value).toFixed(1)}`).join(' ');
  const first = data[0];
  const last = data[data.length - 1];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 8}`} role="img" aria-label={label} className="chart-svg">
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} className="axis" />
        {data.length > 1 ? <polyline points={points} className="line" fill="none" /> : null}
        {data.map((d, i) => (
          <circle key={i} cx={x(i)} cy={y(d.value)} r="3" className="dot">
            <title>{`${d.label}: ${format(d.value)}${d.note ? ` (${d.note})` : ''}`}</title>
          </circle>
        ))}
        {first ? <text x={pad} y={height + 6} className="tick">{first.label}</text> : null}
        {last && data.length > 1 ? <text x={width - pad} y={height + 6} className="tick" textAnchor="end">{last.label}</text> : null}
      </svg>
      <DataTable data={data} format={format} caption={label} />
    </figure>
  );
}

/** One big number with a ring, for a single rate. */
export function Gauge({ value, label, note }: { value: number | null; label: string; note?: string }) {
  const r = 34;
  const c = 2 * Math.PI * r;
  const v = value === null ? 0 : Math.max(0, Math.min(1, value));
  return (
    <figure className="gauge">
      <svg viewBox="0 0 90 90" width="96" height="96" role="img" aria-label={`${label}: ${value === null ? 'no data yet' : percent(v)}`} className="gauge-svg">
        <circle cx="45" cy="45" r={r} className="ring" fill="none" strokeWidth="10" />
        <circle cx="45" cy="45" r={r} className="ring-value" fill="none" strokeWidth="10" strokeDasharray={`${(c * v).toFixed(1)} ${c.toFixed(1)}`} transform="rotate(-90 45 45)" />
        <text x="45" y="50" textAnchor="middle" className="gauge-text">{value === null ? '—' : percent(v)}</text>
      </svg>
      <figcaption>{label}{note ? <span className="muted"> · {note}</span> : null}</figcaption>
    </figure>
  );
}

function DataTable({ data, format, caption }: { data: Datum[]; format: Format; caption: string }) {
  return (
    // A table box grows to its content whatever its width: the wrapper is what gets hidden.
    <div className="visually-hidden">
      <table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">Value</th></tr></thead>
        <tbody>
          {data.map((d, i) => <tr key={i}><th scope="row">{d.label}</th><td>{format(d.value)}{d.note ? ` (${d.note})` : ''}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}
