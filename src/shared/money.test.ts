import { describe, expect, it } from 'vitest';
import { formatMoney, moneyInput, parseMoney } from './money.js';

describe('money', () => {
  it('reads and writes minor units with the currency\'s decimals', () => {
    expect(parseMoney('12,500.50', 'EUR')).toBe(1_250_050);
    expect(parseMoney('12500', 'EUR')).toBe(1_250_000);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('', 'EUR')).toBeNull();
    expect(parseMoney('12.345', 'EUR')).toBeUndefined();
    expect(parseMoney('lots', 'EUR')).toBeUndefined();
    expect(moneyInput(1_250_050, 'EUR')).toBe('12500.50');
    expect(moneyInput(1500, 'JPY')).toBe('1500');
  });

  it('formats whole amounts without decimals', () => {
    expect(formatMoney(1_250_000, 'EUR', 'en-GB')).toBe('€12,500');
    expect(formatMoney(1_250_050, 'USD', 'en-US')).toBe('$12,500.50');
  });
});
