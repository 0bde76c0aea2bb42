//! The preview as a self-contained HTML fragment that looks like the app's receipt screen.
//!
//! One root `<section class="vomr ...">` with a `<style>` scoped to `.vomr`; no scripts, no
//! external resources (system fonts, inline SVG icons); the only image is the category image, and
//! only from https. Every text and attribute value goes through [`escape`]; a URL becomes a link
//! only through [`safe_link`]. Caller text shows inside `<bdi>` (bidi isolation), cut at
//! [`MAX_SHOWN_CHARS`].

#[cfg(feature = "serde")]
use serde::Serialize;

use super::{
    CategoryButton, Formatter, LineFigures, PreviewOptions, Sums, barcode, barcode_preview,
    category, category_button, locale::Locale, payments, pos_id, push_vat_text, receipt_number,
    theme,
};
use crate::model::{CategoryType, OrderLine, Receipt};
use crate::validate::url::{UrlKind, classify_url};
use crate::write_json::{ObjectWriter, WriteJson};

/// Escapes text for HTML content and quoted attribute values: `& < > " '`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// The bytes [`push_escaped`] replaces: `& < > " '`.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Appends `text` escaped. Runs without special characters are copied whole; the five are
/// ASCII, so the byte positions found are char boundaries.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // A plain index loop: at opt-level "z" an iterator chain here is a call per byte.
    let bytes = text.as_bytes();
    let mut plain_start = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        // One load per plain byte: most text has none of the five.
        if !ESCAPED[usize::from(byte)] {
            index += 1;
            continue;
        }
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => {
                index += 1;
                continue;
            }
        };
        out.push_str(text.get(plain_start..index).unwrap_or_default());
        out.push_str(replacement);
        index += 1;
        plain_start = index;
    }
    out.push_str(text.get(plain_start..).unwrap_or_default());
}

/// A URL that may be an `href`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SafeLink {
    /// The URL with surrounding whitespace removed (not yet HTML-escaped).
    pub href: String,
    /// `false` for plain `http:`, which the preview marks as not secure.
    pub secure: bool,
}

fn is_url_noise(ch: char) -> bool {
    if ch.is_ascii() {
        // The same answer as below for ASCII (controls are 0x00–0x1f and 0x7f; ASCII whitespace
        // is at most 0x20), without the Unicode tables.
        ch <= ' ' || ch == '\x7f'
    } else {
        ch.is_control() || ch.is_whitespace()
    }
}

/// Whether any character of `url` is [`is_url_noise`]: bytes while they are ASCII (the common
/// case, a plain loop), characters from the first non-ASCII byte on.
fn has_url_noise(url: &str) -> bool {
    let bytes = url.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if !byte.is_ascii() {
            // Every byte before was ASCII, so `index` is a char boundary.
            return url
                .get(index..)
                .is_some_and(|rest| rest.chars().any(is_url_noise));
        }
        if byte <= b' ' || byte == 0x7f {
            return true;
        }
        index += 1;
    }
    false
}

/// Decides whether `url` may become a link, by the one URL policy ([`classify_url`], the same
/// the validators report): `https:` (secure), `http:` (marked not secure), or an app scheme
/// listed in `allowed_app_schemes` (e.g. `vipps`). What the policy refuses (relative URLs,
/// `javascript:`, `data:`, `file:`, ...) is never a link, even if a caller lists its scheme.
/// The preview adds one rule of its own, about clicking in a browser: leading and trailing
/// whitespace and control characters are stripped first (browsers do the same), and any left
/// inside refuses the link (the validator only warns, `url_whitespace`).
pub fn safe_link(url: &str, allowed_app_schemes: &[String]) -> Option<SafeLink> {
    safe_href(url, allowed_app_schemes).map(|(href, secure)| SafeLink {
        href: href.to_owned(),
        secure,
    })
}

