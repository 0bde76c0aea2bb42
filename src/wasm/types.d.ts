// ---- Units -------------------------------------------------------------------------------------
// A number is in API units (amounts in minor units, tax rates in basis points, quantities as
// given); a string is a human decimal (amounts in major units "39.90", rates in percent "25.5",
// quantities "2.5"). A non-integer number where API units are meant is an error, never a guess.

/** An amount: minor units as an integer (3990), or major units as a decimal string ("39.90"). */
export type Money = number | string;
/** A tax rate: basis points as an integer (2550), or percent as a decimal string ("25.5"). */
export type TaxRateInput = number | string;
/** A quantity: a whole number (2), or an exact decimal string ("2.5", at most 8 decimals). */
export type QuantityInput = number | string;

export type Currency = "NOK" | "DKK" | "EUR";
export type QuantityUnit = "PCS" | "KG" | "KM" | "MINUTE" | "LITRE" | "KWH";
export type CategoryType = "GENERAL" | "RECEIPT" | "ORDER_CONFIRMATION" | "DELIVERY" | "TICKET" | "BOOKING";
export type BarcodeFormat = "EAN-13" | "CODE 39" | "CODE 128";
/**
 * At run time any case is accepted ("ECOM", "ecom" as the guide writes it, or "Ecom") and upper
 * case is sent. This type lists only the all-upper and all-lower spellings, so a mixed case such
 * as "Ecom" is a type error in TypeScript although the package takes it.
 */
export type PaymentType = "ECOM" | "RECURRING" | "ecom" | "recurring";
/**
 * A value the API sends that this version does not know (a new unit, category type or barcode
 * format): responses keep it as the raw string instead of failing. Requests still refuse it.
 */
export type Newer = string & {};

// ---- The cart buildReceipt takes ----------------------------------------------------------------

export interface CartItem {
  /** Unique across all lines of the cart. */
  id: string;
  name: string;
  /** Price of one unit; including tax unless the cart says `pricesIncludeTax: false`. */
  unitPrice: Money;
  /** Default 1. */
  quantity?: QuantityInput;
  /** Default "PCS". */
  unit?: QuantityUnit;
  taxRate: TaxRateInput;
  /** This line's discount (an amount, not a percentage). */
  discount?: Money;
  productUrl?: string;
  /** A returned item: entered positive, counted negative. */
  isReturn?: boolean;
}

export interface CartShipping {
  /** Default "shipping" (then "shipping-2", ...). */
  id?: string;
  name: string;
  price: Money;
  taxRate: TaxRateInput;
  discount?: Money;
}

export interface CartFee {
  /** Default "fee" (then "fee-2", ...). */
  id?: string;
  name: string;
  price: Money;
  taxRate: TaxRateInput;
}

export interface Cart {
  currency: Currency;
  items: CartItem[];
  shipping?: CartShipping | CartShipping[];
  fees?: CartFee[];
  /** A cart-level discount, spread over the item lines in proportion to their totals. */
  discount?: Money;
  tipAmount?: Money;
  paymentSources?: { giftCard?: Money; card?: Money; voucher?: Money; cash?: Money };
  barcode?: Barcode;
  receiptNumber?: string;
  posId?: string;
  /** Default true: unit prices include tax. */
  pricesIncludeTax?: boolean;
  /** The amount charged; building fails, saying by how much, when the receipt totals otherwise. */
  expectedTotal?: Money;
}

/**
 * What `buildReceipt` takes: a `Cart`, or the same object with its enum fields as plain strings,
 * as TypeScript types an object literal kept in a variable (`const cart = { currency: "NOK", ... }`
 * has `currency: string`). The builder checks those fields at run time and lists every problem.
 */
export type CartInput = Omit<Cart, "currency" | "items" | "barcode"> & {
  currency: Currency | (string & {});
  items: (Omit<CartItem, "unit"> & { unit?: QuantityUnit | (string & {}) })[];
  barcode?: { format: BarcodeFormat | (string & {}) | null; data: string | null };
};

