// Whether the Chromium tests can run. Under CI (CI is set: GitHub Actions sets CI=true) a missing
// Chromium is a failure, never a skip, so a broken setup cannot pass as green; elsewhere the tests
// are skipped and the reason is printed.
import { existsSync } from "node:fs";

/** Debian's Chromium, as scripts/setup.sh --browser installs it. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * `false` when `path` exists (run the tests), else the skip reason, which it prints. Throws when
 * `env.CI` is set: the file (or the test that calls it) then fails.
 */
export function chromiumMissing(path = CHROMIUM, env = process.env, log = console.log) {
  if (existsSync(path)) return false;
  const reason = `${path} not found: install it with scripts/setup.sh --browser`;
  if (env.CI) throw new Error(`${reason} (CI is set, so this is a failure, not a skip)`);
  log(`# SKIPPING the Chromium tests: ${reason}`);
  return reason;
}
