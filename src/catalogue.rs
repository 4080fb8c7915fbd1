//! The catalogue of built-in household facts: every fact the household document can carry,
//! declared once with its scope, type, vocabulary, labels, what `null` means, how a form asks it,
//! its CSV columns and the names rules read it by.
//!
//! What it drives: the form ([`crate::form::fields`]) and the CSV reader of the CLI. What it is
//! checked against (`tests/catalogue.rs`, failing on drift): the JSON Schema
//! (`schema/household.schema.json`: every entry accepted with a value of its type, every schema
//! property catalogued, the same vocabularies), the TypeScript types (`src/wasm_types.d.ts`), the
//! fact names of results and questions ([`FactKey`](crate::compile::node::FactKey)), the person
//! facts rules read ([`PersonFact`](crate::compile::node::PersonFact)), the household parser and
//! the evaluator (each fact read back by its rule names), and [`crate::value::VOCABULARY`].

use crate::facts::{
    BENEFITS, DISABILITY_KINDS, HARDSHIPS, HUKOU, INCOME_CATEGORIES, KINSHIPS, MARITAL_STATUSES,
    RELATIONS, SEXES, STATUS_FLAGS, VEHICLE_KINDS,
};
use crate::form::Kind;

/// Whose fact it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Scope {
    /// The household (`hukou`, `assets.deposits`, `marriage.kinship`).
    Household,
    /// Each person: a member (`member.x`, in `members[i].x`) and a supporter alike
    /// (`supporter.x`, in `supporters[i].x`).
    Person,
    /// Each vehicle (`vehicle.kind`, in `assets.vehicles[i].kind`).
    Vehicle,
}

/// What a fact's value is in the household document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// A six-digit GB/T 2260 code (string).
    Code,
    /// A caller's identifier (string).
    Id,
    /// `true` or `false`.
    Bool,
    /// A whole number from 0 to the maximum.
    Count(u32),
    /// A decimal string, yuan.
    Money,
    /// A date `YYYY-MM-DD`.
    Date,
    /// One word of the vocabulary.
    Symbol,
    /// A list of words of the vocabulary (repeats ignored; empty: none).
    Set,
    /// A list of people (objects with an `id`).
    People,
    /// A list of vehicles (`{ "kind": word }`).
    Vehicles,
    /// A disability certificate `{ "kind": word, "grade": 1–4 }`.
    Certificate,
    /// Monthly income by category (an object of decimal strings, `null` for unknown).
    Income,
    /// The facts the region's packs add (`[facts.*]`): an object checked against the
    /// region's rules when the household is assessed.
    Local,
}

/// One built-in fact.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    /// The name as in the household document, dotted (`assets.deposits`); a person's fact is
    /// named `member.x` (the same field of a supporter is `supporter.x`).
    pub name: &'static str,
    /// Whose fact.
    pub scope: Scope,
    /// The value's type.
    pub ty: Type,
    /// The words the value may hold (for symbols, sets, vehicles, certificates' kinds and
    /// income categories).
    pub vocabulary: &'static [&'static str],
    /// What a resident reads, in Chinese.
    pub zh: &'static str,
    /// What a resident reads, in English.
    pub en: &'static str,
    /// `null` means "none" (no certificate, never lost contact), unlike an absent key (unknown).
    pub null_is_none: bool,
    /// How a form asks it (`None`: not asked on its own); the pack's question is
    /// `[questions.<name with __ for .>]`.
    pub ask: Option<Kind>,
    /// CSV columns of `huimin batch --csv` (`income.` is a prefix: `income.<category>`).
    pub csv: &'static [&'static str],
    /// The names rules read it by (collections for lists).
    pub reads: &'static [&'static str],
    /// Whether a result can name it missing and a question can ask it (a `FactKey`).
    pub key: bool,
}

const fn fact(
    name: &'static str,
    scope: Scope,
    ty: Type,
    (zh, en): (&'static str, &'static str),
) -> Fact {
    Fact {
        name,
        scope,
        ty,
        vocabulary: &[],
        zh,
        en,
        null_is_none: false,
        ask: None,
        csv: &[],
        reads: &[],
        key: true,
    }
}

