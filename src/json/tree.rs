//! The JSON tree the validators and the cart reader walk, and its one-pass reader.
//!
//! Strings without escapes borrow from the text; arrays, objects, numbers and escaped strings
//! live in an [`Arena`] that is reused from one read to the next, so a read of text without
//! escapes (and no object over 16 members) allocates nothing once the arena has grown to its
//! inputs, and the tree needs no drop (BENCHMARKS.md, "Arena reader"; docs/ROBUSTNESS.md,
//! "Memory").
//! Numbers are [`Number`]s, exactly as serde_json reads them: plain integers are read here,
//! every other number text goes through `number::read`, serde_json's steps.
//!
//! The reader accepts exactly what serde_json accepts (RFC 8259: no trailing commas, no control
//! characters in strings, no lone surrogates, numbers within a 64-bit float). When it stops,
//! `json::syntax` names the problem and its position in serde_json's words.

use std::cell::Cell;
use std::collections::HashMap;

use bumpalo::Bump;

use crate::issue::{Issue, MAX_ISSUES};

use super::{MAX_DEPTH, Number, Path, duplicate_key_issue, number};

/// Where a tree's arrays, objects, numbers and escaped strings are kept: the tree borrows it, so
/// it lives as long as the tree. A new one takes the thread's spare (what the last read gave
/// back, its memory kept) or, when a read is already using it (a read inside a read), starts
/// empty; dropped, it gives its memory back as the spare (when the slot is free) unless an input
/// grew it beyond 1 MiB (`SPARE_LIMIT`: its blocks and scratch stacks), so memory stays
/// bounded by the largest recent input up to that size.
#[derive(Default)]
pub struct Arena {
    bump: Bump,
    /// The reader's scratch stacks, empty, kept with their room between reads.
    scratch: Cell<Scratch>,
}

/// The reader's two scratch stacks between reads: empty, so they borrow nothing ('static), and
/// a read's stacks become these again without allocating ([`Scratch::keep`]).
#[derive(Default)]
struct Scratch {
    items: Vec<JsonValue<'static>>,
    members: Vec<(&'static str, JsonValue<'static>)>,
}

impl Scratch {
    /// A read's stacks, emptied, as stacks that borrow nothing. Collecting an emptied `Vec`
    /// into one of the same layout reuses its buffer (std's in-place collection), so this keeps
    /// their room without an allocation; the closures never run.
    fn keep(items: Vec<JsonValue<'_>>, members: Vec<(&str, JsonValue<'_>)>) -> Scratch {
        let mut items = items;
        let mut members = members;
        items.clear();
        members.clear();
        Scratch {
            items: items.into_iter().map(|_| JsonValue::Null).collect(),
            members: members.into_iter().map(|_| ("", JsonValue::Null)).collect(),
        }
    }
}

/// What an [`Arena`] gives back to the thread: plain data, so dropping it (a second spare, or
/// the thread's at its end) only frees memory.
struct Spare {
    bump: Bump,
    scratch: Scratch,
}

/// An arena that grew beyond this many bytes is freed rather than kept for the next read.
const SPARE_LIMIT: usize = 1 << 20;

thread_local! {
    static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
}

impl std::fmt::Debug for Arena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arena")
            .field("allocated_bytes", &self.bump.allocated_bytes())
            .finish_non_exhaustive()
    }
}

