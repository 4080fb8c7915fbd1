//! The compiled form of expressions: names resolved to indices, types checked. Evaluating a
//! node never looks a string up.

use crate::expr::ast::{AggKind, ArithOp, CmpOp};
use crate::value::{Ty, Value};
use rust_decimal::RoundingStrategy;

/// A fact of the household itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HhFact {
    /// `hukou`
    Hukou,
    /// `deposits` (from `assets.deposits`)
    Deposits,
    /// `homes` (from `assets.homes`)
    Homes,
    /// `hardships`: emergencies and sudden expenses the household reports.
    Hardships,
    /// `kinship` (from `marriage.kinship`)
    Kinship,
    /// `in_person` (from `marriage.in_person`)
    InPerson,
    /// `voluntary` (from `marriage.voluntary`)
    Voluntary,
    /// `at_hukou_registry` (from `marriage.at_hukou_registry`)
    AtHukouRegistry,
    /// `divorce_agreement` (from `marriage.divorce_agreement`)
    DivorceAgreement,
    /// `divorce_applied` (from `marriage.divorce_applied`)
    DivorceApplied,
}

/// A fact about the current member or supporter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PersonFact {
    /// `relation`
    Relation,
    /// `sex`
    Sex,
    /// `birth_date`
    BirthDate,
    /// `age`: whole years on the assessment date.
    Age,
    /// `disabled`: holds a disability certificate.
    Disabled,
    /// `disability_kind` (`"none"` without a certificate).
    DisabilityKind,
    /// `adl_failed`
    AdlFailed,
    /// `serious_illness`
    SeriousIllness,
    /// `income_total`: every category.
    IncomeTotal,
    /// `status`
    Status,
    /// `receives`
    Receives,
    /// `lost_contact_months`: whole months out of contact (0 when in contact).
    LostContactMonths,
    /// `detained_months`: whole months detained (0 when not detained).
    DetainedMonths,
    /// `marital_status`
    MaritalStatus,
}

/// Fields of a person as the household document names them (what can be missing).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    /// `relation`
    Relation,
    /// `sex`
    Sex,
    /// `birth_date`
    BirthDate,
    /// `disability`
    Disability,
    /// `adl_failed`
    AdlFailed,
    /// `serious_illness`
    SeriousIllness,
    /// `income`
    Income,
    /// `status`
    Status,
    /// `receives`
    Receives,
    /// `lost_contact_since`
    LostContactSince,
    /// `detained_since`
    DetainedSince,
    /// `marital_status`
    MaritalStatus,
}

impl Field {
    /// All fields.
    pub const ALL: [Field; 12] = [
        Field::Relation,
        Field::Sex,
        Field::BirthDate,
        Field::Disability,
        Field::AdlFailed,
        Field::SeriousIllness,
        Field::Income,
        Field::Status,
        Field::Receives,
        Field::LostContactSince,
        Field::DetainedSince,
        Field::MaritalStatus,
    ];

    /// Name in the household document.
    pub fn name(self) -> &'static str {
        match self {
            Field::Relation => "relation",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
            Field::Disability => "disability",
            Field::AdlFailed => "adl_failed",
            Field::SeriousIllness => "serious_illness",
            Field::Income => "income",
            Field::Status => "status",
            Field::Receives => "receives",
            Field::LostContactSince => "lost_contact_since",
            Field::DetainedSince => "detained_since",
            Field::MaritalStatus => "marital_status",
        }
    }
}

impl PersonFact {
    /// The document field the derived fact reads.
    pub fn field(self) -> Field {
        match self {
            PersonFact::Relation => Field::Relation,
            PersonFact::Sex => Field::Sex,
            PersonFact::BirthDate | PersonFact::Age => Field::BirthDate,
            PersonFact::Disabled | PersonFact::DisabilityKind => Field::Disability,
            PersonFact::AdlFailed => Field::AdlFailed,
            PersonFact::SeriousIllness => Field::SeriousIllness,
            PersonFact::IncomeTotal => Field::Income,
            PersonFact::Status => Field::Status,
            PersonFact::Receives => Field::Receives,
            PersonFact::LostContactMonths => Field::LostContactSince,
            PersonFact::DetainedMonths => Field::DetainedSince,
            PersonFact::MaritalStatus => Field::MaritalStatus,
        }
    }

