//! Runtime values of the expression language, their static types, and the fixed vocabulary of
//! string symbols that facts and rules share.

use rust_decimal::Decimal;
use time::Date;

/// Static type of an expression, checked when a pack is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Ty {
    /// An exact decimal number.
    Num,
    /// A truth value (three-valued at run time).
    Bool,
    /// One symbol of the vocabulary, such as `"urban"`.
    Str,
    /// A calendar date.
    Date,
    /// A set of symbols, such as a member's `status` flags.
    Set,
}

impl Ty {
    /// The name used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Str => "string",
            Ty::Date => "date",
            Ty::Set => "set",
        }
    }
}

/// A value; `Unknown` stands for a fact the household has not given (Kleene's third value).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// Not known yet.
    Unknown,
    /// A truth value.
    Bool(bool),
    /// An exact decimal.
    Num(#[serde(with = "crate::compiled::dec")] Decimal),
    /// A number known only to be at least this (a figure past the date it is known until).
    AtLeast(#[serde(with = "crate::compiled::dec")] Decimal),
    /// A number known only to be at most this (what is left after subtracting an `AtLeast`).
    AtMost(#[serde(with = "crate::compiled::dec")] Decimal),
    /// A vocabulary symbol.
    Str(Sym),
    /// A date.
    Date(Date),
    /// A set of vocabulary symbols.
    Set(SymSet),
}

impl Value {
    /// Whether the value is known (a bound counts as known: it is all that can be known).
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown)
    }

    /// Whether the value is the truth value `b` (without a general comparison: this is on the
    /// evaluator's hot path).
    #[inline(always)]
    pub fn is_bool(&self, b: bool) -> bool {
        matches!(self, Value::Bool(x) if *x == b)
    }

    /// Whether the value is exact: known and not a bound.
    pub fn is_exact(&self) -> bool {
        !matches!(self, Value::Unknown | Value::AtLeast(_) | Value::AtMost(_))
    }

    /// The text of a scalar value, as JSON writes it: decimals normalized, bounds as `>=n` and
    /// `<=n`, words by name, dates as `YYYY-MM-DD`. `None` for unknown, truth values and sets,
    /// which JSON writes as `null`, `true`/`false` and lists.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Unknown | Value::Bool(_) | Value::Set(_) => None,
            Value::Num(n) => Some(n.normalize().to_string()),
            Value::AtLeast(n) => Some(format!(">={}", n.normalize())),
            Value::AtMost(n) => Some(format!("<={}", n.normalize())),
            Value::Str(s) => Some(s.name().to_string()),
            Value::Date(d) => Some(crate::date::format(*d)),
        }
    }

    /// The value as JSON-friendly text: decimals and dates as strings, sets as arrays.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Unknown => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Set(s) => serde_json::Value::Array(
                s.iter()
                    .map(|x| serde_json::Value::String(x.name().to_string()))
                    .collect(),
            ),
            v => serde_json::Value::String(v.text().unwrap_or_default()),
        }
    }
}

/// Every string a fact can hold or a rule can compare against. A string outside this list in a
/// rule pack is a load error, so a misspelt `"rurla"` can never silently compare unequal.
pub const VOCABULARY: &[&str] = &[
    // hukou
    "urban",
    "rural",
    // relation to the applicant
    "applicant",
    "spouse",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "other",
    // sex
    "male",
    "female",
    // disability kinds ("none" when the person holds no disability certificate)
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
    "none",
    // income categories
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
    // status flags
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
    // hardships a household reports
    "natural_disaster",
    "fire",
    "accident",
    "sudden_illness",
    "medical_expense",
    "education_expense",
    "other_hardship",
    // benefits already received (program ids and related payments)
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
    "dibao_gradual_exit",
    // marital status and kinship (marriage registration)
    "unmarried",
    "married",
    "divorced",
    "widowed",
    "lineal",
    "collateral_within_3",
    "collateral_beyond_3",
    // vehicle kinds
    "car",
    "motorcycle",
    "disability_vehicle",
    "electric_bike",
    "farm_machinery",
    "truck",
    // status flag added later (kept last so that earlier symbols keep their indices)
    "in_secondary_school",
];

/// Index of a string in [`VOCABULARY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u8);

