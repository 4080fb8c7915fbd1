//! Compiles the packs that apply to a region into [`Rules`]: layers merged, names resolved,
//! types checked, cycles rejected, programs ordered so each is evaluated after those it uses.
//!
//! Layering: packs apply from the national pack inwards. A parameter's history in an inner pack
//! takes over from its first date on (the outer history still applies before it). A definition
//! or question in an inner pack replaces the outer one. A program declared again patches the
//! outer one: given fields replace, a criterion with an existing id replaces it in place, new
//! criteria are appended, and `remove_criteria` drops outer ones.

pub mod local;
pub mod node;
#[cfg(feature = "authoring")]
mod resolve;
pub mod shown;
#[cfg(feature = "authoring")]
pub mod table;

#[cfg(feature = "authoring")]
use crate::error::LoadError;
use crate::pack::model::*;
#[cfg(feature = "authoring")]
use crate::pack::reader::Diag;
#[cfg(feature = "authoring")]
use crate::pack::Bundle;
#[cfg_attr(not(feature = "authoring"), allow(unused_imports))]
use crate::value::{Sym, SymSet, Ty, Value};
use node::{FactKey, Node};
use rust_decimal::{Decimal, RoundingStrategy};
#[cfg(feature = "authoring")]
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// A resolved citation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cite {
    /// A source (index into [`Rules::sources`]) and article.
    Source {
        /// Source index.
        source: u16,
        /// Article.
        article: Option<String>,
    },
    /// Marked unsourced, with the reason.
    Unsourced(String),
}

/// One dated value of a parameter, converted to the parameter's unit.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ParamValue {
    /// First day in force.
    pub from: Date,
    /// Last day in force, if it expires.
    pub until: Option<Date>,
    /// Value in the parameter's unit.
    pub value: Value,
    /// The figure as published, with its unit (`450 yuan_per_month`).
    pub published: String,
    /// Last day the value is known to be in force: given, or the date of its source (never
    /// before `from`). After it, the parameter's [`Later`] says what the value can be.
    pub known_until: Date,
    /// Why `from` is assumed, when the source does not give the start date.
    pub assumed: Option<String>,
    /// The exact fraction (numerator, denominator) when the figure is one (`1/6`); `value`
    /// then holds its quotient to 28 digits, and products with it are computed exactly.
    #[serde(with = "crate::compiled::frac")]
    pub frac: Option<(Decimal, Decimal)>,
    /// Citation.
    pub cite: Cite,
    /// Declaration.
    pub loc: Loc,
}

/// What a parameter's value can be after the last value's `known_until`, while no newer value
/// is on file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Later {
    /// At least the last value (standards, subsidies, "不低于" amounts: the default for money).
    AtLeast,
    /// Anything: an outcome that depends on it is undecided.
    Unknown,
    /// The last value, until a text changes it (statutory constants such as ages).
    Unchanged,
}

impl Later {
    /// Parses the rule-file word.
    pub fn parse(s: &str) -> Option<Later> {
        match s {
            "at_least" => Some(Later::AtLeast),
            "unknown" => Some(Later::Unknown),
            "unchanged" => Some(Later::Unchanged),
            _ => None,
        }
    }

    /// The rule-file word.
    pub fn name(self) -> &'static str {
        match self {
            Later::AtLeast => "at_least",
            Later::Unknown => "unknown",
            Later::Unchanged => "unchanged",
        }
    }
}

/// A parameter with its merged history, sorted by date.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Param {
    /// Id.
    pub id: String,
    /// Unit.
    pub unit: String,
    /// Type of its values.
    pub ty: Ty,
    /// What a value can be after the last one's `known_until`.
    pub later: Later,
    /// A criterion that fails on an unsourced value of this parameter is referred rather than
    /// failed, unless it fails whatever the value is.
    pub doubt: bool,
    /// Description.
    pub description: Option<Text>,
    /// History, oldest first.
    pub history: Vec<ParamValue>,
    /// Declaration.
    pub loc: Loc,
}

impl Param {
    /// The value in force on `d`.
    pub fn at(&self, d: Date) -> Option<&ParamValue> {
        self.history
            .iter()
            .rev()
            .find(|v| v.from <= d)
            .filter(|v| v.until.is_none_or(|u| d <= u))
    }

    /// Index of the value in force on `d`, and whether it is stale then: the last value of the
    /// history, past its `known_until`, for a parameter whose later values are not unchanged.
    pub fn at_index(&self, d: Date) -> Option<(usize, bool)> {
        let i = self.history.iter().rposition(|v| v.from <= d)?;
        let v = self.history.get(i)?;
        if v.until.is_some_and(|u| d > u) {
            return None;
        }
        // A figure on file only as a floor (`at_least`) is a bound from its first day.
        let bound = matches!(v.value, Value::AtLeast(_));
        Some((i, bound || (self.can_go_stale(i) && d > v.known_until)))
    }

