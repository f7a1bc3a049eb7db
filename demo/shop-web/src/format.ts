export function formatPrice(amount: number, currency: string, locale = 'en'): string {
  const digits = currency === 'JPY' ? 0 : 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}
