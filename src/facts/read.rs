//! Reading the household document in one pass over the JSON text, driven by the catalogue
//! ([`crate::catalogue::FACTS`]): each key is looked up there, read by the fact's type and
//! checked against its vocabulary; a fact the household keeps as given lands in its slot, so a
//! fact added to the catalogue is read with no change here. Errors name the field at fault
//! (`members[0].birth_date`); the path is tracked as the reader goes.

use super::{
    Household, Known, LocalIn, Person, Slots, DISABILITY_KINDS, INCOME_CATEGORIES, MAX_LOCAL,
    N_INCOME, VEHICLE_KINDS,
};
use crate::catalogue::{is_plain, Fact, Scope, Type, FACTS};
use crate::error::InputError;
use crate::kinds::{self, wrong, Got};
use crate::limits;
use crate::shared::Str;
use crate::table::Table;
use crate::value::{Sym, SymSet, Value};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

mod envelope;
pub use envelope::parse_envelope;

/// `text` without the byte order mark that Windows editors (Notepad, Excel's "UTF-8" export) put
/// before UTF-8 text. RFC 8259 §8.1 lets a JSON parser ignore it; refusing it turned an officer's
/// saved household away as "not a JSON object".
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads and validates a household document, with the built-in vocabularies.
pub fn parse_household(json: &str) -> Result<Household, InputError> {
    parse_household_with(json, &[])
}

/// Reads and validates a household document; `words` are the words rule packs add to built-in
/// facts (the fact's index in [`FACTS`], the word), accepted besides the built-in ones. Whether
/// the household's region knows them is checked when it is assessed.
pub fn parse_household_with(json: &str, words: &[(u8, Sym)]) -> Result<Household, InputError> {
    let json = without_bom(json);
    if json.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::new(
            "too_large",
            "",
            format!(
                "the household document is {} bytes; the limit is {} bytes",
                json.len(),
                limits::MAX_INPUT_BYTES
            ),
        ));
    }
    let first = json.trim_start().chars().next();
    if first.is_some_and(|c| c != '{') {
        return Err(InputError::new(
            "bad_value",
            "",
            "the household document must be a JSON object ({ ... })",
        ));
    }
    let mut ctx = Ctx::new(words);
    let mut de = serde_json::Deserializer::from_str(json);
    let read = Obj {
        ctx: &mut ctx,
        at: At::Household,
    }
    .deserialize(&mut de);
    match read {
        Ok(Read::Household(hh)) => {
            if de.end().is_err() {
                return Err(InputError::new(
                    "malformed_json",
                    "",
                    "trailing characters after the household object",
                ));
            }
            let mut hh = *hh;
            hh.pack_words = ctx.pack_words;
            Ok(hh)
        }
        Ok(_) => Err(InputError::new(
            "bad_value",
            "",
            "the household document must be a JSON object ({ ... })",
        )),
        Err(e) => Err(ctx.fail.take().unwrap_or_else(|| {
            let code = if e.is_syntax() || e.is_eof() {
                "malformed_json"
            } else {
                "bad_value"
            };
            InputError::new(code, &ctx.path(), e.to_string())
        })),
    }
}