    /// Whether history entry `i` becomes stale after its `known_until`: the last value, with no
    /// `until`, of a parameter whose later values are not unchanged.
    pub fn can_go_stale(&self, i: usize) -> bool {
        i.saturating_add(1) == self.history.len()
            && self.history.get(i).is_some_and(|v| v.until.is_none())
            && self.later != Later::Unchanged
    }
}

/// A compiled definition.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Def {
    /// Name.
    pub id: String,
    /// Scope.
    pub scope: Scope,
    /// Formula.
    pub node: Node,
    /// Type.
    pub ty: Ty,
    /// Meaning.
    pub text: Option<Text>,
}

/// A compiled criterion.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Criterion {
    /// Id.
    pub id: String,
    /// The test.
    pub node: Node,
    /// The test as written.
    pub expr: String,
    /// Statement.
    pub text: Text,
    /// Legal basis.
    pub cite: Cite,
    /// The texts cited for dates up to each `until`, earliest first.
    pub earlier: Vec<(Date, Cite)>,
}

/// A compiled amount.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Amount {
    /// Monthly formula.
    pub monthly: Option<Node>,
    /// Annual formula (the one-off amount, for a one-off payment).
    pub annual: Option<Node>,
    /// How often it is paid.
    pub period: crate::result::Period,
    /// The figure is a floor ("不低于").
    pub at_least: bool,
    /// The figure is a ceiling ("最高"): the office sets the sum up to it.
    pub up_to: bool,
    /// The least paid, with `up_to` a range (household programs).
    pub floor: Option<Node>,
    /// Decimal places.
    pub places: u32,
    /// Rounding mode.
    #[serde(with = "crate::compiled::rounding")]
    pub mode: RoundingStrategy,
    /// What it is.
    pub text: Option<Text>,
    /// Legal basis.
    pub cite: Option<Cite>,
    /// The texts cited for dates up to each `until`, earliest first.
    pub earlier: Vec<(Date, Cite)>,
}

/// A compiled program.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Program {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// Household or per member.
    pub per: Per,
    /// Reports `refer` rather than `eligible`.
    pub discretionary: bool,
    /// Criteria, in order.
    pub criteria: Vec<Criterion>,
    /// Amount.
    pub amount: Option<Amount>,
    /// Documents to bring, with the dates they are required between.
    pub documents: Vec<crate::pack::model::DocDecl>,
    /// Where to apply.
    pub apply_at: Option<Text>,
    /// Dates the result states.
    pub dates: Vec<DateOutput>,
    /// Topic.
    pub topic: Topic,
}

/// What a program is about: the self-check runs one topic at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Assistance and subsidies.
    #[default]
    Benefits,
    /// Marriage and divorce registration.
    Marriage,
}

impl Topic {
    /// Parses `benefits` or `marriage`.
    pub fn parse(s: &str) -> Option<Topic> {
        match s {
            "benefits" => Some(Topic::Benefits),
            "marriage" => Some(Topic::Marriage),
            _ => None,
        }
    }
}

/// A date a program's result states.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct DateOutput {
    /// Name.
    pub id: String,
    /// Compiled expression (type date).
    pub node: Node,
    /// What the date is.
    pub text: Text,
}

/// A question for a fact.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Question {
    /// The fact.
    pub key: FactKey,
    /// Wording.
    pub text: Text,
    /// Tie-break priority, higher first.
    pub priority: i64,
    /// Help.
    pub help: Option<Text>,
}

/// A compiled package rule: program indices into [`Rules::programs`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PackageRule {
    /// `Replaces { by, over }` or `ChooseOne(programs)`.
    pub kind: PackageRuleKind,
    /// The rule in words.
    pub text: Text,
    /// Legal basis.
    pub cite: Cite,
}

/// What a compiled package rule says.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum PackageRuleKind {
    /// `by` replaces the programs `over` for the same person or household.
    Replaces {
        /// The replacing program.
        by: u16,
        /// The replaced programs.
        over: Vec<u16>,
    },
    /// One of these per person: the one worth most.
    ChooseOne(Vec<u16>),
}

/// A cited source.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// 文号.
    pub doc_number: Option<String>,
    /// Publisher.
    pub publisher: String,
    /// Date.
    pub date: Date,
    /// URL.
    pub url: Option<String>,
}

