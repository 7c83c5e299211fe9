import { useId, useMemo } from 'react';
import { cityOfZone } from '../../../src/shared/zoneNames.js';
import { browserZone, knownZones } from '../time.js';
import { zoneWords } from './words.js';

/**
 * Which zone the times are read in: the client's own (as the salesperson has it) and this device's
 * first, then every zone by city, so typing a city's first letters in the list finds it.
 */
export function ZoneSelect({ value, onChange, contactZone }: { value: string; onChange: (zone: string) => void; contactZone: string }) {
  const id = useId();
  const device = useMemo(() => browserZone(), []);
  const all = useMemo(() => knownZones().map((zone) => ({ zone, city: cityOfZone(zone) })).sort((a, b) => a.city.localeCompare(b.city)), []);
  const suggested = [contactZone, ...(device !== contactZone ? [device] : [])];
  return (
    <div className="field zone-field">
      <label htmlFor={id}>Show the times in</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid="zone-select">
        <optgroup label="Suggested">
          {suggested.map((zone) => (
            <option key={zone} value={zone}>{zoneWords(zone)}{zone === device ? ' (this device)' : ''}</option>
          ))}
        </optgroup>
        <optgroup label="All time zones">
          {all.filter((z) => !suggested.includes(z.zone)).map((z) => <option key={z.zone} value={z.zone}>{z.city} ({z.zone})</option>)}
        </optgroup>
      </select>
      {device !== contactZone && value !== device ? (
        <button type="button" className="button-link zone-device" onClick={() => onChange(device)}>Show them in {zoneWords(device)} (this device)</button>
      ) : null}
    </div>
  );
}
