// Deterministic benchmark inputs: realistic receipts (valid), carts for buildReceipt, and invalid
// variants with what each validator is expected to say. A seeded PRNG (mulberry32) makes every run
// see the same bytes; amounts are computed in integers with the library's rounding rule (half away
// from zero), so the valid receipts satisfy the line identity and the tax rate exactly.

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    /** An integer in lo..hi (both included). */
    int: (lo, hi) => lo + (next() % (hi - lo + 1)),
    pick: (items) => items[next() % items.length],
    /** true with probability percent/100. */
    chance: (percent) => next() % 100 < percent,
  };
}

/** round(numerator / denominator), half away from zero, for non-negative safe integers. */
function roundDiv(numerator, denominator) {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

// [name, url slug, unit, tax rate in basis points, unit price range in øre]
const CATALOGUE = [
  ["Ullsokker, 3-pakning", "ullsokker-3pk", "PCS", 2500, [9900, 24900]],
  ["Kaffe, hele bønner 500 g", "kaffe-hele-bonner-500g", "PCS", 1500, [8990, 17990]],
  ["Brunost 500 g", "brunost-500g", "PCS", 1500, [6990, 11990]],
  ["Epler, løsvekt", "epler-losvekt", "KG", 1500, [2990, 4990]],
  ["Laks, fersk filet", "laks-filet", "KG", 1500, [19900, 34900]],
  ["Regnjakke Herre, str. L", "regnjakke-herre-l", "PCS", 2500, [79900, 199900]],
  ["Tursko Dame, str. 39", "tursko-dame-39", "PCS", 2500, [129900, 249900]],
  ["Ladekabel USB-C 2 m", "ladekabel-usb-c-2m", "PCS", 2500, [14900, 29900]],
  ["Bok: Norske fjellturer", "bok-norske-fjellturer", "PCS", 0, [34900, 49900]],
  ["Kino: voksen billett", "kino-voksen", "PCS", 1200, [14000, 16000]],
  ["Strøm, hurtiglading", "hurtiglading", "KWH", 2500, [399, 899]],
  ["Parkering sentrum", "parkering-sentrum", "MINUTE", 2500, [50, 90]],
];

/** The EAN-13 check digit of 12 digits. */
function ean13(twelveDigits) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelveDigits[i]) * (i % 2 === 0 ? 1 : 3);
  return twelveDigits + String((10 - (sum % 10)) % 10);
}

function quantityFor(random, unit) {
  switch (unit) {
    case "KG": {
      const grams = random.int(150, 2400);
      return { text: (grams / 1000).toFixed(3), mantissa: grams, scale: 1000 };
    }
    case "KWH": {
      const tenths = random.int(50, 600);
      return { text: (tenths / 10).toFixed(1), mantissa: tenths, scale: 10 };
    }
    case "MINUTE": {
      const minutes = random.int(15, 240);
      return { text: String(minutes), mantissa: minutes, scale: 1 };
    }
    default: {
      const count = random.chance(75) ? 1 : random.int(2, 6);
      return { text: String(count), mantissa: count, scale: 1 };
    }
  }
}

function itemLine(random, index, seed) {
  // (The first line is never a return, so even a 1-line receipt totals positive.)
  const [name, slug, unit, taxRate, [low, high]] = random.pick(CATALOGUE);
  const unitPrice = random.int(low, high);
  const quantity = quantityFor(random, unit);
  const gross = roundDiv(unitPrice * quantity.mantissa, quantity.scale);
  const discount = random.chance(25) ? roundDiv(gross * random.pick([10, 20, 30]), 100) : 0;
  const totalAmount = gross - discount;
  const totalAmountExcludingTax = roundDiv(totalAmount * 10000, 10000 + taxRate);
  const line = {
    name,
    id: `sku-${seed}-${String(index + 1).padStart(4, "0")}`,
    totalAmount,
    totalAmountExcludingTax,
    totalTaxAmount: totalAmount - totalAmountExcludingTax,
  };
  // A few legacy integrations still send the deprecated whole-percent field instead.
  if (taxRate % 100 === 0 && random.chance(5)) line.taxPercentage = taxRate / 100;
  else line.taxRate = taxRate;
  line.unitInfo = { unitPrice, quantity: quantity.text, quantityUnit: unit };
  line.discount = discount;
  line.productUrl = `https://shop.example.no/produkt/${slug}?variant=${random.int(1, 99)}`;
  line.isReturn = index > 0 && random.chance(3);
  line.isShipping = false;
  return line;
}