/// The rules for one region, ready to evaluate.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Rules {
    /// The region compiled for.
    pub region: String,
    /// Codes of the packs used, outermost first.
    pub packs: Vec<String>,
    /// Content hash of the files used.
    pub version: String,
    /// Sources.
    pub sources: Vec<Source>,
    /// Parameters.
    pub params: Vec<Param>,
    /// Definitions.
    pub defs: Vec<Def>,
    /// Programs in authored order.
    pub programs: Vec<Program>,
    /// Indices of programs in evaluation order.
    pub order: Vec<u16>,
    /// Questions.
    pub questions: Vec<Question>,
    /// Rules of the benefit package, outer packs' first.
    pub package: Vec<PackageRule>,
    /// Facts the packs add to the household document.
    pub facts: Vec<local::LocalFact>,
    /// Words the region's packs add to built-in facts' vocabularies.
    pub words: Vec<local::LocalWord>,
    /// Which parameters some expression uses.
    pub param_used: Vec<bool>,
    /// Holiday calendars and registries (for `next_working_day`).
    #[serde(skip)]
    pub calendar: std::sync::Arc<crate::calendar::Calendar>,
    /// What results quote from these rules, built once.
    #[serde(skip)]
    pub shown: shown::Shown,
    /// The rules' expressions as closures, built on first use (natively: WebAssembly walks
    /// the nodes).
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(skip)]
    pub code: crate::eval::Linked,
}

#[cfg(not(target_arch = "wasm32"))]
impl Rules {
    /// The rules' expressions as closures, built the first time they are asked for.
    pub fn code(&self) -> &crate::eval::Code {
        self.code.get(self)
    }
}

#[derive(Clone, Debug)]
#[cfg(feature = "authoring")]
enum DefState {
    Pending,
    InProgress,
    Done(Ty),
    Failed,
}

#[cfg(feature = "authoring")]
struct Compiler<'b> {
    diags: Vec<Diag>,
    sources: Vec<Source>,
    source_index: HashMap<String, u16>,
    params: Vec<Param>,
    param_index: HashMap<String, u16>,
    param_used: Vec<bool>,
    def_decls: Vec<&'b DefDecl>,
    def_index: HashMap<(Scope, String), usize>,
    def_state: Vec<DefState>,
    def_nodes: Vec<Option<Node>>,
    def_prog_deps: Vec<BTreeSet<usize>>,
    programs: Vec<ProgramDecl>,
    program_index: HashMap<String, usize>,
    dep_stack: Vec<BTreeSet<usize>>,
    /// Every parameter name the packs declare (for "did you mean").
    param_names: Vec<String>,
    tables: Vec<table::Table>,
    table_index: HashMap<String, usize>,
    facts: Vec<local::LocalFact>,
}

/// Compiles the rules for `region` from the bundle.
#[cfg(feature = "authoring")]
pub fn compile(bundle: &Bundle, region: &str) -> Result<Rules, Vec<LoadError>> {
    let chain = bundle.chain(region);
    let mut c = Compiler {
        diags: Vec::new(),
        sources: Vec::new(),
        source_index: HashMap::new(),
        params: Vec::new(),
        param_index: HashMap::new(),
        param_used: Vec::new(),
        def_decls: Vec::new(),
        def_index: HashMap::new(),
        def_state: Vec::new(),
        def_nodes: Vec::new(),
        def_prog_deps: Vec::new(),
        programs: Vec::new(),
        program_index: HashMap::new(),
        dep_stack: Vec::new(),
        param_names: Vec::new(),
        tables: Vec::new(),
        table_index: HashMap::new(),
        facts: Vec::new(),
    };
    let fact_decls: Vec<&FactDecl> = chain.iter().flat_map(|p| p.facts.iter()).collect();
    c.build_facts(&fact_decls);
    let word_decls: Vec<&WordsDecl> = chain.iter().flat_map(|p| p.words.iter()).collect();
    let words = c.build_words(&word_decls);
    let mut param_decls: Vec<(String, Vec<&ParamDecl>)> = Vec::new();
    let mut table_decls: Vec<(String, Vec<&TableDecl>)> = Vec::new();
    let mut questions: Vec<&QuestionDecl> = Vec::new();
    for pack in &chain {
        c.merge_pack(pack, &mut param_decls, &mut questions);
        for t in &pack.tables {
            match table_decls.iter_mut().find(|(id, _)| *id == t.id) {
                Some((_, list)) => list.push(t),
                None => table_decls.push((t.id.clone(), vec![t])),
            }
        }
    }
    c.param_names = param_decls
        .iter()
        .filter(|(id, _)| !id.contains('['))
        .map(|(id, _)| id.clone())
        .collect();
    for (_, decls) in &param_decls {
        c.build_param(decls);
    }
    c.build_tables(&table_decls);
    c.param_used = vec![false; c.params.len()];
    for i in 0..c.def_decls.len() {
        if matches!(c.def_state.get(i), Some(DefState::Pending)) {
            c.resolve_def(i);
        }
    }
    let (programs, deps) = c.build_programs();
    let order = c.order_programs(&deps);
    let package = c.build_package(&chain, &programs);
    let questions = c.build_questions(&questions);
    let defs = c.finish_defs();
    if !c.diags.is_empty() {
        let mut errs: Vec<LoadError> = c.diags.iter().map(|d| bundle.locate(d)).collect();
        errs.dedup();
        return Err(errs);
    }
    let mut rules = Rules {
        region: region.to_string(),
        packs: chain.iter().map(|p| p.region.clone()).collect(),
        version: version(bundle, &chain),
        sources: c.sources,
        params: c.params,
        defs,
        programs,
        order,
        questions,
        package,
        facts: c.facts,
        words,
        param_used: c.param_used,
        calendar: std::sync::Arc::new(bundle.calendar.clone()),
        shown: shown::Shown::default(),
        #[cfg(not(target_arch = "wasm32"))]
        code: crate::eval::Linked::default(),
    };
    rules.shown = shown::Shown::new(&rules);
    Ok(rules)
}

