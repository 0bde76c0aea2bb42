// Browser tests of the receipt preview demo (www/, scripts/demo.mjs) and of renderReceiptHtml's
// escaping, in headless Debian Chromium through playwright-core.
// Run: node --test --test-reporter=spec tests/browser/   (needs pkg/ built: scripts/build-pkg.sh)
// Without /usr/bin/chromium the tests are skipped with a notice, except under CI, where they fail.
import { describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHROMIUM, chromiumMissing } from "../support/chromium.mjs";
import { join } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshotDir = join(root, "tests", "screenshots");
// Under CI a missing Chromium fails this file; elsewhere it is skipped with the reason printed.
const missingChromium = chromiumMissing();

const HOSTILE = `<script>window.__pwned=1</script>"'><img src=x onerror="window.__pwned=1">`;
const HOSTILE_URLS = [
  "javascript:window.__pwned=1",
  " JaVaScRiPt:window.__pwned=1",
  "\tjavascript:window.__pwned=1",
  "data:text/html,<script>window.__pwned=1</script>",
  "DATA:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
];

describe("receipt preview demo in Chromium", { skip: missingChromium }, () => {
  let chromium, pkg, demo, browser, page, pageErrors;

  before(async () => {
    ({ chromium } = await import("playwright-core"));
    pkg = await import("../../pkg/index.node.mjs");
    const { startDemo } = await import("../../scripts/demo.mjs");
    demo = await startDemo({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  beforeEach(async () => {
    if (page) await page.close();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    pageErrors = [];
    // Nothing leaves the machine: any non-local request (e.g. a followed https link) is aborted.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    page.on("console", (m) => { if (m.type() === "error") pageErrors.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => pageErrors.push(`request failed: ${r.url()}`));
  });

  async function openDemo() {
    await page.goto(demo.url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  }
  const field = (path) => page.locator(`#pane-form [data-path="${path}"]`);
  const cartInPage = async () => JSON.parse(await page.inputValue("#json"));
  const totalOf = (cart, locale = "nb-NO") => pkg.previewReceipt(pkg.buildReceipt(cart), { locale }).total.formatted;

  it("loads with no console errors and renders the sample receipt", async () => {
    await openDemo();
    await page.waitForTimeout(300); // let late errors (mock-state fetch, wasm) surface
    assert.deepEqual(pageErrors, []);
    const cart = await cartInPage();
    assert.ok(cart.items.length >= 2, "the sample cart has items");
    assert.equal((await page.textContent("#preview .vomr-total")).trim(), totalOf(cart));
    assert.equal(await page.locator("#report .issue--error").count(), 0);
  });

  it("editing an item's unit price updates the preview total, the JSON and the report", async () => {
    await openDemo();
    const before = (await page.textContent("#preview .vomr-total")).trim();
    await field("items[0].unitPrice").fill("299.50");
    const cart = await cartInPage();
    assert.equal(cart.items[0].unitPrice, "299.50", "the Raw JSON follows the form");
    const expected = totalOf(cart);
    assert.notEqual(expected, before);
    assert.equal((await page.textContent("#preview .vomr-total")).trim(), expected);
    assert.match(await page.textContent("#total-badge"), new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    // The report follows too: a quantity with too many decimals is reported, then fixed.
    await field("items[0].quantity").fill("1.123456789");
    assert.ok(await page.locator('#report .issue-link[data-target-path="items[0].quantity"]').count() >= 1);
    await field("items[0].quantity").fill("2");
    assert.equal(await page.locator("#report .issue--error").count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  it("a bad price shows an issue linked to that field; clicking it focuses the field", async () => {
    await openDemo();
    await field("items[1].unitPrice").fill("12,50");
    const link = page.locator('#report .issue-link[data-target-path="items[1].unitPrice"]');
    await link.waitFor({ timeout: 5000 });
    const cart = await cartInPage();
    let expectedCode;
    try { pkg.buildReceipt(cart); } catch (e) { expectedCode = e.issues.find((i) => i.path === "items[1].unitPrice")?.code; }
    assert.ok(expectedCode, "the package itself rejects the price");
    assert.equal((await link.locator("xpath=..").locator(".code").textContent()).trim(), expectedCode);
    assert.equal(await field("items[1].unitPrice").getAttribute("aria-invalid"), "true");
    assert.ok(await page.locator("#preview.stale").count(), "the preview is marked stale");
    assert.ok(await page.isDisabled("#send"), "a cart that does not build cannot be sent");
    await page.focus("#tip"); // focus is elsewhere before the click
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.path), "items[1].unitPrice");
  });

  it("the Raw JSON tab edits the same cart as the form", async () => {
    await openDemo();
    await page.click("#tab-json");
    const cart = await cartInPage();
    cart.items[0].name = "Edited in JSON";
    cart.items.push({ id: "sku-json", name: "Added in JSON", unitPrice: 1500, taxRate: 2500 });
    await page.fill("#json", JSON.stringify(cart, null, 2));
    await page.click("#tab-form");
    assert.equal(await field("items[0].name").inputValue(), "Edited in JSON");
    assert.equal(await field("items[3].unitPrice").inputValue(), "15.00", "minor units shown as a decimal");
    assert.equal((await page.textContent("#preview .vomr-total")).trim(), totalOf(cart));
    await page.click("#tab-json");
    await page.fill("#json", "{ not json");
    assert.match(await page.textContent("#json-error"), /Not valid JSON/);
  });

  it("send stores exactly one receipt in the mock", async () => {
    demo.mock.reset();
    await openDemo();
    const cart = await cartInPage();
    const orderId = await page.inputValue("#order-id");
    await page.click("#send");
    await page.waitForSelector(".send-result.good", { timeout: 10_000 });
    const state = demo.mock.state;
    const keys = Object.keys(state.receipts);
    assert.deepEqual(keys, [`ECOM/${orderId}`]);
    assert.equal(state.receiptPostCount[`ECOM/${orderId}`], 1);
    assert.deepEqual(state.receipts[`ECOM/${orderId}`], pkg.buildReceipt(cart));
    assert.equal(state.categories[`ECOM/${orderId}`]?.category, "RECEIPT");
    await page.locator(".mock-state summary").click();
    await page.waitForFunction(() => document.querySelector("#mock-state").textContent.includes("posted 1×"));
    // A second send is idempotent: the API keeps the first receipt.
    await page.click("#send");
    await page.waitForSelector(".send-result.warn", { timeout: 10_000 });
    assert.equal(Object.keys(demo.mock.state.receipts).length, 1);
    assert.deepEqual(pageErrors, []);
  });

  it("screenshots of the preview (nb-NO light, dark)", async (t) => {
    mkdirSync(screenshotDir, { recursive: true });
    await openDemo();
    await page.selectOption("#locale", "nb-NO");
    await page.selectOption("#theme", "light");
    // The preview pane scrolls; let it grow so the element screenshot holds the whole receipt.
    await page.evaluate(() => { document.getElementById("preview").style.maxHeight = "none"; });
    const light = join(screenshotDir, "preview-nb-NO.png");
    await page.locator("#preview .vomr").screenshot({ path: light });
    await page.selectOption("#theme", "dark");
    assert.ok(await page.locator("#preview .vomr--dark").count(), "dark theme applied");
    const dark = join(screenshotDir, "preview-dark.png");
    await page.locator("#preview .vomr").screenshot({ path: dark });
    for (const file of [light, dark]) {
      assert.ok(statSync(file).size > 5000, `${file} is a real image`);
      t.diagnostic(`screenshot: ${file}`);
      console.log(`# screenshot: ${file}`);
    }
  });

  describe("renderReceiptHtml with a hostile receipt", () => {
    const hostileReceipt = () => ({
      orderLines: HOSTILE_URLS.map((url, i) => ({
        name: HOSTILE,
        id: `${HOSTILE}${i}`,
        totalAmount: 1000,
        totalAmountExcludingTax: 800,
        totalTaxAmount: 200,
        taxRate: 2500,
        unitInfo: { unitPrice: 1100, quantity: "1", quantityUnit: "PCS" },
        discount: 100,
        productUrl: url,
        isReturn: i === 1,
        isShipping: i === 2,
      })),
      bottomLine: {
        currency: "NOK",
        receiptNumber: HOSTILE,
        posId: HOSTILE,
        barcode: { format: "CODE 128", data: HOSTILE },
        paymentSources: { card: 5000 },
        tipAmount: 100,
      },
    });
    const renderings = () =>
      HOSTILE_URLS.map((url) =>
        pkg.renderReceiptHtml(hostileReceipt(), {
          locale: HOSTILE,
          theme: "dark",
          category: { category: "RECEIPT", orderDetailsUrl: url, imageId: HOSTILE },
          imageUrl: url,
          allowedLinkSchemes: ["javascript", "data", " javascript", HOSTILE],
        }),
      );

    // Inspects `scope` (a selector, or the whole document) for anything that could run script.
    async function assertInert(scope) {
      const found = await page.evaluate((sel) => {
        const base = sel ? document.querySelector(sel) : document.documentElement;
        const all = [base, ...base.querySelectorAll("*")];
        const scripts = all.filter((e) => e.localName === "script").length;
        const onAttrs = all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName}[${a.name}]`));
        const badUrls = all.flatMap((e) =>
          [...e.attributes]
            .filter((a) => /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\u0000-\u001f]/g, "")) && a.name !== "class")
            .map((a) => `${e.localName}[${a.name}=${a.value.slice(0, 30)}]`),
        );
        const jsLinks = base.querySelectorAll('a[href^="javascript" i], a[href^="data:" i], a[href^=" " i]').length;
        return { scripts, onAttrs, badUrls, jsLinks, links: base.querySelectorAll("a[href]").length };
      }, scope);
      assert.equal(found.scripts, 0, "no <script> element");
      assert.deepEqual(found.onAttrs, [], "no on* attribute");
      assert.deepEqual(found.badUrls, [], "no javascript:/data: URL in any attribute");
      assert.equal(found.jsLinks, 0, "no javascript:/data: link");
      return found;
    }

    async function clickEveryLink(scope) {
      const links = page.locator(`${scope} a`);
      const n = await links.count();
      for (let i = 0; i < n; i++) {
        const href = await links.nth(i).getAttribute("href");
        assert.ok(href === null || /^https?:/i.test(href), `link ${i} is http(s): ${href}`);
        await links.nth(i).click({ noWaitAfter: true, timeout: 2000 });
      }
      await page.waitForTimeout(300); // img onerror and friends fire asynchronously
      assert.equal(await page.evaluate(() => window.__pwned), undefined, "window.__pwned stays undefined");
    }

    it("is inert inserted with innerHTML", async () => {
      for (const html of renderings()) {
        assert.ok(html.includes("&lt;script&gt;"), "the hostile text is shown, escaped");
        await page.setContent("<!doctype html><html><body><div id=c></div></body></html>");
        await page.evaluate((h) => { document.getElementById("c").innerHTML = h; }, html);
        assert.ok((await page.textContent("#c")).includes(HOSTILE), "the hostile text reads as text");
        await assertInert("#c");
        await clickEveryLink("#c");
      }
    });

    it("is inert as a full document", async () => {
      for (const html of renderings()) {
        await page.setContent(`<!doctype html><html><head><meta charset=utf-8></head><body>${html}</body></html>`);
        await assertInert(null);
        await clickEveryLink("body");
      }
    });

    it("is inert in the demo page's preview container", async () => {
      await openDemo();
      await page.evaluate((h) => { document.getElementById("preview").innerHTML = h; }, renderings()[1]);
      await assertInert("#preview");
      await clickEveryLink("#preview");
    });
  });
});
