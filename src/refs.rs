//! Results that write each shared piece once.
//!
//! A result quotes the same citation in many reasons (111 quotations of 38 citations for the
//! rural family of the examples), and with the trace the same parameter, with its source, in
//! every reason that read it. These pieces are shared by pointer in the result
//! ([`crate::shared`]); [`to_json_with_refs`] writes each of them once, in the top-level lists
//! `citations`, `parameters` and `stale`, and names it everywhere else by its index in its
//! list. A page that resolves the indices (`www/refs.js`) has the same objects as the full
//! result, from less text to write, decode and parse.
//!
//! A page shows one language at a time, so it can also ask for texts in that language alone
//! (`{"zh": …}` without `en`): a quarter less again for the rural family.
//!
//! A page that assesses again and again can also keep what it was sent ([`Held`]): citations,
//! texts and the tests of criteria are then named by their index in a list the engine keeps for
//! as long as it lives, a reason on a criterion names that criterion's piece (`rule`), and each
//! result sends only the pieces the caller does not hold yet ([`to_json_with_held`]). After the
//! first results, a result carries its decisions and little else (the rural family: 9.1 KB
//! against 47.1 in Chinese alone).
//!
//! With the trace, the facts and computed values each reason read are listed once per result
//! too (`inputs`): the same reads recur in many reasons (the rural family: 473 quotations of 99).
//!
//! The full form stays the default: it is what the CLI writes, what [`crate::result`] reads
//! back, and what portals receive unless they ask for references.

use crate::explain::Lang;
use crate::pack::model::Text;
use crate::result::{Citation, InputOut, ParamOut, StaleOut, ValueOut};
use crate::shared::Str;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;

/// The pieces written once, while [`to_json_with_refs`] writes a result.
#[derive(Default)]
pub(crate) struct Refs {
    citations: Listed<Citation>,
    parameters: Listed<ParamOut>,
    stale: Listed<StaleOut>,
    /// Traced facts and values, each listed once.
    inputs: Inputs,
    /// The one language texts are written in, when the caller shows only one.
    lang: Option<Lang>,
    /// The caller's pieces, while a result is written for a caller that keeps them.
    held: Option<Held>,
}

/// Citations, texts, tests and criteria written for callers that keep them, from result to result: each
/// is sent once and named by its index in this list afterwards. A result's texts and citations
/// are the rules' own, shared by every result that quotes them (`tests/refs.rs` checks that
/// assessing the same households again adds no piece), so the list is bounded by the rules;
/// past [`Held::MAX`] pieces, pieces are written in full.
#[derive(Default)]
pub struct Held {
    pieces: Vec<Kept>,
    at: Keys,
}

/// One piece kept.
enum Kept {
    Citation(Arc<Citation>),
    Text(Text),
    Str(Str),
    Rule(Rule),
}

/// A criterion as every reason on it quotes it: its id, and its text, test and citation as the
/// indices of their own pieces.
#[derive(Clone, Serialize)]
struct Rule {
    criterion: Str,
    text: u32,
    test: u32,
    citation: u32,
    /// The addresses of the criterion, its text (both languages), test and citation: a reason
    /// that meets the piece again is checked against them.
    #[serde(skip)]
    of: [usize; 5],
}

impl Serialize for Kept {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Kept::Citation(c) => c.serialize(s),
            Kept::Text(t) => text(t, s),
            Kept::Str(t) => t.serialize(s),
            Kept::Rule(r) => r.serialize(s),
        }
    }
}

impl Held {
    /// The most pieces kept.
    pub const MAX: usize = 1 << 16;

    /// How many pieces are kept.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The index of the piece with `key`, kept (made by `piece`) the first time it is met.
    fn index(&mut self, key: (usize, usize), piece: impl FnOnce() -> Kept) -> Option<u32> {
        let next = Some(self.pieces.len()).filter(|n| *n < Self::MAX);
        let (n, new) = self.at.find(key, next)?;
        if new {
            self.pieces.push(piece());
        }
        Some(n)
    }
}

/// Traced facts and values in the order first met. They are made for each reason, so they are
/// told apart by the address of their name (shared by every read of one fact or definition)
/// and their value, compared as written.
#[derive(Default)]
struct Inputs {
    items: Vec<InputOut>,
    /// `(address of the name, index)`, sorted by address.
    at: Vec<(usize, u32)>,
}

