//! The rule-pack data model, as read from the authoring files and before compilation.

use rust_decimal::Decimal;
use time::Date;

/// A position in a rule file: file index in the bundle and byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Loc {
    /// Index into the bundle's file list.
    pub file: u32,
    /// Byte offset in that file.
    pub offset: u32,
}

/// Text in both languages. Written as `{"zh", "en"}`, or in one language alone inside a result
/// written for one ([`crate::refs::to_json_with_refs`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: crate::shared::Str,
    /// English.
    pub en: crate::shared::Str,
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::refs::text(self, s)
    }
}

/// A published document values and criteria cite.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceDecl {
    /// Id used by `source = "..."`.
    pub id: String,
    /// Document title.
    pub title: String,
    /// 文号, where the document has one.
    pub doc_number: Option<String>,
    /// Issuing body.
    pub publisher: String,
    /// Date of publication.
    pub date: Date,
    /// Where to read it.
    pub url: Option<String>,
    /// Where it is declared.
    pub loc: Loc,
}

/// What a value or criterion cites.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CiteDecl {
    /// A declared source and the article within it.
    Source {
        /// Source id.
        source: String,
        /// Article, section or paragraph.
        article: Option<String>,
        /// Where the reference is.
        loc: Loc,
    },
    /// No published source was found; the note says why the value is used anyway.
    Unsourced {
        /// Explanation.
        note: String,
    },
}

/// A literal parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    /// A decimal.
    Num(Decimal),
    /// A truth value.
    Bool(bool),
    /// A vocabulary symbol.
    Str(String),
    /// A set of vocabulary symbols.
    List(Vec<String>),
    /// An exact fraction `numerator/denominator` (`"1/6"`), for shares of another figure.
    Frac(Decimal, Decimal),
}

impl RawValue {
    /// A value as a caller writes it in text (`--set P=V`, a page's options, a CSV cell):
    /// `true`/`false`, a decimal, a fraction `1/6`, a list `a;b`, or a symbol. The CLI and the
    /// WebAssembly binding both read values through this, so the same text means the same.
    pub fn parse(text: &str) -> RawValue {
        let t = text.trim();
        match t {
            "true" => return RawValue::Bool(true),
            "false" => return RawValue::Bool(false),
            _ => {}
        }
        if let Ok(n) = t.parse::<Decimal>() {
            return RawValue::Num(n);
        }
        if let Some((n, d)) = t.split_once('/') {
            if let (Ok(n), Ok(d)) = (n.trim().parse::<Decimal>(), d.trim().parse::<Decimal>()) {
                if !d.is_zero() {
                    return RawValue::Frac(n, d);
                }
            }
        }
        if t.contains(';') {
            return RawValue::List(
                t.split(';')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
        RawValue::Str(t.to_string())
    }
}

/// One dated value of a parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueDecl {
    /// First day the value applies.
    pub from: Date,
    /// Last day it applies, if it expires without a successor.
    pub until: Option<Date>,
    /// The value as published.
    pub value: RawValue,
    /// The unit it was published in, when that differs from the parameter's unit.
    pub unit: Option<String>,
    /// Last day the value is known to be in force (default: the date of its source, or `from`).
    pub known_until: Option<Date>,
    /// Why `from` is assumed, when the source does not give the start date.
    pub assumed: Option<String>,
    /// The figure is in force but not on file: `value` is only a lower bound (`at_least = 300`
    /// instead of `value`: a standard known to exist and to be at least a floor).
    pub bound: bool,
    /// Its source.
    pub cite: CiteDecl,
    /// Where it is declared.
    pub loc: Loc,
}

/// A parameter: a dated history of values with one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    /// Id used in expressions.
    pub id: String,
    /// Unit (required where the parameter is first declared).
    pub unit: Option<String>,
    /// What a value can be after the last one's `known_until`: `at_least`, `unknown` or
    /// `unchanged` (default `at_least` for money, required for other units).
    pub later: Option<String>,
    /// What a criterion that fails on an unsourced value of it says: `refer` (the default for
    /// numbers: a guessed limit does not turn a resident away) or `decide` (the default for
    /// lists, truth values and symbols).
    pub if_unsourced: Option<String>,
    /// What it is.
    pub description: Option<Text>,
    /// Values, any order in the file.
    pub values: Vec<ValueDecl>,
    /// Where it is declared.
    pub loc: Loc,
}

