// The package as a user gets it: `npm pack` of pkg/, installed into throwaway consumer projects
// (Node ESM, Node CJS, an esbuild bundle in headless Chromium, a Worker in workerd), each running
// the same checks (consumer-check.mjs). Needs `make pkg` to have built pkg/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync, copyFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve, extname } from "node:path";
import { checkSource, checkoutOnlySource, assertResults } from "./consumer-check.mjs";
import { freePort, waitForServer } from "../support/net.mjs";
import { CHROMIUM, chromiumMissing } from "../support/chromium.mjs";

const root = resolve(import.meta.dirname, "../..");
const VITE = "vite@7.3.8"; // pinned; bench/run.mjs uses the same
const bin = (name) => join(root, "node_modules/.bin", name);
let work;
let tarball;

before(() => {
  assert.ok(existsSync(join(root, "pkg/package.json")), "run `make pkg` first");
  work = mkdtempSync(join(tmpdir(), "vom-consumers-"));
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", work, join(root, "pkg")], {
    encoding: "utf8",
  });
  tarball = join(work, out.trim().split("\n").pop());
});

after(() => {
  if (work && !process.env.KEEP_CONSUMERS) rmSync(work, { recursive: true, force: true });
});

/** A consumer project with the packed tarball installed, as a user installs it. */
function consumer(name, packageJson = {}) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, ...packageJson }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
  return dir;
}

function runNode(dir, file) {
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }));
}

test("Node ESM: import, ready without init", () => {
  const dir = consumer("node-esm", { type: "module" });
  writeFileSync(
    join(dir, "main.mjs"),
    `import * as api from "vipps-order-management";\n${checkSource}\nconsole.log(JSON.stringify(await runChecks(api)));\n`,
  );
  assertResults(assert, runNode(dir, "main.mjs"));
});

test("Node CJS: require, ready without init", () => {
  const dir = consumer("node-cjs");
  writeFileSync(
    join(dir, "main.cjs"),
    `const api = require("vipps-order-management");\n${checkSource}\nrunChecks(api).then((r) => console.log(JSON.stringify(r)));\n`,
  );
  assertResults(assert, runNode(dir, "main.cjs"));
});

test("browser: an esbuild bundle in headless Chromium", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = consumer("browser-esbuild", { type: "module" });
  writeFileSync(
    join(dir, "main.js"),
    `import * as api from "vipps-order-management";\n${checkSource}\n` +
      `runChecks(api).then((r) => { window.__results = r; }, (e) => { window.__results = { failed: String(e && e.stack || e) }; });\n`,
  );
  const dist = join(dir, "dist");
  mkdirSync(dist);
  execFileSync(bin("esbuild"), ["main.js", "--bundle", "--format=esm", "--platform=browser", `--outfile=${dist}/main.js`], {
    cwd: dir,
  });
  // What the README tells esbuild users: put the .wasm files next to the bundle (the checkout
  // module's, and the full module's when the client is imported, as `import *` does here).
  copyWasm(dir, dist, ["checkout/vipps_order_management_checkout_bg.wasm", "full/vipps_order_management_bg.wasm"]);
  writeFileSync(join(dist, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>`);
  await checkPageInChromium(dist);
});

/** A Vite app (no vite.config: what `npm create vite` leaves) whose page runs the checks with every export. */
let viteApp;
function viteAppProject() {
  if (viteApp) return viteApp;
  const dir = consumer("browser-vite", { type: "module" });
  // Installed as a user would, pinned; not in the root lock file, whose `npm ci` the registry
  // here cannot satisfy for Vite's optional platform packages.
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", VITE], { cwd: dir });
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="/src/main.js"></script>`);
  writeFileSync(
    join(dir, "src/main.js"),
    `import * as api from "vipps-order-management";\n${checkSource}\n` +
      `runChecks(api).then((r) => { window.__results = r; }, (e) => { window.__results = { failed: String(e && e.stack || e) }; });\n`,
  );
  viteApp = dir;
  return dir;
}

test("browser: a Vite production build in headless Chromium (top-level await, .wasm as an asset)", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = viteAppProject();
  execFileSync(join(dir, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], { cwd: dir });
  assert.ok(readdirSync(join(dir, "dist/assets")).some((f) => f.endsWith(".wasm")), "Vite must emit the .wasm as an asset");
  await checkPageInChromium(join(dir, "dist"));
});

test("browser: the Vite dev server with zero config (the package pre-bundled into node_modules/.vite/deps)", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = viteAppProject();
  const results = await withViteDevServer(dir, [], (url) => inChromium(url));
  assert.equal(results.failed, undefined, results.failed);
  assertResults(assert, results);
  // The page ran the dependency optimizer's copy, the case that moves `import.meta.url`.
  const deps = readdirSync(join(dir, "node_modules/.vite/deps"));
  assert.ok(deps.includes("vipps-order-management.js"), deps.join());
});

