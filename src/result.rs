//! The assessment result: what the engine returns and the JSON portals read.

use crate::pack::model::Text;
use crate::shared::Str;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Status of a program for a household or member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every criterion holds.
    Eligible,
    /// Some criterion fails.
    Ineligible,
    /// Undecided until the facts in `missing` are given.
    #[default]
    NeedsInfo,
    /// Discretionary, or no rule is in force for the place and date: ask the office.
    Refer,
}

impl Status {
    /// Name as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::Ineligible => "ineligible",
            Status::NeedsInfo => "needs_info",
            Status::Refer => "refer",
        }
    }
}

/// How a criterion came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The criterion holds.
    Met,
    /// The criterion fails.
    NotMet,
    /// Undecided: a fact it needs is unknown.
    Unknown,
    /// An amount was computed.
    Computed,
}

impl Outcome {
    /// Name as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not_met",
            Outcome::Unknown => "unknown",
            Outcome::Computed => "computed",
        }
    }
}

/// How often an amount is paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Every month (the annual figure is twelve months).
    #[default]
    Month,
    /// Once a year.
    Year,
    /// Once (a one-off payment or service).
    Once,
}

impl Period {
    /// Name as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
            Period::Once => "once",
        }
    }
}

/// An amount as decimal strings: `monthly` and `annual` for a monthly payment, `annual` alone
/// for a yearly one, `once` alone for a one-off payment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountOut {
    /// How often it is paid.
    #[serde(default)]
    pub period: Period,
    /// Per month (monthly payments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly: Option<String>,
    /// Per year (monthly and yearly payments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual: Option<String>,
    /// A one-off payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub once: Option<String>,
    /// The amounts are lower bounds ("至少"): computed from a figure past the date it is known
    /// until, which can only have risen since.
    #[serde(default, skip_serializing_if = "is_false")]
    pub at_least: bool,
    /// The amount is a ceiling ("最高"): the office sets the sum, up to this.
    #[serde(default, skip_serializing_if = "is_false")]
    pub up_to: bool,
    /// With `up_to`, the least the office pays, in the same period: a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn str_empty(s: &Str) -> bool {
    s.is_empty()
}

/// A citation, resolved to its document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Document title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Str>,
    /// 文号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<Str>,
    /// Article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Str>,
    /// Publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Str>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Str>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Str>,
    /// Why no source is cited, for unsourced values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsourced: Option<Str>,
}

/// A value as the trace shows it: null when unknown, a boolean, a string (decimals, dates and
/// symbols as text), or a list of strings (sets). Formatted only when serialised; a value read
/// back from JSON keeps the JSON.
#[derive(Clone, Debug)]
pub enum ValueOut {
    /// A value the engine computed or read.
    Value(crate::value::Value),
    /// A value read back from JSON.
    Read(ReadBack),
}

/// A trace value read back from a result's JSON, in the shapes results write (a number, which
/// they never write, is kept as its text). Not `serde_json::Value`: writing that again would put
/// a floating-point formatter into the resident's `.wasm` for a case it never meets.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadBack {
    /// null.
    Null,
    /// A boolean.
    Bool(bool),
    /// A string (or a number's text).
    Text(String),
    /// A list; its items as `ReadBack` too.
    List(Vec<ReadBack>),
    /// An object, its members in order.
    Object(Vec<(String, ReadBack)>),
}