impl Fact {
    const fn words(mut self, vocabulary: &'static [&'static str]) -> Fact {
        self.vocabulary = vocabulary;
        self
    }
    const fn ask(mut self, kind: Kind) -> Fact {
        self.ask = Some(kind);
        self
    }
    const fn csv(mut self, columns: &'static [&'static str]) -> Fact {
        self.csv = columns;
        self
    }
    const fn reads(mut self, names: &'static [&'static str]) -> Fact {
        self.reads = names;
        self
    }
    const fn null_is_none(mut self) -> Fact {
        self.null_is_none = true;
        self
    }
    const fn no_key(mut self) -> Fact {
        self.key = false;
        self
    }

    /// The field's name within its object (`deposits` for `assets.deposits`).
    pub fn field(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    /// The id of the pack question that asks it (`member__birth_date`).
    pub fn question_id(&self) -> String {
        self.name.replace('.', "__")
    }
}

use Scope::{Household as H, Person as P, Vehicle as V};

/// Every built-in fact, in the order a form lists them.
pub const FACTS: &[Fact] = &[
    fact(
        "region",
        H,
        Type::Code,
        ("户籍所在地", "place of household registration"),
    )
    .ask(Kind::Region)
    .csv(&["region"]),
    fact(
        "members",
        H,
        Type::People,
        ("共同生活的家庭成员", "people living together"),
    )
    .ask(Kind::People)
    .reads(&["members"]),
    fact(
        "supporters",
        H,
        Type::People,
        (
            "在外居住的赡养、抚养、扶养义务人",
            "relatives elsewhere with a duty of support",
        ),
    )
    .ask(Kind::People)
    .reads(&["supporters"]),
    fact(
        "hukou",
        H,
        Type::Symbol,
        ("户口性质", "household registration type"),
    )
    .words(HUKOU)
    .ask(Kind::Choice)
    .csv(&["hukou"])
    .reads(&["hukou"]),
    fact(
        "hardships",
        H,
        Type::Set,
        ("急难情形", "emergencies and sudden expenses"),
    )
    .words(HARDSHIPS)
    .ask(Kind::Multi)
    .csv(&["hardships"])
    .reads(&["hardships"]),
    fact(
        "assets.deposits",
        H,
        Type::Money,
        ("存款及有价证券等金融资产", "deposits and financial assets"),
    )
    .ask(Kind::Money)
    .csv(&["deposits"])
    .reads(&["deposits"]),
    fact(
        "assets.homes",
        H,
        Type::Count(u32::MAX),
        ("住房套数", "homes owned"),
    )
    .ask(Kind::Count)
    .csv(&["homes"])
    .reads(&["homes"]),
    fact(
        "assets.vehicles",
        H,
        Type::Vehicles,
        ("机动车辆", "vehicles owned"),
    )
    .words(VEHICLE_KINDS)
    .ask(Kind::Multi)
    .csv(&["vehicles"])
    .reads(&["vehicles"]),
    fact(
        "vehicle.kind",
        V,
        Type::Symbol,
        ("车辆类型", "kind of vehicle"),
    )
    .words(VEHICLE_KINDS)
    .reads(&["kind"])
    .no_key(),
    fact("member.id", P, Type::Id, ("编号", "identifier"))
        .csv(&["member"])
        .no_key(),
    fact(
        "member.relation",
        P,
        Type::Symbol,
        ("与申请人关系", "relation to the applicant"),
    )
    .words(RELATIONS)
    .ask(Kind::Choice)
    .csv(&["relation"])
    .reads(&["relation"]),
    fact("member.sex", P, Type::Symbol, ("性别", "sex"))
        .words(SEXES)
        .ask(Kind::Choice)
        .csv(&["sex"])
        .reads(&["sex"]),
    fact(
        "member.birth_date",
        P,
        Type::Date,
        ("出生日期", "date of birth"),
    )
    .ask(Kind::Date)
    .csv(&["birth_date"])
    .reads(&["birth_date", "age"]),
    fact(
        "member.disability",
        P,
        Type::Certificate,
        ("残疾人证", "disability certificate"),
    )
    .words(DISABILITY_KINDS)
    .null_is_none()
    .ask(Kind::Disability)
    .csv(&["disability_kind", "disability_grade"])
    .reads(&["disabled", "disability_kind"]),
    fact(
        "member.adl_failed",
        P,
        Type::Count(6),
        (
            "不能独立完成的日常生活活动项数",
            "daily-living activities not done alone",
        ),
    )
    .ask(Kind::Count)
    .csv(&["adl_failed"])
    .reads(&["adl_failed"]),
    fact(
        "member.serious_illness",
        P,
        Type::Bool,
        ("重特大疾病", "serious illness"),
    )
    .ask(Kind::Bool)
    .csv(&["serious_illness"])
    .reads(&["serious_illness"]),
    fact(
        "member.income",
        P,
        Type::Income,
        ("月收入", "monthly income"),
    )
    .words(INCOME_CATEGORIES)
    .ask(Kind::Income)
    .csv(&["income."])
    .reads(&["income_total"]),
    fact("member.status", P, Type::Set, ("人员状况", "status"))
        .words(STATUS_FLAGS)
        .ask(Kind::Multi)
        .csv(&["status"])
        .reads(&["status"]),
    fact(
        "member.receives",
        P,
        Type::Set,
        ("正在享受的待遇", "benefits received"),
    )
    .words(BENEFITS)
    .ask(Kind::Multi)
    .csv(&["receives"])
    .reads(&["receives"]),
    fact(
        "member.lost_contact_since",
        P,
        Type::Date,
        ("失联起始日期", "out of contact since"),
    )
    .null_is_none()
    .ask(Kind::DateOrNone)
    .csv(&["lost_contact_since"])
    .reads(&["lost_contact_months"]),
    fact(
        "member.detained_since",
        P,
        Type::Date,
        ("被羁押起始日期", "detained since"),
    )
    .null_is_none()
    .ask(Kind::DateOrNone)
    .csv(&["detained_since"])
    .reads(&["detained_months"]),
    fact(
        "member.marital_status",
        P,
        Type::Symbol,
        ("婚姻状况", "marital status"),
    )
    .words(MARITAL_STATUSES)
    .ask(Kind::Choice)
    .csv(&["marital_status"])
    .reads(&["marital_status"]),
    fact(
        "marriage.kinship",
        H,
        Type::Symbol,
        ("双方血缘关系", "kinship between the parties"),
    )
    .words(KINSHIPS)
    .ask(Kind::Choice)
    .reads(&["kinship"]),
    fact(
        "marriage.voluntary",
        H,
        Type::Bool,
        ("双方自愿", "both act of their free will"),
    )
    .ask(Kind::Bool)
    .reads(&["voluntary"]),
    fact(
        "marriage.in_person",
        H,
        Type::Bool,
        ("双方亲自到场", "both come in person"),
    )
    .ask(Kind::Bool)
    .reads(&["in_person"]),
    fact(
        "marriage.at_hukou_registry",
        H,
        Type::Bool,
        (
            "在一方常住户口所在地登记",
            "at a registry where one party's hukou is",
        ),
    )
    .ask(Kind::Bool)
    .reads(&["at_hukou_registry"]),
    fact(
        "marriage.divorce_agreement",
        H,
        Type::Bool,
        ("书面离婚协议", "a written divorce agreement"),
    )
    .ask(Kind::Bool)
    .reads(&["divorce_agreement"]),
    fact(
        "marriage.divorce_applied",
        H,
        Type::Date,
        (
            "离婚申请受理日期",
            "day the divorce application was received",
        ),
    )
    .ask(Kind::Date)
    .reads(&["divorce_applied"]),
    fact(
        "local",
        H,
        Type::Local,
        ("本地规则增加的家庭情况", "facts the local rules add"),
    )
    .csv(&["local."])
    .no_key(),
    fact(
        "member.local",
        P,
        Type::Local,
        (
            "本地规则增加的个人情况",
            "a person's facts the local rules add",
        ),
    )
    .csv(&["member.local."])
    .no_key(),
];

