// The fault matrix: every fault the mock can inject × every write the client makes. For each cell:
// a fresh order (and image id), the fault once on that write's endpoint, one call; then the
// caller must have got success or a package error with a documented code (never a hang, never a
// foreign rejection), and the mock must hold the write at most once (exactly once on success).
// A second call of the same write must then succeed. The table is printed and compared with
// fault-matrix.md next to this file (the committed copy is one such run: it has no timings, so
// a run that changes it has changed behaviour; `UPDATE_DOCS=1` rewrites it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { api, makeClient, png, cart, apiRequests, settle, assertPackageError, startMockServer, checkFaultMatrixSection } from "./helpers.mjs";
import { DEFAULT_SETTINGS } from "../mock-api/server.mjs";

const FAULTS = ["500", "502", "503", "429", "delay", "drop", "malformed", "expire-token", "apply-then-500", "apply-then-drop"];
const TIMEOUT_MS = 500;
const HANG_MS = 15_000;

/**
 * What each fault should come to. Faults that lose or refuse the request are retried into
 * success; faults that apply the write and then lose the answer end in success too (the receipt
 * and the image are found to be there already; a category PUT is simply repeated);
 * `malformed` is a 200 with a garbled body that wrote nothing, so no success may be claimed.
 */
const appliedThen = (fault, found, otherwise = "created") =>
  fault === "malformed" ? "invalid_response" : fault.startsWith("apply-then") ? found : otherwise;
const EXPECTED = {
  receipt: (fault) => appliedThen(fault, "already_exists"),
  // Issue 10 point 8: the read-back after a lost 201 is enriched (the reference's GET sample).
  receiptEnriched: (fault) => appliedThen(fault, "already_exists"),
  category: (fault) => appliedThen(fault, "resolved", "resolved"),
  // Issue 10 point 5: after an unknown outcome the order's categories are listed, not POSTed blindly.
  categoryV3: (fault) => appliedThen(fault, "already_exists"),
  // Issue 10 point 6: a 404 after an attempt that may have deleted it is success.
  deleteV3: (fault) => appliedThen(fault, "deleted", "deleted"),
  image: (fault) => appliedThen(fault, "already_exists"),
  // Issue 10 point 7: a caller's id taken after a retry is not claimed as ours.
  imageCallerId: (fault) => appliedThen(fault, "id_taken"),
};

/**
 * What calling the same write again must say, given whether the first call left it written. Receipts and
 * content-derived images: already there. A v2 category PUT: simply repeated. A v3 POST is not repeated (each
 * POST is a new category by design). A v3 DELETE of a deleted category: not_found. A caller's image id already
 * taken on the first attempt: conflict (the API cannot say what it holds).
 */
const AGAIN = {
  receipt: (stored) => (stored ? "already_exists" : "created"),
  receiptEnriched: (stored) => (stored ? "already_exists" : "created"),
  category: () => "resolved",
  categoryV3: null,
  deleteV3: (stored) => (stored ? "not_found" : "deleted"),
  image: (stored) => (stored ? "already_exists" : "created"),
  imageCallerId: (stored) => (stored ? "conflict" : "created"),
};

let mock;
let client;
// Images are uploaded without an id, as the README recommends: the id is derived from the
// content, so each cell gets its own picture (its own width) and a second upload of it is
// harmless. (A caller-chosen id already taken is a conflict: see client.test.mjs.)
const imageWidths = new Map();
const imageFor = (id) => {
  if (!imageWidths.has(id)) imageWidths.set(id, 240 + imageWidths.size);
  return png(imageWidths.get(id), 240);
};
const imageIdOf = (id) => api.imageIdFor(imageFor(id));
const receipt = api.buildReceipt(cart());
const category = { category: "ORDER_CONFIRMATION", orderDetailsUrl: "https://shop.example/orders/fm" };

const receiptWrite = (label, settings) => ({
  label,
  settings,
  target: (id) => ({ method: "POST", path: `/order-management/v2/ECOM/receipts/${id}` }),
  call: (id) => client.addReceipt("ECOM", id, receipt),
  outcome: (value) => value.status,
  stored: (state, id) => {
    const count = state.receiptPostCount[`ECOM/${id}`] ?? 0;
    if (count > 0) assert.deepEqual(state.receipts[`ECOM/${id}`], receipt);
    return count;
  },
});
const v3Category = (id) => ({ orderId: id, paymentType: "ECOM", type: "TICKET", url: `https://shop.example/t/${id}` });
const callerImageId = (id) => `logo-${id}`;

/**
 * Each write: the fault's target, the call, and how to check the mock's state for the cell (how many times the
 * write is held: 0 or 1; for a DELETE, 1 once the category is gone). `prepare` runs before the fault is queued.
 */