    /// Every person fact by the name rules read it by, with its type.
    pub const NAMES: &'static [(&'static str, PersonFact, Ty)] = &[
        ("relation", PersonFact::Relation, Ty::Str),
        ("sex", PersonFact::Sex, Ty::Str),
        ("birth_date", PersonFact::BirthDate, Ty::Date),
        ("age", PersonFact::Age, Ty::Num),
        ("disabled", PersonFact::Disabled, Ty::Bool),
        ("disability_kind", PersonFact::DisabilityKind, Ty::Str),
        ("adl_failed", PersonFact::AdlFailed, Ty::Num),
        ("serious_illness", PersonFact::SeriousIllness, Ty::Bool),
        ("income_total", PersonFact::IncomeTotal, Ty::Num),
        ("status", PersonFact::Status, Ty::Set),
        ("receives", PersonFact::Receives, Ty::Set),
        (
            "lost_contact_months",
            PersonFact::LostContactMonths,
            Ty::Num,
        ),
        ("detained_months", PersonFact::DetainedMonths, Ty::Num),
        ("marital_status", PersonFact::MaritalStatus, Ty::Str),
    ];

    /// Looks a person fact up by its expression name.
    pub fn by_name(name: &str) -> Option<(PersonFact, Ty)> {
        PersonFact::NAMES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, f, t)| (*f, *t))
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
    /// `region`
    Region,
    /// `hukou`
    Hukou,
    /// `members` (the list itself)
    Members,
    /// `assets.deposits`
    Deposits,
    /// `assets.homes`
    Homes,
    /// `assets.vehicles`
    Vehicles,
    /// `supporters` (the list itself)
    Supporters,
    /// `hardships`
    Hardships,
    /// `marriage.kinship`
    Kinship,
    /// `marriage.in_person`
    InPerson,
    /// `marriage.voluntary`
    Voluntary,
    /// `marriage.at_hukou_registry`
    AtHukouRegistry,
    /// `marriage.divorce_agreement`
    DivorceAgreement,
    /// `marriage.divorce_applied`
    DivorceApplied,
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
    /// Generic name used by questions: `hukou`, `member.birth_date`, ...
    pub fn name(self) -> String {
        match self {
            FactKey::Region => "region".into(),
            FactKey::Hukou => "hukou".into(),
            FactKey::Members => "members".into(),
            FactKey::Deposits => "assets.deposits".into(),
            FactKey::Homes => "assets.homes".into(),
            FactKey::Vehicles => "assets.vehicles".into(),
            FactKey::Supporters => "supporters".into(),
            FactKey::Hardships => "hardships".into(),
            FactKey::Kinship => "marriage.kinship".into(),
            FactKey::InPerson => "marriage.in_person".into(),
            FactKey::Voluntary => "marriage.voluntary".into(),
            FactKey::AtHukouRegistry => "marriage.at_hukou_registry".into(),
            FactKey::DivorceAgreement => "marriage.divorce_agreement".into(),
            FactKey::DivorceApplied => "marriage.divorce_applied".into(),
            FactKey::Local(i) => format!("local.#{i}"),
            FactKey::MemberLocal(i) => format!("member.local.#{i}"),
            FactKey::Member(f) => format!("member.{}", f.name()),
            FactKey::Supporter(f) => format!("supporter.{}", f.name()),
        }
    }

    /// Every fact key.
    pub fn all() -> Vec<FactKey> {
        let mut v = vec![
            FactKey::Region,
            FactKey::Hukou,
            FactKey::Members,
            FactKey::Deposits,
            FactKey::Homes,
            FactKey::Vehicles,
            FactKey::Supporters,
            FactKey::Hardships,
            FactKey::Kinship,
            FactKey::InPerson,
            FactKey::Voluntary,
            FactKey::AtHukouRegistry,
            FactKey::DivorceAgreement,
            FactKey::DivorceApplied,
        ];
        v.extend(Field::ALL.iter().map(|f| FactKey::Member(*f)));
        v.extend(Field::ALL.iter().map(|f| FactKey::Supporter(*f)));
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
    const LOCAL: usize = 16 + 2 * Field::ALL.len() * 64;
    /// Size of tables indexed by [`FactRef::dense`].
    pub const DENSE: usize = Self::LOCAL + 32 + 32 * 64;

    /// A dense index below [`FactRef::DENSE`], for tables indexed by fact (`None` for a person
    /// index past 63, which the input limits rule out).
    pub fn dense(self) -> Option<usize> {
        let i = usize::from(self.index);
        if i >= 64 {
            return None;
        }
        let fields = Field::ALL.len();
        Some(match self.key {
            // Bounded: fields < 12, i < 64.
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::Member(f) => 16 + (f as usize) * 64 + i,
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::Supporter(f) => 16 + (fields + f as usize) * 64 + i,
            FactKey::Local(f) if usize::from(f) < 32 => Self::LOCAL + usize::from(f),
            #[allow(clippy::arithmetic_side_effects)]
            FactKey::MemberLocal(f) if usize::from(f) < 32 => {
                Self::LOCAL + 32 + usize::from(f) * 64 + i
            }
            FactKey::Local(_) | FactKey::MemberLocal(_) => return None,
            FactKey::Region => 0,
            FactKey::Hukou => 1,
            FactKey::Members => 2,
            FactKey::Deposits => 3,
            FactKey::Homes => 4,
            FactKey::Vehicles => 5,
            FactKey::Supporters => 6,
            FactKey::Hardships => 7,
            FactKey::Kinship => 8,
            FactKey::InPerson => 9,
            FactKey::Voluntary => 10,
            FactKey::AtHukouRegistry => 11,
            FactKey::DivorceAgreement => 12,
            FactKey::DivorceApplied => 13,
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
    /// A household fact.
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