/// [`safe_link`] without the copy: the `href` (a part of `url`) and whether it is secure.
fn safe_href<'u>(url: &'u str, allowed_app_schemes: &[String]) -> Option<(&'u str, bool)> {
    let url = url.trim_matches(is_url_noise);
    if url.is_empty() || has_url_noise(url) {
        return None;
    }
    let secure = match classify_url(url) {
        UrlKind::Https => true,
        UrlKind::Http => false,
        UrlKind::AppScheme => {
            let scheme = url.split_once(':')?.0;
            allowed_app_schemes
                .iter()
                .any(|allowed| allowed.trim().eq_ignore_ascii_case(scheme))
                .then_some(true)?
        }
        UrlKind::Unsafe | UrlKind::NotAbsolute | UrlKind::Empty => return None,
    };
    Some((url, secure))
}

/// Renders the receipt as the app would show it. See the module docs for what it guarantees.
///
/// Writes the markup straight from the receipt: the same figures and text as
/// [`preview_receipt`](super::preview_receipt)'s view model (both come from `LineFigures`,
/// `Sums` and `Formatter`), without building it (BENCHMARKS.md, "Preview and builder speed").
pub fn render_receipt_html(receipt: &Receipt, options: &PreviewOptions) -> String {
    let locale = Locale::resolve(options.locale.as_deref());
    let labels = locale.labels();
    let bottom = &receipt.bottom_line;
    let fmt = Formatter {
        locale,
        currency: bottom.currency,
    };
    let sums = Sums::of(receipt);
    // The style alone is ~6 KB and each line ~0.6 KB: one allocation for a typical receipt.
    let mut html = Html {
        out: String::with_capacity(STYLE.len() + 4096 + 640 * receipt.order_lines.len()),
        scratch: String::with_capacity(64),
    };
    let h = &mut html;

    h.raw("<section class=\"vomr vomr--");
    h.raw(theme(options.theme.as_deref()));
    h.raw("\" lang=\"");
    h.text(locale.tag());
    h.raw("\" aria-label=\"");
    h.text(labels.receipt);
    h.raw("\"><style>");
    h.raw(STYLE);
    h.raw("</style>");

    // Header: the amount paid, the VAT in it, the receipt number.
    h.raw("<header class=\"vomr-head\"><p class=\"vomr-title\">");
    h.text(labels.receipt);
    h.raw("</p><p class=\"vomr-total\">");
    h.text_of(&|out| fmt.push_money(out, sums.total));
    h.raw("</p><p class=\"vomr-muted\">");
    h.text_of(&|out| fmt.push_incl_vat(out, sums.vat));
    h.raw("</p>");
    let number = receipt_number(bottom);
    if let Some(number) = number {
        h.raw("<p class=\"vomr-ref\">");
        h.text(labels.receipt_number);
        h.raw(" ");
        h.caller(number);
        h.raw("</p>");
    }
    h.raw("</header>");

    if let Some(order_category) = &options.category {
        render_category(h, &category_button(order_category, options, labels), labels);
    }

    // The item lines, then the shipping lines.
    h.raw("<section class=\"vomr-block\"><h3 class=\"vomr-h\">");
    h.text(&labels.item_count(sums.item_lines));
    h.raw("</h3><ul class=\"vomr-lines\">");
    for line in receipt
        .order_lines
        .iter()
        .filter(|line| !line.is_shipping())
    {
        render_line(h, line, &fmt, options);
    }
    h.raw("</ul>");
    if sums.shipping_lines > 0 {
        h.raw("<h4 class=\"vomr-h vomr-h--sub\">");
        h.text(labels.shipping_lines);
        h.raw("</h4><ul class=\"vomr-lines\">");
        for line in receipt.order_lines.iter().filter(|line| line.is_shipping()) {
            render_line(h, line, &fmt, options);
        }
        h.raw("</ul>");
    }

    // Sum, discount, shipping, tip, total.
    h.raw("<dl class=\"vomr-summary\">");
    for (kind, label, amount) in sums.summary(labels) {
        h.raw("<div class=\"vomr-row vomr-row--");
        h.raw(kind);
        h.raw("\"><dt>");
        h.text(label);
        h.raw("</dt><dd>");
        h.text_of(&|out| fmt.push_money(out, amount));
        if kind == "total" {
            h.raw("<span class=\"vomr-muted vomr-block-line\">");
            h.text_of(&|out| fmt.push_incl_vat(out, sums.vat));
            h.raw("</span>");
        }
        h.raw("</dd></div>");
    }
    h.raw("</dl>");

    // VAT per rate.
    if !sums.vat_rates.is_empty() {
        h.raw("<table class=\"vomr-vat\"><caption>");
        h.text(labels.vat_caption);
        h.raw("</caption><thead><tr>");
        for header in [
            labels.vat_rate_header,
            labels.vat_net_header,
            labels.vat_amount_header,
            labels.vat_total_header,
        ] {
            h.raw("<th scope=\"col\">");
            h.text(header);
            h.raw("</th>");
        }
        h.raw("</tr></thead><tbody>");
        for ((no_rate, rate), row) in &sums.vat_rates {
            let rate = (!no_rate).then_some(*rate);
            h.raw("<tr><th scope=\"row\">");
            h.text_of(&|out| fmt.push_rate(out, rate));
            h.raw("</th>");
            for amount in [row.net, row.vat, row.total] {
                h.raw("<td>");
                h.text_of(&|out| fmt.push_money(out, amount));
                h.raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");
    }
    h.raw("</section>");

    // Payment information.
    let pos = pos_id(bottom);
    let mut payments = payments(receipt, labels).peekable();
    if payments.peek().is_some() || pos.is_some() {
        h.raw("<section class=\"vomr-block\"><h3 class=\"vomr-h\">");
        h.text(labels.payment_information);
        h.raw("</h3><dl class=\"vomr-summary vomr-summary--plain\">");
        for (_, label, amount) in payments {
            h.raw("<div class=\"vomr-row\"><dt>");
            h.text(label);
            h.raw("</dt><dd>");
            h.text_of(&|out| fmt.push_money(out, i128::from(amount)));
            h.raw("</dd></div>");
        }
        if let Some(pos) = pos {
            h.raw("<div class=\"vomr-row\"><dt>");
            h.text(labels.pos_id);
            h.raw("</dt><dd>");
            h.caller(pos);
            h.raw("</dd></div>");
        }
        h.raw("</dl></section>");
    }

    if let Some(code) = barcode_preview(receipt, labels) {
        h.raw("<figure class=\"vomr-barcode\">");
        if let Some(modules) = &code.modules {
            // The label is "Barcode EAN-13: 4006381333931", escaped piece by piece.
            barcode::push_svg(
                &mut h.out,
                modules.bytes().map(|b| b == b'1'),
                |out| {
                    push_escaped(out, &code.label);
                    if let Some(format) = &code.format {
                        out.push(' ');
                        push_escaped(out, format);
                    }
                    out.push_str(": ");
                    push_caller_escaped(out, &code.text);
                },
                "vomr-barcode-svg",
            );
        }
        h.raw("<figcaption>");
        if code.modules.is_none() {
            h.raw("<span class=\"vomr-sr\">");
            h.text(&code.label);
            h.raw(": </span>");
        }
        h.caller(&code.text);
        h.raw("</figcaption></figure>");
    }

    // Footer like the app's: receipt number and POS id.
    if number.is_some() || pos.is_some() {
        h.raw("<footer class=\"vomr-foot\">");
        let items = [
            number.map(|number| (labels.receipt_number, number)),
            pos.map(|pos| (labels.pos_id, pos)),
        ];
        for (index, (label, value)) in items.into_iter().flatten().enumerate() {
            if index > 0 {
                h.raw(" • ");
            }
            h.text(label);
            h.raw(" ");
            h.caller(value);
        }
        h.raw("</footer>");
    }
    h.raw("</section>");
    html.out
}

/// The most characters of one caller text (a name, a receipt number, barcode data...) the
/// preview shows; longer text ends in "…". The API sets no length on these fields, and the
/// preview's markup must not grow without bound with them (docs/ROBUSTNESS.md).
pub const MAX_SHOWN_CHARS: usize = 500;

/// `text` cut to [`MAX_SHOWN_CHARS`] characters, and whether it was cut.
fn bounded(text: &str) -> (&str, bool) {
    // No more bytes than the limit means no more characters: no need to count them.
    if text.len() <= MAX_SHOWN_CHARS {
        return (text, false);
    }
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => (text.get(..cut).unwrap_or_default(), true),
        None => (text, false),
    }
}

/// Appends caller text escaped and bounded (for attribute values).
fn push_caller_escaped(out: &mut String, text: &str) {
    let (shown, cut) = bounded(text);
    push_escaped(out, shown);
    if cut {
        out.push('…');
    }
}

/// Output under construction: `raw` for markup this module wrote, `text` for our own words,
/// `caller` for text from the receipt or the options.
struct Html {
    out: String,
    /// Where `text_of` and `caller_of` write before escaping; reused for the whole page.
    scratch: String,
}

impl Html {
    /// Caller text as content: escaped, bounded, and isolated in `<bdi>` so bidi controls in it
    /// (an unclosed U+202E) cannot reorder anything outside it, and right-to-left text keeps
    /// its own direction without moving the labels and amounts around it.
    fn caller(&mut self, text: &str) {
        self.raw("<bdi>");
        push_caller_escaped(&mut self.out, text);
        self.raw("</bdi>");
    }

    /// Caller text as [`Html::caller`], written by `write` first.
    fn caller_of(&mut self, write: &dyn Fn(&mut String)) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write(&mut scratch);
        self.caller(&scratch);
        self.scratch = scratch;
    }

    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        push_escaped(&mut self.out, text);
    }

    /// Our own text (an amount, a rate) as [`Html::text`], written by `write` first. A `dyn`
    /// writer: one copy of this code, not one per call site.
    fn text_of(&mut self, write: &dyn Fn(&mut String)) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write(&mut scratch);
        self.text(&scratch);
        self.scratch = scratch;
    }

    /// `<a href=... rel=...>` for a safe link; the caller closes it with `</a>`.
    fn open_link(&mut self, href: &str, class: &str) {
        self.raw("<a class=\"");
        self.raw(class);
        self.raw("\" href=\"");
        self.text(href);
        self.raw("\" target=\"_blank\" rel=\"noopener noreferrer\">");
    }

    fn not_secure(&mut self, labels: &super::locale::Labels) {
        self.raw(" <span class=\"vomr-insecure\">(");
        self.text(labels.not_secure);
        self.raw(")</span>");
    }
}