/** The second argument of `buildReceipt`. */
export interface BuildOptions {
  /**
   * Called once per warning before `buildReceipt` returns: the warnings `validateReceipt` gives on
   * the built receipt (paths are the receipt's, like "orderLines[0].taxRate"), after any about the
   * cart. Without it warnings are not worked out and nothing is logged. A throw propagates.
   */
  onWarning?: (issue: Issue) => void;
}

// ---- The API's types (the spec's schemas) --------------------------------------------------------

export interface Receipt {
  orderLines: OrderLine[];
  bottomLine: BottomLine;
}

/**
 * What `buildReceipt` returns: a `Receipt` with what the builder always sets. Every line has
 * `taxRate` (basis points) and never the deprecated `taxPercentage`; item lines have `unitInfo`
 * (shipping and fee lines do not); the bottom line has the cart's `currency`.
 */
export interface BuiltReceipt extends Receipt {
  orderLines: BuiltOrderLine[];
  bottomLine: BottomLine & { currency: Currency };
}

export interface BuiltOrderLine extends OrderLine {
  taxRate: number;
  taxPercentage?: undefined;
  unitInfo?: UnitInfo & { unitPrice: number; quantityUnit: QuantityUnit };
  discount?: number;
  productUrl?: string;
  isReturn?: true;
  isShipping?: true;
}

export interface OrderLine {
  name: string;
  id: string;
  /** Minor units, including tax and after discount. */
  totalAmount: number;
  totalAmountExcludingTax: number;
  /** Always totalAmount − totalAmountExcludingTax. */
  totalTaxAmount: number;
  /** @deprecated use taxRate */
  taxPercentage?: number | null;
  /** Basis points, 0..10000 (2550 = 25.5 %). */
  taxRate?: number | null;
  unitInfo?: UnitInfo | null;
  discount?: number | null;
  productUrl?: string | null;
  isReturn?: boolean | null;
  isShipping?: boolean | null;
}

export interface UnitInfo {
  /** Minor units, including tax, before discount. */
  unitPrice: number | null;
  /** An exact decimal as text, at most 10 characters ("0.822"). */
  quantity: string;
  quantityUnit?: QuantityUnit | null;
}

export interface BottomLine {
  currency: Currency | null;
  tipAmount?: number | null;
  posId?: string | null;
  paymentSources?: PaymentSources | null;
  barcode?: Barcode | null;
  receiptNumber?: string | null;
  /** @deprecated use paymentSources.giftCard */
  giftCardAmount?: number | null;
  /** @deprecated the API sums the order lines */
  totalAmount?: number | null;
  /** @deprecated the API sums the order lines */
  totalTax?: number | null;
  /** @deprecated the API sums the order lines */
  totalDiscount?: number | null;
  /** @deprecated use an order line with isShipping */
  shippingAmount?: number | null;
  /** @deprecated use an order line with isShipping */
  shippingInfo?: ShippingInfo | null;
  /** @deprecated use posId */
  terminalId?: string | null;
}

export interface PaymentSources {
  giftCard?: number | null;
  card?: number | null;
  voucher?: number | null;
  cash?: number | null;
}

export interface Barcode {
  format: BarcodeFormat | null;
  data: string | null;
}

/** @deprecated use an order line with isShipping */
export interface ShippingInfo {
  amount: number | null;
  amountExcludingTax: number | null;
  taxAmount: number | null;
  taxPercentage: number | null;
}

/** The v2 category request (`PUT v2/{paymentType}/categories/{orderId}`; the spec's `Order`). */
export interface CategoryRequest {
  category: CategoryType | null;
  /** An absolute URL back to the shop (https), or an app link such as "ruter:///min/bilett". */
  orderDetailsUrl: string;
  imageId?: string | null;
  /** Only in orders read back from the deprecated v1 API. */
  imageIds?: { id: string; sortOrder?: number }[];
}