/// Who gives a fact a pack declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AssignedBy {
    /// The resident answers it.
    Resident,
    /// The office assigns it (a class, a care level): never asked; a result that depends on it
    /// gives what each possible value would mean.
    Office,
}

/// A fact a pack adds to the household document: `[facts.<id>]`, given in the household's or a
/// member's `local` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactDecl {
    /// Name in expressions and in `local`.
    pub id: String,
    /// `household` or `member`.
    pub scope: Scope,
    /// `bool`, `number`, `money`, `date` or `symbol`.
    pub kind: String,
    /// The symbols a `symbol` fact can hold.
    pub values: Vec<String>,
    /// What each symbol means, in words (`class_a` = "A类").
    pub value_text: Vec<(String, Text)>,
    /// What it is.
    pub label: Text,
    /// Who gives it.
    pub assigned_by: AssignedBy,
    /// How to ask it (resident facts).
    pub question: Option<Text>,
    /// Where it is declared.
    pub loc: Loc,
}

/// `[words.<fact>]`: words a pack adds to the vocabulary of a built-in fact that holds a word or
/// a set of words (a local status such as 重残无业, a local kind of hardship), each with what it
/// means. Households of the pack's region may then give them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordsDecl {
    /// The built-in fact, by its catalogued name (`member.status`) or its field (`status`).
    pub fact: String,
    /// The words, each with what a resident reads.
    pub words: Vec<(String, Text)>,
    /// Where it is declared.
    pub loc: Loc,
}

/// How one key of a table parameter selects its row.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyKind {
    /// Number bands, by lower bound: the row of the greatest bound not above the key (an age
    /// band "70–79" is the row `70` of `bands = [60, 70, 80]`); `below` is the value under the
    /// first band.
    Bands {
        /// Lower bounds, ascending.
        at: Vec<Decimal>,
        /// The value when the key is under the first bound.
        below: Option<RawValue>,
    },
    /// Exact values: numbers (a grade), symbols (a class) or truth values.
    OneOf(Vec<RawValue>),
}

/// One key of a table parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyDecl {
    /// How it selects a row.
    pub kind: KeyKind,
    /// Where it is declared.
    pub loc: Loc,
}

/// One dated version of a table: the rows it gives (each row a key path such as `["1", "dibao"]`).
#[derive(Clone, Debug, PartialEq)]
pub struct TableVersion {
    /// First day the version applies.
    pub from: Date,
    /// The row keys it gives.
    pub rows: Vec<Vec<String>>,
    /// Where it is declared.
    pub loc: Loc,
}

/// A table parameter: `keys` and dated `rows`. Each row is an ordinary parameter named
/// `id[key,...]` (with its own dated history and citations); `lookup(id, key, ...)` selects it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDecl {
    /// Id used by `lookup`.
    pub id: String,
    /// The keys (required where the table is first declared).
    pub keys: Option<Vec<KeyDecl>>,
    /// Versions, as declared.
    pub versions: Vec<TableVersion>,
    /// Where it is declared.
    pub loc: Loc,
}

/// The text of a table key value as rows name it: `70`, `1.5`, `class_a`, `true`.
pub fn key_text(raw: &RawValue) -> String {
    match raw {
        RawValue::Num(n) => n.normalize().to_string(),
        RawValue::Bool(b) => b.to_string(),
        RawValue::Str(s) => s.clone(),
        RawValue::List(l) => l.join(";"),
        RawValue::Frac(n, d) => format!("{n}/{d}"),
    }
}

/// Scope a definition is evaluated in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Scope {
    /// Once per household.
    Household,
    /// Once per household member.
    Member,
    /// Once per supporter living elsewhere.
    Supporter,
    /// Once per vehicle.
    Vehicle,
}

impl Scope {
    /// Name as written in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Household => "household",
            Scope::Member => "member",
            Scope::Supporter => "supporter",
            Scope::Vehicle => "vehicle",
        }
    }
}

/// Expression text and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprSrc {
    /// The text.
    pub text: String,
    /// Position of its first character.
    pub loc: Loc,
}