const WRITES = {
  receipt: receiptWrite("receipt POST"),
  receiptEnriched: receiptWrite("receipt POST, enriched GET", { getOrder: "enriched" }),
  category: {
    label: "category PUT",
    target: (id) => ({ method: "PUT", path: `/order-management/v2/ECOM/categories/${id}` }),
    call: (id) => client.setCategory("ECOM", id, { ...category, orderDetailsUrl: `${category.orderDetailsUrl}/${id}` }),
    outcome: (value) => (assert.match(value.id, /^[0-9a-f-]{36}$/), "resolved"),
    stored: (state, id) => {
      const stored = state.categories[`ECOM/${id}`];
      if (stored === undefined) return 0;
      assert.deepEqual(stored, { ...category, orderDetailsUrl: `${category.orderDetailsUrl}/${id}` });
      return 1;
    },
  },
  categoryV3: {
    label: "v3 category POST",
    target: () => ({ method: "POST", path: "/order-management/v3/categories" }),
    call: (id) => client.addCategory(v3Category(id)),
    outcome: (value) => (assert.match(value.categoryId, /^[0-9a-f-]{36}$/), value.status),
    stored: (state, id) => {
      const held = state.categoriesV3.filter((c) => c.orderId === id);
      for (const c of held) assert.equal(c.url, v3Category(id).url);
      return held.length;
    },
  },
  deleteV3: {
    label: "v3 category DELETE",
    prepare: async (id) => (await client.addCategory(v3Category(id))).categoryId,
    target: (id, categoryId) => ({ method: "DELETE", path: `/order-management/v3/categories/${categoryId}` }),
    call: (id, categoryId) => client.deleteCategory(categoryId),
    outcome: (value) => (assert.equal(value, undefined), "deleted"),
    stored: (state, id, categoryId) => (state.categoriesV3.some((c) => c.categoryId === categoryId) ? 0 : 1),
  },
  imageCallerId: {
    label: "image upload, caller's id",
    target: () => ({ method: "POST", path: "/order-management/v1/images" }),
    call: (id) => client.uploadImage(imageFor(id), callerImageId(id)),
    outcome: (value, id) => (assert.equal(value.imageId, callerImageId(id)), assert.equal(value.idFromContent, false), value.status),
    stored: (state, id) => (state.images[callerImageId(id)] ? 1 : 0),
  },
  image: {
    label: "image upload",
    target: () => ({ method: "POST", path: "/order-management/v1/images" }),
    call: (id) => client.uploadImage(imageFor(id)),
    outcome: (value, id) => (assert.equal(value.imageId, imageIdOf(id)), value.status),
    stored: (state, id) => {
      // The mock keeps images by id, so also count the uploads it applied for this id: a 200
      // (other than the garbled one, which applies nothing) or an apply-then-* fault.
      const applied = state.requests.filter(
        (r) => r.path === "/order-management/v1/images" && r.body?.imageId === imageIdOf(id)
          && (r.fault?.startsWith("apply-then") || (r.status === 200 && r.fault !== "malformed")),
      ).length;
      assert.ok(applied <= 1, `image ${imageIdOf(id)} was applied ${applied} times`);
      const there = state.images[imageIdOf(id)] ? 1 : 0;
      assert.equal(applied, there, "the stored image is the one applied upload");
      if (there) assert.equal(state.images[imageIdOf(id)].height, 240);
      return there;
    },
  },
};

const results = []; // {fault, write, first, attempts, second}

before(async () => {
  mock = await startMockServer({ port: 0 });
  client = makeClient(mock, { timeoutMs: TIMEOUT_MS, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5_000 } });
});

after(async () => {
  await mock?.close();
});

for (const fault of FAULTS) {
  for (const [write, spec] of Object.entries(WRITES)) {
    test(`${fault} × ${spec.label}`, { timeout: 3 * HANG_MS }, async () => {
      const id = `fm-${fault}-${write}`;
      if (spec.settings) assert.ok(mock.configure(spec.settings).config);
      try {
        await cell(fault, write, spec, id);
      } finally {
        mock.configure({ ...DEFAULT_SETTINGS });
      }
    });
  }
}