/** The v3 category request (`POST v3/categories`). */
export interface AddCategoryRequest {
  orderId: string;
  paymentType: PaymentType;
  type: CategoryType;
  url: string;
  imageId?: string;
}

/** A v3 category as the API returns it. */
export interface Category {
  categoryId?: string;
  orderId?: string;
  paymentType?: PaymentType | Newer;
  type?: CategoryType | Newer;
  url?: string;
  imageId?: string;
}

/** The image upload body (`POST v1/images`). */
export interface ImageRequest {
  /** ^[0-9A-Za-z-_.]+$, at most 128 characters. */
  imageId: string;
  /** Base64 of PNG or JPEG bytes, at least 167 px high, at most 2 MB. */
  src: string;
  type: "base64";
}

export interface ImageInfo {
  format: "png" | "jpeg";
  width: number;
  height: number;
  byteLen: number;
}

/** The API's problem JSON. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  invalidParams?: { name: string; reason: string }[];
  extraDetails?: unknown;
}

// ---- Reports and errors --------------------------------------------------------------------------

export interface Issue {
  /** A JSON path like "orderLines[1].totalTaxAmount"; "" is the root. */
  path: string;
  /** A stable snake_case code (docs/CODES.md says what each means). */
  code: IssueCode;
  /** Plain English; may change between versions. */
  message: string;
}

/** An issue's `code`: docs/CODES.md says what each means. Generated from `codes::ALL` (tests/ts_codes.rs). */
export type IssueCode =
  | "json_syntax"
  | "expected_type"
  | "required"
  | "unknown_field"
  | "not_integer"
  | "too_large"
  | "empty"
  | "too_long"
  | "id_pattern"
  | "id_dot_segment"
  | "duplicate_key"
  | "too_deep"
  | "too_many_errors"
  | "too_many_warnings"
  | "unknown_cart_field"
  | "invalid_decimal"
  | "too_precise"
  | "negative_input"
  | "zero_quantity"
  | "tax_rate_out_of_range"
  | "ambiguous_tax_rate"
  | "unknown_value"
  | "duplicate_cart_line_id"
  | "line_discount_exceeds_gross"
  | "cart_discount_exceeds_items"
  | "empty_cart"
  | "expected_total_mismatch"
  | "line_identity"
  | "tax_rate_and_percentage"
  | "tax_missing"
  | "out_of_range"
  | "negative"
  | "negative_line_amount"
  | "null_value"
  | "enum_value"
  | "pattern"
  | "min_items"
  | "unsafe_url"
  | "url_not_absolute"
  | "url_whitespace"
  | "url_not_https"
  | "deprecated_field"
  | "rate_mismatch"
  | "unit_price_mismatch"
  | "payment_sources_mismatch"
  | "barcode_length"
  | "barcode_check_digit"
  | "barcode_charset"
  | "bidi_control"
  | "unusual_tax_rate"
  | "duplicate_line_id"
  | "image_format"
  | "image_corrupt"
  | "image_truncated"
  | "image_too_short"
  | "image_too_large"
  | "image_near_size_limit"
  | "image_not_square"
  | "image_too_narrow"
  | "image_src_url"
  | "image_type"
  | "base64_invalid"
  | "base64_padding"
  | "base64_whitespace"
  | "base64_data_url"
  | "api_invalid_param"
  | "header_value"
  | "base_url"
  | "secret_in_browser";

export interface ValidationReport {
  /** True when there are no errors (warnings allowed). */
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
}

/** An error's `code` (docs/ERRORS.md); generated from `ErrorCode::ALL` (tests/ts_codes.rs). */
export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "server_error"
  | "network"
  | "timeout"
  | "invalid_response"
  | "redirect";

/** What every error the package throws carries besides its `code`. */
export interface VippsOrderManagementErrorFields extends Error {
  name: "VippsOrderManagementError";
  /** The HTTP status, when HTTP gave one. */
  status?: number;
  /** Field problems (from our validation or the API's invalidParams). */
  issues: Issue[];
  /** The API's problem JSON, when it sent one. */
  problem?: ProblemDetails;
  /** How long the API asked to wait (Retry-After), when it did. */
  retryAfterMs?: number;
  /** What the transport said when a request got no answer (docs/ERRORS.md). */
  cause?: Error;
}