/// A fact of the household itself: its index in [`FACTS`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct HhFact(pub u8);

impl HhFact {
    /// `region`
    pub const REGION: HhFact = HhFact(id("region"));
    /// `members` (the list itself)
    pub const MEMBERS: HhFact = HhFact(id("members"));
    /// `supporters` (the list itself)
    pub const SUPPORTERS: HhFact = HhFact(id("supporters"));
    /// `assets.vehicles`
    pub const VEHICLES: HhFact = HhFact(id("assets.vehicles"));
    /// `hukou`
    pub const HUKOU: HhFact = HhFact(id("hukou"));
    /// `assets.deposits`
    pub const DEPOSITS: HhFact = HhFact(id("assets.deposits"));
    /// `hardships`
    pub const HARDSHIPS: HhFact = HhFact(id("hardships"));

    /// The fact's name (`assets.deposits`).
    pub fn name(self) -> &'static str {
        FACTS.get(usize::from(self.0)).map_or("?", |f| f.name)
    }
}

/// A fact of a person (member or supporter): its index in [`FACTS`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Field(pub u8);

impl Field {
    /// `relation`
    pub const RELATION: Field = Field(id("member.relation"));
    /// `sex`
    pub const SEX: Field = Field(id("member.sex"));
    /// `birth_date`
    pub const BIRTH_DATE: Field = Field(id("member.birth_date"));
    /// `disability`
    pub const DISABILITY: Field = Field(id("member.disability"));
    /// `serious_illness`
    pub const SERIOUS_ILLNESS: Field = Field(id("member.serious_illness"));
    /// `income`
    pub const INCOME: Field = Field(id("member.income"));
    /// `status`
    pub const STATUS: Field = Field(id("member.status"));
    /// `lost_contact_since`
    pub const LOST_CONTACT_SINCE: Field = Field(id("member.lost_contact_since"));
    /// `detained_since`
    pub const DETAINED_SINCE: Field = Field(id("member.detained_since"));

