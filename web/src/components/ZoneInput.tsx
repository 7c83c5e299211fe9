import { useId, useMemo } from 'react';
import { cityOfZone, resolveZoneName, zoneSuggestions } from '../../../src/shared/zoneNames.js';
import { knownZones } from '../time.js';

/**
 * A time zone field that takes a city ("Berlin") as readily as a zone name: the city becomes its zone
 * when the field is left, and matching zones are offered as the person types. The server validates.
 */
export function ZoneInput({ value, onChange, ...rest }: {
  value: string; onChange: (value: string) => void; id?: string; name?: string; 'aria-invalid'?: true; 'aria-describedby'?: string;
}) {
  const listId = useId();
  const zones = useMemo(() => knownZones(), []);
  const resolved = resolveZoneName(value, zones);
  const suggestions = useMemo(() => (resolved === value ? [] : zoneSuggestions(value, zones)), [value, resolved, zones]);
  const settle = () => {
    if (resolved && resolved !== value) onChange(resolved);
  };
  return (
    <>
      <input
        {...rest} list={listId} value={value} autoComplete="off" spellCheck={false} placeholder="A city, e.g. Berlin, or a zone such as America/New_York"
        onChange={(e) => onChange(e.target.value)} onBlur={settle}
        onKeyDown={(e) => { if (e.key === 'Enter' && resolved && resolved !== value) { e.preventDefault(); settle(); } }}
      />
      <datalist id={listId}>{(suggestions.length ? suggestions : zones).map((z) => <option key={z} value={z}>{cityOfZone(z)}</option>)}</datalist>
      {value && resolved !== value && suggestions.length ? (
        <span className="hint zone-suggestions" data-testid="zone-suggestions">
          {resolved ? <>Means <strong>{resolved}</strong>. </> : 'Did you mean: '}
          {(resolved ? [] : suggestions.slice(0, 4)).map((z, i) => (
            <span key={z}>{i ? ', ' : ''}<button type="button" className="button-link" onMouseDown={(e) => e.preventDefault()} onClick={() => onChange(z)}>{z}</button></span>
          ))}
        </span>
      ) : null}
    </>
  );
}
