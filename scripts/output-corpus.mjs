// Writes what the package answers on a generated corpus, one JSON line per call, so two builds
// can be compared byte for byte (`diff`): receipts built from carts, validation reports (text and
// object), view models, HTML, category and image answers, and every thrown error's name, code,
// message and issues. Deterministic (seeded). Usage:
//   node scripts/output-corpus.mjs path/to/pkg/index.node.mjs > out.jsonl
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { cart, invalidCases, prng, validReceipt } from "../bench/inputs.mjs";

const api = await import(pathToFileURL(resolve(process.argv[2] ?? "pkg/index.node.mjs")).href);

const STRANGE = [
  null, true, 0, -1, 1.5, 1e21, -0, 9007199254740993, "", " ", "0", "-1", "1.005", "49.90", "1e3",
  "<script>alert(1)</script>", "javascript:alert(1)", "https://shop.example/p?a=1&b=<2>",
  "http://x", "Ærlig ß 😀 \u202e", "\u0000\ud800", "a".repeat(300), [], {}, [1, "a"], { a: 1 },
  "PCS", "KG", "NOK", "EAN13", "1234567890128", "RECEIPT", "25", 2500, 10001, -2500,
];

/** Every path (array of keys) to a value inside `value`. */
function paths(value, prefix = [], out = []) {
  out.push(prefix);
  if (value && typeof value === "object") {
    for (const key of Object.keys(value)) paths(value[key], [...prefix, key], out);
  }
  return out;
}

/** A copy of `value` with one to three random edits (replace, delete, add an unknown key). */
function mutate(value, random) {
  const copy = structuredClone(value);
  const edits = random.int(1, 3);
  for (let i = 0; i < edits; i++) {
    const all = paths(copy).filter((p) => p.length > 0);
    const path = random.pick(all);
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent?.[key];
    if (!parent || typeof parent !== "object") continue;
    const key = path[path.length - 1];
    const kind = random.int(0, 9);
    if (kind === 0) delete parent[key];
    else if (kind === 1) parent[`extra${random.int(0, 9)}`] = random.pick(STRANGE);
    else parent[key] = random.pick(STRANGE);
  }
  return copy;
}

function call(name, fn) {
  try {
    return { name, ok: fn() };
  } catch (error) {
    return {
      name,
      threw: { name: error?.name, code: error?.code, message: error?.message, issues: error?.issues },
    };
  }
}

const out = [];
const emit = (record) => out.push(JSON.stringify(record));
const locales = [undefined, { locale: "nb-NO" }, { locale: "en-US" }, { locale: "da-DK" }, { locale: "fi-FI" },
  { locale: "en-US", category: { category: "RECEIPT", orderDetailsUrl: "https://shop.example/o/1" } }];

const receipts = [];
for (const lines of [1, 2, 5, 20]) for (let seed = 1; seed <= 12; seed++) receipts.push(validReceipt(lines, seed));
for (const c of invalidCases()) receipts.push(c.value ?? c.text);
// Text the engine must encode: a raw lone surrogate (becomes U+FFFD), astral and non-ASCII letters
// at the start, in the middle and at the end, and nothing.
const plain = JSON.stringify(validReceipt(3, 5));
receipts.push(plain.replace('"name":"', '"name":"\ud800'), plain.replace('"name":"', '"name":"😀ø'),
  "ø" + plain, plain + "\udfff", plain.replace(/[^\x00-\x7f]/g, "o"), "", "😀");
const random = prng(2026);
const base = receipts.slice(0, 48);
for (let i = 0; i < 400; i++) receipts.push(mutate(random.pick(base), random));

receipts.forEach((receipt, i) => {
  const text = typeof receipt === "string" ? receipt : JSON.stringify(receipt);
  emit({ i, ...call("validateReceipt(text)", () => api.validateReceipt(text)) });
  if (typeof receipt !== "string") emit({ i, ...call("validateReceipt(object)", () => api.validateReceipt(receipt)) });
  const options = locales[i % locales.length];
  emit({ i, ...call("previewReceipt", () => api.previewReceipt(receipt, options)) });
  emit({ i, ...call("renderReceiptHtml", () => api.renderReceiptHtml(receipt, options)) });
});

const carts = [];
for (const items of [1, 3, 20]) for (let seed = 1; seed <= 10; seed++) carts.push(cart(items, seed));
for (let i = 0; i < 300; i++) carts.push(mutate(random.pick(carts.slice(0, 30)), random));
carts.forEach((c, i) => {
  emit({ i, ...call("buildReceipt(object)", () => api.buildReceipt(c)) });
  if (i % 3 === 0) emit({ i, ...call("buildReceipt(text)", () => api.buildReceipt(JSON.stringify(c))) });
});

const categories = [
  { category: "RECEIPT", orderDetailsUrl: "https://shop.example/o/1" },
  { category: "TICKET", orderDetailsUrl: "https://shop.example/t/1", imageId: "img-1" },
  { orderId: "o-1", paymentType: "ECOM", type: "RECEIPT", url: "https://shop.example/o/1" },
];
for (let i = 0; i < 120; i++) categories.push(mutate(random.pick(categories.slice(0, 3)), random));
categories.forEach((c, i) => emit({ i, ...call("validateCategory", () => api.validateCategory(c)) }));

// A 1×200 PNG (height ≥ 167), built by hand: signature, IHDR, and nothing else the sniffer needs.
const png = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  0, 0, 0, 1, 0, 0, 0, 200, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
]);
const images = [png, png.slice(0, 20), new Uint8Array([0xff, 0xd8, 0xff]), Buffer.from(png).toString("base64"), "!!", ""];
images.forEach((image, i) => {
  for (const [name, fn] of Object.entries({
    validateImage: () => api.validateImage(image),
    inspectImage: () => api.inspectImage(image),
    imageIdFor: () => api.imageIdFor(image),
    imageRequest: () => api.imageRequest(image),
  })) emit({ i, ...call(name, fn) });
});
emit({ i: 0, ...call("validateImage(request)", () => api.validateImage(api.imageRequest(png))) });

process.stdout.write(out.join("\n") + "\n");
