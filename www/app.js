// The receipt preview demo page. No framework: the cart object is the one source of truth; the form
// and the Raw JSON tab both edit it, and every change re-runs build → validate → render.
//
// SECURITY NOTE: the preview container gets `renderReceiptHtml(...)` through innerHTML. That is safe
// only because the library escapes every string it puts in the fragment and only emits links with
// allowed schemes (https/http; never javascript:, data:, ...). We rely on that guarantee here
// (tests/browser/demo.test.mjs checks it with a hostile receipt). Everything else this page writes
// goes through textContent / DOM properties, never innerHTML.
import {
  buildReceipt,
  validateReceipt,
  validateCategory,
  previewReceipt,
  renderReceiptHtml,
  version,
} from "/pkg/index.browser.mjs";

const $ = (sel, root = document) => root.querySelector(sel);

const SAMPLE_CART = {
  currency: "NOK",
  items: [
    { id: "sku-1001", name: "Merino wool socks", unitPrice: "199.00", quantity: "2", unit: "PCS", taxRate: "25" },
    { id: "sku-2040", name: "Coffee beans, 500 g", unitPrice: "129.00", quantity: "1", unit: "PCS", taxRate: "15", discount: "10.00" },
    { id: "sku-3300", name: "Cinnamon bun", unitPrice: "35.00", quantity: "3", unit: "PCS", taxRate: "15" },
  ],
  shipping: { name: "Home delivery", price: "49.00", taxRate: "25" },
  discount: "20.00",
  tipAmount: "",
  receiptNumber: "10042",
};

const UNITS = ["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"];

const state = {
  cart: structuredClone(SAMPLE_CART),
  category: { category: "RECEIPT", orderDetailsUrl: "https://shop.example/orders/10042" },
  locale: "nb-NO",
  theme: "light",
  lastReceipt: null,
};
delete state.cart.tipAmount; // the sample starts without a tip; keep the JSON tidy

// ---- JSON paths ("items[2].unitPrice") ------------------------------------------------------------

function parsePath(path) {
  const keys = [];
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    if (m[1]) keys.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
  }
  return keys;
}