/**
 * A `conflict`: from `addReceipt`, the order already has a different receipt (`existing`, as the
 * API returned it, and `attempted`, the one sent); from `uploadImage`, a chosen image id was taken
 * (neither field).
 */
export interface ConflictError extends VippsOrderManagementErrorFields {
  code: "conflict";
  existing?: ReceiptRead;
  attempted?: Receipt;
}

/** Any other error, by its code. */
export interface OtherVippsOrderManagementError extends VippsOrderManagementErrorFields {
  code: Exclude<ErrorCode, "conflict">;
}

/**
 * Every error the package throws: an `Error` named "VippsOrderManagementError". Check a caught
 * value with `isVippsOrderManagementError(e)`; then `e.code === "conflict"` narrows to `ConflictError`.
 */
export type VippsOrderManagementError = ConflictError | OtherVippsOrderManagementError;

// ---- Preview -------------------------------------------------------------------------------------

export interface PreviewOptions {
  /** "nb-NO", "en-US", "da-DK", "fi-FI" (also "nb", "en", ...); anything else falls back to English. */
  locale?: string;
  /** The category link to show as the app's button. */
  category?: CategoryRequest;
  /** An https URL to show for the category image (the API itself only has image ids). */
  imageUrl?: string;
  /** App schemes allowed as links besides https/http, e.g. ["vipps"]. javascript:, data: and the like never are. */
  allowedLinkSchemes?: string[];
  theme?: "light" | "dark" | "auto";
}

/** An amount as minor units (null when out of range) and as the locale formats it. */
export interface PreviewMoney {
  amount: number | null;
  formatted: string;
}

export interface SafeLink {
  href: string;
  /** False for plain http:, which the preview marks as not secure. */
  secure: boolean;
}

export interface LinePreview {
  name: string;
  id: string;
  isReturn: boolean;
  isShipping: boolean;
  quantity: string;
  unit: string | null;
  unitPrice: PreviewMoney | null;
  /** "2 × 39,90 kr" */
  quantityText: string;
  /** The price before discount, struck through in the app; null when not discounted. */
  originalTotal: PreviewMoney | null;
  discount: PreviewMoney | null;
  /** Negative for return lines. */
  total: PreviewMoney;
  totalExcludingTax: PreviewMoney;
  tax: PreviewMoney;
  taxRate: number | null;
  taxRateText: string;
  /** "VAT 25 % • 15,96 kr" */
  vatText: string;
  productLink: SafeLink | null;
}

export interface SummaryRow {
  kind: "sum" | "discount" | "shipping" | "tip" | "total";
  label: string;
  amount: PreviewMoney;
}

export interface VatRow {
  rate: number | null;
  rateText: string;
  net: PreviewMoney;
  vat: PreviewMoney;
  total: PreviewMoney;
}

export interface VatTable {
  caption: string;
  rateHeader: string;
  netHeader: string;
  vatHeader: string;
  totalHeader: string;
  rows: VatRow[];
}

export interface PaymentRow {
  kind: string;
  label: string;
  amount: PreviewMoney;
}

export interface BarcodePreview {
  label: string;
  format: string | null;
  text: string;
  /** Bar modules as "1"/"0", null when the data cannot be drawn in its format. */
  modules: string | null;
}

export interface CategoryButton {
  category: CategoryType;
  label: string;
  icon: string;
  url: string;
  link: SafeLink | null;
  imageId: string | null;
  imageUrl: string | null;
  imageAlt: string;
}

export interface LabelledText {
  label: string;
  value: string;
}

