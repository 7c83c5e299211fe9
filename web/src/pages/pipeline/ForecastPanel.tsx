import { useQuery } from '@tanstack/react-query';
import type { Forecast } from '../../../../src/shared/deals.js';
import { formatMoney } from '../../../../src/shared/money.js';
import { api } from '../../api.js';
import { QueryError, Spinner } from '../../components/ui.js';
import { pipelineKey } from './useMoveDeal.js';

const monthName = (month: string) => new Date(`${month}-01T12:00:00Z`).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

const amounts = (totals: Forecast['months'][number]['totals'], key: 'weighted' | 'amount') =>
  totals.length ? totals.map((t) => formatMoney(t[key], t.currency)).join(' + ') : '—';

/** The weighted forecast: open deals by month of expected close, amount × stage probability. */
export function ForecastPanel() {
  const forecast = useQuery({ queryKey: [...pipelineKey, 'forecast'], queryFn: () => api.get<Forecast>('/pipeline/forecast?months=6') });
  return (
    <section className="panel forecast" aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      {forecast.isPending ? <Spinner label="Loading the forecast…" /> : null}
      {forecast.isError ? <QueryError error={forecast.error} what="the forecast" /> : null}
      {forecast.data ? (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="forecast-table">
              <caption className="visually-hidden">Open deals by month they are expected to close</caption>
              <thead><tr><th scope="col">Month</th><th scope="col">Deals</th><th scope="col">Weighted</th><th scope="col">Total</th></tr></thead>
              <tbody>
                {forecast.data.overdue.count ? (
                  <tr className="forecast-overdue"><th scope="row">Overdue</th><td>{forecast.data.overdue.count}</td><td>{amounts(forecast.data.overdue.totals, 'weighted')}</td><td>{amounts(forecast.data.overdue.totals, 'amount')}</td></tr>
                ) : null}
                {forecast.data.months.map((m) => (
                  <tr key={m.month}><th scope="row">{monthName(m.month)}</th><td>{m.count}</td><td>{amounts(m.totals, 'weighted')}</td><td>{amounts(m.totals, 'amount')}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">
            Weighted: each deal's amount × its stage's probability.{forecast.data.undated.count ? ` ${forecast.data.undated.count} open deal${forecast.data.undated.count === 1 ? ' has' : 's have'} no expected close date.` : ''}
          </p>
        </>
      ) : null}
    </section>
  );
}