impl Arena {
    /// The room of the scratch stacks kept between reads, in bytes.
    fn scratch_bytes(&self) -> usize {
        let scratch = self.scratch.take();
        let bytes = scratch.items.capacity() * size_of::<JsonValue<'_>>()
            + scratch.members.capacity() * size_of::<(&str, JsonValue<'_>)>();
        self.scratch.set(scratch);
        bytes
    }

    /// The thread's spare arena, or an empty one when it is in use.
    pub fn new() -> Arena {
        // `try_with`: while the thread ends there is no slot (and no spare).
        match SPARE.try_with(Cell::take) {
            Ok(Some(spare)) => Arena {
                bump: spare.bump,
                scratch: Cell::new(spare.scratch),
            },
            _ => Arena::default(),
        }
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        let used = self.bump.allocated_bytes();
        // The stacks count too: an unclosed array of strings fills them, not the arena.
        if used + self.scratch_bytes() > SPARE_LIMIT {
            return;
        }
        let mut bump = std::mem::take(&mut self.bump);
        // Resetting keeps the last block only: when the read needed more, the spare is one block
        // with room for all of it, so the next read of that size allocates nothing.
        bump.reset();
        if bump.allocated_bytes() < used {
            // `try_`: no panic (an abort in wasm) in a destructor when memory is short; the
            // reset arena is kept instead.
            if let Ok(bigger) = Bump::try_with_capacity(used) {
                bump = bigger;
            }
        }
        let mut spare = Some(Spare {
            bump,
            scratch: self.scratch.take(),
        });
        let _ = SPARE.try_with(|slot| {
            let kept = slot.take();
            slot.set(kept.or_else(|| spare.take()));
        });
    }
}

/// A JSON value read from text (strings borrowed where they have no escapes, containers in an
/// [`Arena`]) or from a `serde_json::Value` ([`JsonValue::from_serde`]). It owns nothing, so
/// it is copied as bytes (a container's items are one copy into the arena) and never dropped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsonValue<'a> {
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, in the arena.
    Number(&'a Number),
    /// A string, borrowed from the text when it has no escapes.
    String(&'a str),
    /// An array.
    Array(&'a [JsonValue<'a>]),
    /// An object, keys in the order of the text.
    Object(JsonMap<'a>),
}

/// An object's members in the order of the text, each key once: a repeated key keeps its first
/// place and its last value (as serde_json does), and is reported as `duplicate_key` when read.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct JsonMap<'a> {
    entries: &'a [(&'a str, JsonValue<'a>)],
    /// The [`key_bit`]s of the keys: a key whose bit is not set is not here, so looking up an
    /// absent field (most optional ones) costs no scan.
    key_bits: u64,
}

/// Key equality without a call to `memcmp` (a byte loop in wasm): eight bytes at a time, the
/// last eight overlapping the ones before, and plain loops (iterator adaptors stay calls at
/// opt-level "z").
#[inline(always)]
pub(crate) fn key_eq(a: &str, b: &str) -> bool {
    bytes_eq(a.as_bytes(), b.as_bytes())
}

/// [`key_eq`] for bytes.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        let mut at = 0;
        while at < len {
            if a.get(at) != b.get(at) {
                return false;
            }
            at += 1;
        }
        return true;
    }
    let mut at = 0;
    while at + 8 < len {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += 8;
    }
    word_at(a, len - 8) == word_at(b, len - 8)
}

/// The eight bytes at `at` as one word (0 past the end, which callers never ask for).
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, load_u64)
}

/// Eight bytes as one little-endian word (a plain load, where `copy_from_slice` was a call in
/// wasm); `chunk` holds exactly eight bytes wherever this is called.
#[inline(always)]
fn load_u64(chunk: &[u8]) -> u64 {
    <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes)
}

