/** The generated contacts file of the crash and memory tests (no test runner imports here: children load it). */

export const GENERATED_HEADER = 'Name,Email,Phone,Company,Time Zone,Notes\n';

/** One row: about 250 bytes, every email and phone different. */
export function generatedRow(i: number): string {
  return `Person ${i} Generated,person${i}@generated.example,+1 555 ${String(i).padStart(7, '0')},Company ${i % 97},Europe/Berlin,` +
    `"notes for person ${i}: met at the fair, asked about pricing and the security review; follow up after the quarter closes"\n`;
}
