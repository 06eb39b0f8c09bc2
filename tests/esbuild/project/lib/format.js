const CURRENCY_SYMBOLS = {
  EUR: "\u20ac",
  GBP: "\u00a3",
  USD: "$",
};

export function formatPrice(amount, currency) {
  const symbol = CURRENCY_SYMBOLS[currency] ?? `${currency} `;
  const cents = Math.round(amount * 100);
  const whole = Math.trunc(cents / 100);
  const fraction = String(Math.abs(cents % 100)).padStart(2, "0");
  return `${symbol}${whole}.${fraction}`;
}

export function padRight(text, width) {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

export const sumBy = (values, selector) => values.reduce((total, value) => total + selector(value), 0);

