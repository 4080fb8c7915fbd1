//! Household facts: the JSON document a portal sends, validated into the typed form the
//! evaluator reads. An absent key means "unknown"; an empty list means "none".
//!
//! The published contract is `schema/household.schema.json`; this module enforces it.

mod read;

pub use read::{parse_envelope, parse_household, parse_household_with, parse_money, without_bom};

use crate::catalogue::{Field, HhFact, HH_SLOTS, PERSON_SLOTS};
use crate::error::InputError;
use crate::value::{Sym, SymSet, Value};
use rust_decimal::Decimal;
use time::Date;

/// Income categories, in the order the evaluator stores them.
pub const INCOME_CATEGORIES: &[&str] = &[
    "wage",
    "farming",
    "business",
    "property",
    "pension",
    "basic_pension_central",
    "support_payments",
    "disability_subsidy",
    "scholarship",
    "preferential_care",
    "social_assistance",
    "family_planning_award",
    "heroism_award",
    "elder_allowance",
    "de_facto_orphan_allowance",
    "social_insurance",
    "unemployment_benefit",
    "work_injury_care",
    "other",
];
/// Number of income categories.
pub const N_INCOME: usize = 19;

/// The vocabulary symbol of each income category, in [`INCOME_CATEGORIES`] order.
pub fn income_syms() -> &'static [Sym; N_INCOME] {
    static SYMS: std::sync::OnceLock<[Sym; N_INCOME]> = std::sync::OnceLock::new();
    SYMS.get_or_init(|| {
        let mut out = [Sym(0); N_INCOME];
        for (slot, name) in out.iter_mut().zip(INCOME_CATEGORIES) {
            *slot = Sym::lookup(name).unwrap_or(Sym(0));
        }
        out
    })
}

/// Flags a person's `status` list may hold.
pub const STATUS_FLAGS: &[&str] = &[
    "in_prison",
    "compulsory_rehab",
    "declared_missing",
    "fulltime_student",
    "employed",
    "clergy_away",
    "conscript",
    "lacks_civil_capacity",
    "refused_work",
    "needs_long_term_care",
    "deceased",
    "parents_not_found",
    "veteran_demobilized",
    "veteran_ill_returned",
    "veteran_war_participant",
    "martyr_family",
    "disabled_veteran_7_10",
    "in_secondary_school",
];
/// Emergencies and sudden expenses a household's `hardships` list may name.
pub const HARDSHIPS: &[&str] = &[
    "natural_disaster",
    "fire",
    "accident",
    "sudden_illness",
    "medical_expense",
    "education_expense",
    "other_hardship",
];
/// Benefits a person's `receives` list may name.
pub const BENEFITS: &[&str] = &[
    "dibao",
    "low_income",
    "tekun",
    "disability_living",
    "disability_care",
    "temporary_assistance",
    "orphan",
    "de_facto_orphan",
    "veteran_outpatient",
    "veteran_pension",
    "elderly_care_subsidy",
    "elder_allowance",
    "work_injury_care",
    "dibao_gradual_exit",
];
/// Marital status of a person.
pub const MARITAL_STATUSES: &[&str] = &["unmarried", "married", "divorced", "widowed"];
/// Kinship between the two parties of a marriage registration.
pub const KINSHIPS: &[&str] = &[
    "none",
    "lineal",
    "collateral_within_3",
    "collateral_beyond_3",
];

/// Household registration types.
pub const HUKOU: &[&str] = &["urban", "rural"];
/// Sexes.
pub const SEXES: &[&str] = &["male", "female"];
/// Relations to the applicant.
pub const RELATIONS: &[&str] = &[
    "applicant",
    "spouse",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "other",
];
/// Disability kinds on the certificate.
pub const DISABILITY_KINDS: &[&str] = &[
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
];
/// Vehicle kinds.
pub const VEHICLE_KINDS: &[&str] = &[
    "car",
    "motorcycle",
    "disability_vehicle",
    "electric_bike",
    "farm_machinery",
    "truck",
    "other",
];

/// A fact known, explicitly absent ("none"), or unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Known<T> {
    /// The key was absent.
    #[default]
    Unknown,
    /// The key was `null`: the person has none (no disability, never lost contact).
    None,
    /// The value given.
    Some(T),
}

