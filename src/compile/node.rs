//! The compiled form of expressions: names resolved to indices, types checked. Evaluating a
//! node never looks a string up.

use crate::expr::ast::{AggKind, ArithOp, CmpOp};
use crate::value::{Ty, Value};
use rust_decimal::RoundingStrategy;

pub use crate::catalogue::{Field, HhFact};
use crate::catalogue::{Scope, HH_KEYS, PERSON_KEYS};

/// A fact about the current member or supporter: one the household gives as it is, or a
/// reading computed from one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PersonFact {
    /// A fact kept as given (`relation`, `birth_date`, `status`, ...).
    Given(Field),
    /// `age`: whole years on the assessment date.
    Age,
    /// `disabled`: holds a disability certificate.
    Disabled,
    /// `disability_kind` (`"none"` without a certificate).
    DisabilityKind,
    /// `income_total`: every category.
    IncomeTotal,
    /// `lost_contact_months`: whole months out of contact (0 when in contact).
    LostContactMonths,
    /// `detained_months`: whole months detained (0 when not detained).
    DetainedMonths,
}

/// Person readings computed from a fact, by the name rules read them by, with their types.
const DERIVED: &[(&str, PersonFact, Ty)] = &[
    ("age", PersonFact::Age, Ty::Num),
    ("disabled", PersonFact::Disabled, Ty::Bool),
    ("disability_kind", PersonFact::DisabilityKind, Ty::Str),
    ("income_total", PersonFact::IncomeTotal, Ty::Num),
    (
        "lost_contact_months",
        PersonFact::LostContactMonths,
        Ty::Num,
    ),
    ("detained_months", PersonFact::DetainedMonths, Ty::Num),
];

impl PersonFact {
    /// The document field the fact reads.
    pub fn field(self) -> Field {
        match self {
            PersonFact::Given(f) => f,
            PersonFact::Age => Field::BIRTH_DATE,
            PersonFact::Disabled | PersonFact::DisabilityKind => Field::DISABILITY,
            PersonFact::IncomeTotal => Field::INCOME,
            PersonFact::LostContactMonths => Field::LOST_CONTACT_SINCE,
            PersonFact::DetainedMonths => Field::DETAINED_SINCE,
        }
    }

    /// Every person fact by the name rules read it by, with its type: the facts kept as given
    /// (from the catalogue) and the readings computed from them.
    pub fn names() -> Vec<(&'static str, PersonFact, Ty)> {
        let mut out: Vec<(&'static str, PersonFact, Ty)> = crate::catalogue::FACTS
            .iter()
            .filter_map(|f| {
                let (i, ty) = crate::catalogue::plain_by_read(Scope::Person, f.field())?;
                (f.scope == Scope::Person && f.field() == f.name.trim_start_matches("member."))
                    .then_some((f.field(), PersonFact::Given(Field(i)), ty))
            })
            .collect();
        out.dedup_by_key(|(n, _, _)| *n);
        out.extend_from_slice(DERIVED);
        out
    }

    /// Looks a person fact up by its expression name.
    pub fn by_name(name: &str) -> Option<(PersonFact, Ty)> {
        if let Some((_, f, ty)) = DERIVED.iter().find(|(n, _, _)| *n == name) {
            return Some((*f, *ty));
        }
        crate::catalogue::plain_by_read(Scope::Person, name)
            .map(|(i, ty)| (PersonFact::Given(Field(i)), ty))
    }
}

/// Collections aggregates range over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Coll {
    /// `members`
    Members,
    /// `supporters`
    Supporters,
    /// `vehicles`
    Vehicles,
}

/// A fact that can be unknown, as reported in `missing` and asked by questions.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FactKey {
    /// A fact of the household (`region`, `members`, `assets.deposits`, ...).
    Hh(HhFact),
    /// A fact a pack adds, of the household (index into the rules' facts).
    Local(u8),
    /// A fact a pack adds, of a member.
    MemberLocal(u8),
    /// A member's field.
    Member(Field),
    /// A supporter's field.
    Supporter(Field),
}

impl FactKey {
    /// `region`
    pub const REGION: FactKey = FactKey::Hh(HhFact::REGION);
    /// `members` (the list itself)
    pub const MEMBERS: FactKey = FactKey::Hh(HhFact::MEMBERS);
    /// `supporters` (the list itself)
    pub const SUPPORTERS: FactKey = FactKey::Hh(HhFact::SUPPORTERS);
    /// `assets.vehicles`
    pub const VEHICLES: FactKey = FactKey::Hh(HhFact::VEHICLES);

    /// Generic name used by questions: `hukou`, `member.birth_date`, ...
    pub fn name(self) -> String {
        match self {
            FactKey::Hh(f) => f.name().into(),
            FactKey::Local(i) => format!("local.#{i}"),
            FactKey::MemberLocal(i) => format!("member.local.#{i}"),
            FactKey::Member(f) => format!("member.{}", f.name()),
            FactKey::Supporter(f) => format!("supporter.{}", f.name()),
        }
    }