impl ReadBack {
    fn from_json(j: serde_json::Value) -> ReadBack {
        use serde_json::Value as J;
        match j {
            J::Null => ReadBack::Null,
            J::Bool(b) => ReadBack::Bool(b),
            J::Number(n) => ReadBack::Text(n.to_string()),
            J::String(s) => ReadBack::Text(s),
            J::Array(a) => ReadBack::List(a.into_iter().map(ReadBack::from_json).collect()),
            J::Object(o) => ReadBack::Object(
                o.into_iter()
                    .map(|(k, v)| (k, ReadBack::from_json(v)))
                    .collect(),
            ),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            ReadBack::Null => J::Null,
            ReadBack::Bool(b) => J::Bool(*b),
            ReadBack::Text(s) => J::String(s.clone()),
            ReadBack::List(a) => J::Array(a.iter().map(ReadBack::to_json).collect()),
            ReadBack::Object(o) => {
                J::Object(o.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}

impl Serialize for ReadBack {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            ReadBack::Null => s.serialize_unit(),
            ReadBack::Bool(b) => s.serialize_bool(*b),
            ReadBack::Text(t) => s.serialize_str(t),
            ReadBack::List(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            ReadBack::Object(o) => {
                let mut map = s.serialize_map(Some(o.len()))?;
                for (k, v) in o {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl ValueOut {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ValueOut::Value(v) => v.to_json(),
            ValueOut::Read(j) => j.to_json(),
        }
    }

    /// The value as the text explanation shows it: `?` when unknown, strings as they are, a
    /// boolean or a list as JSON. Written by serde_json from the value itself, not from a
    /// `serde_json::Value`, whose writer brings a floating-point formatter into the `.wasm`.
    pub fn show(&self) -> String {
        match self {
            ValueOut::Value(crate::value::Value::Unknown) => return "?".into(),
            ValueOut::Value(v) => {
                if let Some(t) = v.text() {
                    return t;
                }
            }
            ValueOut::Read(ReadBack::Null) => return "?".into(),
            ValueOut::Read(ReadBack::Text(s)) => return s.clone(),
            ValueOut::Read(_) => {}
        }
        crate::json::to_string(self).unwrap_or_default()
    }
}

impl PartialEq for ValueOut {
    fn eq(&self, other: &ValueOut) -> bool {
        self.to_json() == other.to_json()
    }
}

impl PartialEq<serde_json::Value> for ValueOut {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_json() == *other
    }
}

impl Serialize for ValueOut {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::value::Value;
        use serde::ser::SerializeSeq;
        match self {
            ValueOut::Read(j) => j.serialize(s),
            ValueOut::Value(Value::Unknown) => s.serialize_unit(),
            ValueOut::Value(Value::Bool(b)) => s.serialize_bool(*b),
            ValueOut::Value(Value::Num(n)) => s.collect_str(&n.normalize()),
            ValueOut::Value(Value::AtLeast(n)) => {
                s.collect_str(&format_args!(">={}", n.normalize()))
            }
            ValueOut::Value(Value::AtMost(n)) => {
                s.collect_str(&format_args!("<={}", n.normalize()))
            }
            ValueOut::Value(Value::Str(x)) => s.serialize_str(x.name()),
            ValueOut::Value(Value::Date(d)) => s.collect_str(&format_args!(
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            )),
            ValueOut::Value(Value::Set(set)) => {
                let mut seq = s.serialize_seq(None)?;
                for x in set.iter() {
                    seq.serialize_element(x.name())?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for ValueOut {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ValueOut, D::Error> {
        serde_json::Value::deserialize(d).map(|j| ValueOut::Read(ReadBack::from_json(j)))
    }
}

/// A parameter value that decided a criterion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamOut {
    /// Parameter id.
    pub id: Str,
    /// Value in the parameter's unit.
    pub value: ValueOut,
    /// Unit.
    pub unit: Str,
    /// The figure as published.
    pub published: Str,
    /// In force from.
    pub from: Str,
    /// Why the start date is assumed, when the source does not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_assumed: Option<Str>,
    /// Last day the value is known to be in force.
    #[serde(default, skip_serializing_if = "str_empty")]
    pub known_until: Str,
    /// Source.
    #[serde(serialize_with = "crate::refs::one")]
    pub citation: Arc<Citation>,
}

/// A figure a result used past the date it is known until.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleOut {
    /// Parameter id.
    pub parameter: Str,
    /// What the figure is, in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The last figure on file, as published (`450 yuan_per_month`).
    pub published: Str,
    /// In force from.
    pub from: Str,
    /// Known to be in force until.
    pub known_until: Str,
    /// What the engine assumed of the value in force now: `at_least` the last figure, or
    /// `unknown`.
    pub later: Str,
    /// Source of the last figure.
    #[serde(serialize_with = "crate::refs::one")]
    pub citation: Arc<Citation>,
    /// The reason a resident reads.
    pub text: Text,
}

/// A fact or computed value that decided a criterion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputOut {
    /// Path such as `members[0].income` or a definition name.
    pub name: Str,
    /// Value (null when unknown).
    pub value: ValueOut,
}

/// One evaluated criterion.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Reason {
    /// Criterion id (`amount` for the amount formula).
    pub criterion: Str,
    /// `met`, `not_met`, `unknown` or `computed`.
    pub outcome: Outcome,
    /// Plain-language statement.
    pub text: Text,
    /// The test as written in the rule file.
    pub test: Str,
    /// Legal basis.
    pub citation: Arc<Citation>,
    /// Facts read (with the trace).
    #[serde(default)]
    pub inputs: Vec<InputOut>,
    /// Computed values read (with the trace).
    #[serde(default)]
    pub values: Vec<InputOut>,
    /// Parameters read (with the trace).
    #[serde(default)]
    pub parameters: Vec<Arc<ParamOut>>,
}

/// Written as its fields, in order, with the lists the trace fills only when not empty. For a
/// caller that keeps the pieces it was sent, `criterion`, `text`, `test` and `citation` are one
/// piece, named by its index in `rule` (see `refs::rule`).
impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::refs::{InputList, PieceList, RuleStr, Shared};
        use serde::ser::SerializeStruct;
        let rule = crate::refs::rule(self);
        let traced = [
            !self.inputs.is_empty(),
            !self.values.is_empty(),
            !self.parameters.is_empty(),
        ];
        let n = traced.iter().filter(|t| **t).count();
        let n = n.saturating_add(if rule.is_some() { 2 } else { 5 });
        let mut out = s.serialize_struct("Reason", n)?;
        match rule {
            Some(i) => out.serialize_field("rule", &i)?,
            None => out.serialize_field("criterion", &self.criterion)?,
        }
        out.serialize_field("outcome", &self.outcome)?;
        if rule.is_none() {
            out.serialize_field("text", &self.text)?;
            out.serialize_field("test", &RuleStr(&self.test))?;
            out.serialize_field("citation", &Shared(&self.citation))?;
        }
        if !self.inputs.is_empty() {
            out.serialize_field("inputs", &InputList(&self.inputs))?;
        }
        if !self.values.is_empty() {
            out.serialize_field("values", &InputList(&self.values))?;
        }
        if !self.parameters.is_empty() {
            out.serialize_field("parameters", &PieceList(&self.parameters))?;
        }
        out.end()
    }
}

/// A fact still needed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Missing {
    /// Generic fact name, as questions use (`member.birth_date`).
    pub fact: Str,
    /// Path in the household document (`members[0].birth_date`).
    pub path: Str,
    /// The member's or supporter's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Str>,
}

/// An unsourced value a result relies on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsourcedOut {
    /// Parameter id.
    pub parameter: Str,
    /// What the value is, in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Why it has no source (the rule author's note).
    #[serde(serialize_with = "crate::refs::rule_str")]
    pub note: Str,
}

/// A per-member outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberResult {
    /// Member id.
    pub id: Str,
    /// Status.
    pub status: Status,
    /// Amount for this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountOut>,
    /// Criteria as evaluated for this member.
    pub reasons: Vec<Reason>,
    /// Facts still needed for this member.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Missing>,
}