/// A household, validated.
#[derive(Clone, Debug, Default)]
pub struct Household {
    /// GB/T 2260 code of the place of household registration.
    pub region: Option<String>,
    /// People living together, the applicant among them.
    pub members: Option<Vec<Person>>,
    /// Vehicles owned, by kind.
    pub vehicles: Option<Vec<Sym>>,
    /// Relatives with a legal duty to support who live elsewhere.
    pub supporters: Option<Vec<Person>>,
    /// The household's facts kept as given (`hukou`, `assets.deposits`, `marriage.*`, ...), by
    /// slot ([`crate::catalogue::PLACES`]).
    pub slots: Slots<HH_SLOTS>,
    /// Facts the region's packs add (`local`), as given: checked against the packs' catalogue
    /// when the household is assessed.
    pub local: Vec<(crate::shared::Str, LocalIn)>,
    /// The document gives words that rule packs add to built-in facts (checked against the
    /// region's packs when the household is assessed).
    pub pack_words: bool,
}

/// Facts kept as given, by slot: a truth value, a number, a date, a word or a set of words
/// ([`Value`]), `null` given for "none", or unknown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slots<const N: usize>(pub [Known<Value>; N]);

impl<const N: usize> Default for Slots<N> {
    fn default() -> Self {
        Slots([Known::Unknown; N])
    }
}

impl<const N: usize> Slots<N> {
    /// The fact at index `i` of [`crate::catalogue::FACTS`] (unknown if it is not kept here).
    pub fn get(&self, i: u8) -> Known<Value> {
        crate::catalogue::slot(i)
            .and_then(|s| self.0.get(s))
            .copied()
            .unwrap_or_default()
    }

    /// Sets the fact at index `i` of [`crate::catalogue::FACTS`] (ignored if not kept here).
    pub fn set(&mut self, i: u8, v: Known<Value>) {
        if let Some(slot) = crate::catalogue::slot(i).and_then(|s| self.0.get_mut(s)) {
            *slot = v;
        }
    }