/** What the app will show for a receipt. */
export interface ReceiptPreview {
  locale: string;
  theme: string;
  currency: Currency | null;
  title: string;
  total: PreviewMoney;
  totalLabel: string;
  vat: PreviewMoney;
  inclVatLabel: string;
  inclVatText: string;
  itemCount: number;
  itemCountText: string;
  lines: LinePreview[];
  shippingLinesLabel: string;
  shippingLines: LinePreview[];
  summary: SummaryRow[];
  tip: PreviewMoney | null;
  vatTable: VatTable;
  paymentInformationLabel: string;
  paymentSources: PaymentRow[];
  barcode: BarcodePreview | null;
  receiptNumber: LabelledText | null;
  posId: LabelledText | null;
  category: CategoryButton | null;
}

// ---- Client -------------------------------------------------------------------------------------

/** An access token from your own source; `expiresInMs` from now, or until the API answers 401. */
export type AccessTokenSource = string | (() => string | { token: string; expiresInMs?: number } | Promise<string | { token: string; expiresInMs?: number }>);

export interface ClientOptions {
  /** With clientSecret: the client fetches and caches access tokens itself. */
  clientId?: string;
  clientSecret?: string;
  /** Instead of clientId/clientSecret: a token, or a function that returns one. */
  accessToken?: AccessTokenSource;
  subscriptionKey: string;
  merchantSerialNumber: string;
  /** "test" (default): apitest.vipps.no; "production": api.vipps.no. */
  environment?: "test" | "production";
  /** Overrides environment (e.g. a mock); absolute http(s), no trailing path needed. */
  baseUrl?: string;
  /** The Vipps-System-* headers (at most 100 characters each). */
  systemName?: string;
  systemVersion?: string;
  pluginName?: string;
  pluginVersion?: string;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** The client refuses a clientSecret or subscriptionKey in a browser (a page or a web worker) unless this is true. Don't. */
  dangerouslyAllowBrowser?: boolean;
}

export interface WriteResult {
  /** "already_exists": the order already had exactly this (a retry after a lost answer). */
  status: "created" | "already_exists";
  /** The id the API's 201 answer carries (a JSON string), when it carries one. */
  receiptId?: string;
}

export interface SetCategoryResult {
  /** The id the API's 200 answer carries (a JSON string), when it carries one. */
  id?: string;
}

export interface UploadedImage {
  imageId: string;
  /**
   * "already_exists": the id was taken and is derived from these bytes, so it holds them.
   * "id_taken": a caller-chosen id was taken after a retry: perhaps this call's own earlier
   * attempt, perhaps another upload; the API cannot say which bytes it holds.
   */
  status: "created" | "already_exists" | "id_taken";
  /** True when the id was derived from the content (no id given). */
  idFromContent: boolean;
}

/** addCategory's result: "already_exists" when, after an attempt whose outcome was unknown,
 * the order's categories already held a matching one (its id is returned; no second POST). */
export interface AddedCategory {
  status: "created" | "already_exists";
  categoryId?: string;
}

/** A receipt as the API returns it: enum values newer than this version stay plain strings. */
export interface ReceiptRead {
  orderLines: (Omit<OrderLine, "unitInfo"> & {
    unitInfo?: (Omit<UnitInfo, "quantityUnit"> & { quantityUnit?: QuantityUnit | Newer | null }) | null;
  })[];
  bottomLine: Omit<BottomLine, "barcode"> & {
    barcode?: (Omit<Barcode, "format"> & { format: BarcodeFormat | Newer | null }) | null;
  };
}

/** A v2 category as the API returns it (a newer category type stays a plain string). */
export type CategoryRead = Omit<CategoryRequest, "category"> & { category: CategoryType | Newer | null };

export interface OrderV2Response {
  category?: CategoryRead;
  receipt?: ReceiptRead;
}

export interface AddCategoryResponse {
  categoryId?: string;
}

export interface GetCategoriesResponse {
  categories: Category[];
}

/** A `conflict` from addReceipt when the order already has a different receipt. */
export interface ReceiptConflictError extends ConflictError {
  existing: ReceiptRead;
  attempted: Receipt;
}
