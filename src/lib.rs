//! huimin (惠民自测): a benefit self-check engine for Chinese civil-affairs programs.
//!
//! Rules live as data in `rules/` (one pack per GB/T 2260 region, layered national → province →
//! prefecture → county); the engine loads and checks them once, then assesses households
//! exactly (decimal arithmetic), with three-valued logic over unknown facts, explaining every
//! result with the criteria, values and citations that decided it.
//!
//! ```
//! use huimin::{Engine, Options};
//! let engine = Engine::builtin().unwrap();
//! let household = r#"{"region": "220723", "hukou": "urban", "members": [
//!     {"id": "a", "relation": "applicant", "birth_date": "1970-05-01", "disability": null,
//!      "serious_illness": false, "income": {"wage": "300"}, "status": []}],
//!     "assets": {"deposits": "1000", "homes": 1, "vehicles": []}}"#;
//! let result = engine.assess_json(household, "2018-03-01", Options::default()).unwrap();
//! let dibao = result.programs.iter().find(|p| p.id == "dibao").unwrap();
//! assert_eq!(dibao.status, huimin::result::Status::Eligible);
//! assert_eq!(dibao.amount.as_ref().unwrap().monthly.as_deref(), Some("150.00"));
//! ```
//!
//! Pipeline: [`pack`] reads rule files → [`compile`] checks and compiles them → [`eval`]
//! evaluates a household (decisions, and a trace of what decided them) → [`report`] builds the
//! result from that trace alone → [`explain`] renders it; [`questions`] ranks what to ask next.

// A panic inside WebAssembly kills the resident's page: library code returns errors instead,
// indexes with `get`, and does arithmetic with checked or saturating operations (the few
// bounded exceptions say why where they are allowed).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

/// Visitor methods that refuse the kinds named (`unit bool u64 i64 f64 str seq map`: what
/// serde_json's `deserialize_any` can hand a visitor) with the reader's own message
/// ([`crate::kinds`]), for a visitor that does not take them.
macro_rules! refuse_others {
    ($t:ty; $($kind:ident)*) => { $(refuse_others!(@one $t; $kind);)* };
    (@one $t:ty; unit) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Null, &self))
        }
    };
    (@one $t:ty; bool) => {
        fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Bool(b), &self))
        }
    };
    (@one $t:ty; u64) => {
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Unsigned(n), &self))
        }
    };
    (@one $t:ty; i64) => {
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Signed(n), &self))
        }
    };
    (@one $t:ty; f64) => {
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Float, &self))
        }
    };
    (@one $t:ty; str) => {
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$t, E> {
            Err(crate::kinds::wrong(crate::kinds::Got::Str(s), &self))
        }
    };
    (@one $t:ty; seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<$t, A::Error> {
            Err(crate::kinds::wrong(crate::kinds::Got::List, &self))
        }
    };
    (@one $t:ty; map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<$t, A::Error> {
            Err(crate::kinds::wrong(crate::kinds::Got::Object, &self))
        }
    };
}

#[cfg(feature = "authoring")]
pub mod authoring;
pub mod batch;
pub mod bench;
pub mod builtins;
pub mod calendar;
#[cfg(feature = "authoring")]
pub mod cases;
pub mod catalogue;
pub mod compile;
pub mod compiled;
#[cfg(feature = "authoring")]
pub mod coverage;
pub mod date;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod expr;
pub mod facts;
pub mod form;
pub(crate) mod json;
pub(crate) mod kinds;
pub mod limits;
#[cfg(feature = "authoring")]
pub mod lint;
pub mod options;
pub mod order;
pub mod pack;
pub mod package;
pub mod places;
pub mod questions;
pub mod refs;
pub mod report;
pub mod result;
pub mod shared;
pub mod slots;
pub mod synth;
pub mod table;
pub mod value;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod whatif;

pub use engine::{parse_date, Assessor, Engine, Options};
pub use error::Error;
pub use facts::parse_household;