    /// A word, if given.
    pub fn sym(&self, i: u8) -> Option<Sym> {
        match self.get(i) {
            Known::Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// A date, if given (`None` for "none" too).
    pub fn date(&self, i: u8) -> Option<Date> {
        match self.get(i) {
            Known::Some(Value::Date(d)) => Some(d),
            _ => None,
        }
    }

    /// A date, "none" or unknown.
    pub fn known_date(&self, i: u8) -> Known<Date> {
        match self.get(i) {
            Known::Some(Value::Date(d)) => Known::Some(d),
            Known::None => Known::None,
            _ => Known::Unknown,
        }
    }

    /// A truth value, if given.
    pub fn flag(&self, i: u8) -> Option<bool> {
        match self.get(i) {
            Known::Some(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// A number (a count, an amount), if given.
    pub fn num(&self, i: u8) -> Option<Decimal> {
        match self.get(i) {
            Known::Some(Value::Num(n)) => Some(n),
            _ => None,
        }
    }

    /// A set of words, if given.
    pub fn words(&self, i: u8) -> Option<SymSet> {
        match self.get(i) {
            Known::Some(Value::Set(s)) => Some(s),
            _ => None,
        }
    }
}

impl Household {
    /// A household fact kept as given.
    pub fn get(&self, f: HhFact) -> Known<Value> {
        self.slots.get(f.0)
    }

    /// Sets a household fact kept as given (`None`: unknown).
    pub fn set(&mut self, f: HhFact, v: Option<Value>) {
        self.slots.set(f.0, v.map_or(Known::Unknown, Known::Some));
    }

    /// `urban` or `rural` registration.
    pub fn hukou(&self) -> Option<Sym> {
        self.slots.sym(HhFact::HUKOU.0)
    }

    /// Bank deposits and financial assets, yuan.
    pub fn deposits(&self) -> Option<Decimal> {
        self.slots.num(HhFact::DEPOSITS.0)
    }
}

/// A value given for a fact a pack adds: a truth value, or text (a number, an amount, a date or
/// a symbol, read by the fact's type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalIn {
    /// `true` or `false`.
    Bool(bool),
    /// A string, or a whole number given as a JSON number.
    Text(crate::shared::Str),
}

/// Most facts in one `local` object.
pub const MAX_LOCAL: usize = 32;

/// A member or a supporter.
#[derive(Clone, Debug)]
pub struct Person {
    /// Caller's identifier, echoed in results.
    pub id: crate::shared::Str,
    /// The person's facts kept as given (`relation`, `birth_date`, `status`, ...), by slot.
    pub slots: Slots<PERSON_SLOTS>,
    /// Disability certificate: kind and grade (1 most severe).
    pub disability: Known<(Sym, u8)>,
    /// Monthly income by category; `None` inside means that category is unknown.
    pub income: Option<[Option<Decimal>; N_INCOME]>,
    /// Monthly income in categories rule packs add (`[words.income]`); `None`: unknown.
    pub income_extra: Vec<(Sym, Option<Decimal>)>,
    /// Facts the region's packs add (`local`), as given.
    pub local: Vec<(crate::shared::Str, LocalIn)>,
}

impl Person {
    /// A person with an id and nothing else known.
    pub fn new(id: &str) -> Person {
        Person {
            id: id.into(),
            slots: Slots::default(),
            disability: Known::Unknown,
            income: None,
            income_extra: Vec::new(),
            local: Vec::new(),
        }
    }

    /// A fact kept as given.
    pub fn get(&self, f: Field) -> Known<Value> {
        self.slots.get(f.0)
    }

    /// Sets a fact kept as given (`None`: unknown).
    pub fn set(&mut self, f: Field, v: Option<Value>) {
        self.slots.set(f.0, v.map_or(Known::Unknown, Known::Some));
    }

    /// Relation to the applicant.
    pub fn relation(&self) -> Option<Sym> {
        self.slots.sym(Field::RELATION.0)
    }

    /// `male` or `female`.
    pub fn sex(&self) -> Option<Sym> {
        self.slots.sym(Field::SEX.0)
    }

    /// Date of birth.
    pub fn birth_date(&self) -> Option<Date> {
        self.slots.date(Field::BIRTH_DATE.0)
    }

    /// Has a locally recognised serious illness.
    pub fn serious_illness(&self) -> Option<bool> {
        self.slots.flag(Field::SERIOUS_ILLNESS.0)
    }

    /// Status flags.
    pub fn status(&self) -> Option<SymSet> {
        self.slots.words(Field::STATUS.0)
    }
}

impl Household {
    /// Checks facts that only make sense against the assessment date (nobody born after it).
    pub fn check_dates(&self, on: Date) -> Result<(), InputError> {
        for (field, list) in [("members", &self.members), ("supporters", &self.supporters)] {
            for (i, p) in list.iter().flatten().enumerate() {
                if p.birth_date().is_some_and(|b| b > on) {
                    return Err(InputError::new(
                        "bad_value",
                        &format!("{field}[{i}].birth_date"),
                        format!(
                            "born after the assessment date {}: the age would be negative",
                            crate::date::format(on)
                        ),
                    ));
                }
                // The age is at most the difference of the years: the exact age is needed only
                // past 150 of them (every household of a batch passes here).
                if let Some(b) = p.birth_date() {
                    if on.year().saturating_sub(b.year()) > 150 && crate::date::age_on(b, on) > 150
                    {
                        return Err(InputError::new(
                            "bad_value",
                            &format!("{field}[{i}].birth_date"),
                            "an age over 150 years",
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_value_is_in_the_vocabulary() {
        let lists = [
            INCOME_CATEGORIES,
            STATUS_FLAGS,
            BENEFITS,
            RELATIONS,
            DISABILITY_KINDS,
            VEHICLE_KINDS,
        ];
        for word in lists.iter().flat_map(|l| l.iter()) {
            assert!(
                Sym::lookup(word).is_some(),
                "{word} is missing from value::VOCABULARY"
            );
        }
        assert_eq!(INCOME_CATEGORIES.len(), N_INCOME);
    }

    /// A person turns 150 on the assessment date: accepted; a day older: refused, naming the
    /// field. Also across a leap day, where the difference of the years alone would mislead.
    #[test]
    fn an_age_over_150_is_refused_from_the_day_after_the_150th_birthday() {
        let hh = |birth: &str| {
            let json =
                format!(r#"{{"region":"220723","members":[{{"id":"a","birth_date":"{birth}"}}]}}"#);
            parse_household(&json).unwrap()
        };
        let on = crate::date::parse("2026-12-02").unwrap();
        assert!(hh("1876-12-02").check_dates(on).is_ok());
        assert!(hh("1875-12-03").check_dates(on).is_ok());
        let e = hh("1875-12-02").check_dates(on).unwrap_err();
        assert_eq!(e.path, "members[0].birth_date");
        // Born on a leap day: a birthday falls on 28 February in a year without one
        // (`date::months_between` clamps the day to the month's length).
        let on = crate::date::parse("2023-02-27").unwrap();
        assert!(hh("1872-02-29").check_dates(on).is_ok());
        let on = crate::date::parse("2023-02-28").unwrap();
        assert!(hh("1872-02-29").check_dates(on).is_err());
        assert!(hh("1872-03-01").check_dates(on).is_ok());
    }
}