#[cfg(feature = "authoring")]
fn version(bundle: &Bundle, chain: &[&PackDecl]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for pack in chain {
        for &f in &pack.files {
            if let Some(file) = bundle.files.get(f as usize) {
                h.update(file.digest());
            }
        }
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(feature = "authoring")]
impl<'b> Compiler<'b> {
    fn err(&mut self, code: &'static str, loc: Loc, message: String) {
        self.diags.push(Diag { code, message, loc });
    }

    fn merge_pack(
        &mut self,
        pack: &'b PackDecl,
        param_decls: &mut Vec<(String, Vec<&'b ParamDecl>)>,
        questions: &mut Vec<&'b QuestionDecl>,
    ) {
        let mut seen = BTreeSet::new();
        for s in &pack.sources {
            if !seen.insert(&s.id) {
                self.err(
                    "duplicate",
                    s.loc,
                    format!("source `{}` is declared twice in this pack", s.id),
                );
                continue;
            }
            let src = Source {
                id: s.id.clone(),
                title: s.title.clone(),
                doc_number: s.doc_number.clone(),
                publisher: s.publisher.clone(),
                date: s.date,
                url: s.url.clone(),
            };
            match self.source_index.get(&s.id) {
                Some(&i) => {
                    if let Some(slot) = self.sources.get_mut(usize::from(i)) {
                        *slot = src;
                    }
                }
                None => {
                    self.source_index
                        .insert(s.id.clone(), idx(self.sources.len()));
                    self.sources.push(src);
                }
            }
        }
        let mut seen = BTreeSet::new();
        for p in &pack.params {
            if !seen.insert(&p.id) {
                self.err(
                    "duplicate",
                    p.loc,
                    format!("parameter `{}` is declared twice in this pack", p.id),
                );
                continue;
            }
            match param_decls.iter_mut().find(|(id, _)| *id == p.id) {
                Some((_, list)) => list.push(p),
                None => param_decls.push((p.id.clone(), vec![p])),
            }
        }
        let mut seen = BTreeSet::new();
        for d in &pack.defs {
            let key = (d.scope, d.id.clone());
            if !seen.insert(key.clone()) {
                self.err(
                    "duplicate",
                    d.loc,
                    format!(
                        "{} definition `{}` is declared twice in this pack",
                        d.scope.name(),
                        d.id
                    ),
                );
                continue;
            }
            match self.def_index.get(&key) {
                Some(&i) => {
                    if let Some(slot) = self.def_decls.get_mut(i) {
                        *slot = d;
                    }
                }
                None => {
                    self.def_index.insert(key, self.def_decls.len());
                    self.def_decls.push(d);
                    self.def_state.push(DefState::Pending);
                    self.def_nodes.push(None);
                    self.def_prog_deps.push(BTreeSet::new());
                }
            }
        }
        let mut seen = BTreeSet::new();
        for p in &pack.programs {
            if !seen.insert(&p.id) {
                self.err(
                    "duplicate",
                    p.loc,
                    format!("program `{}` is declared twice in this pack", p.id),
                );
                continue;
            }
            self.merge_program(p);
        }
        let mut seen = BTreeSet::new();
        for q in &pack.questions {
            if !seen.insert(&q.fact) {
                self.err(
                    "duplicate",
                    q.loc,
                    format!("two questions for `{}` in this pack", q.fact),
                );
                continue;
            }
            questions.retain(|x| x.fact != q.fact);
            questions.push(q);
        }
    }

    fn merge_program(&mut self, p: &ProgramDecl) {
        let mut ids = BTreeSet::new();
        for c in &p.criteria {
            if !ids.insert(&c.id) {
                self.err(
                    "duplicate",
                    c.loc,
                    format!("criterion `{}` appears twice in program `{}`", c.id, p.id),
                );
            }
        }
        let Some(&i) = self.program_index.get(&p.id) else {
            self.program_index.insert(p.id.clone(), self.programs.len());
            self.programs.push(p.clone());
            return;
        };
        let Some(base) = self.programs.get_mut(i) else {
            return;
        };
        for r in &p.remove_criteria {
            base.criteria.retain(|c| &c.id != r);
        }
        for c in &p.criteria {
            match base.criteria.iter_mut().find(|x| x.id == c.id) {
                Some(slot) => *slot = c.clone(),
                None => base.criteria.push(c.clone()),
            }
        }
        macro_rules! patch {
            ($($f:ident),*) => { $( if p.$f.is_some() { base.$f = p.$f.clone(); } )* };
        }
        patch!(
            name,
            per,
            discretionary,
            amount,
            documents,
            apply_at,
            dates,
            topic
        );
    }

    fn cite(&mut self, c: &CiteDecl) -> Option<Cite> {
        match c {
            CiteDecl::Unsourced { note } => Some(Cite::Unsourced(note.clone())),
            CiteDecl::Source {
                source,
                article,
                loc,
            } => match self.source_index.get(source) {
                Some(&i) => Some(Cite::Source {
                    source: i,
                    article: article.clone(),
                }),
                None => {
                    self.err(
                        "unknown_reference",
                        *loc,
                        format!("no source `{source}` is declared in this pack or an outer one"),
                    );
                    None
                }
            },
        }
    }

    fn build_param(&mut self, decls: &[&ParamDecl]) {
        let Some(first) = decls.first() else { return };
        let Some(unit) = first.unit.clone() else {
            // Most often a misspelt name in a child pack: say which declared one is meant.
            let hint = self
                .param_names
                .iter()
                .filter(|n| **n != first.id)
                .map(|n| (edit_distance(n, &first.id), n))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, n)| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            self.err(
                "missing_key",
                first.loc,
                format!(
                    "parameter `{}` is not declared in an outer pack, and a new parameter needs a `unit`{hint}",
                    first.id
                ),
            );
            return;
        };
        let Some(ty) = unit_type(&unit) else {
            self.err(
                "unit_mismatch",
                first.loc,
                format!("unknown unit `{unit}`; use one of: {}", UNITS.join(", ")),
            );
            return;
        };
        let later = match first.later.as_deref() {
            Some(w) => match Later::parse(w) {
                Some(l) => l,
                None => {
                    self.err(
                        "unknown_symbol",
                        first.loc,
                        format!("`later = \"{w}\"`: use at_least, unknown or unchanged"),
                    );
                    Later::Unknown
                }
            },
            None if unit.starts_with("yuan") => Later::AtLeast,
            None => {
                self.err(
                    "missing_key",
                    first.loc,
                    format!(
                        "parameter `{}` needs `later` (at_least, unknown or unchanged) where it is first declared: what can its value be after the last figure's `known_until`?",
                        first.id
                    ),
                );
                Later::Unknown
            }
        };
        if later == Later::AtLeast && ty != Ty::Num {
            self.err(
                "unit_mismatch",
                first.loc,
                format!(
                    "`later = \"at_least\"` needs a number, and `{}` is a {}",
                    first.id,
                    ty.name()
                ),
            );
        }
        let doubt = match first.if_unsourced.as_deref() {
            Some("refer") => true,
            Some("decide") => false,
            Some(w) => {
                self.err(
                    "unknown_symbol",
                    first.loc,
                    format!("`if_unsourced = \"{w}\"`: use refer or decide"),
                );
                false
            }
            None => ty == Ty::Num,
        };
        let mut history: Vec<ParamValue> = Vec::new();
        let mut description = first.description.clone();
        for d in decls {
            if d.later.is_some() && !std::ptr::eq(*d, *first) {
                self.err(
                    "duplicate",
                    d.loc,
                    format!("`later` of `{}` is set where it is first declared", d.id),
                );
            }
            if let Some(u) = &d.unit {
                if *u != unit {
                    self.err(
                        "unit_mismatch",
                        d.loc,
                        format!("`{}` is declared in {unit} by an outer pack, not {u}", d.id),
                    );
                }
            }
            if d.description.is_some() {
                description = d.description.clone();
            }
            let mut own: Vec<ParamValue> = d
                .values
                .iter()
                .filter_map(|v| self.param_value(v, &unit, ty))
                .collect();
            own.sort_by_key(|v| v.from);
            for w in own.windows(2) {
                if let [a, b] = w {
                    if let Some(u) = a.until.filter(|u| *u >= b.from && a.from != b.from) {
                        self.err(
                            "bad_date",
                            b.loc,
                            format!(
                                "`{}`: a value runs until {} but the next starts {}: two values would be in force on the same days",
                                d.id,
                                crate::date::format(u),
                                crate::date::format(b.from)
                            ),
                        );
                    }
                    if a.from == b.from {
                        self.err(
                            "duplicate",
                            b.loc,
                            format!(
                                "two values of `{}` from {}",
                                d.id,
                                crate::date::format(b.from)
                            ),
                        );
                    }
                }
            }
            if let Some(start) = own.first().map(|v| v.from) {
                history.retain(|v| v.from < start);
            }
            history.extend(own);
        }
        self.param_index
            .insert(first.id.clone(), idx(self.params.len()));
        self.params.push(Param {
            id: first.id.clone(),
            unit,
            ty,
            later,
            doubt,
            description,
            history,
            loc: first.loc,
        });
    }

    fn param_value(&mut self, v: &ValueDecl, unit: &str, ty: Ty) -> Option<ParamValue> {
        let cite = self.cite(&v.cite);
        let given = v.unit.as_deref().unwrap_or(unit);
        let mut frac = None;
        let (value, published) = match (&v.value, ty) {
            (RawValue::Frac(n, d), Ty::Num) if given == "ratio" && unit == "ratio" => {
                let Some(q) = n.checked_div(*d) else {
                    self.err("bad_number", v.loc, format!("{n}/{d} is not a fraction"));
                    return None;
                };
                frac = Some((*n, *d));
                (Value::Num(q), format!("{n}/{d}"))
            }
            (RawValue::Frac(n, d), _) => {
                self.err(
                    "unit_mismatch",
                    v.loc,
                    format!("{n}/{d}: a fraction is a value of a `ratio` parameter, not `{given}`"),
                );
                return None;
            }
            (RawValue::Num(n), Ty::Num) => match convert(*n, given, unit) {
                Some(x) if v.bound => (Value::AtLeast(x), format!(">={n} {given}")),
                Some(x) => (Value::Num(x), format!("{n} {given}")),
                None if !UNITS.contains(&given) => {
                    self.err(
                        "unit_mismatch",
                        v.loc,
                        format!("unknown unit `{given}`; use one of: {}", UNITS.join(", ")),
                    );
                    return None;
                }
                None => {
                    self.err(
                        "unit_mismatch",
                        v.loc,
                        format!("{n} {given} cannot be converted exactly to {unit}"),
                    );
                    return None;
                }
            },
            (RawValue::Bool(b), Ty::Bool) => (Value::Bool(*b), b.to_string()),
            (RawValue::Str(s), Ty::Str) => {
                let Some(sym) = Sym::lookup(s) else {
                    self.err(
                        "unknown_symbol",
                        v.loc,
                        format!("\"{s}\" is not in the vocabulary"),
                    );
                    return None;
                };
                (Value::Str(sym), s.clone())
            }
            (RawValue::List(items), Ty::Set) => {
                let mut set = SymSet::default();
                for s in items {
                    match Sym::lookup(s) {
                        Some(sym) => set.insert(sym),
                        None => {
                            self.err(
                                "unknown_symbol",
                                v.loc,
                                format!("\"{s}\" is not in the vocabulary"),
                            );
                            return None;
                        }
                    }
                }
                (Value::Set(set), items.join(", "))
            }
            _ => {
                self.err(
                    "type_error",
                    v.loc,
                    format!("this value does not fit the unit `{unit}`"),
                );
                return None;
            }
        };
        if v.until.is_some_and(|u| u < v.from) {
            self.err("bad_date", v.loc, "`until` is before `from`".into());
        }
        if v.known_until.is_some_and(|u| u < v.from) {
            self.err("bad_date", v.loc, "`known_until` is before `from`".into());
        }
        let cite = cite?;
        let source_date = match &cite {
            Cite::Source { source, .. } => self.sources.get(usize::from(*source)).map(|s| s.date),
            Cite::Unsourced(_) => None,
        };
        let known_until = v
            .known_until
            .or(source_date)
            .map_or(v.from, |d| d.max(v.from));
        Some(ParamValue {
            from: v.from,
            until: v.until,
            value,
            published,
            known_until,
            assumed: v.assumed.clone(),
            frac,
            cite,
            loc: v.loc,
        })
    }

    fn resolve_def(&mut self, i: usize) {
        let Some(decl) = self.def_decls.get(i).copied() else {
            return;
        };
        if let Some(s) = self.def_state.get_mut(i) {
            *s = DefState::InProgress;
        }
        self.dep_stack.push(BTreeSet::new());
        let r = self.expression(&decl.expr, decl.scope, None);
        let deps = self.dep_stack.pop().unwrap_or_default();
        if let Some(d) = self.def_prog_deps.get_mut(i) {
            *d = deps;
        }
        let state = match r {
            Some((node, ty)) => {
                if let Some(slot) = self.def_nodes.get_mut(i) {
                    *slot = Some(node);
                }
                DefState::Done(ty)
            }
            None => DefState::Failed,
        };
        if let Some(s) = self.def_state.get_mut(i) {
            *s = state;
        }
    }

    fn finish_defs(&mut self) -> Vec<Def> {
        let mut out = Vec::new();
        for (i, decl) in self.def_decls.iter().enumerate() {
            let node = self.def_nodes.get_mut(i).and_then(Option::take);
            let ty = match self.def_state.get(i) {
                Some(DefState::Done(t)) => *t,
                _ => Ty::Bool,
            };
            out.push(Def {
                id: decl.id.clone(),
                scope: decl.scope,
                node: node.unwrap_or(Node::Const(Value::Unknown)),
                ty,
                text: decl.text.clone(),
            });
        }
        out
    }

    fn build_programs(&mut self) -> (Vec<Program>, Vec<BTreeSet<usize>>) {
        let decls = self.programs.clone();
        let mut out = Vec::new();
        let mut all_deps = Vec::new();
        for p in &decls {
            let per = p.per.unwrap_or(Per::Household);
            let scope = if per == Per::Member {
                Scope::Member
            } else {
                Scope::Household
            };
            self.dep_stack.push(BTreeSet::new());
            let mut criteria = Vec::new();
            for c in &p.criteria {
                let node = self.expression(&c.test, scope, Some(Ty::Bool));
                let cite = self.cite(&c.cite);
                let earlier = self.earlier(&c.earlier);
                if let (Some((node, _)), Some(cite)) = (node, cite) {
                    criteria.push(Criterion {
                        id: c.id.clone(),
                        node,
                        expr: c.test.text.clone(),
                        text: c.text.clone(),
                        cite,
                        earlier,
                    });
                }
            }
            let amount = p.amount.as_ref().and_then(|a| self.amount(a, scope));
            let mut dates = Vec::new();
            for d in p.dates.iter().flatten() {
                if let Some((node, _)) = self.expression(&d.expr, Scope::Household, Some(Ty::Date))
                {
                    dates.push(DateOutput {
                        id: d.id.clone(),
                        node,
                        text: d.text.clone(),
                    });
                }
            }
            let deps = self.dep_stack.pop().unwrap_or_default();
            let name = p.name.clone().unwrap_or_else(|| {
                self.err(
                    "missing_key",
                    p.loc,
                    format!("program `{}` has no `name`", p.id),
                );
                Text::default()
            });
            all_deps.push(deps);
            out.push(Program {
                id: p.id.clone(),
                name,
                per,
                discretionary: p.discretionary.unwrap_or(false),
                criteria,
                amount,
                documents: p.documents.clone().unwrap_or_default(),
                apply_at: p.apply_at.clone(),
                dates,
                topic: match p.topic.as_deref() {
                    None | Some("benefits") => Topic::Benefits,
                    Some("marriage") => Topic::Marriage,
                    Some(other) => {
                        self.err(
                            "wrong_type",
                            p.loc,
                            format!("`topic` is \"benefits\" or \"marriage\", not \"{other}\""),
                        );
                        Topic::Benefits
                    }
                },
            });
        }
        (out, all_deps)
    }

    fn amount(&mut self, a: &AmountDecl, scope: Scope) -> Option<Amount> {
        let monthly = a
            .monthly
            .as_ref()
            .map(|e| self.expression(e, scope, Some(Ty::Num)));
        let annual = a
            .annual
            .as_ref()
            .map(|e| self.expression(e, scope, Some(Ty::Num)));
        if a.at_least && a.up_to {
            self.err(
                "wrong_type",
                a.loc,
                "an amount is a floor (`at_least`) or a ceiling (`up_to`), not both".into(),
            );
        }
        if a.floor.is_some() && !a.up_to {
            self.err(
                "wrong_type",
                a.loc,
                "`floor` gives the low end of a range: it goes with `up_to`".into(),
            );
        }
        let floor = match &a.floor {
            Some(e) => Some(self.expression(e, scope, Some(Ty::Num))?.0),
            None => None,
        };
        let Some(mode) = node::rounding(&a.rounding) else {
            self.err(
                "wrong_type",
                a.loc,
                format!("unknown rounding `{}`", a.rounding),
            );
            return None;
        };
        let cite = match &a.cite {
            Some(c) => Some(self.cite(c)?),
            None => None,
        };
        Some(Amount {
            monthly: match monthly {
                Some(m) => Some(m?.0),
                None => None,
            },
            annual: match annual {
                Some(m) => Some(m?.0),
                None => None,
            },
            period: a.period,
            at_least: a.at_least,
            up_to: a.up_to,
            floor,
            places: a.places,
            mode,
            text: a.text.clone(),
            cite,
            earlier: self.earlier(&a.earlier),
        })
    }

    fn earlier(&mut self, list: &[(Date, CiteDecl)]) -> Vec<(Date, Cite)> {
        // A handful of entries: kept in date order by insertion (a sort would add code to the
        // WebAssembly package for nothing).
        let mut out: Vec<(Date, Cite)> = Vec::with_capacity(list.len());
        for (d, c) in list {
            if let Some(c) = self.cite(c) {
                let at = out.partition_point(|(x, _)| x <= d);
                out.insert(at, (*d, c));
            }
        }
        out
    }

    fn order_programs(&mut self, deps: &[BTreeSet<usize>]) -> Vec<u16> {
        // Depth-first topological order; a back edge is a cycle.
        let n = deps.len();
        let mut state = vec![0u8; n];
        let mut order = Vec::with_capacity(n);
        for start in 0..n {
            self.visit(start, deps, &mut state, &mut order);
        }
        order
    }

    fn visit(
        &mut self,
        i: usize,
        deps: &[BTreeSet<usize>],
        state: &mut [u8],
        order: &mut Vec<u16>,
    ) {
        match state.get(i) {
            Some(0) => {}
            Some(1) => {
                let loc = self.programs.get(i).map(|p| p.loc).unwrap_or_default();
                let id = self
                    .programs
                    .get(i)
                    .map(|p| p.id.clone())
                    .unwrap_or_default();
                self.err(
                    "cycle",
                    loc,
                    format!("program `{id}` depends on itself through eligible(...)"),
                );
                return;
            }
            _ => return,
        }
        if let Some(s) = state.get_mut(i) {
            *s = 1;
        }
        for &d in deps.get(i).into_iter().flatten() {
            self.visit(d, deps, state, order);
        }
        if let Some(s) = state.get_mut(i) {
            *s = 2;
        }
        order.push(idx(i));
    }

    fn build_package(&mut self, chain: &[&PackDecl], programs: &[Program]) -> Vec<PackageRule> {
        let mut out = Vec::new();
        for pack in chain {
            for d in &pack.package {
                let find = |c: &mut Self, id: &str| -> Option<u16> {
                    let i = programs.iter().position(|p| p.id == id);
                    if i.is_none() {
                        c.err(
                            "unknown_reference",
                            d.loc,
                            format!("package rule names no program `{id}`"),
                        );
                    }
                    i.and_then(|i| u16::try_from(i).ok())
                };
                let kind = match &d.kind {
                    PackageKind::Replaces { by, over } => {
                        let by = find(self, by);
                        let over: Vec<Option<u16>> = over.iter().map(|o| find(self, o)).collect();
                        match (by, over.into_iter().collect::<Option<Vec<u16>>>()) {
                            (Some(by), Some(over)) => PackageRuleKind::Replaces { by, over },
                            _ => continue,
                        }
                    }
                    PackageKind::ChooseOne(list) => {
                        let ids: Vec<Option<u16>> = list.iter().map(|o| find(self, o)).collect();
                        match ids.into_iter().collect::<Option<Vec<u16>>>() {
                            Some(ids) => PackageRuleKind::ChooseOne(ids),
                            None => continue,
                        }
                    }
                };
                let Some(cite) = self.cite(&d.cite) else {
                    continue;
                };
                out.push(PackageRule {
                    kind,
                    text: d.text.clone(),
                    cite,
                });
            }
        }
        out
    }

    fn build_questions(&mut self, decls: &[&QuestionDecl]) -> Vec<Question> {
        let mut out = Vec::new();
        for q in decls {
            match FactKey::parse(&q.fact) {
                Some(key) => out.push(Question {
                    key,
                    text: q.text.clone(),
                    priority: q.priority,
                    help: q.help.clone(),
                }),
                None => self.err(
                    "unknown_reference",
                    q.loc,
                    format!("`{}` is not a fact that can be asked", q.fact),
                ),
            }
        }
        out
    }
}

#[cfg(feature = "authoring")]
fn idx(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Units a parameter may have.
pub const UNITS: &[&str] = &[
    "yuan",
    "yuan_per_month",
    "yuan_per_year",
    "ratio",
    "percent",
    "years",
    "months",
    "days",
    "count",
    "grade",
    "bool",
    "symbol",
    "set",
];

/// Levenshtein distance between two names (short ids: quadratic is fine).
#[cfg(feature = "authoring")]
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let (Some(&left), Some(&up)) = (row.get(j), row.get(j.saturating_add(1))) else {
                break;
            };
            let next = prev
                .saturating_add(cost)
                .min(left.saturating_add(1))
                .min(up.saturating_add(1));
            prev = up;
            if let Some(x) = row.get_mut(j.saturating_add(1)) {
                *x = next;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(feature = "authoring")]
fn unit_type(u: &str) -> Option<Ty> {
    match u {
        "bool" => Some(Ty::Bool),
        "symbol" => Some(Ty::Str),
        "set" => Some(Ty::Set),
        _ if UNITS.contains(&u) => Some(Ty::Num),
        _ => None,
    }
}

/// Converts a published figure to the parameter's unit, only where the result is exact.
#[cfg(feature = "authoring")]
pub(crate) fn convert(v: Decimal, from: &str, to: &str) -> Option<Decimal> {
    let exact_div = |v: Decimal, d: u32| -> Option<Decimal> {
        let d = Decimal::from(d);
        let q = v.checked_div(d)?;
        // An exact quotient by 12 or 100 needs at most two more decimal places; a longer one
        // was cut at 28 digits.
        let exact = q.checked_mul(d)? == v && q.normalize().scale() <= v.scale().saturating_add(2);
        exact.then_some(q)
    };
    match (from, to) {
        _ if from == to => Some(v),
        ("yuan_per_month", "yuan_per_year") => v.checked_mul(Decimal::from(12)),
        ("yuan_per_year", "yuan_per_month") => exact_div(v, 12),
        ("percent", "ratio") => exact_div(v, 100),
        ("ratio", "percent") => v.checked_mul(Decimal::from(100)),
        _ => None,
    }
}