impl Inputs {
    /// The index of `v`, listed the first time it is met.
    fn index(&mut self, v: &InputOut) -> Option<u32> {
        let key = v.name.addr();
        let start = self.at.partition_point(|(k, _)| *k < key);
        for (k, i) in self.at.get(start..).unwrap_or_default() {
            if *k != key {
                break;
            }
            let listed = usize::try_from(*i).ok().and_then(|i| self.items.get(i));
            if listed.is_some_and(|x| same(&x.value, &v.value)) {
                return Some(*i);
            }
        }
        let n = u32::try_from(self.items.len()).ok()?;
        self.items.push(v.clone());
        self.at.insert(start, (key, n));
        Some(n)
    }
}

/// Whether two traced values write the same text (`1.0` and `1.00` are equal numbers but not
/// the same text); values read back from JSON are never taken as the same.
fn same(a: &ValueOut, b: &ValueOut) -> bool {
    use crate::value::Value::{AtLeast, AtMost, Num};
    match (a, b) {
        (ValueOut::Value(Num(x)), ValueOut::Value(Num(y)))
        | (ValueOut::Value(AtLeast(x)), ValueOut::Value(AtLeast(y)))
        | (ValueOut::Value(AtMost(x)), ValueOut::Value(AtMost(y))) => {
            x.serialize() == y.serialize()
        }
        (ValueOut::Value(x), ValueOut::Value(y)) => x == y,
        _ => false,
    }
}

/// Traced facts or values, written each as its index in the result's `inputs` while writing
/// with references, else in full.
pub(crate) struct InputList<'a>(pub &'a [InputOut]);

impl Serialize for InputList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One<'a>(&'a InputOut);
        impl Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match with_refs(|r| r.inputs.index(self.0)) {
                    Some(i) => s.serialize_u32(i),
                    None => self.0.serialize(s),
                }
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&One(v))?;
        }
        seq.end()
    }
}

/// Shared values in the order first met, and their indices by address.
pub(crate) struct Listed<T> {
    items: Vec<Arc<T>>,
    at: Keys,
}

/// Indices by key (an address, or two), sorted by key: one copy of the search for every list.
#[derive(Default)]
struct Keys(Vec<((usize, usize), u32)>);

impl Keys {
    /// The index of `key`, or, when it is new, `next` (which the caller then lists), and
    /// whether it is new; `None` for a new key when `next` is `None` or past `u32::MAX`.
    #[inline(never)]
    fn find(&mut self, key: (usize, usize), next: Option<usize>) -> Option<(u32, bool)> {
        match self.0.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self.0.get(i).map(|(_, n)| (*n, false)),
            Err(i) => {
                let n = u32::try_from(next?).ok()?;
                self.0.insert(i, (key, n));
                Some((n, true))
            }
        }
    }
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            at: Keys::default(),
        }
    }
}

impl<T> Listed<T> {
    /// The index of `v`, listed the first time it is met. Values equal but not shared are
    /// listed apart (correct, only longer); `None` past `u32::MAX` items.
    fn index(&mut self, v: &Arc<T>) -> Option<u32> {
        let (n, new) = self
            .at
            .find((Arc::as_ptr(v) as usize, 0), Some(self.items.len()))?;
        if new {
            self.items.push(v.clone());
        }
        Some(n)
    }
}

thread_local! {
    /// Set only while [`to_json_with_refs`] runs on this thread.
    static REFS: RefCell<Option<Refs>> = const { RefCell::new(None) };
}

/// Which list a shared piece goes in.
pub(crate) trait Kind: Sized {
    /// Its index in its list, listed the first time it is met.
    fn index(refs: &mut Refs, v: &Arc<Self>) -> Option<u32>;
}

impl Kind for Citation {
    fn index(refs: &mut Refs, v: &Arc<Self>) -> Option<u32> {
        match &mut refs.held {
            Some(held) => held.index((Arc::as_ptr(v) as usize, 0), || Kept::Citation(v.clone())),
            None => refs.citations.index(v),
        }
    }
}

impl Kind for ParamOut {
    fn index(refs: &mut Refs, v: &Arc<Self>) -> Option<u32> {
        refs.parameters.index(v)
    }
}