/// Parses a non-negative decimal string within the money limits.
pub fn parse_money(s: &str) -> Result<Decimal, String> {
    let ok = !s.is_empty()
        && s.len() <= 32
        && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && s.bytes().filter(|c| *c == b'.').count() <= 1
        && !s.starts_with('.')
        && !s.ends_with('.');
    // Decimal places counted in the text, before parsing it exactly.
    let places = s.split_once('.').map_or(0, |(_, f)| f.len());
    let d = if ok && places <= limits::MAX_MONEY_SCALE as usize {
        crate::value::decimal(s)
    } else {
        None
    };
    match d {
        _ if ok && places > limits::MAX_MONEY_SCALE as usize => Err(format!(
            "\"{s}\" has more than {} decimal places",
            limits::MAX_MONEY_SCALE
        )),
        Some(d) if d > Decimal::from(limits::MAX_MONEY_YUAN) => Err(format!(
            "\"{s}\" exceeds the limit of {} yuan",
            limits::MAX_MONEY_YUAN
        )),
        Some(d) => Ok(d),
        None => Err(format!(
            "\"{}\" is not a non-negative decimal such as \"1200.50\"",
            clip(s)
        )),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// An object's key, borrowed from the document when it has no escapes (no copy made).
struct Key<'de>(std::borrow::Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A step of the path to the value being read.
enum Seg {
    /// A key the catalogue names (no copy made).
    Name(&'static str),
    /// A catalogued fact, by its index (named only when a path is written: for an error).
    Fact(u8),
    /// Any other key, clipped.
    Key(String),
    Index(usize),
}

/// What the reader knows while it goes: where it is, and the error it found, if any (serde's
/// own errors carry no path; ours are kept here, with theirs).
struct Ctx<'w> {
    path: Vec<Seg>,
    fail: Option<InputError>,
    words: &'w [(u8, Sym)],
    /// A word of `words` was given.
    pack_words: bool,
}

impl<'w> Ctx<'w> {
    /// At the top of a document, nothing found yet.
    fn new(words: &'w [(u8, Sym)]) -> Ctx<'w> {
        Ctx {
            path: Vec::with_capacity(8),
            fail: None,
            words,
            pack_words: false,
        }
    }

    fn path(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Name(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Name(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Fact(i) => {
                    let name = FACTS.get(usize::from(*i)).map_or("", |f| f.name);
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name.rsplit('.').next().unwrap_or(name));
                }
            }
        }
        out
    }

    /// Records an error at the current path; the returned serde error only unwinds.
    fn fail<E: de::Error>(&mut self, code: &'static str, message: impl Into<String>) -> E {
        let path = self.path();
        self.fail = Some(InputError::new(code, &path, message));
        E::custom("")
    }
}

/// Which object is being read.
#[derive(Clone, Copy)]
enum At {
    /// The household document.
    Household,
    /// A group of household facts (`assets`, `marriage`): the facts named `<prefix>.<key>`.
    Group(&'static str),
    /// A member or a supporter.
    Person,
}

/// What a value read is.
enum Read {
    Household(Box<Household>),
    Group(Vec<(u8, Read)>),
    Person(Box<Person>),
    Slot(Known<Value>),
    Text(String),
    People(Vec<Person>),
    Vehicles(Vec<Sym>),
    Certificate(Known<(Sym, u8)>),
    Income(Box<Income>),
    Local(Vec<(Str, LocalIn)>),
    /// `null` for a fact where it means unknown.
    Absent,
}

/// Income by built-in category, and by the categories packs add.
type Income = ([Option<Decimal>; N_INCOME], Vec<(Sym, Option<Decimal>)>);

/// The fact an object's key names, if any. Lengths are compared before the names (every key of
/// every household passes here).
fn fact_of(at: At, key: &str) -> Option<u8> {
    let (scope, prefix) = match at {
        At::Household => (Scope::Household, ""),
        At::Group(prefix) => (Scope::Household, prefix),
        At::Person => (Scope::Person, "member"),
    };
    // `<prefix>.<key>`, or `<key>` alone without a prefix.
    let dotted = if prefix.is_empty() {
        key.len()
    } else {
        prefix.len().saturating_add(1).saturating_add(key.len())
    };
    // Same length and the same last part, then the same prefix before a dot.
    let found = FACTS.iter().position(|f| {
        f.scope == scope
            && f.name.len() == dotted
            && f.name.ends_with(key)
            && (prefix.is_empty()
                || (f.name.starts_with(prefix)
                    && f.name.as_bytes().get(prefix.len()) == Some(&b'.')))
    })?;
    u8::try_from(found).ok()
}

/// A group of household facts (`assets` for `assets.deposits`) that a key names.
fn group_of(key: &str) -> Option<&'static str> {
    FACTS.iter().find_map(|f| {
        let (prefix, _) = f.name.split_once('.')?;
        (f.scope == Scope::Household && prefix == key).then_some(prefix)
    })
}

/// The keys an object may have, for "unknown field" messages.
fn expected(at: At) -> String {
    let mut keys: Vec<&str> = Vec::new();
    for f in FACTS {
        let key = match at {
            At::Household if f.scope == Scope::Household => {
                f.name.split_once('.').map_or(f.name, |(g, _)| g)
            }
            At::Group(prefix) if f.scope == Scope::Household => {
                match f
                    .name
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix('.'))
                {
                    Some(k) => k,
                    None => continue,
                }
            }
            At::Person if f.scope == Scope::Person => f.field(),
            _ => continue,
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.join(", ")
}

/// An object: the household, a group of its facts, or a person.
struct Obj<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
    at: At,
}

impl<'de> DeserializeSeed<'de> for Obj<'_, '_> {
    type Value = Read;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Obj<'_, '_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.at {
            At::Person => "a person (an object with an id)",
            _ => "an object",
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read, E> {
        match self.at {
            At::Group(_) => Ok(Read::Absent),
            _ => Err(wrong(Got::Null, &self)),
        }
    }

    refuse_others!(Read; bool u64 i64 f64 str seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let ctx = self.ctx;
        let mut seen = 0u64;
        let mut groups: Vec<&'static str> = Vec::new();
        // Room for every fact of a person or a household (growing it a push at a time cost a
        // tenth of a batch line's reading).
        let mut got: Vec<(u8, Read)> = Vec::with_capacity(16);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let fact = fact_of(self.at, &key);
            let group = match (self.at, fact) {
                (At::Household, None) => group_of(&key),
                _ => None,
            };
            let dup = match (fact, group) {
                (Some(i), _) => {
                    let bit = 1u64.checked_shl(u32::from(i)).unwrap_or(0);
                    let dup = seen & bit != 0;
                    seen |= bit;
                    dup
                }
                (None, Some(g)) => {
                    let dup = groups.contains(&g);
                    groups.push(g);
                    dup
                }
                (None, None) => false,
            };
            if dup {
                return Err(ctx.fail("bad_value", format!("duplicate field `{}`", clip(&key))));
            }
            let seg = match (fact, group) {
                (Some(i), _) => Seg::Fact(i),
                (None, Some(g)) => Seg::Name(g),
                (None, None) => Seg::Key(clip(&key)),
            };
            ctx.path.push(seg);
            let read = match (fact, group) {
                (Some(i), _) => match FACTS.get(usize::from(i)) {
                    Some(fact) => map.next_value_seed(FactSeed {
                        ctx: &mut *ctx,
                        fact,
                    })?,
                    None => Read::Absent,
                },
                (None, Some(g)) => map.next_value_seed(Obj {
                    ctx: &mut *ctx,
                    at: At::Group(g),
                })?,
                (None, None) => {
                    let message = format!(
                        "unknown field `{}`, expected one of: {}",
                        clip(&key),
                        expected(self.at)
                    );
                    return Err(ctx.fail("bad_value", message));
                }
            };
            ctx.path.pop();
            match read {
                Read::Group(list) => got.extend(list),
                Read::Absent => {}
                other => {
                    if let Some(i) = fact {
                        got.push((i, other));
                    }
                }
            }
        }
        match self.at {
            At::Household => Ok(Read::Household(Box::new(household(got)))),
            At::Group(_) => Ok(Read::Group(got)),
            At::Person => match person(got) {
                Some(p) => Ok(Read::Person(Box::new(p))),
                None => Err(ctx.fail("bad_value", "missing field `id`")),
            },
        }
    }
}

fn household(got: Vec<(u8, Read)>) -> Household {
    let mut hh = Household::default();
    for (i, read) in got {
        let name = FACTS.get(usize::from(i)).map_or("", |f| f.name);
        match read {
            Read::Slot(v) => hh.slots.set(i, v),
            Read::Text(code) => hh.region = Some(code),
            Read::People(list) if name == "supporters" => hh.supporters = Some(list),
            Read::People(list) => hh.members = Some(list),
            Read::Vehicles(list) => hh.vehicles = Some(list),
            Read::Local(list) => hh.local = list,
            _ => {}
        }
    }
    hh
}

fn person(got: Vec<(u8, Read)>) -> Option<Person> {
    let mut id = None;
    let mut slots = Slots::default();
    let mut disability = Known::Unknown;
    let mut income = None;
    let mut income_extra = Vec::new();
    let mut local = Vec::new();
    for (i, read) in got {
        match read {
            Read::Slot(v) => slots.set(i, v),
            Read::Text(t) => id = Some(t),
            Read::Certificate(c) => disability = c,
            Read::Income(m) => {
                let (slots, extra) = *m;
                income = Some(slots);
                income_extra = extra;
            }
            Read::Local(l) => local = l,
            _ => {}
        }
    }
    Some(Person {
        id: id?.into(),
        slots,
        disability,
        income,
        income_extra,
        local,
    })
}

/// The value of one fact, read by its type.
struct FactSeed<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
    fact: &'static Fact,
}

impl FactSeed<'_, '_> {
    fn fact(&self) -> &'static Fact {
        self.fact
    }
}

