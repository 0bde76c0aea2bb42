// Issue 13, "A JS/TS developer's first hour": what the types must let a new user write without
// casts, and the mistakes they must catch. Compiled with `tsc --strict`, `skipLibCheck: false`,
// under `module` node16 and nodenext, against the installed package (tests/package/package.test.mjs).
// Each `@ts-expect-error` line must be an error, or tsc fails ("Unused '@ts-expect-error' directive").
import {
  buildReceipt,
  validateReceipt,
  validateCategory,
  validateImage,
  isVippsOrderManagementError,
  OrderManagementClient,
  type BuiltReceipt,
  type Currency,
  type IssueCode,
  type ErrorCode,
  type Receipt,
  type ReceiptRead,
  type VippsOrderManagementError,
} from "vipps-order-management";
// The main entry exposes no wasm-bindgen internals (the loading is done on import).
// @ts-expect-error initSync is not exported
import { initSync } from "vipps-order-management";
// @ts-expect-error InitOutput (the raw wasm exports) is not exported
import type { InitOutput } from "vipps-order-management";
// @ts-expect-error nor is the glue's init function, as a default export
import init from "vipps-order-management";
void initSync, init;
type NotExported = InitOutput;

// A plain object literal in a variable (its strings widen to `string`), no `satisfies Cart`.
const cart = {
  currency: "NOK",
  items: [{ id: "sku-1", name: "Socks", unitPrice: "39.90", quantity: "2", unit: "PCS", taxRate: "25" }],
  barcode: { format: "EAN-13", data: "4006381333931" },
};
// What the builder guarantees, typed as such: every line's taxRate, the currency.
const built: BuiltReceipt = buildReceipt(cart);
const rate: number = built.orderLines[0].taxRate;
const currency: Currency = built.bottomLine.currency;
const asReceipt: Receipt = built;
// The builder's warnings channel: each warning is an Issue with a documented code.
buildReceipt(cart, { onWarning: (issue) => void (issue.code satisfies IssueCode) });
// @ts-expect-error 'onWarnings' is not an option
buildReceipt(cart, { onWarnings: () => {} });
// A misspelt field in an inline cart is still caught.
// @ts-expect-error 'discuont' does not exist
buildReceipt({ currency: "NOK", items: [], discuont: "5.00" });

// Validators are for unchecked data: they take `unknown`.
const untrusted: unknown = JSON.parse("{}");
const report = validateReceipt(untrusted);
validateCategory(untrusted);
validateImage(untrusted);
// Issue codes are the documented ones (docs/CODES.md), not any string.
const firstCode: IssueCode | undefined = report.errors[0]?.code;
// @ts-expect-error "no_such_code" is not an IssueCode
const wrongCode: IssueCode = "no_such_code";
// @ts-expect-error "teapot" is not an ErrorCode
const wrongErrorCode: ErrorCode = "teapot";

async function send(client: OrderManagementClient): Promise<string> {
  try {
    return (await client.addReceipt("ECOM", "order-1", built)).status;
  } catch (error) {
    // @ts-expect-error `error` is unknown until checked
    void error.code;
    if (!isVippsOrderManagementError(error)) throw error;
    const typed: VippsOrderManagementError = error;
    const codes: IssueCode[] = typed.issues.map((issue) => issue.code);
    // What the transport said when no answer came (network, timeout).
    const cause: Error | undefined = typed.cause;
    void cause;
    if (error.code === "conflict") {
      // Narrowed by `code`: a conflict carries the receipt found and the one attempted.
      const existing: ReceiptRead | undefined = error.existing;
      const attempted: Receipt | undefined = error.attempted;
      void existing, attempted;
    } else {
      // @ts-expect-error only a conflict carries `existing`
      void error.existing;
    }
    return `${error.code} ${error.status ?? ""} ${codes.join()}`;
  }
}

void rate, currency, asReceipt, firstCode, wrongCode, wrongErrorCode, send;
