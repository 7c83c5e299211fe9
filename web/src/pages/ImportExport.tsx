import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { duplicatePolicies, importPresets, type DuplicatePolicy, type ImportPreset } from '../../../src/shared/dataTransfer.js';
import { isApiError } from '../api.js';
import { useMe } from '../session.js';
import { ColumnMapping } from './importExport/ColumnMapping.js';
import { ImportReportView } from './importExport/ImportReportView.js';
import { previewFile, runImport, type ImportPreview, type ImportReport, type ImportSettings, type Phase, type ColumnTarget } from './importExport/transfer.js';
import { count, duplicateLabels, presetLabels } from './importExport/words.js';
import './ImportExport.css';

type Stage =
  | { name: 'choose' }
  | { name: 'previewing' }
  | { name: 'ready'; preview: ImportPreview }
  | { name: 'running'; preview: ImportPreview; dryRun: boolean; phase: Phase }
  | { name: 'checked'; preview: ImportPreview; report: ImportReport }
  | { name: 'done'; preview: ImportPreview; report: ImportReport };

const NAME_FIELDS: Array<ColumnTarget | null> = ['name', 'firstName', 'lastName'];

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'something went wrong');

/** Moving from another tool: upload a CSV or vCard, check the columns and a dry run, import; and downloads of everything. */
export function ImportExportPage() {
  return (
    <section aria-labelledby="import-export-title" className="ie-page">
      <div className="page-head">
        <div>
          <p className="breadcrumb"><a href="#/contacts">Contacts</a></p>
          <h1 id="import-export-title">Import and export</h1>
        </div>
      </div>
      <ImportPanel />
      <ExportPanel />
    </section>
  );
}

