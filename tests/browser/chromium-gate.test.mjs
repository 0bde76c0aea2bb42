// The gate every Chromium test goes through (tests/support/chromium.mjs): under CI a missing
// Chromium fails; elsewhere it is a skip whose reason is printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromiumMissing } from "../support/chromium.mjs";

const NOWHERE = "/nonexistent/chromium";

test("under CI, a missing Chromium is a failure", () => {
  assert.throws(() => chromiumMissing(NOWHERE, { CI: "true" }, () => {}), /not found.*CI is set/);
});

test("outside CI, a missing Chromium is a skip whose reason is printed", () => {
  const printed = [];
  const reason = chromiumMissing(NOWHERE, {}, (line) => printed.push(line));
  assert.match(reason, /\/nonexistent\/chromium not found: install it with scripts\/setup.sh --browser/);
  assert.deepEqual(printed, [`# SKIPPING the Chromium tests: ${reason}`]);
});

test("a Chromium that is there runs the tests, CI or not", () => {
  assert.equal(chromiumMissing(process.execPath, { CI: "true" }, () => assert.fail("nothing printed")), false);
});