    /// Every fact key of the catalogue.
    pub fn all() -> Vec<FactKey> {
        let mut v: Vec<FactKey> = crate::catalogue::keyed(Scope::Household)
            .map(|i| FactKey::Hh(HhFact(i)))
            .collect();
        v.extend(Field::all().map(FactKey::Member));
        v.extend(Field::all().map(FactKey::Supporter));
        v
    }

    /// Parses a generic name.
    pub fn parse(s: &str) -> Option<FactKey> {
        FactKey::all().into_iter().find(|k| k.name() == s)
    }
}

/// A fact of one household, possibly of one member or supporter (`index`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactRef {
    /// Which fact.
    pub key: FactKey,
    /// Member or supporter index (0 for household facts).
    pub index: u16,
}

impl FactRef {
    /// Where the facts packs add start in [`FactRef::dense`] order.
    const LOCAL: usize = HH_KEYS + 2 * PERSON_KEYS * 64;
    /// Size of tables indexed by [`FactRef::dense`].
    pub const DENSE: usize = Self::LOCAL + 32 + 32 * 64;

    /// A dense index below [`FactRef::DENSE`], for tables indexed by fact (`None` for a person
    /// index past 63, which the input limits rule out).
    pub fn dense(self) -> Option<usize> {
        let i = usize::from(self.index);
        if i >= 64 {
            return None;
        }
        let key = |f: u8| crate::catalogue::key_position(f);
        Some(match self.key {
            // Bounded: key positions < PERSON_KEYS, i < 64.
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::Member(f) => HH_KEYS + key(f.0)? * 64 + i,
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::Supporter(f) => HH_KEYS + (PERSON_KEYS + key(f.0)?) * 64 + i,
            FactKey::Local(f) if usize::from(f) < 32 => Self::LOCAL + usize::from(f),
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::MemberLocal(f) if usize::from(f) < 32 => {
                Self::LOCAL + 32 + usize::from(f) * 64 + i
            }
            FactKey::Local(_) | FactKey::MemberLocal(_) => return None,
            FactKey::Hh(f) => key(f.0)?,
        })
    }
}

/// Why a value is unknown: a fact not given, or a parameter with no value on the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Blame {
    /// A fact the household did not give.
    Fact(FactRef),
    /// A parameter with no value in force for this place and date.
    NoRule(u16),
    /// A parameter whose last value is past the date it is known until: the outcome could
    /// change with the value in force now, which is not on file.
    Stale(u16),
    /// A criterion failed on a value no published source gives: it may not be the place's law.
    Unsourced(u16),
}

pub use crate::builtins::Builtin;

/// A compiled expression.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum Node {
    /// A constant.
    Const(Value),
    /// A parameter's value on the assessment date.
    Param(u16),
    /// The assessment date.
    Date,
    /// A household fact kept as given.
    Hh(HhFact),
    /// A fact of the current person (member or supporter, by scope).
    Person(PersonFact, Coll),
    /// The current vehicle's kind.
    VehicleKind,
    /// A definition.
    Def(u16),
    /// `not`
    Not(Box<Node>),
    /// `and` (Kleene)
    And(Box<Node>, Box<Node>),
    /// `or` (Kleene)
    Or(Box<Node>, Box<Node>),
    /// Unary minus.
    Neg(Box<Node>),
    /// Checked arithmetic.
    Arith(ArithOp, Box<Node>, Box<Node>),
    /// Comparison of two values of one type.
    Cmp(CmpOp, Box<Node>, Box<Node>),
    /// Set membership; `true` when negated.
    In(Box<Node>, Box<Node>, bool),
    /// Conditional.
    If(Box<[(Node, Node)]>, Box<Node>),
    /// Explicit rounding.
    Round(
        Box<Node>,
        u32,
        #[serde(with = "crate::compiled::rounding")] RoundingStrategy,
    ),
    /// Built-in call.
    Call(Builtin, Box<[Node]>),
    /// Aggregate over a collection.
    Agg(AggKind, Coll, Option<Box<Node>>, Option<Box<Node>>),
    /// Whether a program is eligible (per member in member scope).
    Eligible(u16),
    /// A fact a pack adds, of the household.
    Local(u16),
    /// A fact a pack adds, of the current member.
    MemberLocal(u16),
    /// A number times a parameter whose value may be an exact fraction (`1/6`): multiplied by
    /// the numerator, then divided by the denominator, so no digits are lost before rounding.
    MulFrac(Box<Node>, u16),
}

/// Rounding modes by the names rule files use.
pub fn rounding(name: &str) -> Option<RoundingStrategy> {
    Some(match name {
        "half_up" => RoundingStrategy::MidpointAwayFromZero,
        "half_even" => RoundingStrategy::MidpointNearestEven,
        "half_down" => RoundingStrategy::MidpointTowardZero,
        "up" => RoundingStrategy::AwayFromZero,
        "down" => RoundingStrategy::ToZero,
        "ceiling" => RoundingStrategy::ToPositiveInfinity,
        "floor" => RoundingStrategy::ToNegativeInfinity,
        _ => return None,
    })
}
