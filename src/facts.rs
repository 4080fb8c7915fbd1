//! Household facts: the JSON document a portal sends, validated into the typed form the
//! evaluator reads. An absent key means "unknown"; an empty list means "none".
//!
//! The published contract is `schema/household.schema.json`; this module enforces it.

use crate::error::InputError;
use crate::limits;
use crate::value::{Sym, SymSet};
use rust_decimal::Decimal;
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use std::collections::BTreeMap;
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

/// Facts of a marriage or divorce registration (both parties are the household's members).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Registration {
    /// Kinship between the parties (`none`, `lineal`, `collateral_within_3`, `collateral_beyond_3`).
    pub kinship: Option<Sym>,
    /// Both parties will come in person.
    pub in_person: Option<bool>,
    /// Both parties act of their own free will.
    pub voluntary: Option<bool>,
    /// The chosen registry is where one party's permanent household registration is.
    pub at_hukou_registry: Option<bool>,
    /// (Divorce) the parties have a written agreement on children, property and debts.
    pub divorce_agreement: Option<bool>,
    /// (Divorce) the day the divorce application was registered.
    pub divorce_applied: Option<Date>,
}

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
    /// `urban` or `rural` registration.
    pub hukou: Option<Sym>,
    /// People living together, the applicant among them.
    pub members: Option<Vec<Person>>,
    /// Household bank deposits and financial assets, yuan.
    pub deposits: Option<Decimal>,
    /// Number of homes owned.
    pub homes: Option<Decimal>,
    /// Vehicles owned, by kind.
    pub vehicles: Option<Vec<Sym>>,
    /// Relatives with a legal duty to support who live elsewhere.
    pub supporters: Option<Vec<Person>>,
    /// Emergencies and sudden expenses the household faces now.
    pub hardships: Option<SymSet>,
    /// Marriage or divorce registration facts.
    pub registration: Registration,
    /// Facts the region's packs add (`local`), as given: checked against the packs' catalogue
    /// when the household is assessed.
    pub local: Vec<(crate::shared::Str, LocalIn)>,
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

fn local_facts(
    map: Option<BTreeMap<String, serde_json::Value>>,
    path: PathFn<'_>,
) -> Result<Vec<(crate::shared::Str, LocalIn)>, InputError> {
    let Some(map) = map else {
        return Ok(Vec::new());
    };
    if map.len() > MAX_LOCAL {
        return Err(InputError::new(
            "too_large",
            &path(),
            format!("{} local facts; the limit is {MAX_LOCAL}", map.len()),
        ));
    }
    let mut out = Vec::with_capacity(map.len());
    for (k, v) in map {
        let at = || format!("{}.{}", path(), clip(&k));
        if k.len() > limits::MAX_STRING_BYTES {
            return Err(InputError::new("too_large", &at(), "name too long"));
        }
        let v = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::Bool(b) => LocalIn::Bool(b),
            serde_json::Value::String(s) if s.len() <= limits::MAX_STRING_BYTES => {
                LocalIn::Text(s.into())
            }
            serde_json::Value::Number(n) if n.is_u64() => LocalIn::Text(n.to_string().into()),
            _ => {
                return Err(InputError::new(
                    "bad_value",
                    &at(),
                    "expected true, false, a whole number or a short string",
                ))
            }
        };
        out.push((k.into(), v));
    }
    Ok(out)
}

/// A member or a supporter.
#[derive(Clone, Debug)]
pub struct Person {
    /// Caller's identifier, echoed in results.
    pub id: crate::shared::Str,
    /// Relation to the applicant.
    pub relation: Option<Sym>,
    /// `male` or `female`.
    pub sex: Option<Sym>,
    /// Date of birth.
    pub birth_date: Option<Date>,
    /// Disability certificate: kind and grade (1 most severe).
    pub disability: Known<(Sym, u8)>,
    /// Number of the six daily-living items the person cannot do (0–6).
    pub adl_failed: Option<u8>,
    /// Has a locally recognised serious illness.
    pub serious_illness: Option<bool>,
    /// Monthly income by category; `None` inside means that category is unknown.
    pub income: Option<[Option<Decimal>; N_INCOME]>,
    /// Status flags.
    pub status: Option<SymSet>,
    /// Benefits already received.
    pub receives: Option<SymSet>,
    /// Out of contact since this date.
    pub lost_contact_since: Known<Date>,
    /// Detained or restricted in liberty since this date.
    pub detained_since: Known<Date>,
    /// `unmarried`, `married`, `divorced` or `widowed`.
    pub marital_status: Option<Sym>,
    /// Facts the region's packs add (`local`), as given.
    pub local: Vec<(crate::shared::Str, LocalIn)>,
}