function setPath(obj, path, value) {
  const keys = parsePath(path);
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (cur[keys[i]] == null || typeof cur[keys[i]] !== "object") cur[keys[i]] = typeof keys[i + 1] === "number" ? [] : {};
    cur = cur[keys[i]];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

// ---- Showing API units in the form ---------------------------------------------------------------
// The form always shows human decimals. A number in the JSON is in API units (minor units, basis
// points); show it as the decimal it means, by moving the decimal point in the digit string (never
// float arithmetic on money).

function minorToMajor(n, places = 2) {
  if (!Number.isSafeInteger(n)) return String(n);
  const neg = n < 0;
  const digits = String(Math.abs(n)).padStart(places + 1, "0");
  let text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  if (places !== 2) text = text.replace(/\.?0+$/, "");
  return (neg ? "-" : "") + text;
}

const MONEY_FIELDS = new Set(["unitPrice", "discount", "price", "tipAmount"]);
function displayValue(field, value) {
  if (value == null) return "";
  if (typeof value === "number") {
    if (field === "taxRate") return minorToMajor(value, 2).replace(/\.?0+$/, "");
    if (MONEY_FIELDS.has(field)) return minorToMajor(value, 2);
  }
  return String(value);
}

// ---- The form -------------------------------------------------------------------------------------

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function itemRow(item, i) {
  const p = (f) => `items[${i}].${f}`;
  const text = (f, extra = {}) =>
    el("td", {}, [el("input", { value: displayValue(f, item?.[f]), dataset: { path: p(f) }, "aria-label": `Item ${i + 1} ${f}`, ...extra })]);
  const unit = el("select", { dataset: { path: p("unit") }, "aria-label": `Item ${i + 1} unit` },
    UNITS.map((u) => el("option", { value: u, textContent: u.toLowerCase() })));
  unit.value = UNITS.includes(item?.unit) ? item.unit : "PCS";
  const ret = el("input", { type: "checkbox", checked: item?.isReturn === true, dataset: { path: p("isReturn") }, "aria-label": `Item ${i + 1} is a return` });
  const remove = el("button", { type: "button", className: "icon-btn", textContent: "×", title: "Remove item", "aria-label": `Remove item ${i + 1}` });
  remove.addEventListener("click", () => {
    state.cart.items.splice(i, 1);
    renderForm();
    changed("form");
  });
  return el("tr", {}, [
    text("id", { className: "w-id" }),
    text("name", { className: "w-name" }),
    text("unitPrice", { inputMode: "decimal", className: "w-num" }),
    text("quantity", { inputMode: "decimal", className: "w-qty" }),
    el("td", {}, [unit]),
    text("taxRate", { inputMode: "decimal", className: "w-qty" }),
    text("discount", { inputMode: "decimal", className: "w-num", placeholder: "0.00" }),
    el("td", { className: "center" }, [ret]),
    el("td", {}, [remove]),
  ]);
}

function renderForm() {
  const cart = state.cart;
  const items = Array.isArray(cart.items) ? cart.items : [];
  $("#items").replaceChildren(...items.map(itemRow));

  const shipping = cart.shipping;
  const shipFields = $("#pane-form").querySelectorAll("#ship-name, #ship-price, #ship-tax");
  const isArray = Array.isArray(shipping);
  $("#ship-on").checked = shipping != null;
  $("#ship-on").disabled = isArray;
  $("#ship-on").parentElement.title = isArray ? "Several shipping lines: edit them in Raw JSON" : "";
  $("#ship-name").value = isArray ? "(several: see Raw JSON)" : displayValue("name", shipping?.name ?? "");
  $("#ship-price").value = isArray ? "" : displayValue("price", shipping?.price);
  $("#ship-tax").value = isArray ? "" : displayValue("taxRate", shipping?.taxRate);
  for (const f of shipFields) f.disabled = isArray || shipping == null;

  $("#cart-discount").value = displayValue("discount", cart.discount);
  $("#tip").value = displayValue("tipAmount", cart.tipAmount);
  $("#currency").value = ["NOK", "DKK", "EUR"].includes(cart.currency) ? cart.currency : "NOK";
  $("#receipt-number").value = cart.receiptNumber ?? "";
}

// A form field changed: write it into the cart (empty optional fields are left out).
function onFormInput(event) {
  const input = event.target;
  const path = input.dataset.path;
  if (path == null || input.closest("#pane-json")) return;
  if (path.startsWith("category.")) {
    state.category[path.slice("category.".length)] = input.value;
    return changed("category");
  }
  if (path === "shipping") {
    state.cart.shipping = input.checked
      ? { name: $("#ship-name").value || "Shipping", price: $("#ship-price").value || "0", taxRate: $("#ship-tax").value || "25" }
      : undefined;
    if (!input.checked) delete state.cart.shipping;
    renderForm();
    return changed("form");
  }
  let value = input.type === "checkbox" ? (input.checked ? true : undefined) : input.value.trim();
  if (value === "" && !/\.(id|name|unitPrice|taxRate|price)$/.test(path) && path !== "currency") value = undefined;
  setPath(state.cart, path, value);
  changed("form");
}

// ---- Validation report ------------------------------------------------------------------------------

// validateReceipt speaks in receipt paths (orderLines[1].unitInfo.unitPrice); point them at the cart
// field that produced them, matching order lines to cart items by id.
const LINE_FIELD_TO_CART = {
  name: "name", id: "id", taxRate: "taxRate", taxPercentage: "taxRate", discount: "discount",
  "unitInfo.unitPrice": "unitPrice", "unitInfo.quantity": "quantity", "unitInfo.quantityUnit": "unit",
  isReturn: "isReturn", unitInfo: "quantity",
};
function receiptPathToCartPath(path, receipt) {
  const m = /^orderLines\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (m) {
    const line = receipt?.orderLines?.[Number(m[1])];
    const sub = m[2] ?? "";
    if (line?.isShipping) {
      const f = { name: "name", taxRate: "taxRate", discount: "discount" }[sub] ?? "price";
      return `shipping.${f}`;
    }
    const idx = (state.cart.items ?? []).findIndex((it) => it && it.id === line?.id);
    const f = LINE_FIELD_TO_CART[sub] ?? (sub.startsWith("total") ? "unitPrice" : "name");
    return idx >= 0 ? `items[${idx}].${f}` : "items";
  }
  const bottom = { "bottomLine.currency": "currency", "bottomLine.tipAmount": "tipAmount", "bottomLine.receiptNumber": "receiptNumber" };
  return bottom[path] ?? path;
}

// The field for a path: the exact one, else the first field under it, else the nearest parent's.
function fieldFor(path) {
  const form = $("#pane-form");
  let p = path;
  while (p) {
    const exact = [...form.querySelectorAll("[data-path]")].find((f) => f.dataset.path === p);
    if (exact) return exact;
    const under = [...form.querySelectorAll("[data-path]")].find((f) => f.dataset.path.startsWith(p + ".") || f.dataset.path.startsWith(p + "["));
    if (under) return under;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut > 0 ? p.slice(0, cut) : "";
  }
  return null;
}

function focusField(path) {
  const field = fieldFor(path);
  if (!field) {
    showTab("json");
    $("#json").focus();
    return;
  }
  showTab("form");
  field.scrollIntoView({ block: "center", behavior: "instant" });
  field.focus();
  field.classList.remove("flash");
  void field.offsetWidth; // restart the animation
  field.classList.add("flash");
}

function issueItem(issue, severity, source) {
  const target = issue.fieldPath;
  const link = el("button", { type: "button", className: "issue-link", textContent: issue.path || "(cart)", title: `Go to ${target || "the cart JSON"}`, dataset: { targetPath: target } });
  link.addEventListener("click", () => focusField(target));
  return el("li", { className: `issue issue--${severity}` }, [
    el("span", { className: "sev", textContent: severity === "error" ? "Error" : "Warning" }),
    link,
    el("code", { className: "code", textContent: issue.code }),
    el("span", { className: "msg", textContent: issue.message }),
    el("span", { className: "src", textContent: source }),
  ]);
}

function renderReport(entries) {
  const list = $("#report");
  for (const f of document.querySelectorAll(".has-error, .has-warning")) f.classList.remove("has-error", "has-warning");
  for (const f of document.querySelectorAll("[aria-invalid]")) f.removeAttribute("aria-invalid");
  const errors = entries.filter((e) => e.severity === "error").length;
  const warnings = entries.length - errors;
  const summary = $("#report-summary");
  summary.textContent = errors ? `${errors} error${errors > 1 ? "s" : ""}` : warnings ? `Valid · ${warnings} warning${warnings > 1 ? "s" : ""}` : "Valid";
  summary.className = `pill ${errors ? "bad" : warnings ? "warn" : "good"}`;
  if (!entries.length) {
    list.replaceChildren(el("li", { className: "issue issue--ok", textContent: "No problems: the API will accept this receipt." }));
    return;
  }
  list.replaceChildren(...entries.map((e) => issueItem(e.issue, e.severity, e.source)));
  for (const e of entries) {
    const f = fieldFor(e.issue.fieldPath);
    if (!f) continue;
    f.classList.add(e.severity === "error" ? "has-error" : "has-warning");
    if (e.severity === "error") f.setAttribute("aria-invalid", "true");
  }
}

// ---- The update cycle -----------------------------------------------------------------------------

function categoryOption() {
  return state.category.category ? { category: state.category.category, orderDetailsUrl: state.category.orderDetailsUrl } : undefined;
}

function update() {
  const entries = [];
  let receipt = null;
  try {
    receipt = buildReceipt(state.cart);
  } catch (e) {
    const issues = Array.isArray(e.issues) && e.issues.length ? e.issues : [{ path: "", code: e.code ?? "error", message: e.message }];
    for (const i of issues) entries.push({ severity: "error", source: "buildReceipt", issue: { ...i, fieldPath: i.path } });
  }
  if (receipt) {
    const report = validateReceipt(receipt);
    for (const i of report.errors) entries.push({ severity: "error", source: "validateReceipt", issue: { ...i, fieldPath: receiptPathToCartPath(i.path, receipt) } });
    for (const i of report.warnings) entries.push({ severity: "warning", source: "validateReceipt", issue: { ...i, fieldPath: receiptPathToCartPath(i.path, receipt) } });
  }
  const category = categoryOption();
  if (category) {
    const report = validateCategory(category);
    for (const [sev, list] of [["error", report.errors], ["warning", report.warnings]]) {
      for (const i of list) {
        const path = `category.${i.path || "category"}`;
        entries.push({ severity: sev, source: "validateCategory", issue: { ...i, path, fieldPath: path } });
      }
    }
  }
  renderReport(entries);

  const preview = $("#preview");
  if (receipt) {
    state.lastReceipt = receipt;
    const options = { locale: state.locale, theme: state.theme, category };
    // Escaped by the library (see the note at the top of this file).
    preview.innerHTML = renderReceiptHtml(receipt, options);
    preview.classList.remove("stale");
    const p = previewReceipt(receipt, { locale: state.locale });
    $("#total-badge").textContent = `${p.totalLabel}: ${p.total.formatted}`;
    $("#total-badge").className = "pill";
  } else {
    preview.classList.add("stale");
    $("#total-badge").textContent = "Cart has errors: showing the last good receipt";
    $("#total-badge").className = "pill bad";
  }
  $("#send").disabled = !receipt;
}

function changed(from) {
  if (from !== "json") {
    $("#json").value = JSON.stringify(state.cart, null, 2);
    $("#json-error").hidden = true;
  }
  update();
}

function onJsonInput() {
  const text = $("#json").value;
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    $("#json-error").textContent = `Not valid JSON: ${e.message}`;
    $("#json-error").hidden = false;
    return;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    $("#json-error").textContent = "The cart must be a JSON object.";
    $("#json-error").hidden = false;
    return;
  }
  $("#json-error").hidden = true;
  state.cart = parsed;
  renderForm();
  changed("json");
}