test("browser: where the Vite dev server's cache is moved, the error names the one-line fix", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = viteAppProject();
  writeFileSync(join(dir, "vite.moved-cache.config.js"), `export default { cacheDir: ".vite-moved" };\n`);
  await withViteDevServer(dir, ["--config", "vite.moved-cache.config.js"], (url) =>
    assert.rejects(inChromium(url), (error) => {
      assert.match(error.message, /could not load vipps_order_management(_checkout)?_bg\.wasm/);
      assert.ok(error.message.includes(`optimizeDeps: { exclude: ["vipps-order-management"] }`), error.message);
      return true;
    }),
  );
});

/** Runs `vite` (the dev server) in `dir` on a free loopback port while `use(url)` runs. */
async function withViteDevServer(dir, args, use) {
  const port = await freePort();
  const vite = spawn(
    join(dir, "node_modules/.bin/vite"),
    ["--host", "127.0.0.1", "--port", String(port), "--strictPort", "--logLevel", "error", ...args],
    { cwd: dir, stdio: ["ignore", "inherit", "inherit"] },
  );
  try {
    await waitForServer(`http://127.0.0.1:${port}/`, 30_000, vite);
    return await use(`http://127.0.0.1:${port}/`);
  } finally {
    vite.kill("SIGTERM");
  }
}

test("checkout page, esbuild: named imports of the checkout functions leave the client out", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = consumer("checkout-esbuild", { type: "module" });
  writeFileSync(join(dir, "main.js"), checkoutOnlySource);
  const dist = join(dir, "dist");
  mkdirSync(dist);
  // esbuild as a user runs it: no flags beyond bundling for the browser.
  execFileSync(bin("esbuild"), ["main.js", "--bundle", "--format=esm", `--outfile=${dist}/main.js`], { cwd: dir });
  assertNoClient(readFileSync(join(dist, "main.js"), "utf8"));
  copyWasm(dir, dist, ["checkout/vipps_order_management_checkout_bg.wasm"]);
  writeFileSync(join(dist, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>`);
  await checkPageInChromium(dist, { client: false });
});

test("checkout page, Vite: named imports of the checkout functions leave the client out", async (t) => {
  const missing = chromiumMissing(); // throws under CI
  if (missing) return t.skip(missing);
  const dir = consumer("checkout-vite", { type: "module" });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", VITE], { cwd: dir });
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="/src/main.js"></script>`);
  writeFileSync(join(dir, "src/main.js"), checkoutOnlySource);
  execFileSync(join(dir, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], { cwd: dir });
  // Vite copies every asset a module names into dist/ before tree-shaking, so the full module's
  // .wasm lands there too; what matters is that no emitted script refers to it, so the page never
  // downloads it (and the Chromium run below would fail if a needed .wasm were missing).
  const assets = readdirSync(join(dir, "dist/assets"));
  assert.ok(assets.some((f) => f.startsWith("vipps_order_management_checkout_bg")), assets.join());
  for (const file of assets.filter((f) => f.endsWith(".js"))) {
    assertNoClient(readFileSync(join(dir, "dist/assets", file), "utf8"));
  }
  await checkPageInChromium(join(dir, "dist"), { client: false });
});

/** The full module's glue names the client's exports and its own .wasm; a checkout bundle must hold neither. */
function assertNoClient(js) {
  for (const marker of ["ordermanagementclient_", "vipps_order_management_bg"]) {
    assert.ok(!js.includes(marker), `the checkout bundle holds "${marker}": the client was not tree-shaken`);
  }
}

function copyWasm(dir, dist, files) {
  for (const file of files) {
    copyFileSync(join(dir, "node_modules/vipps-order-management", file), join(dist, file.split("/").pop()));
  }
}

test("Cloudflare Workers: a bundled Worker in workerd", async () => {
  const dir = consumer("worker", { type: "module" });
  writeFileSync(
    join(dir, "worker.js"),
    `import * as api from "vipps-order-management";\n${checkSource}\n` +
      `export default { async fetch() { return Response.json(await runChecks(api)); } };\n`,
  );
  const dist = join(dir, "dist");
  // wrangler's resolution: the "workerd" condition; the .wasm stays a module import.
  execFileSync(
    bin("esbuild"),
    ["worker.js", "--bundle", "--format=esm", "--conditions=workerd,worker,browser", "--loader:.wasm=copy", `--outdir=${dist}`],
    { cwd: dir },
  );
  const wasmName = readdirSync(dist).find((f) => f.endsWith(".wasm"));
  assert.ok(wasmName, "the bundle must import the .wasm as a module");
  const port = await freePort();
  writeFileSync(
    join(dist, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "${wasmName}", wasm = embed "${wasmName}"),
  ],
  compatibilityDate = "2024-09-23",
);
`,
  );
  const child = spawn(bin("workerd"), ["serve", join(dist, "config.capnp")], { stdio: ["ignore", "inherit", "inherit"] });
  try {
    const response = await waitForServer(`http://127.0.0.1:${port}/`, 20_000, child);
    assert.equal(response.status, 200);
    assertResults(assert, await response.json());
  } finally {
    child.kill("SIGTERM");
  }
});