/// One program's decision without its explanation ([`crate::Engine::decide`]): the fields of
/// its [`ProgramResult`] a page compares when it tries answers out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    /// Program id.
    pub id: Str,
    /// Name.
    pub name: Text,
    /// Status.
    pub status: Status,
    /// Amount, when eligible and computable (without `from`, the low end of a range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountOut>,
}

/// One program's outcome.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramResult {
    /// Program id.
    pub id: Str,
    /// Name.
    pub name: Text,
    /// Status.
    pub status: Status,
    /// Amount, when eligible and computable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountOut>,
    /// Per-member outcomes, for per-member programs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberResult>,
    /// Criteria as evaluated (household programs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// Facts that would settle the program.
    pub missing: Vec<Missing>,
    /// Unsourced values used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsourced: Vec<UnsourcedOut>,
    /// Parameters with no value in force that the result needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_rule: Vec<Str>,
    /// Figures used past the date they are known until (the result reasons with bounds).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "crate::refs::many"
    )]
    pub stale: Vec<Arc<StaleOut>>,
    /// Documents to bring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Text>,
    /// Where to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_at: Option<Text>,
    /// Dates the result states (deadlines, windows), when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateOut>,
    /// When the amount depends on a fact the office assigns (a class): what it would be for
    /// each of its values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AmountOption>,
}

