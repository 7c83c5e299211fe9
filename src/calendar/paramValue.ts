/**
 * User text made safe for the two places ical-generator writes it without doing so itself
 * (issue 12 finding 3). Every such value goes through here.
 */

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const lineBreaksAsLf = (text: string): string => text.replace(/\r\n|\r|\n/g, '\n');

/**
 * A name as it may stand inside a quoted parameter value (`CN="…"`): ATTENDEE and ORGANIZER in
 * invitations.
 *
 * RFC 5545 has no escape inside a quoted parameter: the first DQUOTE ends it, so a contact named
 * `Eve";X-INJ=1:mailto:attacker@evil.example;CN="x` could add parameters and replace the attendee's
 * address. RFC 6868 is the one encoding readers know: `^'` for DQUOTE, `^n` for a line break, `^^`
 * for a caret. Control characters have no encoding and are dropped (tab is allowed). ical-generator
 * quotes the value itself and "escapes" a backslash by doubling it, an escape RFC 5545 does not
 * have, so a reader would show two: a backslash is dropped too. What is returned is what
 * ical-generator writes, unchanged; it may be empty.
 */
export function paramValue(text: string): string {
  return lineBreaksAsLf(text)
    .replace(CONTROL, '')
    .replace(/\\/g, '')
    .replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'));
}

/**
 * A TEXT property value (RFC 5545 3.3.11) for the calendar's NAME and X-WR-CALNAME, which
 * ical-generator writes as given: a line break there would start a property of the user's
 * choosing. Other text properties (SUMMARY, DESCRIPTION) are escaped by ical-generator and must not
 * come through here, or they would be escaped twice.
 */
export function textValue(text: string): string {
  return lineBreaksAsLf(text)
    .replace(CONTROL, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
