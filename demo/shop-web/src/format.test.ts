import { describe, expect, test } from '@jest/globals';
import { formatPrice } from './format';
describe('formatPrice', () => {
  test('formats ¥ without decimals', () => expect(formatPrice(100, 'JPY')).toBe('¥100'));

  test('formats € with a comma', () => {
    // German formatting puts the euro sign after the amount.
    const formatted = formatPrice(1.5, 'EUR', 'de');
    expect(formatPrice(1.5, 'EUR', 'de')).toBe('1,50 €');
    expect(formatted).toContain('€');
  });
});
