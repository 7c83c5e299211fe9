import { useId, useMemo } from 'react';
import { knownZones } from '../time.js';

/** A free-text IANA zone with the runtime's zone list as suggestions (the server validates). */
export function ZoneInput({ value, onChange, ...rest }: {
  value: string; onChange: (value: string) => void; id?: string; name?: string; 'aria-invalid'?: true; 'aria-describedby'?: string;
}) {
  const listId = useId();
  const zones = useMemo(() => knownZones(), []);
  return (
    <>
      <input {...rest} list={listId} value={value} autoComplete="off" spellCheck={false} placeholder="e.g. America/New_York" onChange={(e) => onChange(e.target.value)} />
      <datalist id={listId}>{zones.map((z) => <option key={z} value={z} />)}</datalist>
    </>
  );
}