/// One of 64 bits for a key, from its length and its first and last bytes: a filter, not an
/// identity (keys may share a bit). Mixed by a multiplication, so that the receipt's keys (many
/// start and end with `t`) share no bit and a new key is rarely compared with the others.
#[inline(always)]
fn key_bit(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let first = u64::from(bytes.first().copied().unwrap_or(0));
    let last = u64::from(bytes.last().copied().unwrap_or(0));
    let mixed = (bytes.len() as u64) | (first << 8) | (last << 16);
    1 << (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

impl<'a> JsonMap<'a> {
    fn new(entries: &'a [(&'a str, JsonValue<'a>)]) -> JsonMap<'a> {
        let key_bits = entries.iter().fold(0, |bits, (key, _)| bits | key_bit(key));
        JsonMap { entries, key_bits }
    }

    /// The value of `key`. Objects are small, so a linear scan beats hashing.
    pub fn get(&self, key: &str) -> Option<&'a JsonValue<'a>> {
        if self.key_bits & key_bit(key) == 0 {
            return None;
        }
        self.entries
            .iter()
            .find(|(name, _)| key_eq(name, key))
            .map(|(_, value)| value)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys in the order of the text.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(name, _)| -> &str { name })
    }

    /// The entries, in the order of the text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &JsonValue<'a>)> {
        self.entries
            .iter()
            .map(|(name, value)| -> (&str, &JsonValue<'a>) { (name, value) })
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a> JsonValue<'a> {
    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, JsonValue::Null)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            JsonValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// Borrows a `serde_json::Value`, its containers put in `arena` (its objects' keys come in
    /// serde_json's order).
    pub fn from_serde(arena: &'a Arena, value: &'a serde_json::Value) -> JsonValue<'a> {
        use serde_json::Value;
        match value {
            Value::Null => JsonValue::Null,
            Value::Bool(b) => JsonValue::Bool(*b),
            Value::Number(n) => JsonValue::Number(arena.bump.alloc(Number::from_serde(n))),
            Value::String(text) => JsonValue::String(text),
            Value::Array(items) => JsonValue::Array(
                arena
                    .bump
                    .alloc_slice_fill_iter(items.iter().map(|item| Self::from_serde(arena, item))),
            ),
            Value::Object(map) => JsonValue::Object(JsonMap::new(
                arena.bump.alloc_slice_fill_iter(
                    map.iter()
                        .map(|(key, value)| (key.as_str(), Self::from_serde(arena, value))),
                ),
            )),
        }
    }

    /// The same value as a `serde_json::Value` (the client keeps an error answer's
    /// `extraDetails` so). Objects are filled key by key: inserting costs less code in the full
    /// module than collecting, which sorts and bulk-builds the map (BENCHMARKS.md, "Server/Worker
    /// size"); the keys are already unique.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            JsonValue::Null => Value::Null,
            JsonValue::Bool(b) => Value::Bool(*b),
            JsonValue::Number(n) => n.to_serde().map_or(Value::Null, Value::Number),
            JsonValue::String(text) => Value::String((*text).to_owned()),
            JsonValue::Array(items) => Value::Array(items.iter().map(Self::to_serde).collect()),
            JsonValue::Object(members) => {
                let mut map = serde_json::Map::new();
                for (key, member) in members.iter() {
                    map.insert(key.to_owned(), member.to_serde());
                }
                Value::Object(map)
            }
        }
    }
}

/// JSON text that was read: the value, and the problems that did not stop reading it
/// (duplicate keys, with their paths, in the order of the text).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTree<'a> {
    /// The value (for a duplicate key, its last occurrence).
    pub value: JsonValue<'a>,
    /// The duplicate keys, with their paths, in the order of the text.
    pub issues: Vec<Issue>,
}

/// Where reading stopped: the byte offset (a syntax error, a number beyond a 64-bit float, or
/// nesting beyond [`MAX_DEPTH`]) and, for the last, the path of the value that went too deep.
#[derive(Debug)]
pub(super) struct Stopped {
    pub offset: usize,
    pub too_deep_at: Option<String>,
}

/// Reads `text` (without a byte-order mark), its containers put in `arena`.
pub(super) fn parse<'a>(arena: &'a Arena, text: &'a str) -> Result<ParsedTree<'a>, Stopped> {
    let Scratch {
        mut items,
        mut members,
    } = arena.scratch.take();
    // Room for a receipt's deepest open containers at once (a line's members above the
    // receipt's and the bottom line's), or what the arena's last reads needed.
    items.reserve(SCRATCH);
    members.reserve(SCRATCH);
    let mut parser = Parser {
        text,
        bump: &arena.bump,
        escaped: String::new(),
        pos: 0,
        depth: 0,
        too_deep_at: None,
        issues: Vec::new(),
        items,
        members,
    };
    let value = parser.value(&Path::Root);
    arena.scratch.set(Scratch::keep(
        std::mem::take(&mut parser.items),
        std::mem::take(&mut parser.members),
    ));
    parser.skip_whitespace();
    match value {
        Some(value) if parser.pos == text.len() => Ok(ParsedTree {
            value,
            issues: parser.issues,
        }),
        _ => Err(Stopped {
            offset: parser.pos,
            too_deep_at: parser.too_deep_at,
        }),
    }
}

/// The starting room of each scratch stack.
const SCRATCH: usize = 32;

/// Objects up to this many members look for a repeated key by scanning; larger ones hash.
const SCAN_MEMBERS: usize = 16;

struct Parser<'a> {
    text: &'a str,
    bump: &'a Bump,
    /// Where an escaped string is unescaped before it is copied to the arena.
    escaped: String,
    pos: usize,
    depth: usize,
    /// The path of the value that nested beyond [`MAX_DEPTH`], once one did.
    too_deep_at: Option<String>,
    issues: Vec<Issue>,
    /// Scratch stacks: a container's children are pushed here and copied to the arena, exactly
    /// sized, when it closes (nested containers use the stack above their parent's part). Two
    /// allocations per read; in the arena they cost 1.5 KiB gzip of wasm (bumpalo's `Vec`) and
    /// measured no faster (BENCHMARKS.md, "Arena reader").
    items: Vec<JsonValue<'a>>,
    members: Vec<(&'a str, JsonValue<'a>)>,
}

