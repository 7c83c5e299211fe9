/**
 * Deal amounts are integer minor units (cents) of an ISO 4217 currency. These turn them into words
 * and back, for the web app, the CLI and any other reader; Intl knows each currency's decimals.
 */

/** How many decimals the currency has (EUR 2, JPY 0); 2 when Intl does not know it. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 1250000 EUR → "€12,500" (whole units when the amount has no fraction). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  const fraction = Number.isInteger(value) ? 0 : digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(value);
  } catch {
    return `${value.toFixed(fraction)} ${currency}`;
  }
}

/**
 * "12,500.50" → 1250050 minor units; "" → null. Returns undefined for text that is not an amount
 * (the caller sends it as typed, so the server's message names the field).
 */
export function parseMoney(text: string, currency: string): number | null | undefined {
  const cleaned = text.replace(/[\s,_']/g, '');
  if (cleaned === '') return null;
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units as the text a form field starts with: 1250050 EUR → "12500.50". */
export function moneyInput(minor: number | null, currency: string): string {
  if (minor === null) return '';
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}
