/**
 * People type cities, not IANA names: "Berlin" is Europe/Berlin, "new york" America/New_York. Used by the
 * web app's zone fields and the CLI; the API itself stays strict and takes IANA names only.
 */
const normalise = (text: string): string => text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** The city part of a zone, as people write it: "Europe/Berlin" → "Berlin", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export const cityOfZone = (zone: string): string => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');

/** Zones whose name or city starts with what was typed, exact matches first. */
export function zoneSuggestions(typed: string, zones: readonly string[], limit = 8): string[] {
  const want = normalise(typed);
  if (!want) return [];
  const exact: string[] = [];
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of zones) {
    const city = normalise(cityOfZone(zone));
    const full = normalise(zone.replace(/\//g, ' '));
    if (city === want || normalise(zone) === want) exact.push(zone);
    else if (city.startsWith(want) || full.startsWith(want)) starts.push(zone);
    else if (city.includes(want)) contains.push(zone);
  }
  return [...exact, ...starts, ...contains].slice(0, limit);
}

/** The one zone a name or a city means, or null when it is unknown or ambiguous. */
export function resolveZoneName(typed: string, zones: readonly string[]): string | null {
  const want = normalise(typed);
  if (!want) return null;
  const byName = zones.find((z) => normalise(z) === want || normalise(z.replace(/\//g, ' ')) === want);
  if (byName) return byName;
  const byCity = zones.filter((z) => normalise(cityOfZone(z)) === want);
  return byCity.length === 1 ? byCity[0] ?? null : null;
}