impl Kind for StaleOut {
    fn index(refs: &mut Refs, v: &Arc<Self>) -> Option<u32> {
        refs.stale.index(v)
    }
}

/// Runs `f` on the references of the result being written, if one is.
fn with_refs<R>(f: impl FnOnce(&mut Refs) -> Option<R>) -> Option<R> {
    REFS.try_with(|r| {
        r.try_borrow_mut()
            .ok()
            .and_then(|mut r| r.as_mut().and_then(f))
    })
    .ok()
    .flatten()
}

/// The index of `v` when a result is being written with references.
fn index_of<T: Kind>(v: &Arc<T>) -> Option<u32> {
    with_refs(|r| T::index(r, v))
}

/// Writes a string of the rules (a criterion's test, a note): its index among the caller's
/// pieces when the caller keeps them, else the string.
pub(crate) fn rule_str<S: Serializer>(t: &Str, s: S) -> Result<S::Ok, S::Error> {
    let i = (!t.is_empty())
        .then(|| {
            with_refs(|r| {
                r.held
                    .as_mut()?
                    .index((t.addr(), 0), || Kept::Str(t.clone()))
            })
        })
        .flatten();
    match i {
        Some(i) => s.serialize_u32(i),
        None => t.serialize(s),
    }
}

/// The index of the piece that stands for `r`'s criterion, its text, test and citation, when
/// the caller keeps pieces: a reason is then written as `{"rule", "outcome"}` and the lists the
/// trace fills. None (the reason is written field by field) when the caller keeps none, when the
/// reason has no text or test of its own (the amount's, without a test), when the list is full,
/// or when the piece kept under the same criterion and citation says something else.
pub(crate) fn rule(r: &crate::result::Reason) -> Option<u32> {
    if r.test.is_empty() || (r.text.zh.is_empty() && r.text.en.is_empty()) {
        return None;
    }
    with_refs(|refs| {
        let held = refs.held.as_mut()?;
        let cited = Arc::as_ptr(&r.citation) as usize;
        let key = (r.criterion.addr(), cited);
        let of = [
            r.criterion.addr(),
            r.text.zh.addr(),
            r.text.en.addr(),
            r.test.addr(),
            cited,
        ];
        let same = |held: &Held, i: u32| {
            let kept = held.pieces.get(usize::try_from(i).ok()?);
            matches!(kept, Some(Kept::Rule(k)) if k.of == of).then_some(i)
        };
        // Met before (every reason after a criterion's first): one search.
        if let Some((i, _)) = held.at.find(key, None) {
            return same(held, i);
        }
        let want = Rule {
            criterion: r.criterion.clone(),
            text: held.index((r.text.zh.addr(), r.text.en.addr()), || {
                Kept::Text(r.text.clone())
            })?,
            test: held.index((r.test.addr(), 0), || Kept::Str(r.test.clone()))?,
            citation: held.index((cited, 0), || Kept::Citation(r.citation.clone()))?,
            of,
        };
        let i = held.index(key, || Kept::Rule(want))?;
        same(held, i)
    })
}

/// A string of the rules, written as [`rule_str`] writes it.
pub(crate) struct RuleStr<'a>(pub &'a Str);

impl Serialize for RuleStr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        rule_str(self.0, s)
    }
}

/// Shared pieces, written as [`many`] writes them.
pub(crate) struct PieceList<'a, T>(pub &'a [Arc<T>]);

impl<T: Kind + Serialize> Serialize for PieceList<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        many(self.0, s)
    }
}

/// Writes one shared piece: its index while writing with references, else the piece.
pub(crate) fn one<T: Kind + Serialize, S: Serializer>(v: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
    match index_of(v) {
        Some(i) => s.serialize_u32(i),
        None => v.serialize(s),
    }
}

/// Writes a list of shared pieces, each as [`one`] does.
pub(crate) fn many<T: Kind + Serialize, S: Serializer>(
    list: &[Arc<T>],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for v in list {
        seq.serialize_element(&Shared(v))?;
    }
    seq.end()
}

/// One shared piece, written as [`one`] writes it.
pub(crate) struct Shared<'a, T>(pub &'a Arc<T>);

impl<T: Kind + Serialize> Serialize for Shared<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        one(self.0, s)
    }
}