impl<'de> DeserializeSeed<'de> for FactSeed<'_, '_> {
    type Value = Read;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FactSeed<'_, '_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let fact = self.fact();
        f.write_str(match fact.ty {
            Type::Code => "a six-digit GB/T 2260 code as a string",
            Type::Id => "an identifier string",
            Type::Bool => "true or false",
            Type::Count(_) => "a whole number",
            Type::Money => "a decimal string such as \"1200.50\" (numbers are not accepted, to keep amounts exact)",
            Type::Date => "a date string YYYY-MM-DD",
            Type::Symbol => "a word of the vocabulary, as a string",
            Type::Set => "a list of words",
            Type::People => "a list of people",
            Type::Vehicles => "a list of vehicles",
            Type::Certificate => "a certificate { \"kind\": word, \"grade\": 1-4 } or null",
            Type::Income => "an object of amounts by income category",
            Type::Local => "an object of the facts the local rules add",
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read, E> {
        let fact = self.fact();
        Ok(match fact.ty {
            Type::Certificate => Read::Certificate(Known::None),
            _ if fact.null_is_none && is_plain(fact) => Read::Slot(Known::None),
            Type::Id => return Err(wrong(Got::Null, &self)),
            _ => Read::Absent,
        })
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Read, E> {
        match self.fact().ty {
            Type::Bool => Ok(Read::Slot(Known::Some(Value::Bool(b)))),
            _ => Err(wrong(Got::Bool(b), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Read, E> {
        match self.fact().ty {
            Type::Count(max) if n > u64::from(max) => Err(self
                .ctx
                .fail("bad_value", format!("{n} is more than {max}"))),
            Type::Count(_) => Ok(Read::Slot(Known::Some(Value::Num(Decimal::from(n))))),
            _ => Err(wrong(Got::Unsigned(n), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Read, E> {
        Err(wrong(Got::Signed(n), &self))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Read, E> {
        Err(wrong(Got::Float, &self))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Read, E> {
        let fact = self.fact();
        let value = match fact.ty {
            Type::Code => {
                if s.len() != 6 || !s.bytes().all(|c| c.is_ascii_digit()) {
                    let m = format!("\"{}\" is not a six-digit GB/T 2260 code", clip(s));
                    return Err(self.ctx.fail("bad_value", m));
                }
                return Ok(Read::Text(s.to_string()));
            }
            Type::Id => {
                if s.is_empty() || s.len() > limits::MAX_STRING_BYTES {
                    let m = format!("an id must have 1 to {} bytes", limits::MAX_STRING_BYTES);
                    return Err(self.ctx.fail("bad_value", m));
                }
                return Ok(Read::Text(s.to_string()));
            }
            Type::Money => Value::Num(parse_money(s).map_err(|m| self.ctx.fail("bad_value", m))?),
            Type::Date => Value::Date(date(self.ctx, s)?),
            Type::Symbol => Value::Str(word(self.ctx, s, Some(fact), fact.vocabulary)?),
            _ => return Err(wrong(Got::Str(s), &self)),
        };
        Ok(Read::Slot(Known::Some(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        let fact = self.fact();
        let ctx = self.ctx;
        match fact.ty {
            Type::Set => {
                let mut set = SymSet::default();
                let mut i = 0usize;
                loop {
                    ctx.path.push(Seg::Index(i));
                    let Some(s) = kinds::next_str_item(&mut seq)? else {
                        ctx.path.pop();
                        break;
                    };
                    set.insert(word(ctx, &s, Some(fact), fact.vocabulary)?);
                    ctx.path.pop();
                    i = i.saturating_add(1);
                }
                Ok(Read::Slot(Known::Some(Value::Set(set))))
            }
            Type::People => {
                let max = if fact.name == "supporters" {
                    limits::MAX_SUPPORTERS
                } else {
                    limits::MAX_MEMBERS
                };
                let mut out: Vec<Person> = Vec::with_capacity(4);
                loop {
                    if out.len() > max {
                        return Err(ctx.fail("too_large", format!("more than {max} entries")));
                    }
                    ctx.path.push(Seg::Index(out.len()));
                    let seed = Obj {
                        ctx: &mut *ctx,
                        at: At::Person,
                    };
                    let Some(read) = seq.next_element_seed(seed)? else {
                        ctx.path.pop();
                        break;
                    };
                    if let Read::Person(p) = read {
                        if out.iter().any(|q| q.id == p.id) {
                            ctx.path.push(Seg::Name("id"));
                            let m = format!("the id \"{}\" is used twice", clip(&p.id));
                            return Err(ctx.fail("bad_value", m));
                        }
                        out.push(*p);
                    }
                    ctx.path.pop();
                }
                if out.len() > max {
                    return Err(ctx.fail("too_large", format!("more than {max} entries")));
                }
                Ok(Read::People(out))
            }
            Type::Vehicles => {
                let mut out = Vec::new();
                loop {
                    if out.len() > limits::MAX_VEHICLES {
                        let m = format!("more than {} vehicles", limits::MAX_VEHICLES);
                        return Err(ctx.fail("too_large", m));
                    }
                    ctx.path.push(Seg::Index(out.len()));
                    let Some(kind) = seq.next_element_seed(SmallRead {
                        ctx: &mut *ctx,
                        what: SmallKind::Vehicle,
                    })?
                    else {
                        ctx.path.pop();
                        break;
                    };
                    if let Small::Vehicle(k) = kind {
                        out.push(k);
                    }
                    ctx.path.pop();
                }
                if out.len() > limits::MAX_VEHICLES {
                    let m = format!("more than {} vehicles", limits::MAX_VEHICLES);
                    return Err(ctx.fail("too_large", m));
                }
                Ok(Read::Vehicles(out))
            }
            _ => Err(wrong(Got::List, &FactSeed { ctx, fact })),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read, A::Error> {
        let fact = self.fact();
        match fact.ty {
            Type::Certificate => SmallRead {
                ctx: self.ctx,
                what: SmallKind::Certificate,
            }
            .visit_map(map)
            .map(|s| match s {
                Small::Certificate(kind, grade) => Read::Certificate(Known::Some((kind, grade))),
                _ => Read::Certificate(Known::Unknown),
            }),
            Type::Income => income(self.ctx, map),
            Type::Local => local(self.ctx, map),
            _ => Err(wrong(Got::Object, &self)),
        }
    }
}

fn date<E: de::Error>(ctx: &mut Ctx<'_>, s: &str) -> Result<time::Date, E> {
    crate::date::parse(s).ok_or_else(|| {
        let m = format!("\"{}\" is not a date in the form YYYY-MM-DD", clip(s));
        ctx.fail("bad_value", m)
    })
}

fn word<E: de::Error>(
    ctx: &mut Ctx<'_>,
    s: &str,
    fact: Option<&Fact>,
    allowed: &[&str],
) -> Result<Sym, E> {
    if allowed.contains(&s) {
        if let Some(sym) = Sym::lookup(s) {
            return Ok(sym);
        }
    }
    // A word a rule pack adds to this fact.
    let index = fact.and_then(|f| FACTS.iter().position(|g| g.name == f.name));
    let added = |i: usize| ctx.words.iter().filter(move |(f, _)| usize::from(*f) == i);
    if let (Some(i), Some(sym)) = (index, Sym::lookup(s)) {
        if added(i).any(|(_, w)| *w == sym) {
            ctx.pack_words = true;
            return Ok(sym);
        }
    }
    let mut words: Vec<&str> = allowed.to_vec();
    if let Some(i) = index {
        words.extend(added(i).map(|(_, w)| w.name()));
    }
    let m = format!("\"{}\" is not one of: {}", clip(s), words.join(", "));
    Err(ctx.fail("bad_value", m))
}

fn income<'de, A: MapAccess<'de>>(ctx: &mut Ctx<'_>, mut map: A) -> Result<Read, A::Error> {
    let mut slots = [Some(Decimal::ZERO); N_INCOME];
    let mut extra: Vec<(Sym, Option<Decimal>)> = Vec::new();
    let income = FACTS.iter().position(|f| f.ty == Type::Income);
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let found = INCOME_CATEGORIES.iter().position(|c| *c == &*key);
        ctx.path
            .push(match found.and_then(|i| INCOME_CATEGORIES.get(i)) {
                Some(c) => Seg::Name(c),
                None => Seg::Key(clip(&key)),
            });
        // A category a rule pack adds (`[words.income]`).
        let added = match (found, income, Sym::lookup(&key)) {
            (None, Some(f), Some(sym)) => ctx
                .words
                .iter()
                .any(|(g, w)| usize::from(*g) == f && *w == sym)
                .then_some(sym),
            _ => None,
        };
        if found.is_none() && added.is_none() {
            let mut words: Vec<&str> = INCOME_CATEGORIES.to_vec();
            if let Some(f) = income {
                words.extend(
                    ctx.words
                        .iter()
                        .filter(|(g, _)| usize::from(*g) == f)
                        .map(|(_, w)| w.name()),
                );
            }
            let m = format!("unknown income category; use one of: {}", words.join(", "));
            return Err(ctx.fail("bad_value", m));
        }
        let amount = map.next_value_seed(kinds::AnyStrOrNull).map_err(|_| {
            ctx.fail::<A::Error>(
                "bad_value",
                "expected a decimal string such as \"1200.50\" (numbers are not accepted, to keep amounts exact)",
            )
        })?;
        let amount = match amount {
            None => None,
            Some(s) => Some(parse_money(&s).map_err(|m| ctx.fail::<A::Error>("bad_value", m))?),
        };
        match (found.and_then(|i| slots.get_mut(i)), added) {
            (Some(slot), _) => *slot = amount,
            (None, Some(sym)) => {
                ctx.pack_words = true;
                match extra.iter_mut().find(|(s, _)| *s == sym) {
                    Some(e) => e.1 = amount,
                    None => extra.push((sym, amount)),
                }
            }
            (None, None) => {}
        }
        ctx.path.pop();
    }
    Ok(Read::Income(Box::new((slots, extra))))
}

fn local<'de, A: MapAccess<'de>>(ctx: &mut Ctx<'_>, mut map: A) -> Result<Read, A::Error> {
    let mut out: Table<String, LocalIn> = Table::new();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        ctx.path.push(Seg::Key(clip(&key)));
        if key.len() > limits::MAX_STRING_BYTES {
            return Err(ctx.fail("too_large", "name too long"));
        }
        let v = map.next_value_seed(SmallRead {
            ctx: &mut *ctx,
            what: SmallKind::Local,
        })?;
        ctx.path.pop();
        if let Small::Local(v) = v {
            out.insert(key.0.into_owned(), v);
        } else {
            out.remove(&*key);
        }
        if out.len() > MAX_LOCAL {
            let m = format!("more than {MAX_LOCAL} local facts; the limit is {MAX_LOCAL}");
            return Err(ctx.fail("too_large", m));
        }
    }
    Ok(Read::Local(
        out.into_iter().map(|(k, v)| (Str::from(k), v)).collect(),
    ))
}

/// What the small objects and values read: a vehicle's kind, a certificate, a local value.
enum Small {
    Vehicle(Sym),
    Certificate(Sym, u8),
    Local(LocalIn),
    Null,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SmallKind {
    Vehicle,
    Certificate,
    Local,
}

/// Reads a [`Small`].
struct SmallRead<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
    what: SmallKind,
}

impl<'de> DeserializeSeed<'de> for SmallRead<'_, '_> {
    type Value = Small;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Small, D::Error> {
        d.deserialize_any(self)
    }
}

const LOCAL_VALUE: &str = "expected true, false, a whole number or a short string";

impl SmallRead<'_, '_> {
    fn local_only<E: de::Error>(self, got: Got<'_>) -> Result<Small, E> {
        if self.what == SmallKind::Local {
            return Err(self.ctx.fail("bad_value", LOCAL_VALUE));
        }
        Err(wrong(got, &self))
    }
}

impl<'de> Visitor<'de> for SmallRead<'_, '_> {
    type Value = Small;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.what {
            SmallKind::Vehicle => "a vehicle { \"kind\": word }",
            SmallKind::Certificate => "a certificate { \"kind\": word, \"grade\": 1-4 }",
            SmallKind::Local => LOCAL_VALUE,
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Small, E> {
        match self.what {
            SmallKind::Local => Ok(Small::Null),
            _ => Err(wrong(Got::Null, &self)),
        }
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Small, E> {
        match self.what {
            SmallKind::Local => Ok(Small::Local(LocalIn::Bool(b))),
            _ => Err(wrong(Got::Bool(b), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Small, E> {
        match self.what {
            SmallKind::Local => Ok(Small::Local(LocalIn::Text(n.to_string().into()))),
            _ => Err(wrong(Got::Unsigned(n), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Small, E> {
        self.local_only(Got::Signed(n))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Small, E> {
        self.local_only(Got::Float)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Small, E> {
        match self.what {
            SmallKind::Local if s.len() <= limits::MAX_STRING_BYTES => {
                Ok(Small::Local(LocalIn::Text(s.into())))
            }
            _ => self.local_only(Got::Str(s)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Small, A::Error> {
        self.local_only(Got::List)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Small, A::Error> {
        let ctx = self.ctx;
        let (fields, what): (&[&str], _) = match self.what {
            SmallKind::Vehicle => (&["kind"], "vehicle"),
            SmallKind::Certificate => (&["kind", "grade"], "certificate"),
            SmallKind::Local => return Err(ctx.fail("bad_value", LOCAL_VALUE)),
        };
        let mut kind = None;
        let mut grade = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            ctx.path.push(match &*key {
                "kind" => Seg::Name("kind"),
                "grade" => Seg::Name("grade"),
                _ => Seg::Key(clip(&key)),
            });
            match &*key {
                "kind" if kind.is_none() => {
                    let s = kinds::next_str(&mut map)?;
                    let words = if self.what == SmallKind::Vehicle {
                        VEHICLE_KINDS
                    } else {
                        DISABILITY_KINDS
                    };
                    kind = Some(word(ctx, &s, None, words)?);
                }
                "grade" if grade.is_none() && fields.contains(&"grade") => {
                    let g = map.next_value_seed(kinds::AnyU64)?;
                    if !(1..=4).contains(&g) {
                        return Err(ctx.fail("bad_value", format!("grade {g} is outside 1 to 4")));
                    }
                    grade = u8::try_from(g).ok();
                }
                "kind" | "grade" if fields.contains(&&*key) => {
                    ctx.path.pop();
                    return Err(ctx.fail("bad_value", format!("duplicate field `{}`", &*key)));
                }
                _ => {
                    let m = format!(
                        "unknown field `{}` of a {what}, expected one of: {}",
                        clip(&key),
                        fields.join(", ")
                    );
                    return Err(ctx.fail("bad_value", m));
                }
            }
            ctx.path.pop();
        }
        match (self.what, kind, grade) {
            (SmallKind::Vehicle, Some(k), _) => Ok(Small::Vehicle(k)),
            (SmallKind::Certificate, Some(k), Some(g)) => Ok(Small::Certificate(k, g)),
            (_, None, _) => Err(ctx.fail("bad_value", "missing field `kind`")),
            _ => Err(ctx.fail("bad_value", "missing field `grade`")),
        }
    }
}