impl<'a> Parser<'a> {
    // Tiny and hot: inlined even at opt-level "z" (the release profile), where they otherwise
    // cost a call per byte.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// A value after optional whitespace; `None` when the text is not JSON here.
    fn value(&mut self, at: &Path) -> Option<JsonValue<'a>> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' => self.object(at),
            b'[' => self.array(at),
            b'"' => self.string().map(JsonValue::String),
            b't' => self.literal("true", JsonValue::Bool(true)),
            b'f' => self.literal("false", JsonValue::Bool(false)),
            b'n' => self.literal("null", JsonValue::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &str, value: JsonValue<'a>) -> Option<JsonValue<'a>> {
        let end = self.pos + word.len();
        // Compared as bytes: `str::get` would check char boundaries first, and slice equality
        // would call `memcmp`.
        let found = self.text.as_bytes().get(self.pos..end)?;
        bytes_eq(found, word.as_bytes()).then(|| {
            self.pos = end;
            value
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    #[inline]
    fn number(&mut self) -> Option<JsonValue<'a>> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        // The integer part's value, summed while its digits are scanned (up to 18 digits always
        // fit an i64; longer ones go to `number::read` below).
        let mut magnitude = 0i64;
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                while let Some(digit @ b'0'..=b'9') = self.peek() {
                    magnitude = magnitude
                        .wrapping_mul(10)
                        .wrapping_add(i64::from(digit - b'0'));
                    self.pos += 1;
                }
            }
            _ => return None,
        }
        let int_digits = self.pos - int_start;
        // `-0` is serde_json's float -0.0.
        let plain = int_digits <= 18
            && !matches!(self.peek(), Some(b'.' | b'e' | b'E'))
            && !(negative && magnitude == 0);
        let number = if plain {
            Number::Integer(if negative { -magnitude } else { magnitude })
        } else {
            // Fractions, exponents, long integers: read again from the sign by serde_json's
            // steps, so the value is exactly the one it reads (and a number beyond a 64-bit float
            // is refused as it refuses it).
            self.pos = start;
            number::read(self.text.as_bytes(), &mut self.pos).ok()?
        };
        Some(JsonValue::Number(self.bump.alloc(number)))
    }

    /// A string at `"`: borrowed when it has no escapes, else unescaped into the arena. Inlined
    /// (a call per key and string cost more than the scan); the escapes are out of line.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let at = find_special(bytes, start)?;
        match *bytes.get(at)? {
            b'"' => {
                self.pos = at + 1;
                sub_str(self.text, start, at)
            }
            b'\\' => self.escaped_string(start, at),
            _ => None,
        }
    }

    /// The rest of a string at `start` whose first escape is at `at`, unescaped into the arena.
    #[inline(never)]
    fn escaped_string(&mut self, start: usize, mut at: usize) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let out = &mut self.escaped;
        out.clear();
        out.push_str(sub_str(self.text, start, at)?);
        loop {
            match *bytes.get(at)? {
                b'"' => {
                    self.pos = at + 1;
                    return Some(self.bump.alloc_str(out));
                }
                b'\\' => {
                    let escaped = match *bytes.get(at + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let (c, next) = unicode_escape(bytes, at + 2)?;
                            out.push(c);
                            at = next;
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(escaped);
                    at += 2;
                }
                0..=0x1f => return None,
                _ => {
                    // A run of plain bytes; it ends at an ASCII byte, so on a char boundary.
                    let run = at;
                    at = find_special(bytes, at)?;
                    out.push_str(sub_str(self.text, run, at)?);
                }
            }
        }
    }

    fn enter(&mut self, at: &Path) -> Option<()> {
        if self.depth >= MAX_DEPTH {
            self.too_deep_at = Some(at.render());
            return None;
        }
        self.depth += 1;
        self.pos += 1;
        Some(())
    }

    // Arrays and objects out of line: `value` then has a small frame for the leaves, most
    // values (5 % fewer instructions at "z", equal at "s"; BENCHMARKS.md, "Arena reader").
    #[inline(never)]
    fn array(&mut self, at: &Path) -> Option<JsonValue<'a>> {
        self.enter(at)?;
        let start = self.items.len();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                let index = self.items.len() - start;
                let item = self.value(&at.index(index))?;
                self.items.push(item);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let items = self.bump.alloc_slice_copy(self.items.get(start..)?);
        self.items.truncate(start);
        Some(JsonValue::Array(items))
    }

