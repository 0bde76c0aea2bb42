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

// A valid report with no warnings, as JSON.parse gives its text: a new object each time.
export function cleanReport() {
  return { valid: true, errors: [], warnings: [] };
}
