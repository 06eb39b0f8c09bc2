// The entry point: two modules under lib/ and a JSON file, bundled and
// minified by esbuild into one file.
import { Inventory, describeItem } from "./lib/inventory.js";
import { formatPrice, sumBy } from "./lib/format.js";
import catalog from "./lib/catalog.json";

const inventory = new Inventory(catalog.currency);
for (const item of catalog.items) {
  inventory.add(item);
}

const expensive = inventory.filter((item) => item.price >= catalog.threshold);
const lines = expensive.map((item) => describeItem(item, catalog.currency));

console.log(`${catalog.store}: ${inventory.size} items, ${expensive.length} at or above ${formatPrice(catalog.threshold, catalog.currency)}`);
for (const line of lines) {
  console.log(`  ${line}`);
}
console.log(`total stock value: ${formatPrice(sumBy(catalog.items, (item) => item.price * item.quantity), catalog.currency)}`);
