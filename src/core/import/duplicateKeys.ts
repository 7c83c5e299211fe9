/** Keys for duplicate detection and erasure suppression: the same person, however it was written. */

export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

/**
 * Digits only, with "+" kept for an international number ("00" counts as "+"). Formatting
 * differences ("+1 (212) 555-0100" vs "+1 212 555 0100") compare equal; fewer than 5 digits is no key.
 */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  // "+44 (0)20 …": the trunk zero in brackets is dialled only from inside the country.
  const trimmed = phone.trim().replace(/(?:ext\.?|x|#)\s*\d+$/i, '').replace(/\(0\)/g, '');
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5) return null;
  return international ? `+${digits}` : digits;
}