// ---- Tabs -------------------------------------------------------------------------------------------

function showTab(which) {
  const json = which === "json";
  if (!json && !$("#pane-form").hidden) return;
  $("#tab-form").setAttribute("aria-selected", String(!json));
  $("#tab-json").setAttribute("aria-selected", String(json));
  $("#pane-form").hidden = json;
  $("#pane-json").hidden = !json;
  if (json) $("#json").value = JSON.stringify(state.cart, null, 2);
}

// ---- Sending to the mock --------------------------------------------------------------------------

async function refreshMockState() {
  try {
    const r = await fetch("/api/mock-state");
    const s = await r.json();
    const ids = Object.keys(s.receipts ?? {});
    $("#mock-state").textContent = ids.length
      ? ids.map((k) => `${k}  (${s.receipts[k].orderLines?.length ?? 0} lines, posted ${s.receiptPostCount?.[k] ?? 1}×)${s.categories?.[k] ? `  category ${s.categories[k].category}` : ""}`).join("\n")
      : "No receipts yet.";
  } catch (e) {
    $("#mock-state").textContent = `Could not read the mock: ${e.message}`;
  }
}

async function sendToMock() {
  const out = $("#send-result");
  const button = $("#send");
  button.disabled = true;
  out.className = "send-result";
  out.textContent = "Sending…";
  try {
    const r = await fetch("/api/send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cart: state.cart, orderId: $("#order-id").value.trim(), category: categoryOption() ?? null }),
    });
    const body = await r.json();
    if (body.ok) {
      out.className = `send-result ${body.status === "created" ? "good" : "warn"}`;
      out.textContent = body.status === "created"
        ? `Receipt created for order ${body.orderId} (sent with ${body.via}).`
        : `Order ${body.orderId} already has a receipt; the API keeps the first one (sent with ${body.via}).`;
    } else {
      out.className = "send-result bad";
      const issues = (body.error?.issues ?? []).map((i) => `\n• ${i.path}: ${i.message}`).join("");
      out.textContent = `Not sent: ${body.error?.message ?? `HTTP ${r.status}`}${issues}`;
    }
  } catch (e) {
    out.className = "send-result bad";
    out.textContent = `Not sent: ${e.message}`;
  } finally {
    button.disabled = false;
    await refreshMockState();
  }
}

