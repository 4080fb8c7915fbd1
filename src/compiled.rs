//! The compiled form of the rules: every pack's compiled [`Rules`], the names of the regions and
//! the calendars, written once (`huimin bundle compile`, run by the WebAssembly build) as compact
//! bytes that the resident's runtime loads without the rule-file reader or the compiler.
//!
//! Layout: [`MAGIC`], the SHA-256 of the rule files it was compiled from ([`files_digest`], so a
//! build can refuse a stale copy), the SHA-256 of the payload (a truncated or altered copy is an
//! error, never a panic), then the payload in `postcard`. Each pack's rules are a separate
//! byte string inside it, decoded when a region first needs them. Symbols are written by name and
//! interned again on load: the symbols packs add get their indices in the order they are seen.

use crate::calendar::Calendar;
use crate::compile::Rules;
use crate::error::LoadError;
use crate::pack::model::Text;
use crate::value::{Sym, SymSet};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// The first bytes of a compiled form (the last one is the format's version).
pub const MAGIC: &[u8; 8] = b"HUIMINC\x02";

/// Length of the header: magic, digest of the rule files, digest of the payload.
pub const HEADER: usize = 8 + 32 + 32;

/// SHA-256 over the digests of the rule files ([`crate::pack::RuleFile::digest`]), in path
/// order: what the build computes from `rules/` and a compiled form carries.
pub fn files_digest<'a>(digests: impl IntoIterator<Item = &'a [u8; 32]>) -> [u8; 32] {
    let mut h = Sha256::new();
    for d in digests {
        h.update(d);
    }
    h.finalize().into()
}

/// What the payload holds.
#[derive(Serialize, Deserialize)]
struct Contents<'a> {
    /// Region names (`regions.toml`), by code.
    regions: Vec<(String, Text)>,
    /// Per pack: code, name, and its compiled rules in postcard.
    #[serde(borrow)]
    packs: Vec<(String, Text, Bytes<'a>)>,
    /// Calendars and registries.
    calendar: Calendar,
    /// Words the packs add to built-in facts' vocabularies: the fact's catalogued name and the
    /// word, so that a household can be read before its region's rules are decoded.
    words: Vec<(String, String)>,
    /// The one region a region's own compiled form answers for (`None`: every region).
    only: Option<String>,
}

/// A byte string written as one (not as a list of numbers).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bytes<'a>, D::Error> {
        <&'de [u8]>::deserialize(d).map(Bytes)
    }
}

/// A pack as the compiled form carries it.
#[derive(Debug)]
pub struct Pack<'a> {
    /// Region code.
    pub code: String,
    /// Name.
    pub name: Text,
    /// The compiled rules, to decode with [`rules`].
    pub rules: &'a [u8],
}

/// A compiled form, read: the payload checked, the packs' rules not yet decoded.
#[derive(Debug)]
pub struct Loaded<'a> {
    /// SHA-256 of the rule files it was compiled from.
    pub files_digest: [u8; 32],
    /// Region names by code.
    pub regions: Vec<(String, Text)>,
    /// The packs.
    pub packs: Vec<Pack<'a>>,
    /// Words the packs add to built-in facts (fact index in the catalogue, word), interned.
    pub words: Vec<(u8, Sym)>,
    /// The one region it answers for, when it carries that region's rules alone.
    pub only: Option<String>,
    /// Calendars and registries.
    pub calendar: Calendar,
}

fn bad(message: impl Into<String>) -> LoadError {
    LoadError {
        code: "bad_compiled_rules",
        message: message.into(),
        file: String::new(),
        line: 0,
        column: 0,
    }
}