    #[inline(never)]
    fn object(&mut self, at: &Path) -> Option<JsonValue<'a>> {
        self.enter(at)?;
        let start = self.members.len();
        // Key → place among this object's members, made when member SCAN_MEMBERS + 1 arrives.
        let mut places: Option<HashMap<&'a str, usize>> = None;
        let mut key_bits = 0;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_whitespace();
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                self.skip_whitespace();
                if self.peek()? != b':' {
                    return None;
                }
                self.pos += 1;
                let value = self.value(&at.key(key))?;
                let own = self.members.get(start..).unwrap_or_default();
                let bit = key_bit(key);
                let earlier = match &places {
                    Some(places) => places.get(key).copied(),
                    None if key_bits & bit == 0 => None,
                    None => own.iter().position(|(name, _)| key_eq(name, key)),
                };
                key_bits |= bit;
                match earlier {
                    Some(place) => {
                        if self.issues.len() <= MAX_ISSUES {
                            self.issues.push(duplicate_key_issue(&at.key(key), key));
                        }
                        if let Some(member) = self.members.get_mut(start + place) {
                            member.1 = value;
                        }
                    }
                    None => {
                        let place = own.len();
                        if let Some(places) = &mut places {
                            places.insert(key, place);
                        } else if place == SCAN_MEMBERS {
                            let mut map = HashMap::with_capacity(2 * SCAN_MEMBERS);
                            for (index, (name, _)) in own.iter().enumerate() {
                                map.insert(*name, index);
                            }
                            map.insert(key, place);
                            places = Some(map);
                        }
                        self.members.push((key, value));
                    }
                }
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let entries = self.bump.alloc_slice_copy(self.members.get(start..)?);
        self.members.truncate(start);
        Some(JsonValue::Object(JsonMap { entries, key_bits }))
    }
}

/// `text[start..end]` when both ends are on character boundaries: `split_at_checked` is inlined
/// where `str::get` stayed a call, once per string (BENCHMARKS.md, "Arena reader").
#[inline(always)]
fn sub_str(text: &str, start: usize, end: usize) -> Option<&str> {
    let (head, _) = text.split_at_checked(end)?;
    head.split_at_checked(start).map(|(_, tail)| tail)
}

/// The offset of the first byte at or after `from` that ends a plain run in a string: `"`, `\\`
/// or a control character (below 0x20). Eight bytes at a time (the usual SWAR test for a zero
/// byte: its lowest flagged byte is exact, as a borrow only runs upwards), then byte by byte.
#[inline(always)]
fn find_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = load_u64(chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    let plain = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(at + plain)
}

