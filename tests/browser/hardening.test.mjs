// Hardening (issue #14) in headless Chromium (playwright-core), with the built package (pkg/):
// - overflow: a 3000-character posId, receiptNumber, name, quantity and barcode text stay inside
//   the preview's box (every element's box and every text fragment measured);
// - bidi: text after a U+202E in a caller field keeps its left-to-right order (measured with
//   Range.getBoundingClientRect on the characters after the override);
// - redirects in a page: fetch with redirect "manual" gives an opaque redirect, reported as the
//   redirect error, and the other origin receives nothing;
// - the browser guard in a module Web Worker: a clientSecret or subscriptionKey is refused there
//   too unless dangerouslyAllowBrowser.
// Run: node --test tests/browser/hardening.test.mjs   (needs pkg/: scripts/build-pkg.sh)
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { CHROMIUM, chromiumMissing } from "../support/chromium.mjs";
import { join, normalize, extname } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Under CI a missing Chromium fails this file; elsewhere it is skipped with the reason printed.
const missingChromium = chromiumMissing();

const RLO = "\u202E";
const LONG = "W".repeat(3000);

function receipt({ name, quantity, receiptNumber, posId, barcode, productUrl }) {
  return {
    orderLines: [
      {
        name, id: "1", totalAmount: 7980, totalAmountExcludingTax: 6384, totalTaxAmount: 1596, taxRate: 2500,
        unitInfo: { unitPrice: 3990, quantity }, ...(productUrl ? { productUrl } : {}),
      },
    ],
    bottomLine: { currency: "NOK", receiptNumber, posId, barcode },
  };
}