function shippingLine(seed) {
  const totalAmount = 9900;
  const totalAmountExcludingTax = roundDiv(totalAmount * 10000, 12500);
  return {
    name: "Hjemlevering",
    id: `shipping-${seed}`,
    totalAmount,
    totalAmountExcludingTax,
    totalTaxAmount: totalAmount - totalAmountExcludingTax,
    taxRate: 2500,
    isShipping: true,
  };
}

/** A valid receipt with `lineCount` order lines (the last one shipping when there are 2 or more). */
export function validReceipt(lineCount, seed = 42) {
  const random = prng(seed * 7919 + lineCount);
  const orderLines = [];
  const items = lineCount >= 2 ? lineCount - 1 : lineCount;
  for (let i = 0; i < items; i++) orderLines.push(itemLine(random, i, seed));
  if (lineCount >= 2) orderLines.push(shippingLine(seed));
  const tipAmount = random.chance(30) ? random.pick([1000, 2000, 5000]) : 0;
  const total =
    orderLines.reduce((sum, l) => sum + (l.isReturn ? -l.totalAmount : l.totalAmount), 0) + tipAmount;
  const giftCard = total > 50000 && random.chance(30) ? 20000 : 0;
  return {
    orderLines,
    bottomLine: {
      currency: "NOK",
      tipAmount,
      posId: `kasse-${random.int(1, 12)}`,
      paymentSources: { giftCard, card: Math.max(total - giftCard, 0), voucher: 0, cash: 0 },
      barcode: { format: "EAN-13", data: ean13(String(random.int(100000, 999999)) + "000000") },
      receiptNumber: String(random.int(100000, 999999)),
    },
  };
}

/** A cart for buildReceipt with `itemCount` items (the cart shape of the README, mixing strings and numbers). */
export function cart(itemCount, seed = 7) {
  const random = prng(seed * 104729 + itemCount);
  const items = [];
  for (let i = 0; i < itemCount; i++) {
    const [name, slug, unit, taxRate, [low, high]] = random.pick(CATALOGUE);
    const price = random.int(low, high);
    const quantity = quantityFor(random, unit);
    const item = {
      id: `sku-${String(i + 1).padStart(4, "0")}`,
      name,
      // Half the items give major-unit strings ("149.90"), half minor-unit integers.
      unitPrice: random.chance(50) ? (price / 100).toFixed(2) : price,
      quantity: quantity.text,
      unit,
      taxRate: random.chance(50) ? String(taxRate / 100) : taxRate,
      productUrl: `https://shop.example.no/produkt/${slug}`,
    };
    if (random.chance(20)) item.discount = "5.00";
    items.push(item);
  }
  return {
    currency: "NOK",
    items,
    shipping: { name: "Hjemlevering", price: "99", taxRate: "25" },
    discount: "10.00",
    receiptNumber: "10042",
    posId: "kasse-3",
  };
}

const clone = (value) => structuredClone(value);
const ALL_INVALID = { ours: false, ajv: false, zod: false };

/**
 * Invalid variants of the 20-line receipt. `expected` is what each validator must answer (valid:
 * true/false); `knownDifference` explains why the library's answer differs from the schemas'
 * (rules JSON Schema and zod cannot express here). `text` replaces the JSON text when the variant
 * exists only as text (a syntax error).
 */