/// The amount a program would pay for one value of a fact the office assigns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AmountOption {
    /// The fact (`local.dibao_class`, `member.local.care_level`).
    pub fact: Str,
    /// The member it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Str>,
    /// The fact in words.
    pub label: Text,
    /// The value (`class_a`, `true`).
    pub value: Str,
    /// What the value means, where the pack says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// The amount with that value; none when the program would not pay with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountOut>,
}

/// A date a result states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOut {
    /// Name (`cooling_off_ends`).
    pub id: Str,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What the date is.
    pub text: Text,
}

/// A payment in the package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageItem {
    /// Program id.
    pub program: Str,
    /// Program name.
    pub name: Text,
    /// The member it is paid for (per-member programs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Str>,
    /// The amount (null when the program applies but its amount is not known).
    #[serde(default)]
    pub amount: Option<AmountOut>,
}

/// A program that applies but is not paid as well, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotTaken {
    /// Program id.
    pub program: Str,
    /// Program name.
    pub name: Text,
    /// The member concerned (per-member programs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Str>,
    /// Its amount, had it been paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountOut>,
    /// The program paid instead.
    pub instead: Str,
    /// Its name.
    pub instead_name: Text,
    /// The rule in words.
    pub text: Text,
    /// Legal basis.
    #[serde(serialize_with = "crate::refs::one")]
    pub citation: Arc<Citation>,
}

/// What the household may receive: programs that replace or exclude one another resolved,
/// each payment counted once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// The payments, in program order.
    pub items: Vec<PackageItem>,
    /// Total of the monthly payments, per month.
    pub monthly: String,
    /// Total per year: the monthly payments for twelve months and the yearly payments.
    pub annual: String,
    /// Total of the one-off payments, apart.
    pub once: String,
    /// Some amount is a lower bound, so the totals are too ("至少").
    #[serde(default, skip_serializing_if = "is_false")]
    pub at_least: bool,
    /// Some amount is a ceiling the office sets the sum under, so the totals are the most that
    /// may be paid ("最高").
    #[serde(default, skip_serializing_if = "is_false")]
    pub up_to: bool,
    /// Some payment's amount is not known, so the totals leave it out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub incomplete: bool,
    /// Programs that apply but are not paid as well, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_taken: Vec<NotTaken>,
}

/// The result of assessing one household.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Assessment date.
    pub as_of: Str,
    /// Region assessed (null when not given: national rules only).
    pub region: Option<String>,
    /// Content hash of the rule files used.
    pub rules_version: Str,
    /// Packs applied, outermost first.
    pub packs: Vec<Str>,
    /// Programs in the pack's order.
    pub programs: Vec<ProgramResult>,
    /// The package the household may receive (benefit programs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<Package>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    /// What the explanation showed before `show`: the value as JSON, null as `?`, a string
    /// without its quotes.
    fn through_json(v: &ValueOut) -> String {
        match v.to_json() {
            serde_json::Value::Null => "?".into(),
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }
    }

    #[test]
    fn shows_each_kind_of_value_as_its_json_did() {
        let n = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap_or_default();
        let mut set = crate::value::SymSet::default();
        for w in ["rural", "urban"] {
            if let Some(s) = crate::value::Sym::intern(w) {
                set.insert(s);
            }
        }
        let mut values = vec![
            Value::Unknown,
            Value::Bool(true),
            Value::Num(n("1200.50")),
            Value::Num(n("3.000")),
            Value::AtLeast(n("4000")),
            Value::AtMost(n("-0.5")),
            Value::Date(crate::date::parse("2026-02-28").unwrap_or(time::Date::MIN)),
            Value::Set(set),
            Value::Set(crate::value::SymSet::default()),
        ];
        if let Some(s) = crate::value::Sym::intern("rural") {
            values.push(Value::Str(s));
        }
        let mut shown: Vec<ValueOut> = values.into_iter().map(ValueOut::Value).collect();
        for j in [
            r#"null"#,
            r#"false"#,
            r#""x""#,
            r#"7"#,
            r#"["a", "b"]"#,
            r#"{"k": [1, null]}"#,
        ] {
            let v: ValueOut = serde_json::from_str(j).unwrap();
            shown.push(v);
        }
        for v in &shown {
            assert_eq!(v.show(), through_json(v), "{v:?}");
        }
    }
}
