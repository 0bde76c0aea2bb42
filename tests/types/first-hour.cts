// The CommonJS view of the package's types (index.d.cts): a `.cts` file, whose imports compile to
// `require`, under `module` node16 and nodenext with `skipLibCheck: false` (an index.d.cts that
// points at the ESM declarations is TS1479 here). See first-hour.ts.
import { buildReceipt, isVippsOrderManagementError, type BuiltReceipt, type IssueCode } from "vipps-order-management";
// @ts-expect-error initSync is not exported
import { initSync } from "vipps-order-management";

const built: BuiltReceipt = buildReceipt({ currency: "NOK", items: [{ id: "a", name: "A", unitPrice: 100, taxRate: 2500 }] });
const rate: number = built.orderLines[0].taxRate;

export function codesOf(error: unknown): IssueCode[] {
  return isVippsOrderManagementError(error) ? error.issues.map((issue) => issue.code) : [];
}

void initSync, rate;