/// Writes the compiled form of `rules` (every pack's, by code), with the region names and the
/// calendars.
pub fn write(
    files_digest: &[u8; 32],
    regions: &[(String, Text)],
    packs: &[(String, Text, &Rules)],
    calendar: &Calendar,
    only: Option<&str>,
) -> Result<Vec<u8>, LoadError> {
    let mut encoded = Vec::with_capacity(packs.len());
    for (code, _, r) in packs {
        encoded.push(
            postcard::to_allocvec(r)
                .map_err(|e| bad(format!("the rules of {code} cannot be written: {e}")))?,
        );
    }
    let contents = Contents {
        regions: regions.to_vec(),
        packs: packs
            .iter()
            .zip(&encoded)
            .map(|((code, name, _), bytes)| (code.clone(), name.clone(), Bytes(bytes)))
            .collect(),
        calendar: calendar.clone(),
        words: {
            let mut words: Vec<(String, String)> = packs
                .iter()
                .flat_map(|(_, _, r)| r.words.iter())
                .filter_map(|w| {
                    let f = crate::catalogue::FACTS.get(usize::from(w.fact))?;
                    Some((f.name.to_string(), w.word.name().to_string()))
                })
                .collect();
            words.sort();
            words.dedup();
            words
        },
        only: only.map(str::to_string),
    };
    let payload = postcard::to_allocvec(&contents)
        .map_err(|e| bad(format!("the compiled rules cannot be written: {e}")))?;
    let mut out = Vec::with_capacity(payload.len().saturating_add(HEADER));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(files_digest);
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Reads a compiled form: refused unless it starts with [`MAGIC`] and its payload matches its
/// digest.
pub fn read(bytes: &[u8]) -> Result<Loaded<'_>, LoadError> {
    read_with(bytes, true)
}

/// Reads the compiled form built into this crate, whose payload digest the build checked
/// (`build.rs` refuses a copy that does not match it): the bytes are part of the program, so
/// hashing them again at every start would prove nothing (and it was three quarters of
/// loading the rules in WebAssembly). Everything else is checked as [`read`] checks it.
pub(crate) fn read_built_in(bytes: &[u8]) -> Result<Loaded<'_>, LoadError> {
    read_with(bytes, false)
}

// One copy for both callers (inlined into each, the decoder doubled the package by 500 bytes).
#[inline(never)]
fn read_with(bytes: &[u8], check_digest: bool) -> Result<Loaded<'_>, LoadError> {
    let magic = bytes
        .get(..8)
        .ok_or_else(|| bad("the compiled rules are truncated"))?;
    if magic != MAGIC {
        return Err(bad(
            "not compiled rules of this version of the engine (wrong magic number)",
        ));
    }
    let mut files_digest = [0u8; 32];
    files_digest.copy_from_slice(
        bytes
            .get(8..40)
            .ok_or_else(|| bad("the compiled rules are truncated"))?,
    );
    let digest = bytes
        .get(40..HEADER)
        .ok_or_else(|| bad("the compiled rules are truncated"))?;
    let payload = bytes.get(HEADER..).unwrap_or_default();
    if check_digest && Sha256::digest(payload).as_slice() != digest {
        return Err(bad(
            "the compiled rules do not match their digest (truncated or altered)",
        ));
    }
    let (contents, rest): (Contents<'_>, _) = postcard::take_from_bytes(payload)
        .map_err(|e| bad(format!("the compiled rules cannot be read: {e}")))?;
    if !rest.is_empty() {
        return Err(bad("the compiled rules have bytes after their end"));
    }
    Ok(Loaded {
        files_digest,
        regions: contents.regions,
        packs: contents
            .packs
            .into_iter()
            .map(|(code, name, b)| Pack {
                code,
                name,
                rules: b.0,
            })
            .collect(),
        calendar: contents.calendar,
        words: contents
            .words
            .iter()
            .filter_map(|(fact, word)| {
                Some((crate::compile::local::extensible(fact)?, Sym::intern(word)?))
            })
            .collect(),
        only: contents.only,
    })
}

/// Decodes one pack's rules, sharing `calendar`, and builds what results quote from them.
pub fn rules(
    code: &str,
    bytes: &[u8],
    calendar: &std::sync::Arc<Calendar>,
) -> Result<Rules, LoadError> {
    let (mut r, rest): (Rules, _) = postcard::take_from_bytes(bytes)
        .map_err(|e| bad(format!("the compiled rules of {code} cannot be read: {e}")))?;
    if !rest.is_empty() {
        return Err(bad(format!(
            "the compiled rules of {code} have bytes after their end"
        )));
    }
    r.calendar = std::sync::Arc::clone(calendar);
    r.shown = crate::compile::shown::Shown::new(&r);
    Ok(r)
}