async function cell(fault, write, spec, id) {
      const context = await spec.prepare?.(id);
      const target = spec.target(id, context);
      const added = mock.addFault({ ...target, fault, times: 1, ...(fault === "delay" && { delayMs: 4 * TIMEOUT_MS }) });
      assert.ok(added.fault, JSON.stringify(added));
      const before = mock.state.requests.length;

      const first = await settle(spec.call(id, context), HANG_MS, `${fault} × ${write}`);
      let firstOutcome;
      if ("error" in first) {
        assertPackageError(first.error);
        assert.ok(first.error.message.length > 0);
        firstOutcome = first.error.code;
      } else {
        firstOutcome = spec.outcome(first.value, id, context);
      }
      await new Promise((ok) => setTimeout(ok, 20)); // let the mock log an abandoned request
      const state = mock.state;
      assert.deepEqual(state.faults, [], "the fault was used");
      const attempts = state.requests.slice(before).filter((r) => r.path === target.path && r.method === target.method).length;
      const storedAfterFirst = spec.stored(state, id, context);
      assert.ok(storedAfterFirst <= 1, `stored ${storedAfterFirst} times`);
      if (!("error" in first)) assert.equal(storedAfterFirst, 1, "a success must have written exactly once");

      let secondOutcome = "—";
      if (AGAIN[write]) {
        const second = await settle(spec.call(id, context), HANG_MS, `${fault} × ${write}, again`);
        if ("error" in second) assertPackageError(second.error);
        secondOutcome = "error" in second ? second.error.code : spec.outcome(second.value, id, context);
        assert.equal(secondOutcome, AGAIN[write](storedAfterFirst), `${fault} × ${write}, again`);
        assert.equal(spec.stored(mock.state, id, context), 1, "exactly one after the second call");
      } else if ("error" in first) {
        // Not repeated by design: the caller was told the truth (an error, nothing held) and may call again.
        assert.equal(storedAfterFirst, 0);
      }

      results.push({ fault, write, first: firstOutcome, attempts, second: secondOutcome });
      assert.equal(firstOutcome, EXPECTED[write](fault), `${fault} × ${write}`);
}

test("the matrix: print it; fault-matrix.md holds it (UPDATE_DOCS=1 rewrites it)", () => {
  assert.equal(results.length, FAULTS.length * Object.keys(WRITES).length, "every cell ran");
  const cell = (fault, write) => {
    const r = results.find((x) => x.fault === fault && x.write === write);
    const tries = `${r.attempts} ${r.attempts === 1 ? "attempt" : "attempts"}`;
    return `${r.first} (${tries}) → ${r.second}`;
  };
  const writes = Object.keys(WRITES);
  const lines = [
    `| fault | ${writes.map((w) => WRITES[w].label).join(" | ")} |`,
    `| --- | ${writes.map(() => "---").join(" | ")} |`,
    ...FAULTS.map((fault) => `| \`${fault}\` | ${writes.map((w) => cell(fault, w)).join(" | ")} |`),
  ];
  const table = lines.join("\n");
  console.log(`\nfault × write → first call's outcome (its requests to the endpoint) → a second call's outcome\n${table}\n`);
  const doc = `# Fault matrix (generated)

Written by \`node --test tests/client-js/fault-matrix.test.mjs\`: the JS client (pkg/, Node) against the mock
Vipps API, each fault injected once on the write's endpoint, for a fresh order. Client options:
\`timeoutMs: ${TIMEOUT_MS}\`, \`retry: {maxAttempts: 3, baseDelayMs: 10}\`; \`delay\` waits ${4 * TIMEOUT_MS} ms; \`429\`
sends \`Retry-After: 1\`.

Each cell: the first call's outcome (a resolved status, or the error's \`.code\`), how many requests it
sent to that endpoint, and the outcome of calling the same write again (— where a second call is a new
write by design: each v3 POST makes a new category). In every cell the mock ends with the receipt, category
or image stored exactly once (a v3 DELETE: the category gone), and never written twice.

${table}

- \`apply-then-*\`: the write happened but its answer was lost; the retry meets a 409, the receipt is read
  back and compared, so the caller learns \`already_exists\` rather than an error (category PUTs simply repeat).
- \`malformed\`: a 200 with a garbled JSON body that wrote nothing; the client says \`invalid_response\`
  instead of claiming success, and calling again writes it.
- The receipt's extra request in \`apply-then-*\` cells is not counted above: it is the GET that reads it back.
- "receipt POST, enriched GET": the mock's GET returns the receipt as the reference's GET sample does
  (\`taxPercentage\` beside \`taxRate\`, defaults and deprecated fields filled); it is still \`already_exists\`.
- v3 category POST: no document mentions an \`Idempotency-Key\` for it, so after an outcome that is unknown
  (no answer, 5xx) the client lists the order's categories and returns the matching one (\`already_exists\`)
  instead of posting again; the requests counted are POSTs only.
- v3 category DELETE: a 404 after an earlier attempt of the same call may have deleted it is success; a
  second call is then truly \`not_found\`.
- image upload with the caller's id: after a retry, a taken id is \`id_taken\` (perhaps this call's own earlier
  attempt, perhaps not: the API cannot say which bytes it holds); on a first attempt it is \`conflict\`.
`;
  // The section before the queue marker is this test's (the blank line before the marker included).
  checkFaultMatrixSection("client", `${doc}\n`);
});
