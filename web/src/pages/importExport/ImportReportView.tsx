import type { ImportReport } from './transfer.js';
import { count, plainReason } from './words.js';

const SHOWN = 200;

/** The outcome of a dry run or an import: the counts, every rejected row by line, what was assumed. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const dry = report.dryRun;
  return (
    <div className="ie-report stack" data-testid={dry ? 'dry-run-report' : 'import-report'}>
      <dl className="ie-counts">
        <div><dt>{dry ? 'New contacts to create' : 'Created'}</dt><dd>{report.imported.toLocaleString('en-GB')}</dd></div>
        <div><dt>{dry ? 'Existing contacts to update' : 'Updated'}</dt><dd>{report.updated.toLocaleString('en-GB')}</dd></div>
        <div><dt>{dry ? 'Duplicates to leave as they are' : 'Duplicates left as they were'}</dt><dd>{report.skipped.toLocaleString('en-GB')}</dd></div>
        <div className={report.rejectedCount > 0 ? 'ie-count-bad' : undefined}><dt>{dry ? 'Rows that cannot be imported' : 'Rejected'}</dt><dd>{report.rejectedCount.toLocaleString('en-GB')}</dd></div>
      </dl>
      {report.rejectedCount > 0 ? (
        <section aria-labelledby={`rejected-${report.id}`}>
          <h3 id={`rejected-${report.id}`}>{dry ? 'Rows that will be left out' : 'Rows that were left out'}</h3>
          <p className="hint">The line number is where the row starts in your file. Fix those rows and import the file again: rows already imported are recognised as duplicates.</p>
          <ul className="ie-lines" data-testid="rejected-rows">
            {report.rejected.slice(0, SHOWN).map((row) => (
              <li key={row.line}><span className="ie-line">Line {row.line}</span> {plainReason(row.reason)}</li>
            ))}
          </ul>
          {report.rejectedCount > SHOWN ? <p className="hint">The first {SHOWN.toLocaleString('en-GB')} of {count(report.rejectedCount, 'row', 'rows')} are shown.</p> : null}
        </section>
      ) : null}
      {report.assumptions.length > 0 ? (
        <section aria-labelledby={`assumed-${report.id}`}>
          <h3 id={`assumed-${report.id}`}>{dry ? 'What will be assumed' : 'What was assumed'}</h3>
          <ul className="ie-lines" data-testid="assumptions">
            {report.assumptions.slice(0, SHOWN).map((row) => (
              <li key={`${row.line}-${row.note}`}><span className="ie-line">Line {row.line}</span> {plainReason(row.note)}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
