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
//! The full form stays the default: it is what the CLI writes, what [`crate::result`] reads
//! back, and what portals receive unless they ask for references.

use crate::explain::Lang;
use crate::pack::model::Text;
use crate::result::{Citation, ParamOut, StaleOut};
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
    /// The one language texts are written in, when the caller shows only one.
    lang: Option<Lang>,
}

/// Shared values in the order first met, and their indices by address.
pub(crate) struct Listed<T> {
    items: Vec<Arc<T>>,
    /// `(address, index)`, sorted by address.
    at: Vec<(usize, u32)>,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            at: Vec::new(),
        }
    }
}

impl<T> Listed<T> {
    /// The index of `v`, listed the first time it is met. Values equal but not shared are
    /// listed apart (correct, only longer); `None` past `u32::MAX` items.
    fn index(&mut self, v: &Arc<T>) -> Option<u32> {
        let key = Arc::as_ptr(v) as usize;
        match self.at.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self.at.get(i).map(|(_, n)| *n),
            Err(i) => {
                let n = u32::try_from(self.items.len()).ok()?;
                self.items.push(v.clone());
                self.at.insert(i, (key, n));
                Some(n)
            }
        }
    }
}

thread_local! {
    /// Set only while [`to_json_with_refs`] runs on this thread.
    static REFS: RefCell<Option<Refs>> = const { RefCell::new(None) };
}

/// Which list a shared piece goes in.
pub(crate) trait Kind: Sized {
    /// Its list.
    fn listed(refs: &mut Refs) -> &mut Listed<Self>;
}

impl Kind for Citation {
    fn listed(refs: &mut Refs) -> &mut Listed<Self> {
        &mut refs.citations
    }
}

impl Kind for ParamOut {
    fn listed(refs: &mut Refs) -> &mut Listed<Self> {
        &mut refs.parameters
    }
}

impl Kind for StaleOut {
    fn listed(refs: &mut Refs) -> &mut Listed<Self> {
        &mut refs.stale
    }
}

/// The index of `v` when a result is being written with references.
fn index_of<T: Kind>(v: &Arc<T>) -> Option<u32> {
    REFS.try_with(|r| {
        r.try_borrow_mut()
            .ok()
            .and_then(|mut r| r.as_mut().and_then(|r| T::listed(r).index(v)))
    })
    .ok()
    .flatten()
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
        seq.serialize_element(&Piece(v))?;
    }
    seq.end()
}

struct Piece<'a, T>(&'a Arc<T>);

impl<T: Kind + Serialize> Serialize for Piece<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        one(self.0, s)
    }
}

/// `a` as JSON with every citation, traced parameter and stale figure written once: the object
/// the full result is, with the lists `citations`, `parameters` and `stale` first (each when not empty), and those
/// pieces named by their index wherever the result has them (a parameter and a stale figure
/// name their citation by index too).
/// With `lang`, every text is written in that language alone (`{"zh": …}`).
pub fn to_json_with_refs(
    a: &crate::result::Assessment,
    lang: Option<Lang>,
) -> Result<String, serde_json::Error> {
    with_refs(a, lang)
}

/// Writes `t` as `{"zh", "en"}`, or in the one language of the result being written.
pub(crate) fn text<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let lang = REFS
        .try_with(|r| {
            r.try_borrow()
                .ok()
                .and_then(|r| r.as_ref().and_then(|r| r.lang))
        })
        .ok()
        .flatten();
    let mut out = s.serialize_struct("Text", if lang.is_some() { 1 } else { 2 })?;
    if lang != Some(Lang::En) {
        out.serialize_field("zh", &t.zh)?;
    }
    if lang != Some(Lang::Zh) {
        out.serialize_field("en", &t.en)?;
    }
    out.end()
}

/// [`to_json_with_refs`] for any value that writes a JSON object. Not reentrant: a call made
/// while another writes on the same thread writes in full.
fn with_refs<T: Serialize + ?Sized>(
    v: &T,
    lang: Option<Lang>,
) -> Result<String, serde_json::Error> {
    let started = REFS
        .try_with(|r| match r.try_borrow_mut() {
            Ok(mut r) if r.is_none() => {
                *r = Some(Refs {
                    lang,
                    ..Refs::default()
                });
                true
            }
            _ => false,
        })
        .unwrap_or(false);
    if !started {
        return serde_json::to_string(v);
    }
    let body = serde_json::to_string(v);
    // The parameters and stale figures listed, then written with their citations by index.
    let (parameters, stale) = REFS
        .try_with(|r| {
            r.try_borrow().ok().and_then(|r| {
                r.as_ref()
                    .map(|r| (r.parameters.items.clone(), r.stale.items.clone()))
            })
        })
        .ok()
        .flatten()
        .unwrap_or_default();
    let parameters = serde_json::to_string(&Pieces(&parameters));
    let stale = serde_json::to_string(&Pieces(&stale));
    let refs = REFS
        .try_with(|r| r.try_borrow_mut().ok().and_then(|mut r| r.take()))
        .ok()
        .flatten()
        .unwrap_or_default();
    let (body, parameters, stale) = (body?, parameters?, stale?);
    let Some(rest) = body.strip_prefix('{') else {
        return Ok(body);
    };
    let mut out = String::with_capacity(body.len().saturating_add(parameters.len()));
    out.push('{');
    let lists = [
        ("citations", serde_json::to_string(&refs.citations.items)?),
        ("parameters", parameters),
        ("stale", stale),
    ];
    for (key, list) in lists {
        if list != "[]" {
            out.push_str(&format!("\"{key}\":{list},"));
        }
    }
    if rest.starts_with('}') && out.ends_with(',') {
        out.pop();
    }
    out.push_str(rest);
    Ok(out)
}

/// Listed pieces, written in full (their own citations by index).
struct Pieces<'a, T>(&'a [Arc<T>]);

impl<T: Serialize> Serialize for Pieces<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&**v)?;
        }
        seq.end()
    }
}
