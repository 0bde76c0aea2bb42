// The spec's Receipt as a zod (v4) schema: the same constraints as bench/receipt.schema.json,
// including its three added API rules (one tax field per line, amounts never negative, currency
// not null) and an absolute productUrl. zod objects strip unknown keys by default, as the spec
// allows them. `.nullish()` is the spec's optional + nullable; `.nullable()` alone is required
// but nullable. z.int() is a safe integer (|n| ≤ 2^53 − 1), the widest int64 a JS number holds exactly.
import * as z from "zod";

const amount = z.int().min(0);
const nullableAmount = amount.nullish();
const requiredNullableAmount = amount.nullable();

export const UnitInfo = z.object({
  unitPrice: requiredNullableAmount,
  quantity: z
    .string()
    .max(10)
    .regex(/^\d+([.]\d{1,8})?$/),
  quantityUnit: z.enum(["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"]).nullish(),
});

const given = (value) => value !== undefined && value !== null;

export const OrderLine = z
  .object({
    name: z.string(),
    id: z.string(),
    totalAmount: amount,
    totalAmountExcludingTax: amount,
    totalTaxAmount: amount,
    taxPercentage: z.int().min(0).max(100).nullish(),
    taxRate: z.int().min(0).max(10000).nullish(),
    unitInfo: UnitInfo.optional(),
    discount: nullableAmount,
    productUrl: z.url().nullish(),
    isReturn: z.boolean().nullish(),
    isShipping: z.boolean().nullish(),
  })
  // API rule: exactly one of taxRate and taxPercentage is set.
  .refine((line) => given(line.taxRate) !== given(line.taxPercentage), {
    message: "exactly one of taxRate and taxPercentage must be set",
    path: ["taxRate"],
  });

export const ShippingInfo = z.object({
  amount: requiredNullableAmount,
  amountExcludingTax: requiredNullableAmount,
  taxAmount: requiredNullableAmount,
  taxPercentage: z.int().min(0).max(100).nullable(),
});

export const PaymentSources = z.object({
  giftCard: nullableAmount,
  card: nullableAmount,
  voucher: nullableAmount,
  cash: nullableAmount,
});

export const Barcode = z.object({
  format: z.enum(["EAN-13", "CODE 39", "CODE 128"]).nullable(),
  data: z.string().nullable(),
});

export const BottomLine = z.object({
  currency: z.enum(["NOK", "DKK", "EUR"]),
  tipAmount: nullableAmount,
  giftCardAmount: nullableAmount,
  posId: z.string().nullish(),
  totalAmount: z.int().nullish(),
  totalTax: nullableAmount,
  totalDiscount: nullableAmount,
  shippingAmount: nullableAmount,
  shippingInfo: ShippingInfo.optional(),
  paymentSources: PaymentSources.optional(),
  barcode: Barcode.optional(),
  receiptNumber: z.string().nullish(),
  terminalId: z.string().nullish(),
});

export const Receipt = z.object({
  orderLines: z.array(OrderLine).min(1),
  bottomLine: BottomLine,
});