/// `a` as JSON with every citation, traced parameter, stale figure and traced fact or value
/// written once: the object the full result is, with the lists `citations`, `parameters`,
/// `stale` and `inputs` first (each when not empty), and those pieces named by their index
/// wherever the result has them (a parameter and a stale figure name their citation by index
/// too). With `lang`, every text is
/// written in that language alone (`{"zh": …}`).
///
/// Not reentrant: a call made while another writes on the same thread writes in full.
pub fn to_json_with_refs(
    a: &crate::result::Assessment,
    lang: Option<Lang>,
) -> Result<String, serde_json::Error> {
    write(a, lang, None)
}

/// [`to_json_with_refs`] for a caller that keeps the pieces it was sent in `held`: every
/// citation, text and test of a criterion is named by its index in `held`, and the result
/// starts with `"pieces_from": from` and `"pieces"`, the pieces of `held` from index `from` on
/// (left out when there are none). A caller that holds the first `from` pieces appends these
/// and has every piece the result names. `from` past the pieces kept is taken as their number.
pub fn to_json_with_held(
    a: &crate::result::Assessment,
    lang: Option<Lang>,
    held: &mut Held,
    from: usize,
) -> Result<String, serde_json::Error> {
    write(a, lang, Some((held, from)))
}

fn write(
    a: &crate::result::Assessment,
    lang: Option<Lang>,
    held: Option<(&mut Held, usize)>,
) -> Result<String, serde_json::Error> {
    let (mut slot, from) = match held {
        Some((h, from)) => (Some(h), Some(from)),
        None => (None, None),
    };
    let refs = Refs {
        lang,
        held: slot.as_mut().map(|h| std::mem::take(&mut **h)),
        ..Refs::default()
    };
    if let Some(refs) = begin(refs) {
        if let (Some(h), Some(k)) = (slot, refs.held) {
            *h = k;
        }
        return crate::json::to_string(a);
    }
    let body = crate::json::to_string(a);
    // The parameters and stale figures listed, then written with their citations by index.
    let (parameters, stale) =
        with_refs(|r| Some((r.parameters.items.clone(), r.stale.items.clone())))
            .unwrap_or_default();
    let parameters = crate::json::to_string(&parameters);
    let stale = crate::json::to_string(&stale);
    // The caller's new pieces, written in the result's language, the table out of the
    // references meanwhile (so that a piece's text is not named by its own index).
    let held = with_refs(|r| r.held.take());
    let from = from.map(|f| f.min(held.as_ref().map_or(0, Held::len)));
    let pieces = match (&held, from) {
        (Some(h), Some(f)) => crate::json::to_string(h.pieces.get(f..).unwrap_or_default()),
        _ => Ok(String::new()),
    };
    let mut refs = end().unwrap_or_default();
    if let (Some(h), Some(k)) = (slot, held) {
        *h = k;
    }
    let (body, parameters, stale, pieces) = (body?, parameters?, stale?, pieces?);
    let citations = crate::json::to_string(&std::mem::take(&mut refs.citations.items))?;
    let inputs = crate::json::to_string(&std::mem::take(&mut refs.inputs.items))?;
    // An assessment is written as an object: the lists go right after its opening brace.
    let rest = body.strip_prefix('{').unwrap_or(&body);
    let mut out = String::with_capacity(body.len().saturating_add(parameters.len()));
    out.push('{');
    if let Some(from) = from {
        out.push_str("\"pieces_from\":");
        out.push_str(&from.to_string());
        out.push(',');
    }
    for (key, list) in [
        ("pieces", pieces),
        ("citations", citations),
        ("parameters", parameters),
        ("stale", stale),
        ("inputs", inputs),
    ] {
        if !list.is_empty() && list != "[]" {
            out.push('"');
            out.push_str(key);
            out.push_str("\":");
            out.push_str(&list);
            out.push(',');
        }
    }
    if rest.starts_with('}') && out.ends_with(',') {
        out.pop();
    }
    out.push_str(rest);
    Ok(out)
}