// ---- Start ------------------------------------------------------------------------------------------

function start() {
  $("#order-id").value = `order-${Date.now().toString(36)}`;
  $("#category-type").value = state.category.category;
  $("#category-url").value = state.category.orderDetailsUrl;
  $("#locale").value = state.locale;
  $("#theme").value = state.theme;

  $("#pane-form").addEventListener("input", onFormInput);
  $("#pane-form").addEventListener("submit", (e) => e.preventDefault());
  $("#locale").addEventListener("input", (e) => { state.locale = e.target.value; update(); });
  $("#theme").addEventListener("input", (e) => { state.theme = e.target.value; document.body.dataset.theme = state.theme; update(); });
  $("#add-item").addEventListener("click", () => {
    if (!Array.isArray(state.cart.items)) state.cart.items = [];
    const n = state.cart.items.length + 1;
    state.cart.items.push({ id: `sku-new-${n}`, name: "New item", unitPrice: "0.00", quantity: "1", unit: "PCS", taxRate: "25" });
    renderForm();
    changed("form");
    fieldFor(`items[${n - 1}].name`)?.focus();
  });
  $("#tab-form").addEventListener("click", () => showTab("form"));
  $("#tab-json").addEventListener("click", () => showTab("json"));
  $("#json").addEventListener("input", onJsonInput);
  $("#send").addEventListener("click", sendToMock);
  $("#refresh-mock").addEventListener("click", refreshMockState);

  renderForm();
  changed("form");
  refreshMockState();
  const status = $("#status");
  status.textContent = `Library v${version()} · ready`;
  status.className = "pill good";
  document.body.dataset.ready = "true";
}

start();