export function invalidCases(seed = 42) {
  const base = validReceipt(20, seed);
  const variant = (name, mutate, expected = ALL_INVALID, knownDifference) => {
    const copy = clone(base);
    // A mutation edits the copy in place, or returns a replacement value.
    const value = mutate(copy) ?? copy;
    return { name, value, text: JSON.stringify(value), expected, knownDifference };
  };
  const schemaBlind = { ours: false, ajv: true, zod: true };
  return [
    variant("wrong type: totalAmount as a string", (r) => {
      r.orderLines[3].totalAmount = String(r.orderLines[3].totalAmount);
    }),
    variant("wrong type: isReturn as a string", (r) => {
      r.orderLines[5].isReturn = "yes";
    }),
    variant("wrong type: orderLines is an object", (r) => {
      r.orderLines = { 0: r.orderLines[0] };
    }),
    variant("wrong type: root is an array", (r) => [r]),
    variant("missing field: orderLines[7].name", (r) => {
      delete r.orderLines[7].name;
    }),
    variant("missing field: bottomLine.currency", (r) => {
      delete r.bottomLine.currency;
    }),
    variant("missing field: unitInfo.quantity", (r) => {
      delete r.orderLines[2].unitInfo.quantity;
    }),
    variant("missing field: barcode.data", (r) => {
      delete r.bottomLine.barcode.data;
    }),
    variant("null where not nullable: orderLines[0].id", (r) => {
      r.orderLines[0].id = null;
    }),
    variant("bad enum: currency SEK", (r) => {
      r.bottomLine.currency = "SEK";
    }),
    variant("bad enum: quantityUnit BOX", (r) => {
      r.orderLines[4].unitInfo.quantityUnit = "BOX";
    }),
    variant("bad enum: barcode format QR", (r) => {
      r.bottomLine.barcode.format = "QR";
    }),
    variant("negative amount: discount", (r) => {
      r.orderLines[1].discount = -500;
    }),
    variant("negative amount: unitPrice", (r) => {
      r.orderLines[6].unitInfo.unitPrice = -1;
    }),
    variant("negative amount: tipAmount", (r) => {
      r.bottomLine.tipAmount = -100;
    }),
    variant(
      "negative amount: line totals",
      (r) => {
        const line = r.orderLines[8];
        [line.totalAmount, line.totalAmountExcludingTax, line.totalTaxAmount] = [-1250, -1000, -250];
      },
      { ours: true, ajv: false, zod: false },
      "the spec gives the line totals no minimum, so the library only warns (negative_line_amount, docs/CODES.md); the benchmark schemas add 'never negative'",
    ),
    variant("non-integer amount: 10.5", (r) => {
      r.orderLines[9].totalAmountExcludingTax = 10.5;
    }),
    variant("out of range: taxPercentage 101", (r) => {
      delete r.orderLines[10].taxRate;
      r.orderLines[10].taxPercentage = 101;
    }),
    variant("out of range: taxRate 10001", (r) => {
      delete r.orderLines[11].taxPercentage;
      r.orderLines[11].taxRate = 10001;
    }),
    variant("tax rule: both taxRate and taxPercentage (API rule)", (r) => {
      r.orderLines[12].taxRate = 2500;
      r.orderLines[12].taxPercentage = 25;
    }),
    variant("tax rule: neither taxRate nor taxPercentage (API rule)", (r) => {
      delete r.orderLines[13].taxRate;
      delete r.orderLines[13].taxPercentage;
    }),
    variant("pattern: quantity 1,5", (r) => {
      r.orderLines[14].unitInfo.quantity = "1,5";
    }),
    variant("maxLength: quantity 12345678.12", (r) => {
      r.orderLines[15].unitInfo.quantity = "12345678.12";
    }),
    variant("minItems: no order lines", (r) => {
      r.orderLines = [];
    }),
    variant("not absolute: productUrl produkt/sokker", (r) => {
      r.orderLines[16].productUrl = "produkt/sokker";
    }),
    variant("missing field: shippingInfo.taxPercentage", (r) => {
      r.bottomLine.shippingInfo = { amount: 9900, amountExcludingTax: 7920, taxAmount: 1980 };
    }),
    variant("many problems at once", (r) => {
      r.orderLines[0].totalAmount = "12";
      delete r.orderLines[1].id;
      r.orderLines[2].unitInfo.quantity = "x";
      r.bottomLine.currency = "USD";
      r.bottomLine.paymentSources.card = -1;
    }),
    variant(
      "identity broken: totalTaxAmount off by one",
      (r) => {
        r.orderLines[17].totalTaxAmount += 1;
      },
      schemaBlind,
      "totalAmount − totalAmountExcludingTax == totalTaxAmount relates three fields arithmetically; JSON Schema and a plain zod object cannot express it",
    ),
    variant(
      "unsafe URL scheme: javascript: productUrl",
      (r) => {
        r.orderLines[18].productUrl = "javascript:alert(1)";
      },
      schemaBlind,
      "javascript: is a syntactically absolute URI, so format 'uri' and z.url() accept it; the library refuses schemes that run code",
    ),
    {
      name: "JSON syntax error (text only)",
      value: undefined,
      text: JSON.stringify(base).slice(0, -7),
      expected: ALL_INVALID,
    },
  ];
}