/// Sets the references of the result about to be written; gives them back if one is being
/// written already on this thread.
fn begin(refs: Refs) -> Option<Refs> {
    let mut refs = Some(refs);
    let set = REFS
        .try_with(|r| match r.try_borrow_mut() {
            Ok(mut r) if r.is_none() => {
                *r = refs.take();
                true
            }
            _ => false,
        })
        .unwrap_or(false);
    refs.filter(|_| !set)
}

/// Takes the references of the result written.
fn end() -> Option<Refs> {
    REFS.try_with(|r| r.try_borrow_mut().ok().and_then(|mut r| r.take()))
        .ok()
        .flatten()
}

/// Writes `t` as `{"zh", "en"}`, or in the one language of the result being written, or as its
/// index among the caller's pieces when the caller keeps them (see [`Held`]).
pub(crate) fn text<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let (lang, i) = REFS
        .try_with(|r| {
            r.try_borrow_mut().ok().and_then(|mut r| {
                let r = r.as_mut()?;
                let i = match &mut r.held {
                    Some(held) if !t.zh.is_empty() || !t.en.is_empty() => {
                        held.index((t.zh.addr(), t.en.addr()), || Kept::Text(t.clone()))
                    }
                    _ => None,
                };
                Some((r.lang, i))
            })
        })
        .ok()
        .flatten()
        .unwrap_or((None, None));
    if let Some(i) = i {
        return s.serialize_u32(i);
    }
    let mut out = s.serialize_struct("Text", if lang.is_some() { 1 } else { 2 })?;
    if lang != Some(Lang::En) {
        out.serialize_field("zh", &t.zh)?;
    }
    if lang != Some(Lang::Zh) {
        out.serialize_field("en", &t.en)?;
    }
    out.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_list_stops_growing_at_its_bound_and_still_names_what_it_holds() {
        let mut held = Held::default();
        let s = Str::from("x");
        for k in 0..Held::MAX {
            assert_eq!(
                held.index((k, 1), || Kept::Str(s.clone())),
                u32::try_from(k).ok()
            );
        }
        assert_eq!(held.len(), Held::MAX);
        // A new piece past the bound is written in full; one held is still named.
        assert_eq!(held.index((Held::MAX, 1), || Kept::Str(s.clone())), None);
        assert_eq!(held.index((7, 1), || Kept::Str(s.clone())), Some(7));
        assert_eq!(held.len(), Held::MAX);
    }

    #[test]
    fn a_reason_names_its_rule_only_where_the_kept_rule_says_the_same() {
        use crate::result::{Outcome, Reason};
        let reason = |criterion: &Str, text: &Text, test: &Str, citation: &Arc<Citation>| Reason {
            criterion: criterion.clone(),
            outcome: Outcome::Met,
            text: text.clone(),
            test: test.clone(),
            citation: citation.clone(),
            inputs: Vec::new(),
            values: Vec::new(),
            parameters: Vec::new(),
        };
        let id = Str::from("income");
        let text = Text {
            zh: Str::from("收入低于标准"),
            en: Str::from("income below the standard"),
        };
        let other = Text {
            zh: Str::from("另一条"),
            en: Str::from("another"),
        };
        let test = Str::from("income < standard");
        let cited = Arc::new(Citation::default());
        let refs = Refs {
            held: Some(Held::default()),
            ..Refs::default()
        };
        assert!(begin(refs).is_none());
        let first = rule(&reason(&id, &text, &test, &cited));
        // The same criterion again: the same piece, nothing new kept.
        let kept = with_refs(|r| r.held.as_ref().map(Held::len));
        assert_eq!(rule(&reason(&id, &text, &test, &cited)), first);
        assert_eq!(with_refs(|r| r.held.as_ref().map(Held::len)), kept);
        // Under the same criterion and citation, another text: written out, not named.
        assert_eq!(rule(&reason(&id, &other, &test, &cited)), None);
        // No test (the amount's reason): written out.
        assert_eq!(rule(&reason(&id, &text, &Str::default(), &cited)), None);
        let held = end().and_then(|r| r.held).unwrap();
        // Text, test, citation, then the rule naming them.
        assert_eq!(first, Some(3));
        assert!(
            matches!(&held.pieces[3], Kept::Rule(k) if (k.text, k.test, k.citation) == (0, 1, 2))
        );
        // Outside a result being written, no rule.
        assert_eq!(rule(&reason(&id, &text, &test, &cited)), None);
    }
}
