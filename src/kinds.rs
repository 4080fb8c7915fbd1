//! What the JSON readers (the household's, a signed bundle's) say when a value is of the wrong
//! kind, in their own words, and the strings and whole numbers they read through
//! `deserialize_any`.
//!
//! serde's own message for a value of the wrong kind formats the value through
//! `serde::de::Unexpected`, whose formatter prints floating-point numbers and escapes strings:
//! 14 KB of float printing and the Unicode tables in the resident's `.wasm` for an error
//! message. The readers never hand serde an `Unexpected` to format, and never ask serde_json
//! for a typed value (`deserialize_str`, `deserialize_u64`), whose refusal formats one.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A value the reader met where it expected another kind.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Got<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Unsigned(u64),
    /// A negative whole number.
    Signed(i64),
    /// A number with a fraction or an exponent.
    Float,
    /// A string.
    Str(&'a str),
    /// A list.
    List,
    /// An object.
    Object,
}

impl fmt::Display for Got<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Got::Null => f.write_str("null"),
            Got::Bool(b) => write!(f, "boolean `{b}`"),
            Got::Unsigned(n) => write!(f, "integer `{n}`"),
            Got::Signed(n) => write!(f, "integer `{n}`"),
            Got::Float => f.write_str("a number with a fraction"),
            Got::Str(s) => write!(f, "string \"{}\"", s.chars().take(40).collect::<String>()),
            Got::List => f.write_str("sequence"),
            Got::Object => f.write_str("map"),
        }
    }
}

/// The error for `got` where `expected` was: "invalid type: …, expected …", as serde words it.
pub(crate) fn wrong<E: de::Error>(got: Got<'_>, expected: &dyn de::Expected) -> E {
    E::custom(format_args!("invalid type: {got}, expected {expected}"))
}

/// A string, borrowed from the document when it has no escapes.
pub(crate) struct AnyStr;

impl<'de> DeserializeSeed<'de> for AnyStr {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }

    refuse_others!(Cow<'de, str>; unit bool u64 i64 f64 seq map);
}

/// A string or `null` (`None`).
pub(crate) struct AnyStrOrNull;

impl<'de> DeserializeSeed<'de> for AnyStrOrNull {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyStrOrNull {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(s.to_string())))
    }

    refuse_others!(Option<Cow<'de, str>>; bool u64 i64 f64 seq map);
}

/// A non-negative whole number.
pub(crate) struct AnyU64;

impl<'de> DeserializeSeed<'de> for AnyU64 {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyU64 {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u64, E> {
        Ok(n)
    }

    refuse_others!(u64; unit bool i64 f64 str seq map);
}

/// Reads a string with [`AnyStr`].
pub(crate) fn next_str<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Cow<'de, str>, A::Error> {
    map.next_value_seed(AnyStr)
}

/// Reads a list item that is a string with [`AnyStr`].
pub(crate) fn next_str_item<'de, A: SeqAccess<'de>>(
    seq: &mut A,
) -> Result<Option<Cow<'de, str>>, A::Error> {
    seq.next_element_seed(AnyStr)
}