function ImportPanel() {
  const me = useMe();
  const client = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<ImportPreset | ''>('');
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('skip');
  const [fields, setFields] = useState<Array<ColumnTarget | null>>([]);
  const [edited, setEdited] = useState(false);
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const [error, setError] = useState<string | null>(null);
  // A new key empties the file input after "Choose another file".
  const [inputKey, setInputKey] = useState(0);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  // The dry run's and the import's outcome appear below the columns: bring them into view.
  useEffect(() => {
    if (stage.name === 'checked' || stage.name === 'done') resultHeading.current?.focus();
  }, [stage.name]);

  // A new file or preset: read the start of the file again to show its columns.
  useEffect(() => {
    if (!file) return;
    let current = true;
    setStage({ name: 'previewing' });
    setError(null);
    previewFile(file, preset || undefined, me.csrfToken).then((preview) => {
      if (!current) return;
      setFields(preview.columns.map((c) => (c.customField ? `custom.${c.customField}` as const : c.field)));
      setEdited(false);
      setStage({ name: 'ready', preview });
    }, (failure: unknown) => {
      if (!current) return;
      setError(`This file cannot be imported: ${errorText(failure)}`);
      setStage({ name: 'choose' });
    });
    return () => {
      current = false;
    };
  }, [file, preset, me.csrfToken]);

  const preview = 'preview' in stage ? stage.preview : null;
  const csv = preview?.format === 'csv';
  const hasName = !csv || fields.some((f) => NAME_FIELDS.includes(f));
  const busy = stage.name === 'running' || stage.name === 'previewing';

  const settings = (p: ImportPreview): ImportSettings => ({
    format: p.format, preset: p.format === 'csv' ? p.preset ?? undefined : undefined, duplicates, columns: csv && edited ? fields : undefined,
  });

  const start = async (dryRun: boolean) => {
    if (!file || !preview) return;
    setError(null);
    setStage({ name: 'running', preview, dryRun, phase: { step: 'sending', fraction: 0 } });
    try {
      const report = await runImport(file, settings(preview), dryRun, me.csrfToken, (phase) => setStage({ name: 'running', preview, dryRun, phase }));
      if (report.state === 'failed') {
        setError(`${dryRun ? 'This file cannot be imported' : 'The import stopped'}: ${report.error ?? 'for a reason the server did not give'}.${dryRun ? ' Nothing was imported.' : ''}`);
        setStage({ name: 'ready', preview });
        return;
      }
      if (!dryRun) await client.invalidateQueries({ queryKey: ['contacts'] });
      setStage(dryRun ? { name: 'checked', preview, report } : { name: 'done', preview, report });
    } catch (failure) {
      setError(`${isApiError(failure) && failure.status === 413 ? 'This file is too large' : 'The file could not be sent'}: ${errorText(failure)}`);
      setStage({ name: 'ready', preview });
    }
  };

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    if (!event.target.files?.[0]) setStage({ name: 'choose' });
  };
  const changeFields = (next: Array<ColumnTarget | null>) => {
    setFields(next);
    setEdited(true);
    if (preview) setStage({ name: 'ready', preview });
  };
  const reset = () => {
    setFile(null);
    setStage({ name: 'choose' });
    setError(null);
    setInputKey((k) => k + 1);
  };

  const importable = stage.name === 'checked' ? stage.report.imported + stage.report.updated : 0;

  return (
    <section className="panel stack ie-panel" aria-labelledby="import-title">
      <h2 id="import-title">Import contacts</h2>
      <p>Bring your contacts from HubSpot, Pipedrive, Google Contacts, a phone or a spreadsheet: export them there as a CSV or vCard (.vcf) file and upload it here. You see what will happen before anything is imported.</p>
      {stage.name === 'done' ? null : (
        <div className="row">
          <div className="field field-grow">
            <label htmlFor={fileId}>File (CSV or vCard)</label>
            <input id={fileId} type="file" accept=".csv,.tsv,.txt,.vcf,.vcard,text/csv,text/vcard" onChange={chooseFile} disabled={busy} key={inputKey} />
          </div>
          <div className="field">
            <label htmlFor="import-preset">Exported from</label>
            <select id="import-preset" value={preset} onChange={(e) => setPreset(e.target.value as ImportPreset | '')} disabled={busy || preview?.format === 'vcard'}>
              <option value="">Recognise it from the columns</option>
              {importPresets.map((p) => <option key={p} value={p}>{presetLabels[p]}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-duplicates">When the contact already exists</label>
            <select id="import-duplicates" value={duplicates} onChange={(e) => { setDuplicates(e.target.value as DuplicatePolicy); if (preview) setStage({ name: 'ready', preview }); }} disabled={busy}>
              {duplicatePolicies.map((p) => <option key={p} value={p}>{duplicateLabels[p]}</option>)}
            </select>
          </div>
        </div>
      )}
      {error ? <div className="alert alert-error" role="alert" data-testid="import-error">{error}</div> : null}
      {stage.name === 'previewing' ? <p className="muted" role="status">Reading the start of the file…</p> : null}

      {preview && stage.name !== 'done' ? (
        <div className="stack">
          {preview.format === 'vcard' ? (
            <p data-testid="file-summary">A vCard file{preview.rows > 0 ? `, with ${count(preview.rows, 'card', 'cards')} in its first part` : ''}. Each card becomes a contact.</p>
          ) : (
            <>
              <p data-testid="file-summary">A CSV file{preview.preset ? ` exported from ${presetLabels[preview.preset]}` : ''}, with {count(preview.columns.length, 'column', 'columns')}.</p>
              <ColumnMapping columns={preview.columns} fields={fields} onChange={changeFields} />
              {!hasName ? <div className="alert alert-warn" role="alert">Choose the column that holds the name (or the first and last name).</div> : null}
            </>
          )}
          {stage.name === 'ready' ? (
            <div className="actions actions-start">
              <button type="button" onClick={() => void start(true)} disabled={!hasName}>Check the file</button>
              <span className="hint">A dry run: it reads every row and imports nothing.</span>
            </div>
          ) : null}
        </div>
      ) : null}

      {stage.name === 'running' ? <Progress phase={stage.phase} dryRun={stage.dryRun} size={file?.size ?? 0} /> : null}

      {stage.name === 'checked' ? (
        <div className="stack">
          <h3 ref={resultHeading} tabIndex={-1}>What the import will do</h3>
          <ImportReportView report={stage.report} />
          {importable > 0 ? (
            <div className="actions actions-start">
              <button type="button" onClick={() => void start(false)}>Import {count(importable, 'contact', 'contacts')}</button>
              <button type="button" className="button-secondary" onClick={reset}>Choose another file</button>
            </div>
          ) : (
            <div className="alert alert-warn" role="alert">
              <p>Nothing in this file can be imported{stage.report.skipped > 0 ? ': every contact in it is already here' : ''}.</p>
              <button type="button" className="button-secondary" onClick={reset}>Choose another file</button>
            </div>
          )}
        </div>
      ) : null}

      {stage.name === 'done' ? (
        <div className="stack">
          <h3 ref={resultHeading} tabIndex={-1}>{file?.name ?? 'The file'} is imported</h3>
          <div className="alert alert-ok" role="status">
            Import finished: {count(stage.report.imported, 'contact', 'contacts')} created, {stage.report.updated.toLocaleString('en-GB')} updated, {count(stage.report.skipped, 'duplicate', 'duplicates')} left as they were, {stage.report.rejectedCount.toLocaleString('en-GB')} rejected.
          </div>
          <ImportReportView report={stage.report} />
          <div className="actions actions-start">
            <a className="button" href="#/contacts">See your contacts</a>
            <button type="button" className="button-secondary" onClick={reset}>Import another file</button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Progress({ phase, dryRun, size }: { phase: Phase; dryRun: boolean; size: number }) {
  const percent = Math.round(phase.fraction * 100);
  const what = phase.step === 'sending'
    ? `Sending the file (${(size / 1024 / 1024).toFixed(size > 10 * 1024 * 1024 ? 0 : 1)} MB)… ${percent}%`
    : `${dryRun ? 'Checking' : 'Importing'} the rows… ${percent}%`;
  return (
    <div className="ie-progress" role="status" data-testid="import-progress">
      <label htmlFor="import-progress-bar">{what}</label>
      <progress id="import-progress-bar" max={100} value={percent}>{percent}%</progress>
    </div>
  );
}

/** Exporting everything is for owners and admins unless an owner allows members: for the others there is nothing to press. */
function ExportPanel() {
  const me = useMe();
  if (!me.permissions.exportWorkspace) {
    return (
      <section className="panel stack ie-panel" aria-labelledby="export-title" data-testid="export-not-allowed">
        <h2 id="export-title">Export</h2>
        <p className="muted">Only an owner or admin can export this workspace; an owner can allow members in Settings → Workspace rules.</p>
      </section>
    );
  }
  return (
    <section className="panel stack ie-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>Download everything in this workspace, to keep a copy or to take it elsewhere. The contacts file can be imported here again as it is.</p>
      <div className="actions actions-start">
        <a className="button" href="/api/v1/export" download="followthrough-export.json">Download everything (JSON)</a>
        <a className="button-secondary" href="/api/v1/export/contacts.csv" download="contacts.csv">Download contacts (CSV)</a>
        <a className="button-secondary" href="/api/v1/export/interactions.csv" download="interactions.csv">Download interactions (CSV)</a>
        <a className="button-secondary" href="/api/v1/export/newsletter.csv" download="newsletter.csv"
          title="Contacts who said yes to the newsletter (with the evidence), for your mailing tool">Download newsletter list (CSV)</a>
      </div>
    </section>
  );
}
