// The JS half of src/wasm/convert.rs: one call where js-sys took several (type test, stringify,
// encoder, view, encodeInto, `.written`); each crossing costs about as much as a small
// validation's own steps (BENCHMARKS.md, "The boundary, per call").

const encoder = new TextEncoder();
// What `stageText` made, until `writeStaged` (always called right after) copies it into wasm.
let staged = "";

// The JSON text of `value` staged, its length in UTF-16 units: a string as it is, with
// `stringify` anything else through JSON.stringify. -1: no string (and no `stringify`), or a value
// JSON cannot carry; -2: JSON.stringify threw (see `stagedError`).
export function stageText(value, stringify) {
  if (typeof value === "string") {
    staged = value;
    return value.length;
  }
  if (!stringify || value === undefined || typeof value === "function" || typeof value === "symbol") {
    return -1;
  }
  let text;
  try {
    text = JSON.stringify(value);
  } catch (thrown) {
    staged = thrown;
    return -2;
  }
  if (typeof text !== "string") return -1;
  staged = text;
  return text.length;
}

// The staged text as UTF-8 at `pointer` (room for `capacity` bytes); the bytes written.
export function writeStaged(memory, pointer, capacity) {
  const { written } = encoder.encodeInto(staged, new Uint8Array(memory.buffer, pointer, capacity));
  staged = "";
  return written;
}

// The message of what JSON.stringify threw; undefined when it was no Error.
export function stagedError() {
  const thrown = staged;
  staged = "";
  return thrown instanceof Error ? String(thrown.message) : undefined;
}

export function parseJson(text) {
  return JSON.parse(text);
}

// A valid report with no warnings, as JSON.parse gives its text: a new object each time.
export function cleanReport() {
  return { valid: true, errors: [], warnings: [] };
}

// A built receipt from the tables of src/wasm/compact.rs: `words` (Int32Array) holds counts,
// presence flags (optional booleans: 0 left out, 1 false, 2 true), string lengths (UTF-16) and
// integers (high, low); `text` the strings. The keys go in the order of Receipt's JSON text, so
// the object equals JSON.parse of that text.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export function receiptFrom(memory, wordsAt, wordCount, textAt, textLength) {
  // The state is this call's own and `words` a copy, not a view: keys are added by assignment
  // (JSON.parse defines them), so a setter someone put on Object.prototype under a receipt key's
  // name runs here, and if it calls back in, the nested call can neither reset this one's place
  // nor detach its view by growing the memory.
  const words = new Int32Array(memory.buffer, wordsAt, wordCount).slice();
  const text = decoder.decode(new Uint8Array(memory.buffer, textAt, textLength));
  let word = 0;
  let at = 0;
  const has = () => words[word++] !== 0;
  const int = () => words[word++] * 4294967296 + (words[word++] >>> 0);
  const str = () => {
    const end = at + words[word++];
    const value = text.slice(at, end);
    at = end;
    return value;
  };
  const orderLines = [];
  for (let count = words[word++]; count > 0; count--) {
    const line = { name: str(), id: str(), totalAmount: int(), totalAmountExcludingTax: int(), totalTaxAmount: int() };
    if (has()) line.taxPercentage = int();
    if (has()) line.taxRate = int();
    if (has()) {
      const unitInfo = { unitPrice: has() ? int() : null, quantity: str() };
      if (has()) unitInfo.quantityUnit = str();
      line.unitInfo = unitInfo;
    }
    if (has()) line.discount = int();
    if (has()) line.productUrl = str();
    let flag = words[word++];
    if (flag) line.isReturn = flag === 2;
    flag = words[word++];
    if (flag) line.isShipping = flag === 2;
    orderLines.push(line);
  }
  const bottomLine = { currency: has() ? str() : null };
  if (has()) bottomLine.tipAmount = int();
  if (has()) bottomLine.posId = str();
  if (has()) {
    const sources = {};
    if (has()) sources.giftCard = int();
    if (has()) sources.card = int();
    if (has()) sources.voucher = int();
    if (has()) sources.cash = int();
    bottomLine.paymentSources = sources;
  }
  if (has()) bottomLine.barcode = { format: has() ? str() : null, data: has() ? str() : null };
  if (has()) bottomLine.receiptNumber = str();
  if (has()) bottomLine.giftCardAmount = int();
  if (has()) bottomLine.totalAmount = int();
  if (has()) bottomLine.totalTax = int();
  if (has()) bottomLine.totalDiscount = int();
  if (has()) bottomLine.shippingAmount = int();
  if (has()) {
    const orNull = () => (has() ? int() : null);
    bottomLine.shippingInfo = { amount: orNull(), amountExcludingTax: orNull(), taxAmount: orNull(), taxPercentage: orNull() };
  }
  if (has()) bottomLine.terminalId = str();
  return { orderLines, bottomLine };
}
