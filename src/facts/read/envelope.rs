//! A batch line read in one pass: `{"id": "...", "household": {...}}` gives the id and the
//! household without reading the household's text twice (once to find where it ends, once to
//! read it); any other line is a household document.

use super::{At, Ctx, Household, Obj, Read, Sym};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// What the top-level object turned out to be.
enum Line {
    /// An envelope: its id (if any) and household.
    Envelope(Option<String>, Box<Household>),
    /// Not an envelope (no `household`, or an id that is not a string): read as a household.
    Other,
}

struct LineSeed<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_, '_> {
    type Value = Line;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Line, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_, '_> {
    type Value = Line;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
        let mut id: Option<String> = None;
        let mut household: Option<Box<Household>> = None;
        let mut envelope = true;
        while let Some(key) = map.next_key::<super::Key<'de>>()? {
            match &*key {
                "household" if envelope && household.is_none() => {
                    match map.next_value_seed(Obj {
                        ctx: &mut *self.ctx,
                        at: At::Household,
                    })? {
                        Read::Household(hh) => household = Some(hh),
                        _ => envelope = false,
                    }
                }
                "id" if envelope && id.is_none() => {
                    match map.next_value::<Option<serde_json::Value>>()? {
                        None => {}
                        Some(serde_json::Value::String(s)) => id = Some(s),
                        Some(_) => envelope = false,
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    // A key a household has: the line is a household document.
                    if matches!(&*key, "household" | "id") {
                        envelope = false;
                    }
                }
            }
        }
        Ok(match (envelope, household) {
            (true, Some(hh)) => Line::Envelope(id, hh),
            _ => Line::Other,
        })
    }
}

/// Reads a batch line in one pass when it is a well-formed envelope whose household reads
/// without error; `None` otherwise, and the caller reads the line as before (the envelope's
/// household text apart, or the whole line as a household), so that every error is reported as
/// it always was.
pub fn parse_envelope(json: &str, words: &[(u8, Sym)]) -> Option<(Option<String>, Household)> {
    if json.len() > crate::limits::MAX_INPUT_BYTES || !json.trim_start().starts_with('{') {
        return None;
    }
    let mut ctx = Ctx::new(words);
    let mut de = serde_json::Deserializer::from_str(json);
    match (LineSeed { ctx: &mut ctx }).deserialize(&mut de) {
        Ok(Line::Envelope(id, hh)) if de.end().is_ok() => {
            let mut hh = *hh;
            hh.pack_words = ctx.pack_words;
            Some((id, hh))
        }
        _ => None,
    }
}
