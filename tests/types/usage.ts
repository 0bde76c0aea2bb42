// Compiled with `tsc --strict` against the installed package (tests/package/package.test.mjs).
// Correct use must compile; each `@ts-expect-error` line must be an error, or tsc fails with
// "Unused '@ts-expect-error' directive".
import {
  buildReceipt,
  validateReceipt,
  previewReceipt,
  renderReceiptHtml,
  validateCategory,
  type Cart,
  type CartItem,
  type Receipt,
  type ValidationReport,
  type ReceiptPreview,
  type VippsOrderManagementError,
  type WriteResult,
  type UploadedImage,
  type AddedCategory,
  type OrderV2Response,
  OrderManagementClient,
} from "vipps-order-management";

const cart: Cart = {
  currency: "NOK",
  items: [
    { id: "sku-1", name: "Socks", unitPrice: "39.90", quantity: "2", taxRate: "25" },
    { id: "sku-2", name: "Coffee", unitPrice: 4990, taxRate: 1500, discount: "5.00", unit: "KG" },
  ],
  shipping: { name: "Home delivery", price: "49", taxRate: "25" },
  discount: "10.00",
  expectedTotal: "163.70",
  receiptNumber: "10042",
};
const receipt: Receipt = buildReceipt(cart);
const total: number = receipt.orderLines[0].totalAmount;
const report: ValidationReport = validateReceipt(receipt);
const fromText: ValidationReport = validateReceipt(JSON.stringify(receipt));
const firstPath: string | undefined = report.errors[0]?.path;
const preview: ReceiptPreview = previewReceipt(receipt, { locale: "nb-NO", theme: "dark" });
const formatted: string = preview.total.formatted;
const html: string = renderReceiptHtml(receipt, {
  category: { category: "RECEIPT", orderDetailsUrl: "https://shop.example/o/1" },
});
const categoryReport: ValidationReport = validateCategory({ category: "DELIVERY", orderDetailsUrl: "https://x.example" });

try {
  buildReceipt(cart);
} catch (error) {
  const e = error as VippsOrderManagementError;
  const code: "invalid_input" | "unauthorized" | string = e.code;
  const paths: string[] = e.issues.map((issue) => issue.path);
  void code, paths;
}

async function send(): Promise<"created" | "already_exists"> {
  const client = new OrderManagementClient({
    clientId: "id",
    clientSecret: "secret",
    subscriptionKey: "key",
    merchantSerialNumber: "123456",
    environment: "test",
    retry: { maxAttempts: 3 },
  });
  const result: WriteResult = await client.addReceipt("ECOM", "order-1", receipt);
  const set: { id?: string } = await client.setCategory("ECOM", "order-1", { category: "RECEIPT", orderDetailsUrl: "https://x.example" });
  void set.id;
  // Issue 10: paymentType in the guide's lower case; app links; the API's own image body; the new results.
  const lower: WriteResult = await client.addReceipt("ecom", "order-1", receipt);
  void lower.receiptId;
  await client.setCategory("recurring", "order-1", { category: "TICKET", orderDetailsUrl: "ruter:///min/bilett" });
  const uploaded: UploadedImage = await client.uploadImage({ imageId: "logo-1", src: "AAAA", type: "base64" });
  const taken: boolean = uploaded.status === "id_taken" && !uploaded.idFromContent;
  void taken;
  const added: AddedCategory = await client.addCategory({ orderId: "o", paymentType: "ECOM", type: "TICKET", url: "https://x.example" });
  void added.categoryId;
  const all = await client.getCategories();
  // A value newer than this version reads as a plain string.
  const order: OrderV2Response = await client.getOrder("ECOM", "order-1");
  const unit: string | null | undefined = order.receipt?.orderLines[0]?.unitInfo?.quantityUnit;
  const kind: string | undefined = all.categories[0]?.type;
  void unit;
  void kind;
  // @ts-expect-error "RECURING" is not a PaymentType
  await client.addReceipt("RECURING", "order-1", receipt);
  // @ts-expect-error 'merchantSerialNo' is not a client option
  new OrderManagementClient({ subscriptionKey: "key", merchantSerialNo: "1", accessToken: "t" });
  client.free();
  return result.status;
}
void send;

// A misspelt field.
// @ts-expect-error 'discuont' does not exist in type 'Cart'
const misspelt: Cart = { currency: "NOK", items: [], discuont: "5.00" };
// A wrong enum value.
// @ts-expect-error '"SEK"' is not assignable to type 'Currency'
const wrongCurrency: Cart = { currency: "SEK", items: [] };
// A missing required field.
// @ts-expect-error property 'name' is missing
const noName: CartItem = { id: "a", unitPrice: 100, taxRate: 2500 };
// A wrong type.
// @ts-expect-error boolean is not Money
const wrongType: CartItem = { id: "a", name: "A", unitPrice: true, taxRate: 2500 };
// A wrong category on the preview options.
// @ts-expect-error '"RECIEPT"' is not a CategoryType
previewReceipt(receipt, { category: { category: "RECIEPT", orderDetailsUrl: "https://x.example" } });

void total, fromText, firstPath, formatted, html, categoryReport, misspelt, wrongCurrency, noName, wrongType;