    /// Name in the household document, within the person (`birth_date`).
    pub fn name(self) -> &'static str {
        FACTS.get(usize::from(self.0)).map_or("?", |f| f.field())
    }

    /// Every field that can be missing, in catalogue order.
    pub fn all() -> impl Iterator<Item = Field> {
        keyed(Scope::Person).map(Field)
    }
}

/// Indices in [`FACTS`] of the keyed facts of a scope, in order.
pub fn keyed(scope: Scope) -> impl Iterator<Item = u8> {
    FACTS
        .iter()
        .enumerate()
        .filter(move |(_, f)| f.key && f.scope == scope)
        .filter_map(|(i, _)| u8::try_from(i).ok())
}

/// Position of a fact among the keyed facts of its scope.
pub fn key_position(i: u8) -> Option<usize> {
    PLACES
        .get(usize::from(i))
        .filter(|p| p.key != u8::MAX)
        .map(|p| usize::from(p.key))
}

// Fact indices, slots and key positions are bytes; sets of facts seen are 64-bit masks.
#[allow(clippy::indexing_slicing)]
const _: u8 = [0u8][(FACTS.len() > 64) as usize];

/// Whether the household keeps the fact as given, in its slots ([`crate::facts::Slots`]): a
/// truth value, a count, an amount, a date, a word or a set of words, of the household or a
/// person. Adding such a fact to [`FACTS`] is all it takes for the reader, the evaluator, the
/// questions and the form to know it.
pub const fn is_plain(f: &Fact) -> bool {
    matches!(
        f.ty,
        Type::Bool | Type::Count(_) | Type::Money | Type::Date | Type::Symbol | Type::Set
    ) && !matches!(f.scope, Scope::Vehicle)
}

// The tables below are evaluated when the crate is compiled: an index out of range fails the
// build, not a run.

/// Number of facts of a scope that the household keeps in its slots.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn count_plain(scope: Scope) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FACTS.len() {
        if is_plain(&FACTS[i]) && FACTS[i].scope as u8 == scope as u8 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Slots a household keeps for its own facts.
