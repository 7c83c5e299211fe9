/**
 * A typed wall time to an instant, by the server's own rule (src/shared/zonedTime.ts). That rule
 * needs the Temporal polyfill, so it lives apart from web/src/time.ts: only the forms that read a
 * date and time (dialogs and pages fetched on demand) download it, not the first screen.
 */
import { instantOfWallTime } from '../../src/shared/zonedTime.js';

/**
 * The instant of a wall time in a zone (a time in a spring-forward gap moves forward by the gap; a
 * repeated one is the earlier); null when there is no such time.
 */
export function instantOf(date: string, time: string, zone: string): number | null {
  return instantOfWallTime(`${date}T${time}`, zone);
}