/// A named computed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefDecl {
    /// Name used in expressions.
    pub id: String,
    /// Scope.
    pub scope: Scope,
    /// Formula.
    pub expr: ExprSrc,
    /// What it means.
    pub text: Option<Text>,
    /// Where it is declared.
    pub loc: Loc,
}

/// One condition of a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionDecl {
    /// Id, unique in the program.
    pub id: String,
    /// Boolean expression that must hold.
    pub test: ExprSrc,
    /// Plain-language statement of the condition.
    pub text: Text,
    /// Legal basis.
    pub cite: CiteDecl,
    /// The texts in force earlier: each cited for assessment dates up to its `until`.
    pub earlier: Vec<(Date, CiteDecl)>,
    /// Where it is declared.
    pub loc: Loc,
}

/// How a program's amount is computed and rounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountDecl {
    /// Monthly amount formula.
    pub monthly: Option<ExprSrc>,
    /// Annual amount formula (when absent: monthly × 12); the `once` formula of a one-off
    /// payment.
    pub annual: Option<ExprSrc>,
    /// How often it is paid.
    pub period: crate::result::Period,
    /// The published figure is a floor ("不低于"): the amount is shown as "at least".
    pub at_least: bool,
    /// The figure is a ceiling ("最高"): the office sets the sum up to it.
    pub up_to: bool,
    /// The least the office pays, with `up_to` a range ("300 to 3,540"): a formula in the
    /// amount's period (household programs).
    pub floor: Option<ExprSrc>,
    /// Decimal places kept (default 2).
    pub places: u32,
    /// Rounding mode name (default `half_up`, 四舍五入).
    pub rounding: String,
    /// What the amount is.
    pub text: Option<Text>,
    /// Legal basis.
    pub cite: Option<CiteDecl>,
    /// The texts in force earlier: each cited for assessment dates up to its `until`.
    pub earlier: Vec<(Date, CiteDecl)>,
    /// Where it is declared.
    pub loc: Loc,
}

/// Whether a program is decided once per household or per member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Per {
    /// The household as a whole.
    Household,
    /// Each member separately.
    Member,
}

/// A benefit program; a child pack's declaration patches the parent's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramDecl {
    /// Program id (`dibao`, ...).
    pub id: String,
    /// Name.
    pub name: Option<Text>,
    /// Household or per member.
    pub per: Option<Per>,
    /// Discretionary programs report `refer` instead of `eligible`.
    pub discretionary: Option<bool>,
    /// Criteria; a child's criterion with the same id replaces the parent's.
    pub criteria: Vec<CriterionDecl>,
    /// Criteria ids a child pack removes.
    pub remove_criteria: Vec<String>,
    /// Amount.
    pub amount: Option<AmountDecl>,
    /// Documents to bring.
    pub documents: Option<Vec<DocDecl>>,
    /// Where to apply.
    pub apply_at: Option<Text>,
    /// Dates the result states (a deadline, a window), in authored order.
    pub dates: Option<Vec<DateDecl>>,
    /// `benefits` (default) or `marriage`.
    pub topic: Option<String>,
    /// Where it is declared.
    pub loc: Loc,
}

/// A document to bring, optionally only from or until a date (`{ zh, en, from, until }`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocDecl {
    /// What to bring.
    pub text: Text,
    /// Required from this date.
    pub from: Option<Date>,
    /// Required until this date (included).
    pub until: Option<Date>,
}

/// A date a program's result states: `[programs.<id>.dates.<name>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateDecl {
    /// Name (`cooling_off_ends`).
    pub id: String,
    /// The expression giving the date.
    pub expr: ExprSrc,
    /// What the date is.
    pub text: Text,
    /// Where it is declared.
    pub loc: Loc,
}

/// What a package rule says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageKind {
    /// When `by` applies to a person (or the household), the programs `over` are not paid to
    /// them as well.
    Replaces {
        /// The program that replaces.
        by: String,
        /// The programs it replaces.
        over: Vec<String>,
    },
    /// A person receives one of these: the one worth most (择高, or the choice a text leaves).
    ChooseOne(Vec<String>),
}

/// A rule of the benefit package: `[[package]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageDecl {
    /// What it says.
    pub kind: PackageKind,
    /// The rule in words.
    pub text: Text,
    /// Legal basis.
    pub cite: CiteDecl,
    /// Where it is declared.
    pub loc: Loc,
}