// ---- the wire format -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HouseholdDoc {
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    hukou: Option<String>,
    #[serde(default)]
    members: Option<Vec<PersonDoc>>,
    #[serde(default)]
    assets: Option<AssetsDoc>,
    #[serde(default)]
    supporters: Option<Vec<PersonDoc>>,
    #[serde(default)]
    hardships: Option<Vec<String>>,
    #[serde(default)]
    marriage: Option<RegistrationDoc>,
    #[serde(default)]
    local: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationDoc {
    #[serde(default)]
    kinship: Option<String>,
    #[serde(default)]
    in_person: Option<bool>,
    #[serde(default)]
    voluntary: Option<bool>,
    #[serde(default)]
    at_hukou_registry: Option<bool>,
    #[serde(default)]
    divorce_agreement: Option<bool>,
    #[serde(default)]
    divorce_applied: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetsDoc {
    #[serde(default)]
    deposits: Option<Money>,
    #[serde(default)]
    homes: Option<u32>,
    #[serde(default)]
    vehicles: Option<Vec<VehicleDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VehicleDoc {
    kind: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisabilityDoc {
    kind: String,
    grade: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonDoc {
    id: String,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    sex: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    disability: Known<DisabilityDoc>,
    #[serde(default)]
    adl_failed: Option<u8>,
    #[serde(default)]
    serious_illness: Option<bool>,
    #[serde(default)]
    marital_status: Option<String>,
    #[serde(default)]
    income: Option<BTreeMap<String, Option<Money>>>,
    #[serde(default)]
    status: Option<Vec<String>>,
    #[serde(default)]
    receives: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    lost_contact_since: Known<String>,
    #[serde(default, deserialize_with = "nullable")]
    detained_since: Known<String>,
    #[serde(default)]
    local: Option<BTreeMap<String, serde_json::Value>>,
}

fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Known<T>, D::Error> {
    Ok(match Option::<T>::deserialize(d)? {
        None => Known::None,
        Some(v) => Known::Some(v),
    })
}

/// A money amount given as a decimal string such as `"1200.50"`.
struct Money(Decimal);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d).map_err(|_| {
            D::Error::custom("expected a decimal string such as \"1200.50\" (numbers are not accepted, to keep amounts exact)")
        })?;
        parse_money(&s).map(Money).map_err(D::Error::custom)
    }
}

/// Parses a non-negative decimal string within the money limits.
pub fn parse_money(s: &str) -> Result<Decimal, String> {
    let ok = !s.is_empty()
        && s.len() <= 32
        && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && s.bytes().filter(|c| *c == b'.').count() <= 1
        && !s.starts_with('.')
        && !s.ends_with('.');
    let d = if ok { s.parse::<Decimal>().ok() } else { None };
    match d {
        Some(d) if d.scale() > limits::MAX_MONEY_SCALE => Err(format!(
            "\"{s}\" has more than {} decimal places",
            limits::MAX_MONEY_SCALE
        )),
        Some(d) if d > Decimal::from(limits::MAX_MONEY_YUAN) => Err(format!(
            "\"{s}\" exceeds the limit of {} yuan",
            limits::MAX_MONEY_YUAN
        )),
        Some(d) => Ok(d),
        None => Err(format!(
            "\"{}\" is not a non-negative decimal such as \"1200.50\"",
            s.chars().take(40).collect::<String>()
        )),
    }
}

/// Reads and validates a household document.
pub fn parse_household(json: &str) -> Result<Household, InputError> {
    if json.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::new(
            "too_large",
            "",
            format!(
                "the household document is {} bytes; the limit is {} bytes",
                json.len(),
                limits::MAX_INPUT_BYTES
            ),
        ));
    }
    // serde reads a struct from a JSON array too (its fields in order): a household is an object.
    let first = json.trim_start().chars().next();
    if first.is_some_and(|c| c != '{') {
        return Err(InputError::new(
            "bad_value",
            "",
            "the household document must be a JSON object ({ ... })".to_string(),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let doc: HouseholdDoc = match serde_path_to_error::deserialize(&mut de) {
        Ok(doc) => doc,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let code = if inner.is_syntax() || inner.is_eof() {
                "malformed_json"
            } else {
                "bad_value"
            };
            let path = if path == "." { String::new() } else { path };
            return Err(InputError::new(code, &path, inner.to_string()));
        }
    };
    if de.end().is_err() {
        return Err(InputError::new(
            "malformed_json",
            "",
            "trailing characters after the household object",
        ));
    }
    doc.validate()
}

impl HouseholdDoc {
    fn validate(self) -> Result<Household, InputError> {
        if let Some(r) = &self.region {
            if r.len() != 6 || !r.bytes().all(|c| c.is_ascii_digit()) {
                return Err(InputError::new(
                    "bad_value",
                    "region",
                    format!("\"{}\" is not a six-digit GB/T 2260 code", clip(r)),
                ));
            }
        }
        let hukou = self
            .hukou
            .as_deref()
            .map(|h| symbol(h, HUKOU, &|| "hukou".into()))
            .transpose()?;
        let members = people(self.members, "members", limits::MAX_MEMBERS)?;
        let supporters = people(self.supporters, "supporters", limits::MAX_SUPPORTERS)?;
        let (deposits, homes, vehicles) = match self.assets {
            None => (None, None, None),
            Some(a) => {
                let vehicles = match a.vehicles {
                    None => None,
                    Some(v) if v.len() > limits::MAX_VEHICLES => {
                        return Err(InputError::new(
                            "too_large",
                            "assets.vehicles",
                            format!("more than {} vehicles", limits::MAX_VEHICLES),
                        ))
                    }
                    Some(v) => Some(
                        v.iter()
                            .enumerate()
                            .map(|(i, x)| {
                                symbol(&x.kind, VEHICLE_KINDS, &|| {
                                    format!("assets.vehicles[{i}].kind")
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                (
                    a.deposits.map(|m| m.0),
                    a.homes.map(Decimal::from),
                    vehicles,
                )
            }
        };
        let hardships = self
            .hardships
            .as_deref()
            .map(|l| symbol_set(l, HARDSHIPS, &|| "hardships".into()))
            .transpose()?;
        let registration = match self.marriage {
            None => Registration::default(),
            Some(m) => Registration {
                kinship: m
                    .kinship
                    .as_deref()
                    .map(|k| symbol(k, KINSHIPS, &|| "marriage.kinship".into()))
                    .transpose()?,
                in_person: m.in_person,
                voluntary: m.voluntary,
                at_hukou_registry: m.at_hukou_registry,
                divorce_agreement: m.divorce_agreement,
                divorce_applied: m
                    .divorce_applied
                    .as_deref()
                    .map(|s| date_field(s, &|| "marriage.divorce_applied".into()))
                    .transpose()?,
            },
        };
        let local = local_facts(self.local, &|| "local".into())?;
        Ok(Household {
            local,
            registration,
            hardships,
            region: self.region,
            hukou,
            members,
            deposits,
            homes,
            vehicles,
            supporters,
        })
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// The path of a field, formatted only when an error needs it.
type PathFn<'a> = &'a dyn Fn() -> String;

fn symbol(s: &str, allowed: &[&str], path: PathFn<'_>) -> Result<Sym, InputError> {
    if allowed.contains(&s) {
        if let Some(sym) = Sym::lookup(s) {
            return Ok(sym);
        }
    }
    Err(InputError::new(
        "bad_value",
        &path(),
        format!("\"{}\" is not one of: {}", clip(s), allowed.join(", ")),
    ))
}

fn symbol_set(list: &[String], allowed: &[&str], path: PathFn<'_>) -> Result<SymSet, InputError> {
    list.iter()
        .enumerate()
        .map(|(i, s)| symbol(s, allowed, &|| format!("{}[{i}]", path())))
        .collect()
}

fn people(
    list: Option<Vec<PersonDoc>>,
    field: &str,
    max: usize,
) -> Result<Option<Vec<Person>>, InputError> {
    let Some(list) = list else { return Ok(None) };
    if list.len() > max {
        return Err(InputError::new(
            "too_large",
            field,
            format!("{} entries; the limit is {max}", list.len()),
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, p) in list.into_iter().enumerate() {
        let path = format!("{field}[{i}]");
        let person = p.validate(&path)?;
        if out.iter().any(|q: &Person| q.id == person.id) {
            return Err(InputError::new(
                "bad_value",
                &format!("{path}.id"),
                format!("the id \"{}\" is used twice", clip(&person.id)),
            ));
        }
        out.push(person);
    }
    Ok(Some(out))
}

fn date_field(s: &str, path: PathFn<'_>) -> Result<Date, InputError> {
    crate::date::parse(s).ok_or_else(|| {
        InputError::new(
            "bad_value",
            &path(),
            format!("\"{}\" is not a date in the form YYYY-MM-DD", clip(s)),
        )
    })
}

impl PersonDoc {
    fn validate(self, path: &str) -> Result<Person, InputError> {
        let at = |f: &str| format!("{path}.{f}");
        if self.id.is_empty() || self.id.len() > limits::MAX_STRING_BYTES {
            return Err(InputError::new(
                "bad_value",
                &at("id"),
                format!("an id must have 1 to {} bytes", limits::MAX_STRING_BYTES),
            ));
        }
        let disability = match self.disability {
            Known::Unknown => Known::Unknown,
            Known::None => Known::None,
            Known::Some(d) => {
                let kind = symbol(&d.kind, DISABILITY_KINDS, &|| at("disability.kind"))?;
                if !(1..=4).contains(&d.grade) {
                    return Err(InputError::new(
                        "bad_value",
                        &at("disability.grade"),
                        format!("grade {} is outside 1 to 4", d.grade),
                    ));
                }
                Known::Some((kind, d.grade))
            }
        };
        if let Some(n) = self.adl_failed {
            if n > 6 {
                return Err(InputError::new(
                    "bad_value",
                    &at("adl_failed"),
                    format!("{n} is more than the six daily-living items"),
                ));
            }
        }
        let income = match self.income {
            None => None,
            Some(map) => {
                let mut slots = [Some(Decimal::ZERO); N_INCOME];
                for (k, v) in map {
                    let i = INCOME_CATEGORIES
                        .iter()
                        .position(|c| *c == k)
                        .ok_or_else(|| {
                            InputError::new(
                                "bad_value",
                                &at(&format!("income.{}", clip(&k))),
                                format!(
                                    "unknown income category; use one of: {}",
                                    INCOME_CATEGORIES.join(", ")
                                ),
                            )
                        })?;
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = v.map(|m| m.0);
                    }
                }
                Some(slots)
            }
        };
        let dated = |k: Known<String>, f: &str| -> Result<Known<Date>, InputError> {
            Ok(match k {
                Known::Unknown => Known::Unknown,
                Known::None => Known::None,
                Known::Some(s) => Known::Some(date_field(&s, &|| at(f))?),
            })
        };
        Ok(Person {
            relation: self
                .relation
                .as_deref()
                .map(|r| symbol(r, RELATIONS, &|| at("relation")))
                .transpose()?,
            sex: self
                .sex
                .as_deref()
                .map(|s| symbol(s, SEXES, &|| at("sex")))
                .transpose()?,
            birth_date: self
                .birth_date
                .as_deref()
                .map(|s| date_field(s, &|| at("birth_date")))
                .transpose()?,
            disability,
            adl_failed: self.adl_failed,
            serious_illness: self.serious_illness,
            income,
            status: self
                .status
                .as_deref()
                .map(|l| symbol_set(l, STATUS_FLAGS, &|| at("status")))
                .transpose()?,
            receives: self
                .receives
                .as_deref()
                .map(|l| symbol_set(l, BENEFITS, &|| at("receives")))
                .transpose()?,
            lost_contact_since: dated(self.lost_contact_since, "lost_contact_since")?,
            detained_since: dated(self.detained_since, "detained_since")?,
            marital_status: self
                .marital_status
                .as_deref()
                .map(|s| symbol(s, MARITAL_STATUSES, &|| at("marital_status")))
                .transpose()?,
            local: local_facts(self.local, &|| at("local"))?,
            id: self.id.into(),
        })
    }
}

impl Household {
    /// Checks facts that only make sense against the assessment date (nobody born after it).
    pub fn check_dates(&self, on: Date) -> Result<(), InputError> {
        for (field, list) in [("members", &self.members), ("supporters", &self.supporters)] {
            for (i, p) in list.iter().flatten().enumerate() {
                if p.birth_date.is_some_and(|b| b > on) {
                    return Err(InputError::new(
                        "bad_value",
                        &format!("{field}[{i}].birth_date"),
                        format!(
                            "born after the assessment date {}: the age would be negative",
                            crate::date::format(on)
                        ),
                    ));
                }
                if let Some(b) = p.birth_date {
                    if crate::date::age_on(b, on) > 150 {
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
}
