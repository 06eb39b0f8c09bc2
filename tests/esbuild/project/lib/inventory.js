import { formatPrice, padRight } from "./format.js";

export class Inventory {
  #itemsByName = new Map();

  constructor(currency) {
    this.currency = currency;
  }

  add(item) {
    const existing = this.#itemsByName.get(item.name);
    if (existing !== undefined) {
      existing.quantity += item.quantity;
      return existing;
    }
    const copy = { ...item };
    this.#itemsByName.set(copy.name, copy);
    return copy;
  }

  get size() {
    return this.#itemsByName.size;
  }

  filter(predicate) {
    const matches = [];
    for (const item of this.#itemsByName.values()) {
      if (predicate(item)) {
        matches.push(item);
      }
    }
    return matches.sort((left, right) => right.price - left.price || left.name.localeCompare(right.name));
  }
}

export function describeItem(item, currency) {
  const tags = item.tags?.length ? ` [${item.tags.join(", ")}]` : "";
  return `${padRight(item.name, 16)} ${formatPrice(item.price, currency)} x ${item.quantity}${tags}`;
}

// Never imported: a bundle with --minify leaves it out.
export function unusedInventoryReport(inventory) {
  return `UNUSED_REPORT_MARKER ${inventory.size}`;
}