/// How to ask for a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDecl {
    /// Fact path, such as `hukou` or `member.birth_date`.
    pub fact: String,
    /// The question.
    pub text: Text,
    /// Tie breaker: higher first.
    pub priority: i64,
    /// Help text.
    pub help: Option<Text>,
    /// Where it is declared.
    pub loc: Loc,
}

/// Expected outcome of one program in a case.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectDecl {
    /// Program id.
    pub program: String,
    /// Expected status.
    pub status: Option<String>,
    /// Expected monthly amount.
    pub monthly: Option<Decimal>,
    /// Expected annual amount.
    pub annual: Option<Decimal>,
    /// Expected one-off amount.
    pub once: Option<Decimal>,
    /// Whether the amount is expected to be a lower bound ("至少").
    pub at_least: Option<bool>,
    /// Whether the amount is expected to be a ceiling ("最高").
    pub up_to: Option<bool>,
    /// The expected low end of a range (`floor`).
    pub floor: Option<Decimal>,
    /// Expected per-member statuses.
    pub members: Vec<(String, String)>,
    /// Facts that must be listed as missing.
    pub missing: Vec<String>,
    /// Parameters that must be listed as used past their `known_until`.
    pub stale: Vec<String>,
    /// For `expect.package`: the payments, as `program` or `program:member`, exactly.
    pub items: Vec<String>,
    /// For `expect.package`: the programs not paid as well, as `program` or `program:member`.
    pub not_taken: Vec<String>,
    /// Expected amounts per value of a fact the office assigns (`options = { class_a = "600.00",
    /// class_c = "none" }`; the monthly amount, or the yearly or one-off one for such programs).
    pub options: Vec<(String, Option<Decimal>)>,
    /// Expected dates the result states, by name.
    pub dates: Vec<(String, Date)>,
    /// Where it is declared.
    pub loc: Loc,
}

/// A test case carried by a rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseDecl {
    /// Name printed on failure.
    pub name: String,
    /// Assessment date.
    pub date: Date,
    /// The household, as JSON.
    pub household: serde_json::Value,
    /// Parameter values this case sets (to test a named option or a reading).
    pub set: Vec<(String, RawValue)>,
    /// Expectations.
    pub expect: Vec<ExpectDecl>,
    /// Where it is declared.
    pub loc: Loc,
}

/// Everything one jurisdiction's directory declares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackDecl {
    /// GB/T 2260 code (`000000` for the national pack).
    pub region: String,
    /// Name of the jurisdiction.
    pub name: Text,
    /// Indices of its files in the bundle.
    pub files: Vec<u32>,
    /// Sources.
    pub sources: Vec<SourceDecl>,
    /// Parameters (a table's rows among them).
    pub params: Vec<ParamDecl>,
    /// Table parameters.
    pub tables: Vec<TableDecl>,
    /// Facts the pack adds.
    pub facts: Vec<FactDecl>,
    /// Words the pack adds to built-in facts' vocabularies.
    pub words: Vec<WordsDecl>,
    /// Definitions.
    pub defs: Vec<DefDecl>,
    /// Programs.
    pub programs: Vec<ProgramDecl>,
    /// Questions.
    pub questions: Vec<QuestionDecl>,
    /// Rules of the benefit package (which programs replace or exclude one another).
    pub package: Vec<PackageDecl>,
    /// Test cases.
    pub cases: Vec<CaseDecl>,
}

#[cfg(test)]
mod tests {
    use super::RawValue;
    use rust_decimal::Decimal;

    #[test]
    fn caller_text_means_one_thing() {
        assert_eq!(RawValue::parse(" true "), RawValue::Bool(true));
        assert_eq!(RawValue::parse("false"), RawValue::Bool(false));
        assert_eq!(
            RawValue::parse("450.5"),
            RawValue::Num(Decimal::new(4505, 1))
        );
        assert_eq!(
            RawValue::parse("1/6"),
            RawValue::Frac(Decimal::ONE, Decimal::from(6))
        );
        assert_eq!(RawValue::parse("1/0"), RawValue::Str("1/0".into()));
        assert_eq!(
            RawValue::parse("car; truck"),
            RawValue::List(vec!["car".into(), "truck".into()])
        );
        assert_eq!(RawValue::parse("urban"), RawValue::Str("urban".into()));
    }
}