/// Symbols that packs add (`[facts.*] values`), after [`VOCABULARY`]: interned once per process
/// and never removed, so a symbol keeps its index while any rules use it.
static LOCAL: std::sync::RwLock<Vec<&'static str>> = std::sync::RwLock::new(Vec::new());

/// Most symbols in all: sets of symbols are 128-bit masks.
pub const MAX_SYMBOLS: usize = 128;

impl Sym {
    /// Looks a string up in the vocabulary and the symbols packs added.
    pub fn lookup(s: &str) -> Option<Sym> {
        let i = match VOCABULARY.iter().position(|v| *v == s) {
            Some(i) => i,
            None => {
                let local = LOCAL.read().ok()?;
                VOCABULARY
                    .len()
                    .checked_add(local.iter().position(|v| *v == s)?)?
            }
        };
        u8::try_from(i)
            .ok()
            .filter(|&i| usize::from(i) < MAX_SYMBOLS)
            .map(Sym)
    }

    /// Adds a symbol a pack declares (or finds it); `None` when the vocabulary is full.
    pub fn intern(s: &str) -> Option<Sym> {
        if let Some(sym) = Sym::lookup(s) {
            return Some(sym);
        }
        let mut local = LOCAL.write().ok()?;
        if VOCABULARY.len().checked_add(local.len())? >= MAX_SYMBOLS {
            return None;
        }
        local.push(Box::leak(s.to_string().into_boxed_str()));
        drop(local);
        Sym::lookup(s)
    }

    /// The symbol's text.
    pub fn name(self) -> &'static str {
        let i = usize::from(self.0);
        match VOCABULARY.get(i) {
            Some(v) => v,
            None => LOCAL
                .read()
                .ok()
                .and_then(|l| l.get(i.checked_sub(VOCABULARY.len())?).copied())
                .unwrap_or("?"),
        }
    }
}

/// The symbol `"none"` (the disability kind of a person without a certificate).
pub fn none_sym() -> Sym {
    static NONE: std::sync::OnceLock<Sym> = std::sync::OnceLock::new();
    *NONE.get_or_init(|| Sym::lookup("none").unwrap_or(Sym(0)))
}

/// A set of symbols as a 128-bit mask: copied, never allocated (and small, so a [`Value`] is
/// 24 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SymSet([u64; 2]);

impl SymSet {
    /// Adds a symbol.
    pub fn insert(&mut self, s: Sym) {
        let i = usize::from(s.0);
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1u64 << (i % 64);
        }
    }

    /// Whether the symbol is in the set.
    pub fn contains(&self, s: Sym) -> bool {
        let i = usize::from(s.0);
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Whether the two sets share a symbol.
    pub fn intersects(&self, other: &SymSet) -> bool {
        self.0.iter().zip(other.0.iter()).any(|(a, b)| a & b != 0)
    }

    /// The symbols in vocabulary order.
    pub fn iter(&self) -> impl Iterator<Item = Sym> + '_ {
        (0..128u8).map(Sym).filter(|s| self.contains(*s))
    }
}

impl FromIterator<Sym> for SymSet {
    fn from_iter<I: IntoIterator<Item = Sym>>(iter: I) -> Self {
        let mut s = SymSet::default();
        for x in iter {
            s.insert(x);
        }
        s
    }
}

/// A decimal written out in full (`1200.50`), as results and households write them: exact, with
/// no rounding and no exponent; `None` for anything else.
pub(crate) fn decimal(s: &str) -> Option<rust_decimal::Decimal> {
    rust_decimal::Decimal::from_str_exact(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_fits_and_is_unique() {
        assert!(VOCABULARY.len() <= 128);
        assert_eq!(std::mem::size_of::<Value>(), 24);
        for (i, a) in VOCABULARY.iter().enumerate() {
            assert_eq!(
                Sym::lookup(a).map(|s| usize::from(s.0)),
                Some(i),
                "{a} repeated"
            );
        }
    }

    #[test]
    fn sets() {
        let a: SymSet = ["urban", "wage"]
            .iter()
            .filter_map(|s| Sym::lookup(s))
            .collect();
        assert!(a.contains(Sym::lookup("wage").unwrap()));
        assert!(!a.contains(Sym::lookup("rural").unwrap()));
        assert_eq!(a.iter().count(), 2);
    }
}