/// Decimals as their 96-bit mantissa and one byte of scale and sign (exact, sign of zero
/// included).
pub(crate) mod dec {
    use rust_decimal::Decimal;
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let b = d.serialize();
        let mut m = [0u8; 16];
        for (to, from) in m.iter_mut().zip(b.iter().skip(4)) {
            *to = *from;
        }
        let flags =
            u8::try_from(d.scale()).unwrap_or(0) | if d.is_sign_negative() { 0x80 } else { 0 };
        (flags, u128::from_le_bytes(m)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let (flags, mantissa) = <(u8, u128)>::deserialize(d)?;
        if mantissa >> 96 != 0 || flags & 0x7F > 28 {
            return Err(D::Error::custom("a decimal out of range"));
        }
        let mut b = [0u8; 16];
        for (to, from) in b.iter_mut().skip(4).zip(mantissa.to_le_bytes()) {
            *to = from;
        }
        if let Some(x) = b.get_mut(2) {
            *x = flags & 0x7F;
        }
        if let Some(x) = b.get_mut(3) {
            *x = flags & 0x80;
        }
        Ok(Decimal::deserialize(b))
    }
}

/// An optional exact fraction (numerator, denominator).
pub(crate) mod frac {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Frac(
        #[serde(with = "super::dec")] Decimal,
        #[serde(with = "super::dec")] Decimal,
    );

    pub fn serialize<S: Serializer>(
        f: &Option<(Decimal, Decimal)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        f.map(|(n, d)| Frac(n, d)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(Decimal, Decimal)>, D::Error> {
        Ok(Option::<Frac>::deserialize(d)?.map(|Frac(n, d)| (n, d)))
    }
}

/// Rounding modes by their rule-file names.
pub(crate) mod rounding {
    use rust_decimal::RoundingStrategy;
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    const MODES: [RoundingStrategy; 7] = [
        RoundingStrategy::MidpointAwayFromZero,
        RoundingStrategy::MidpointNearestEven,
        RoundingStrategy::MidpointTowardZero,
        RoundingStrategy::AwayFromZero,
        RoundingStrategy::ToZero,
        RoundingStrategy::ToPositiveInfinity,
        RoundingStrategy::ToNegativeInfinity,
    ];

    pub fn serialize<S: Serializer>(m: &RoundingStrategy, s: S) -> Result<S::Ok, S::Error> {
        let i = MODES.iter().position(|x| x == m).unwrap_or(0);
        s.serialize_u8(u8::try_from(i).unwrap_or(0))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RoundingStrategy, D::Error> {
        let i = u8::deserialize(d)?;
        MODES
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| D::Error::custom("an unknown rounding mode"))
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Sym;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a symbol")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Sym, E> {
                Sym::intern(s).ok_or_else(|| E::custom("the vocabulary is full"))
            }
        }
        d.deserialize_str(V)
    }
}

impl Serialize for SymSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Postcard writes the length first: the symbols are counted before they are written.
        s.collect_seq(self.iter().collect::<Vec<Sym>>())
    }
}

impl<'de> Deserialize<'de> for SymSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SymSet, D::Error> {
        Ok(Vec::<Sym>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(all(test, feature = "authoring", not(target_arch = "wasm32")))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// The built-in form is read as any other, but for the hash of its payload (the build checked
    /// it): an altered byte is then refused by [`read`] alone.
    #[test]
    fn the_built_in_form_is_read_as_any_other_but_for_its_digest() {
        let blob = crate::Engine::builtin().unwrap().compiled_form().unwrap();
        let (full, built_in) = (read(&blob).unwrap(), read_built_in(&blob).unwrap());
        assert_eq!(full.files_digest, built_in.files_digest);
        assert_eq!(full.regions, built_in.regions);
        let codes = |l: &Loaded<'_>| {
            l.packs
                .iter()
                .map(|p| (p.code.clone(), p.rules.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&full), codes(&built_in));
        // The last byte of the payload (inside the last pack's rules or the trailing fields).
        let mut altered = blob.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        let refused = read(&altered).err().unwrap();
        assert!(refused.message.contains("digest"), "{}", refused.message);
        // Not hashed: read by its structure, refused only if that is broken, and never a panic.
        let _ = read_built_in(&altered);
        for bad in [&blob[..7], &blob[..HEADER - 1]] {
            assert!(read_built_in(bad).is_err());
        }
    }
}