/// `\uXXXX` (after the `u`), with a surrogate pair as one character, as serde_json reads it: a
/// lone surrogate is refused. Returns the character and the offset after the escape(s).
fn unicode_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let first = hex4(bytes, at)?;
    match first {
        0xDC00..=0xDFFF => None,
        0xD800..=0xDBFF => {
            if bytes.get(at + 4) != Some(&b'\\') || bytes.get(at + 5) != Some(&b'u') {
                return None;
            }
            let second = hex4(bytes, at + 6)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return None;
            }
            let code = (((first - 0xD800) << 10) | (second - 0xDC00)) + 0x1_0000;
            Some((char::from_u32(code)?, at + 10))
        }
        code => Some((char::from_u32(code)?, at + 4)),
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4)?.iter().try_fold(0u32, |code, &b| {
        let digit = char::from(b).to_digit(16)?;
        Some(code * 16 + digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(bytes: &[u8], from: usize) -> Option<usize> {
        let plain = bytes
            .get(from..)?
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        Some(from + plain)
    }

    proptest::proptest! {
        #[test]
        fn find_special_finds_what_a_byte_scan_finds(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'"', b'\\', 0, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xc3, 0xff, b'!', b'#', b'[', b']']),
                0..40,
            ),
            from in 0usize..45,
        ) {
            proptest::prop_assert_eq!(find_special(&bytes, from), naive(&bytes, from));
        }
    }

    proptest::proptest! {
        #[test]
        fn key_eq_is_string_equality(a in "[abé]{0,20}", b in "[abé]{0,20}") {
            proptest::prop_assert_eq!(key_eq(&a, &b), a == b);
            proptest::prop_assert!(key_eq(&a, &a));
        }
    }

    /// A read while another read's tree is alive (re-entrancy: a reader called from a reader)
    /// gets an arena of its own; both trees stay intact.
    #[test]
    fn a_read_inside_a_read_gets_its_own_arena() {
        let outer = Arena::new();
        let first = parse(&outer, r#"{"a": ["x\"y", 1]}"#).unwrap();
        let inner = Arena::new();
        let second = parse(&inner, r#"{"a": ["z\"w", 2]}"#).unwrap();
        assert_eq!(
            first.value.to_serde(),
            serde_json::json!({"a": ["x\"y", 1]})
        );
        assert_eq!(
            second.value.to_serde(),
            serde_json::json!({"a": ["z\"w", 2]})
        );
    }

    /// The memory of a read is kept for the next one, unless the input made it large.
    #[test]
    fn the_arena_is_kept_for_the_next_read_unless_it_grew_large() {
        drop(Arena::new());
        {
            let arena = Arena::new();
            parse(&arena, "[[1, 2], {\"a\": 3}]").unwrap();
        }
        let kept = Arena::new();
        assert!(kept.bump.allocated_bytes() > 0, "the spare was not kept");
        drop(kept);
        {
            let arena = Arena::new();
            let huge = format!("[{}1]", "[1],".repeat(SPARE_LIMIT / 8));
            parse(&arena, &huge).unwrap();
            assert!(arena.bump.allocated_bytes() > SPARE_LIMIT);
        }
        let next = Arena::new();
        assert!(
            next.bump.allocated_bytes() <= SPARE_LIMIT,
            "{} bytes kept",
            next.bump.allocated_bytes()
        );
        drop(next);
        // A text that stops inside a huge array of strings fills the scratch stacks only.
        {
            let arena = Arena::new();
            let unclosed = format!("[{}", "\"a\",".repeat(SPARE_LIMIT / 16));
            assert!(parse(&arena, &unclosed).is_err());
            assert!(arena.scratch_bytes() > SPARE_LIMIT);
        }
        let next = Arena::new();
        assert!(
            next.scratch_bytes() <= SPARE_LIMIT,
            "{} bytes of scratch kept",
            next.scratch_bytes()
        );
    }

    /// A thread that read JSON ends cleanly, even when JSON is read while its thread-locals are
    /// being freed: destructors that read run before and after the spare's own (registered
    /// before and after it), so one of them finds no slot (`with` there would panic and abort).
    #[test]
    fn a_thread_that_read_json_ends_cleanly() {
        struct ReadsOnDrop;
        impl Drop for ReadsOnDrop {
            fn drop(&mut self) {
                let arena = Arena::new();
                assert!(parse(&arena, "[1, {\"a\": 2}]").is_ok());
            }
        }
        thread_local! {
            static BEFORE: ReadsOnDrop = const { ReadsOnDrop };
            static AFTER: ReadsOnDrop = const { ReadsOnDrop };
        }
        std::thread::spawn(|| {
            BEFORE.with(|_| {});
            let arena = Arena::new();
            parse(&arena, "[1, {\"a\": 2}]").unwrap();
            drop(arena);
            AFTER.with(|_| {});
        })
        .join()
        .unwrap();
    }

    #[test]
    fn absent_keys_are_found_absent_and_present_ones_present() {
        let text = r#"{"name": 1, "id": 2, "totalAmount": 3, "isReturn": 4, "": 5, "é": 6}"#;
        let arena = Arena::new();
        let parsed = parse(&arena, text).unwrap();
        let JsonValue::Object(map) = &parsed.value else {
            panic!("not an object");
        };
        for key in ["name", "id", "totalAmount", "isReturn", "", "é"] {
            assert!(map.get(key).is_some(), "{key}");
        }
        for key in ["nam", "taxRate", "isShipping", "discount", "x", "ée"] {
            assert!(map.get(key).is_none(), "{key}");
        }
    }
}