fn icon(h: &mut Html, paths: &str, class: &str, label: Option<&str>) {
    h.raw("<svg class=\"");
    h.raw(class);
    h.raw("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-linecap=\"round\" stroke-linejoin=\"round\" focusable=\"false\"");
    match label {
        Some(label) => {
            h.raw(" role=\"img\" aria-label=\"");
            h.text(label);
            h.raw("\">");
        }
        None => h.raw(" aria-hidden=\"true\">"),
    }
    h.raw(paths);
    h.raw("</svg>");
}

fn render_category(h: &mut Html, button: &CategoryButton, labels: &super::locale::Labels) {
    let kind = CategoryType::parse(&button.category).unwrap_or(CategoryType::General);
    h.raw("<div class=\"vomr-cat\" data-category=\"");
    h.text(&button.category);
    h.raw("\">");
    match &button.link {
        Some(link) => h.open_link(&link.href, "vomr-cat-head"),
        None => h.raw("<div class=\"vomr-cat-head\">"),
    }
    h.raw("<span class=\"vomr-cat-icon\">");
    // The icon repeats the label next to it, so assistive technology reads the label only.
    icon(h, category::icon_paths(&kind), "vomr-icon", None);
    h.raw("</span><span class=\"vomr-cat-label\">");
    h.text(&button.label);
    if button.link.as_ref().is_some_and(|l| !l.secure) {
        h.not_secure(labels);
    }
    h.raw("</span>");
    icon(
        h,
        category::ARROW_PATHS,
        "vomr-icon vomr-arrow",
        Some(labels.opens_link),
    );
    if button.link.is_some() {
        h.raw("</a>");
    } else {
        h.raw("</div>");
        // Not a link: show where it would have gone, as text.
        h.raw("<p class=\"vomr-cat-url\">");
        h.caller(&button.url);
        h.raw("</p>");
    }
    if let Some(src) = &button.image_url {
        h.raw("<img class=\"vomr-cat-img\" src=\"");
        h.text(src);
        h.raw("\" alt=\"");
        h.text(&button.image_alt);
        h.raw("\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">");
    }
    h.raw("</div>");
}

fn render_line(h: &mut Html, line: &OrderLine, fmt: &Formatter, options: &PreviewOptions) {
    let labels = fmt.locale.labels();
    let figures = LineFigures::of(line);
    let is_return = line.is_return();
    h.raw(if is_return {
        "<li class=\"vomr-line vomr-line--return\">"
    } else {
        "<li class=\"vomr-line\">"
    });
    h.raw("<div class=\"vomr-line-main\"><span class=\"vomr-name\">");
    let link = line
        .product_url
        .as_deref()
        .and_then(|url| safe_href(url, &options.allowed_link_schemes));
    match link {
        Some((href, secure)) => {
            h.open_link(href, "vomr-link");
            h.caller(&line.name);
            h.raw("</a>");
            if !secure {
                h.not_secure(labels);
            }
        }
        None => h.caller(&line.name),
    }
    if is_return {
        h.raw(" <span class=\"vomr-tag\">");
        h.text(labels.returned);
        h.raw("</span>");
    }
    h.raw("</span><span class=\"vomr-amount\">");
    if let Some(original) = figures.original_total {
        h.raw("<s class=\"vomr-orig\"><span class=\"vomr-sr\">");
        h.text(labels.original_price);
        h.raw(": </span>");
        h.text_of(&|out| fmt.push_money(out, original));
        h.raw("</s> • ");
    }
    h.raw("<strong>");
    h.text_of(&|out| fmt.push_money(out, figures.total));
    h.raw("</strong></span></div><div class=\"vomr-line-sub\"><span>");
    // The quantity may be the caller's text (when it does not parse); the rest is ours.
    h.caller_of(&|out| figures.push_quantity(out, fmt.locale));
    h.text_of(&|out| {
        figures.push_after_quantity(out, |out| {
            fmt.push_money(out, figures.unit_price.unwrap_or_default());
        });
    });
    h.raw("</span><span>");
    h.text_of(&|out| {
        push_vat_text(
            out,
            labels,
            |out| fmt.push_rate(out, figures.tax_rate),
            |out| fmt.push_money(out, figures.tax),
        );
    });
    h.raw("</span></div></li>");
}

/// Scoped to `.vomr`; light by default, dark with `.vomr--dark` or `.vomr--auto` in a dark
/// system theme. Colours follow the app (dark navy text, grey secondary text, orange icons,
/// purple arrow).
const STYLE: &str = "\
.vomr{--vomr-bg:#fff;--vomr-fg:#14142b;--vomr-muted:#727283;--vomr-rule:#e3e3ea;--vomr-card:#fff;\
--vomr-shadow:0 2px 8px rgba(20,20,43,.18);--vomr-icon:#ff5b24;--vomr-icon-bg:#fff0ea;--vomr-accent:#5a3fd3;\
--vomr-danger:#d0021b;\
background:var(--vomr-bg);color:var(--vomr-fg);font:15px/1.4 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;\
max-width:420px;margin:0 auto;padding:16px;box-sizing:border-box;-webkit-text-size-adjust:100%;\
overflow-wrap:anywhere}\
.vomr--dark{--vomr-bg:#121218;--vomr-fg:#f3f3f7;--vomr-muted:#a4a4b2;--vomr-rule:#2d2d3a;--vomr-card:#1e1e28;\
--vomr-shadow:0 2px 10px rgba(0,0,0,.6);--vomr-icon:#ff7a4a;--vomr-icon-bg:#3b2219;--vomr-accent:#a895ff;--vomr-danger:#ff6b6b}\
@media (prefers-color-scheme:dark){.vomr--auto{--vomr-bg:#121218;--vomr-fg:#f3f3f7;--vomr-muted:#a4a4b2;\
--vomr-rule:#2d2d3a;--vomr-card:#1e1e28;--vomr-shadow:0 2px 10px rgba(0,0,0,.6);--vomr-icon:#ff7a4a;\
--vomr-icon-bg:#3b2219;--vomr-accent:#a895ff;--vomr-danger:#ff6b6b}}\
.vomr *{box-sizing:border-box}\
.vomr p,.vomr h3,.vomr h4,.vomr ul,.vomr dl,.vomr dd,.vomr figure{margin:0;padding:0}\
.vomr-head{text-align:center;padding:8px 0 20px}\
.vomr-title{font-weight:600;margin-bottom:12px!important}\
.vomr-total{font-size:34px;font-weight:700;letter-spacing:-.5px;line-height:1.15}\
.vomr-muted{color:var(--vomr-muted);font-size:13px}\
.vomr-ref{margin-top:10px!important;font-size:14px}\
.vomr-cat{background:var(--vomr-card);border-radius:16px;box-shadow:var(--vomr-shadow);margin:4px 8px 24px;overflow:hidden}\
.vomr-cat-head{display:flex;align-items:center;gap:12px;padding:14px 16px;color:inherit;text-decoration:none}\
a.vomr-cat-head:focus-visible,.vomr-link:focus-visible{outline:2px solid var(--vomr-accent);outline-offset:2px}\
.vomr-cat-icon{flex:none;width:36px;height:36px;border-radius:50%;background:var(--vomr-icon-bg);color:var(--vomr-icon);\
display:flex;align-items:center;justify-content:center}\
.vomr-icon{width:22px;height:22px;display:block}\
.vomr-cat-label{flex:1;font-weight:500;font-size:16px}\
.vomr-arrow{color:var(--vomr-accent)}\
.vomr-cat-url{padding:0 16px 12px;color:var(--vomr-muted);font-size:12px;word-break:break-all}\
.vomr-cat-img{display:block;width:100%;max-height:260px;object-fit:contain}\
.vomr-block{border-top:1px solid var(--vomr-rule);padding:16px 0}\
.vomr-h{font-size:16px;font-weight:600;margin-bottom:12px!important}\
.vomr-h--sub{font-size:14px;margin-top:4px!important}\
.vomr-lines{list-style:none}\
.vomr-line{padding:6px 0 10px}\
.vomr-line-main,.vomr-line-sub{display:flex;justify-content:space-between;gap:12px}\
.vomr-name,.vomr-line-sub>span:first-child,.vomr-row>*{min-width:0}\
.vomr-amount,.vomr-line-sub>span:last-child{flex:none}\
.vomr-line-main strong{font-weight:500}\
.vomr-line-sub{color:var(--vomr-muted);font-size:13px}\
.vomr-line-sub span:last-child,.vomr-amount{text-align:right;white-space:nowrap}\
.vomr-name{font-weight:500;overflow-wrap:anywhere}\
.vomr-link{color:inherit;text-decoration:underline;text-decoration-color:var(--vomr-rule)}\
.vomr-orig{color:var(--vomr-muted)}\
.vomr-line--return .vomr-amount{color:var(--vomr-danger)}\
.vomr-tag{display:inline-block;font-size:11px;font-weight:600;padding:1px 6px;border-radius:8px;\
background:var(--vomr-rule);color:var(--vomr-fg);vertical-align:1px}\
.vomr-insecure{color:var(--vomr-danger);font-size:12px;font-weight:400}\
.vomr-summary{margin-top:8px}\
.vomr-row{display:flex;justify-content:space-between;gap:12px;padding:7px 0}\
.vomr-row dt{font-weight:500}\
.vomr-row dd{text-align:right}\
.vomr-row--total{font-weight:700}\
.vomr-row--total dt{font-weight:700}\
.vomr-block-line{display:block;font-weight:400}\
.vomr-summary--plain .vomr-row{border-bottom:1px solid var(--vomr-rule);padding:10px 0}\
.vomr-summary--plain dt{color:var(--vomr-muted)}\
.vomr-vat{width:100%;border-collapse:collapse;margin-top:18px;font-size:13px;font-variant-numeric:tabular-nums}\
.vomr-vat caption{text-align:left;font-weight:600;font-size:14px;padding-bottom:6px}\
.vomr-vat th,.vomr-vat td{padding:3px 0;text-align:right;font-weight:400;color:var(--vomr-muted)}\
.vomr-vat thead th{font-weight:600;color:var(--vomr-fg)}\
.vomr-vat th:first-child{text-align:left}\
.vomr-barcode{border-top:1px solid var(--vomr-rule);padding:20px 0 8px;text-align:center}\
.vomr-barcode-svg{display:block;width:100%;max-width:300px;height:72px;margin:0 auto 6px;border-radius:4px}\
.vomr-barcode figcaption{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px;letter-spacing:2px;overflow-wrap:anywhere}\
.vomr-foot{border-top:1px solid var(--vomr-rule);padding:16px 0 4px;text-align:center;color:var(--vomr-muted);font-size:13px}\
.vomr-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}\
";

impl WriteJson for SafeLink {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("href", &self.href)
            .field("secure", &self.secure)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape("Blåbær – 5 kr"), "Blåbær – 5 kr");
    }

    #[test]
    fn escapes_between_multibyte_text() {
        // The byte scan copies runs whole; multi-byte characters next to the five stay intact.
        assert_eq!(escape("ø<ø>'æ\"&å"), "ø&lt;ø&gt;&#39;æ&quot;&amp;å");
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn refuses_non_ascii_blanks_inside_and_strips_them_outside() {
        let none: Vec<String> = Vec::new();
        // U+2028 (line separator) and U+00A0 (no-break space) are whitespace; U+0085 a control.
        for bad in [
            "https://shop.example/a\u{2028}b",
            "https://shøp.example/\u{a0}x",
            "https://shop.example/\u{85}x",
        ] {
            assert_eq!(safe_link(bad, &none), None, "{bad:?}");
        }
        assert_eq!(
            safe_link("\u{a0}https://shøp.example/æ\u{2028}", &none).map(|l| l.href),
            Some("https://shøp.example/æ".to_owned())
        );
    }

    #[test]
    fn links_only_safe_schemes() {
        let none: Vec<String> = Vec::new();
        let vipps = schemes(&["vipps"]);
        let ok = |url: &str, allowed: &[String]| safe_link(url, allowed);
        assert_eq!(
            ok("https://shop.example/o/1", &none),
            Some(SafeLink {
                href: "https://shop.example/o/1".into(),
                secure: true
            })
        );
        assert_eq!(
            ok("  HTTPS://shop.example", &none).map(|l| l.secure),
            Some(true)
        );
        assert_eq!(
            ok("http://shop.example", &none).map(|l| l.secure),
            Some(false)
        );
        assert!(ok("vipps://order/1", &vipps).is_some());
        assert!(ok("VIPPS://order/1", &vipps).is_some());
        assert!(ok("vipps://order/1", &none).is_none());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \t\njavascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "\u{feff}javascript:alert(1)",
            "https://shop.example/\u{7}x",
            "https:/shop.example",
            "https:///x",
            "//evil.example",
            "/relative/path",
            "ftp://files.example",
            "mailto:a@b.c",
            "",
            "   ",
        ] {
            assert_eq!(ok(bad, &vipps), None, "{bad:?}");
        }
        // A caller cannot allow a code-running scheme.
        assert!(ok("javascript:alert(1)", &schemes(&["javascript"])).is_none());
        assert!(ok("data:x", &schemes(&["DATA"])).is_none());
    }
}