pub const HH_SLOTS: usize = count_plain(Scope::Household);
/// Slots each person keeps.
pub const PERSON_SLOTS: usize = count_plain(Scope::Person);

/// Each fact's place: for a fact kept in slots, its slot in its scope; for a keyed fact, its
/// position among the keyed facts of its scope (the dense index of [`crate::compile::node::FactRef`]).
#[derive(Clone, Copy, Debug)]
pub struct Place {
    /// Slot (`u8::MAX`: not kept in slots).
    pub slot: u8,
    /// Position among the keyed facts of its scope (`u8::MAX`: not keyed).
    pub key: u8,
}

/// [`Place`] of every fact, in [`FACTS`] order.
pub static PLACES: [Place; FACTS.len()] = places();

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
const fn places() -> [Place; FACTS.len()] {
    let mut out = [Place {
        slot: u8::MAX,
        key: u8::MAX,
    }; FACTS.len()];
    let mut slots = [0u8; 3];
    let mut keys = [0u8; 3];
    let mut i = 0;
    while i < FACTS.len() {
        let f = &FACTS[i];
        let s = f.scope as usize;
        if is_plain(f) {
            out[i].slot = slots[s];
            slots[s] += 1;
        }
        if f.key {
            out[i].key = keys[s];
            keys[s] += 1;
        }
        i += 1;
    }
    out
}

/// Number of keyed facts of a scope.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn count_keys(scope: Scope) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FACTS.len() {
        if FACTS[i].key && FACTS[i].scope as u8 == scope as u8 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Keyed facts of the household.
pub const HH_KEYS: usize = count_keys(Scope::Household);
/// Keyed facts of each person.
pub const PERSON_KEYS: usize = count_keys(Scope::Person);

/// The index in [`FACTS`] of the fact called `name` (`u8::MAX` when there is none, which every
/// lookup treats as no fact; the catalogue's tests check the names the code uses).
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
pub const fn id(name: &str) -> u8 {
    let mut i = 0;
    while i < FACTS.len() {
        if same(FACTS[i].name.as_bytes(), name.as_bytes()) {
            return i as u8;
        }
        i += 1;
    }
    u8::MAX
}

#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether the fact at `i` of [`FACTS`] is kept in slots (`None`: no such fact).
pub fn slot(i: u8) -> Option<usize> {
    PLACES
        .get(usize::from(i))
        .filter(|p| p.slot != u8::MAX)
        .map(|p| usize::from(p.slot))
}

/// The fact a rule of scope `scope` reads by `name` as given (not a derived reading such as
/// `age`): its index in [`FACTS`] and its expression type.
pub fn plain_by_read(scope: Scope, name: &str) -> Option<(u8, crate::value::Ty)> {
    use crate::value::Ty;
    let i = FACTS.iter().position(|f| {
        f.scope == scope && is_plain(f) && f.field() == name && f.reads.contains(&name)
    })?;
    let ty = match FACTS.get(i)?.ty {
        Type::Bool => Ty::Bool,
        Type::Date => Ty::Date,
        Type::Symbol => Ty::Str,
        Type::Set => Ty::Set,
        _ => Ty::Num,
    };
    Some((u8::try_from(i).ok()?, ty))
}

/// What a form reads of a fact that it asks.
#[derive(Clone, Copy, Debug)]
pub struct Asked {
    /// The fact's name.
    pub name: &'static str,
    /// How it is asked.
    pub kind: Kind,
    /// The value's type.
    pub ty: Type,
    /// The words it may hold.
    pub vocabulary: &'static [&'static str],
}

/// The facts a form asks, in [`FACTS`] order (`None` for the others). Projected from [`FACTS`]
/// when the crate is compiled, so that labels, columns and rule names stay out of the
/// WebAssembly package.
pub static ASKED: [Option<Asked>; FACTS.len()] = asked();

