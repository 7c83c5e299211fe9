import { importFields } from '../../../../src/shared/dataTransfer.js';
import { useCustomFields } from '../../customFields/useCustomFields.js';
import type { ColumnTarget, ImportPreview } from './transfer.js';
import { fieldLabels } from './words.js';

/** Each column of the file, a few of its values, and what it will be read as (changeable). */
export function ColumnMapping({ columns, fields, onChange }: {
  columns: ImportPreview['columns'];
  fields: Array<ColumnTarget | null>;
  onChange: (fields: Array<ColumnTarget | null>) => void;
}) {
  const custom = useCustomFields('contact');
  const choose = (index: number, value: string) => onChange(fields.map((f, i) => (i === index ? (value === '' ? null : (value as ColumnTarget)) : f)));
  return (
    <div className="ie-mapping" role="group" aria-labelledby="ie-mapping-title">
      <h3 id="ie-mapping-title">Columns</h3>
      <p className="hint">Check what each column of your file holds. Columns set to “Don’t import” are left out.</p>
      <div className="ie-mapping-head" aria-hidden="true">
        <span>Column in your file</span><span>First values</span><span>Import as</span>
      </div>
      <ul className="ie-mapping-rows">
        {columns.map((column, index) => {
          const heading = column.header || `Column ${index + 1}`;
          return (
            <li key={index} className="ie-mapping-row" data-testid="mapping-row">
              <strong className="ie-column-name">{heading}</strong>
              <span className="ie-samples muted">{column.samples.length > 0 ? column.samples.join(' · ') : 'empty in the first rows'}</span>
              <select aria-label={`Import the column “${heading}” as`} value={fields[index] ?? ''} onChange={(e) => choose(index, e.target.value)}>
                <option value="">Don’t import</option>
                {importFields.map((field) => <option key={field} value={field}>{fieldLabels[field]}</option>)}
                {custom.data?.length ? (
                  <optgroup label="Custom fields">
                    {custom.data.map((field) => <option key={field.key} value={`custom.${field.key}`}>{field.label}</option>)}
                  </optgroup>
                ) : null}
              </select>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