test("TypeScript: the shipped types under tsc --strict, module node16 and nodenext, ESM and CJS (correct use compiles, mistakes do not)", () => {
  const dir = consumer("typescript", { type: "module" });
  const files = ["usage.ts", "first-hour.ts", "first-hour.cts"];
  for (const file of files) copyFileSync(join(root, "tests/types", file), join(dir, file));
  for (const module of ["node16", "nodenext"]) {
    const config = `tsconfig.${module}.json`;
    writeFileSync(
      join(dir, config),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module,
          moduleResolution: module,
          lib: ["es2022", "dom"],
          skipLibCheck: false,
        },
        files,
      }),
    );
    try {
      execFileSync(bin("tsc"), ["-p", config], { cwd: dir, encoding: "utf8" });
    } catch (error) {
      assert.fail(`tsc --strict (module ${module}) failed:\n${error.stdout}${error.stderr}`);
    }
  }
});

test("every entry of the exports map resolves to correct types (arethetypeswrong, offline), naming only the public API", () => {
  const dir = consumer("entries", { type: "module" });
  const installed = join(dir, "node_modules/vipps-order-management");
  const { exports } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  // The .wasm subpaths are files for bundlers (no types to have); the "/manual" entries are ESM
  // only by design (README, "Loading in each runtime"), so a require of them is ESM's rule, not a fault.
  const wasmEntries = Object.keys(exports).filter((entry) => entry.endsWith(".wasm"));
  const manualEntries = Object.keys(exports).filter((entry) => entry.startsWith("./manual"));
  const attw = (args) => {
    try {
      execFileSync(bin("attw"), [tarball, "--format", "ascii", "--profile", "node16", ...args], { encoding: "utf8" });
    } catch (error) {
      assert.fail(`arethetypeswrong (${args.join(" ")}):\n${error.stdout}${error.stderr}`);
    }
  };
  attw(["--exclude-entrypoints", ...wasmEntries, ...manualEntries]);
  attw(["--entrypoints", ...manualEntries, "--ignore-rules", "cjs-resolves-to-esm"]);

  // The main entry's declarations (ESM and CJS): no wasm-bindgen loading API or internal names,
  // camelCase parameters.
  const declared = new Set();
  for (const file of ["index.d.ts", "index.d.cts"]) {
    const text = readFileSync(join(installed, file), "utf8");
    for (const internal of ["initSync", "InitOutput", "InitInput", "__wbg", "__wbindgen", "export default"]) {
      assert.ok(!text.includes(internal), `${file} names ${internal}`);
    }
    for (const [, params] of text.matchAll(/^\s*(?:export function \w+|\w+)\s*\(([^)]*)\)\s*:/gm)) {
      for (const [, name] of params.matchAll(/(?:^|,)\s*(\w+)\??\s*:/g)) {
        assert.match(name, /^[a-z][A-Za-z0-9]*$/, `${file}: parameter ${name} is not camelCase`);
      }
    }
    for (const [, name] of text.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)) declared.add(name);
  }
  assert.ok(declared.has("isVippsOrderManagementError") && declared.has("buildReceipt"), [...declared].join());
  // At run time every declared value is there, and CommonJS exports nothing undeclared (nor undefined).
  const esm = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import("vipps-order-management"); console.log(JSON.stringify(Object.keys(m)))`], {
      cwd: dir,
      encoding: "utf8",
    }),
  );
  for (const name of declared) assert.ok(esm.includes(name), `ESM lacks ${name}`);
  const cjs = JSON.parse(
    execFileSync(process.execPath, ["-e", `const m = require("vipps-order-management"); console.log(JSON.stringify(Object.entries(m).map(([k, v]) => [k, typeof v])))`], {
      cwd: dir,
      encoding: "utf8",
    }),
  );
  assert.deepEqual(cjs.map(([name]) => name).sort(), [...declared].sort());
  for (const [name, type] of cjs) assert.notEqual(type, "undefined", `CommonJS exports ${name} as undefined`);
});

/** Serves `dist` on loopback, loads its index.html in Chromium and checks what the page ran. */
async function checkPageInChromium(dist, expected) {
  const server = await serveStatic(dist);
  try {
    const results = await inChromium(`http://127.0.0.1:${server.address().port}/index.html`);
    assert.equal(results.failed, undefined, results.failed);
    assertResults(assert, results, expected);
  } finally {
    server.close();
  }
}

async function serveStatic(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer(async (req, res) => {
    try {
      const body = await readFile(join(dir, new URL(req.url, "http://x").pathname));
      res.writeHead(200, { "content-type": types[extname(req.url)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return server;
}

async function inChromium(url) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    // A page whose module failed to load never sets __results: fail with its error at once.
    const failed = new Promise((_, reject) =>
      page.on("pageerror", (e) => {
        errors.push(String(e));
        reject(new Error(`the page failed: ${e}`));
      }),
    );
    failed.catch(() => {}); // a late error is reported by the assertion below
    await page.goto(url);
    await Promise.race([page.waitForFunction(() => window.__results !== undefined, null, { timeout: 20_000 }), failed]);
    const results = await page.evaluate(() => window.__results);
    assert.deepEqual(errors, []);
    return results;
  } finally {
    await browser.close();
  }
}