// Evaluated when the crate is compiled: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn asked() -> [Option<Asked>; FACTS.len()] {
    let mut out = [None; FACTS.len()];
    let mut i = 0;
    while i < FACTS.len() {
        let f = &FACTS[i];
        if let Some(kind) = f.ask {
            out[i] = Some(Asked {
                name: f.name,
                kind,
                ty: f.ty,
                vocabulary: f.vocabulary,
            });
        }
        i += 1;
    }
    out
}

/// The fact called `name` (`supporter.x` finds the person fact `member.x`).
pub fn find(name: &str) -> Option<&'static Fact> {
    let name = match name.strip_prefix("supporter.") {
        Some(field) => {
            FACTS
                .iter()
                .find(|f| f.scope == Scope::Person && f.field() == field)?
                .name
        }
        None => name,
    };
    FACTS.iter().find(|f| f.name == name)
}

/// Every name a result or a question can use: the catalogue's keyed facts, person facts both as
/// `member.x` and `supporter.x`.
pub fn key_names() -> Vec<String> {
    let mut out = Vec::new();
    for f in FACTS.iter().filter(|f| f.key) {
        out.push(f.name.to_string());
        if f.scope == Scope::Person {
            out.push(format!("supporter.{}", f.field()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_scoped() {
        for (i, f) in FACTS.iter().enumerate() {
            assert!(
                FACTS.iter().skip(i + 1).all(|g| g.name != f.name),
                "{} twice",
                f.name
            );
            let prefix = f.name.split_once('.').map(|(p, _)| p);
            let scope = match prefix {
                Some("member") => Scope::Person,
                Some("vehicle") => Scope::Vehicle,
                _ => Scope::Household,
            };
            assert_eq!(f.scope, scope, "{}", f.name);
            assert!(!f.zh.is_empty() && !f.en.is_empty(), "{}", f.name);
            assert_eq!(find(f.name).map(|g| g.name), Some(f.name));
        }
        assert_eq!(
            find("supporter.birth_date").map(|f| f.name),
            Some("member.birth_date")
        );
    }

    #[test]
    fn the_names_the_code_uses_are_catalogued() {
        let hh = [
            HhFact::REGION,
            HhFact::MEMBERS,
            HhFact::SUPPORTERS,
            HhFact::VEHICLES,
            HhFact::HUKOU,
            HhFact::DEPOSITS,
            HhFact::HARDSHIPS,
        ];
        for f in hh {
            let fact = FACTS.get(usize::from(f.0)).map(|x| (x.scope, x.key));
            assert_eq!(fact, Some((Scope::Household, true)), "{f:?}");
        }
        let person = [
            Field::RELATION,
            Field::SEX,
            Field::BIRTH_DATE,
            Field::DISABILITY,
            Field::SERIOUS_ILLNESS,
            Field::INCOME,
            Field::STATUS,
            Field::LOST_CONTACT_SINCE,
            Field::DETAINED_SINCE,
        ];
        for f in person {
            let fact = FACTS.get(usize::from(f.0)).map(|x| (x.scope, x.key));
            assert_eq!(fact, Some((Scope::Person, true)), "{f:?}");
        }
        assert_eq!(id("no.such.fact"), u8::MAX);
        assert_eq!(slot(u8::MAX), None);
        // Every fact kept as given has a slot of its own in its scope.
        let mut seen = std::collections::BTreeSet::new();
        for (i, f) in FACTS.iter().enumerate() {
            let s = slot(u8::try_from(i).unwrap());
            assert_eq!(s.is_some(), is_plain(f), "{}", f.name);
            if let Some(s) = s {
                assert!(seen.insert((f.scope as u8, s)), "{}", f.name);
                let n = if f.scope == Scope::Person {
                    PERSON_SLOTS
                } else {
                    HH_SLOTS
                };
                assert!(s < n, "{}", f.name);
            }
        }
    }

    #[test]
    fn every_word_is_in_the_vocabulary() {
        for f in FACTS {
            for w in f.vocabulary {
                assert!(
                    crate::value::Sym::lookup(w).is_some(),
                    "{}: \"{w}\" is missing from value::VOCABULARY",
                    f.name
                );
            }
        }
    }
}