/** Serves pkg/ and one page on 127.0.0.1 (a module worker needs an http origin). */
function startStatic() {
  const types = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><meta charset=utf-8><title>t</title>");
    }
    if (path === "/worker.mjs") {
      res.writeHead(200, { "content-type": "text/javascript" });
      return res.end(`
        import { OrderManagementClient } from "/pkg/index.browser.mjs";
        const base = { merchantSerialNumber: "123456", baseUrl: "http://127.0.0.1:9" };
        const outcome = (options) => {
          try { new OrderManagementClient({ ...base, ...options }); return "constructed"; }
          catch (e) { return { code: e.code, issues: (e.issues || []).map((i) => [i.path, i.code]) }; }
        };
        postMessage({
          secret: outcome({ clientId: "id", clientSecret: "s3cret", subscriptionKey: "key" }),
          bareKey: outcome({ accessToken: "from-my-server", subscriptionKey: "key" }),
          allowed: outcome({ clientId: "id", clientSecret: "s3cret", subscriptionKey: "key", dangerouslyAllowBrowser: true }),
        });
      `);
    }
    const file = normalize(join(root, path));
    if (!path.startsWith("/pkg/") || !file.startsWith(join(root, "pkg")) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

describe("hardening in Chromium", { skip: missingChromium }, () => {
  let chromium, pkg, browser, page, server, origin;

  before(async () => {
    ({ chromium } = await import("playwright-core"));
    pkg = await import("../../pkg/index.node.mjs");
    server = await startStatic();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Nothing leaves the machine.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function show(html) {
    await page.setContent(`<!doctype html><html><head><meta charset=utf-8></head><body style="margin:0">
      <div id=host style="padding:40px">${html}</div></body></html>`);
  }

  it("nothing paints outside the preview's box with 3000-character fields", async () => {
    const html = pkg.renderReceiptHtml(
      receipt({
        name: LONG, quantity: "9".repeat(3000), receiptNumber: LONG, posId: LONG,
        barcode: { format: "CODE 39", data: "A".repeat(3000) },
        productUrl: `https://shop.example/${LONG}`,
      }),
      { locale: "nb-NO", category: { category: "RECEIPT", orderDetailsUrl: `ftp://shop.example/${LONG}` } },
    );
    await show(html);
    const outside = await page.evaluate(() => {
      const box = document.querySelector(".vomr").getBoundingClientRect();
      const out = [];
      const check = (what, r) => {
        if (r.width === 0 && r.height === 0) return;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
          out.push(`${what}: ${Math.round(r.left)}..${Math.round(r.right)} outside ${Math.round(box.left)}..${Math.round(box.right)}`);
        }
      };
      for (const el of document.querySelectorAll(".vomr *")) {
        if (el.closest(".vomr-sr") || el.tagName === "STYLE") continue;
        check(`<${el.tagName.toLowerCase()} class="${el.className?.baseVal ?? el.className}">`, el.getBoundingClientRect());
      }
      const walker = document.createTreeWalker(document.querySelector(".vomr"), NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(".vomr-sr, style")) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) check(`text "${node.data.slice(0, 20)}"`, r);
      }
      return { out, scroll: document.documentElement.scrollWidth, width: window.innerWidth };
    });
    assert.deepEqual(outside.out, []);
    assert.ok(outside.scroll <= outside.width, `the page scrolls sideways: ${outside.scroll} > ${outside.width}`);
  });

  it("text after a U+202E in a caller field keeps its order", async () => {
    const html = pkg.renderReceiptHtml(
      receipt({
        name: `Sokker${RLO}`, quantity: `2${RLO}`, receiptNumber: `R-1${RLO}`, posId: `POS${RLO}`,
        barcode: { format: "CODE 39", data: "123" }, productUrl: "http://shop.example/sokker",
      }),
      { locale: "nb-NO" },
    );
    await show(html);
    const found = await page.evaluate((rlo) => {
      // For each text node holding the override: the text after it in the same block (the rest
      // of that node, else the next text with two visible characters), and whether its first
      // visible character is left of its last, as left-to-right text must be.
      const block = (node) => node.parentElement.closest(".vomr-name, .vomr-line-sub > span, .vomr-foot, p, dd, figcaption");
      const charBox = (node, index) => {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        return range.getBoundingClientRect();
      };
      const visible = (text, from) => [...text].map((c, i) => [c, i]).filter(([c, i]) => i >= from && c.trim() && c !== rlo);
      const results = [];
      const all = document.createTreeWalker(document.querySelector(".vomr"), NodeFilter.SHOW_TEXT);
      for (let node = all.nextNode(); node; node = all.nextNode()) {
        const at = node.data.indexOf(rlo);
        if (at < 0 || node.parentElement.closest(".vomr-sr")) continue;
        let target = node;
        let chars = visible(node.data, at + 1);
        if (chars.length < 2) {
          const scope = block(node);
          const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
          walker.currentNode = node;
          for (let next = walker.nextNode(); next; next = walker.nextNode()) {
            if (next.parentElement.closest(".vomr-sr")) continue;
            const c = visible(next.data, 0);
            if (c.length >= 2) { target = next; chars = c; break; }
          }
        }
        if (chars.length < 2) continue;
        const [first, last] = [chars[0], chars[chars.length - 1]];
        const a = charBox(target, first[1]);
        const b = charBox(target, last[1]);
        results.push({ field: node.data, after: target.data.slice(first[1], last[1] + 1), inOrder: a.left < b.left });
      }
      return results;
    }, RLO);
    const reversed = found.filter((f) => !f.inOrder);
    assert.deepEqual(reversed, [], "text after an override was reordered");
    const fields = found.map((f) => f.field);
    for (const field of [`Sokker${RLO}`, `2${RLO}`, `R-1${RLO}`]) {
      assert.ok(fields.some((f) => f.includes(field)), `no text after ${JSON.stringify(field)} measured: ${JSON.stringify(found)}`);
    }
  });

  it("in a page, a redirect is an opaque redirect: the redirect error, nothing reaches the other origin", async () => {
    const { startMockServer } = await import("../mock-api/server.mjs");
    const mock = await startMockServer({ port: 0 });
    const received = [];
    const elsewhere = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "access-control-allow-origin": "*", "access-control-allow-headers": "*" });
      res.end("{}");
    });
    await new Promise((ok) => elsewhere.listen(0, "127.0.0.1", ok));
    try {
      mock.addFault({ path: "/accesstoken/get", fault: "redirect", location: `http://127.0.0.1:${elsewhere.address().port}/steal` });
      mock.addFault({ path: "/order-management/", fault: "redirect", location: `http://127.0.0.1:${elsewhere.address().port}/steal` });
      await page.goto(`${origin}/`);
      const outcome = await page.evaluate(async (baseUrl) => {
        const { OrderManagementClient } = await import("/pkg/index.browser.mjs");
        const client = new OrderManagementClient({
          clientId: "test-client-id", clientSecret: "test-client-secret", subscriptionKey: "test-subscription-key",
          merchantSerialNumber: "123456", baseUrl, dangerouslyAllowBrowser: true,
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
        });
        const attempt = async (call) => {
          try { await call(); return "resolved"; } catch (e) { return { code: e.code, status: e.status ?? null, message: e.message }; }
        };
        const token = await attempt(() => client.getOrder("ECOM", "order-1"));
        const api = await attempt(() => client.getOrder("ECOM", "order-1"));
        return { token, api };
      }, mock.url);
      for (const [what, result] of Object.entries(outcome)) {
        assert.equal(result.code, "redirect", `${what}: ${JSON.stringify(result)}`);
        assert.equal(result.status, null, "a browser hides the status");
        assert.doesNotMatch(result.message, /steal/);
      }
      assert.deepEqual(received, [], "the other origin received nothing");
    } finally {
      mock.close();
      elsewhere.close();
    }
  });

  it("a module Web Worker is a browser: keys refused unless dangerouslyAllowBrowser", async () => {
    await page.goto(`${origin}/`);
    const result = await page.evaluate(() => new Promise((ok, fail) => {
      const worker = new Worker("/worker.mjs", { type: "module" });
      worker.onmessage = (e) => ok(e.data);
      worker.onerror = (e) => fail(new Error(`worker error: ${e.message}`));
      setTimeout(() => fail(new Error("the worker did not answer")), 15_000);
    }));
    assert.deepEqual(result.secret, {
      code: "invalid_input",
      issues: [["clientSecret", "secret_in_browser"], ["subscriptionKey", "secret_in_browser"]],
    });
    assert.deepEqual(result.bareKey, { code: "invalid_input", issues: [["subscriptionKey", "secret_in_browser"]] });
    assert.equal(result.allowed, "constructed");
  });
});
