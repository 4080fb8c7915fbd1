//! What the studio shows of a set of rule files: per place every parameter with its dated
//! history (unit, citation, `known_until`, assumed start dates, which figures are stale on the
//! day looked at), unsourced values apart; the cases every pack carries with their results; the
//! lints and the coverage report of `huimin check --coverage`.

use super::Files;
use crate::compile::{Cite, Param, Rules};
use crate::engine::{Engine, Options};
use crate::error::LoadError;
use crate::pack::model::{CaseDecl, Text};
use serde::Serialize;
use time::Date;

/// Everything the studio shows of a set of rule files on one day.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overview {
    /// The day looked at (stale figures are those past their `known_until` then).
    pub as_of: String,
    /// The files load and compile.
    pub ok: bool,
    /// Load errors (file, line, column), when they do not.
    pub errors: Vec<LoadError>,
    /// Places with a pack of their own, national first.
    pub places: Vec<Place>,
    /// Every case of every pack, with its result.
    pub cases: Vec<CaseResult>,
    /// Lints.
    pub lint: Vec<LintOut>,
    /// The coverage report of `huimin check --coverage`, as text.
    pub coverage: String,
    /// Programs no case states an expectation for.
    pub coverage_gaps: usize,
    /// Stale figures and assumed start dates per place, as text.
    pub figures: String,
}

/// A place with a pack of its own.
#[derive(Clone, Debug, Serialize)]
pub struct Place {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: Text,
    /// The packs its rules layer, outermost first.
    pub packs: Vec<String>,
    /// Its own pack's files.
    pub files: Vec<String>,
    /// Programs, as the rules name them.
    pub programs: Vec<ProgramOut>,
    /// Parameters: those its own pack declares first, then those it inherits.
    pub parameters: Vec<ParamOut>,
    /// Values in force here without a published source.
    pub unsourced: Vec<UnsourcedOut>,
    /// The sources its rules can cite (its own pack's and outer packs').
    pub sources: Vec<SourceOut>,
}

/// A program's id and name.
#[derive(Clone, Debug, Serialize)]
pub struct ProgramOut {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Text,
}

/// A parameter as the place's rules have it.
#[derive(Clone, Debug, Serialize)]
pub struct ParamOut {
    /// Id (a table's row is `id[key,...]`).
    pub id: String,
    /// Unit.
    pub unit: String,
    /// `number`, `boolean`, `string` or `set`.
    pub kind: &'static str,
    /// What the value can be after the last figure's `known_until`.
    pub later: &'static str,
    /// What it is.
    pub description: Option<Text>,
    /// The place's own pack declares it.
    pub own: bool,
    /// A row of a table parameter.
    pub table_row: bool,
    /// A new dated value can be recorded for it here (numbers; for a table's row, a new version
    /// of the whole table).
    pub editable: bool,
    /// The figure in force on the day looked at is past its `known_until`.
    pub stale: bool,
    /// The dated history, oldest first.
    pub values: Vec<ValueOut>,
}

/// One dated value.
#[derive(Clone, Debug, Serialize)]
pub struct ValueOut {
    /// First day in force.
    pub from: String,
    /// Last day in force, when it expires.
    pub until: Option<String>,
    /// The figure as published, with its unit (`450 yuan_per_month`).
    pub published: String,
    /// The value in the parameter's unit.
    pub value: serde_json::Value,
    /// Last day it is known to be in force.
    pub known_until: String,
    /// Why the start date is assumed.
    pub assumed: Option<String>,
    /// The pack that declares it.
    pub pack: String,
    /// Its file.
    pub file: String,
    /// Its line.
    pub line: u32,
    /// Its source, when it cites one.
    pub source: Option<SourceOut>,
    /// The article cited.
    pub article: Option<String>,
    /// Why no source is cited, when none is.
    pub unsourced: Option<String>,
    /// In force on the day looked at.
    pub in_force: bool,
    /// In force and past its `known_until` on the day looked at.
    pub stale: bool,
}

/// A value without a published source.
#[derive(Clone, Debug, Serialize)]
pub struct UnsourcedOut {
    /// Parameter.
    pub parameter: String,
    /// First day in force.
    pub from: String,
    /// The figure as published.
    pub published: String,
    /// Why no source is cited.
    pub note: String,
    /// File.
    pub file: String,
    /// Line.
    pub line: u32,
}

/// A source document.
#[derive(Clone, Debug, Serialize)]
pub struct SourceOut {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// 文号.
    pub doc_number: Option<String>,
    /// Date.
    pub date: String,
    /// URL.
    pub url: Option<String>,
}

/// A case and its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The pack that carries it.
    pub pack: String,
    /// File.
    pub file: String,
    /// Line.
    pub line: u32,
    /// Name.
    pub name: String,
    /// Assessment date.
    pub date: String,
    /// Every expectation holds.
    pub passed: bool,
    /// What differed, when one does not.
    pub message: Option<String>,
    /// The result for each program the case states an expectation for.
    pub outcomes: Vec<CaseOutcome>,
}

/// A program's result in a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseOutcome {
    /// Program id.
    pub program: String,
    /// Status (or the error that stopped the assessment).
    pub status: String,
    /// Monthly amount.
    pub monthly: Option<String>,
    /// Annual amount (or one-off).
    pub annual: Option<String>,
    /// The amounts are lower bounds.
    pub at_least: bool,
}

/// A lint finding.
#[derive(Clone, Debug, Serialize)]
pub struct LintOut {
    /// File (empty for a place-wide finding).
    pub file: String,
    /// Line.
    pub line: u32,
    /// Code.
    pub code: &'static str,
    /// What it says.
    pub message: String,
}

/// Loads the files and builds the overview on `as_of`.
pub fn overview(files: &Files, as_of: Date) -> Overview {
    let mut out = Overview {
        as_of: crate::date::format(as_of),
        ..Overview::default()
    };
    let engine = match super::load(files) {
        Ok(e) => e,
        Err(errors) => {
            out.errors = errors;
            return out;
        }
    };
    match build(&engine, as_of, &mut out) {
        Ok(()) => out.ok = true,
        Err(e) => out.errors.push(LoadError {
            code: e.code(),
            message: e.to_string(),
            file: String::new(),
            line: 0,
            column: 0,
        }),
    }
    out
}

fn build(engine: &Engine, as_of: Date, out: &mut Overview) -> Result<(), crate::Error> {
    for (code, rules) in engine.compiled()? {
        out.places.push(place(engine, code, rules, as_of));
    }
    let report = crate::cases::run_all(engine);
    out.cases = cases(engine, &report);
    out.lint = crate::lint::lint(engine)?
        .into_iter()
        .map(|l| LintOut {
            file: l.file,
            line: l.line,
            code: l.code,
            message: l.message,
        })
        .collect();
    let (coverage, gaps) = crate::coverage::report(engine, &report)?;
    out.coverage = coverage;
    out.coverage_gaps = gaps;
    out.figures = crate::coverage::figures(engine, as_of)?;
    Ok(())
}

fn file_line(engine: &Engine, loc: crate::pack::model::Loc) -> (String, u32) {
    engine
        .bundle()
        .files
        .get(loc.file as usize)
        .map_or((String::new(), 0), |f| {
            let (line, _) = crate::pack::line_col(&f.text, loc.offset as usize);
            (f.path.clone(), line)
        })
}

fn pack_of(path: &str) -> String {
    path.split('/').next().unwrap_or("").to_string()
}

fn source_out(s: &crate::compile::Source) -> SourceOut {
    SourceOut {
        id: s.id.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        doc_number: s.doc_number.clone(),
        date: crate::date::format(s.date),
        url: s.url.clone(),
    }
}

fn place(engine: &Engine, code: &str, rules: &Rules, as_of: Date) -> Place {
    let own_pack = engine.bundle().packs.get(code);
    let own_files = own_pack
        .map(|p| {
            p.files
                .iter()
                .filter_map(|i| engine.bundle().files.get(*i as usize))
                .map(|f| f.path.clone())
                .collect()
        })
        .unwrap_or_default();
    let declares = |id: &str| own_pack.is_some_and(|p| p.params.iter().any(|d| d.id == id));
    let mut parameters: Vec<ParamOut> = rules
        .params
        .iter()
        .map(|p| param(engine, rules, p, declares(&p.id), as_of))
        .collect();
    // Its own figures first, each group in the rules' order.
    parameters.sort_by_key(|p| !p.own);
    let unsourced = parameters
        .iter()
        .flat_map(|p| {
            p.values.iter().filter_map(|v| {
                v.unsourced.as_ref().map(|note| UnsourcedOut {
                    parameter: p.id.clone(),
                    from: v.from.clone(),
                    published: v.published.clone(),
                    note: note.clone(),
                    file: v.file.clone(),
                    line: v.line,
                })
            })
        })
        .collect();
    Place {
        code: code.to_string(),
        name: own_pack.map(|p| p.name.clone()).unwrap_or_default(),
        packs: rules.packs.clone(),
        files: own_files,
        programs: rules
            .programs
            .iter()
            .map(|p| ProgramOut {
                id: p.id.clone(),
                name: p.name.clone(),
            })
            .collect(),
        parameters,
        unsourced,
        sources: rules.sources.iter().map(source_out).collect(),
    }
}

fn param(engine: &Engine, rules: &Rules, p: &Param, own: bool, as_of: Date) -> ParamOut {
    let now = p.at_index(as_of);
    let values = p
        .history
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (file, line) = file_line(engine, v.loc);
            let (source, article, unsourced) = match &v.cite {
                Cite::Source { source, article } => (
                    rules.sources.get(usize::from(*source)).map(source_out),
                    article.clone(),
                    None,
                ),
                Cite::Unsourced(note) => (None, None, Some(note.clone())),
            };
            let in_force = now.is_some_and(|(at, _)| at == i);
            ValueOut {
                from: crate::date::format(v.from),
                until: v.until.map(crate::date::format),
                published: v.published.clone(),
                value: v.value.to_json(),
                known_until: crate::date::format(v.known_until),
                assumed: v.assumed.clone(),
                pack: pack_of(&file),
                file,
                line,
                source,
                article,
                unsourced,
                in_force,
                stale: in_force && now.is_some_and(|(_, stale)| stale),
            }
        })
        .collect();
    let table_row = p.id.contains('[');
    let kind = p.ty.name();
    ParamOut {
        id: p.id.clone(),
        unit: p.unit.clone(),
        kind,
        later: p.later.name(),
        description: p.description.clone(),
        own,
        table_row,
        editable: kind == "number",
        stale: now.is_some_and(|(_, stale)| stale),
        values,
    }
}

fn cases(engine: &Engine, report: &crate::cases::CaseReport) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for pack in engine.bundle().packs.values() {
        for case in &pack.cases {
            let (file, line) = file_line(engine, case.loc);
            let failure = report
                .failures
                .iter()
                .find(|f| f.file == file && f.line == line && f.case == case.name);
            out.push(CaseResult {
                pack: pack.region.clone(),
                outcomes: outcomes(engine, &pack.region, case),
                file,
                line,
                name: case.name.clone(),
                date: crate::date::format(case.date),
                passed: failure.is_none(),
                message: failure.map(|f| f.message.clone()),
            });
        }
    }
    out
}

/// The case's household assessed as `huimin check` assesses it (the pack's region unless the
/// household names one, the parameters the case sets), for the programs it states.
fn outcomes(engine: &Engine, region: &str, case: &CaseDecl) -> Vec<CaseOutcome> {
    let failed = |program: &str, e: String| CaseOutcome {
        program: program.to_string(),
        status: e,
        monthly: None,
        annual: None,
        at_least: false,
    };
    let programs: Vec<&str> = case.expect.iter().map(|e| e.program.as_str()).collect();
    let mut household = case.household.clone();
    if let Some(obj) = household.as_object_mut() {
        if !obj.contains_key("region") && region != crate::pack::NATIONAL {
            obj.insert("region".into(), region.into());
        }
    }
    let result = engine
        .parse_household(&household.to_string())
        .map_err(crate::Error::Input)
        .and_then(|hh| {
            let mut a = engine.assessor(hh.region.as_deref(), case.date)?;
            for (id, v) in &case.set {
                a.set(id, v)?;
            }
            a.assess(
                &hh,
                Options {
                    trace: false,
                    topic: None,
                },
            )
        });
    let a = match result {
        Ok(a) => a,
        Err(e) => return programs.iter().map(|p| failed(p, e.to_string())).collect(),
    };
    programs
        .iter()
        .map(|id| {
            if *id == "package" {
                return a.package.as_ref().map_or_else(
                    || failed(id, "-".into()),
                    |p| CaseOutcome {
                        program: (*id).to_string(),
                        status: format!("{} items", p.items.len()),
                        monthly: Some(p.monthly.clone()),
                        annual: Some(p.annual.clone()),
                        at_least: p.at_least,
                    },
                );
            }
            a.programs.iter().find(|p| &*p.id == *id).map_or_else(
                || failed(id, "-".into()),
                |p| CaseOutcome {
                    program: (*id).to_string(),
                    status: p.status.name().to_string(),
                    monthly: p.amount.as_ref().and_then(|x| x.monthly.clone()),
                    annual: p
                        .amount
                        .as_ref()
                        .and_then(|x| x.annual.clone().or_else(|| x.once.clone())),
                    at_least: p.amount.as_ref().is_some_and(|x| x.at_least),
                },
            )
        })
        .collect()
}

/// How a case's result changed between two runs.
#[derive(Clone, Debug, Serialize)]
pub struct CaseChange {
    /// The case before (absent for a new case).
    pub before: Option<CaseResult>,
    /// The case after (absent for a removed case).
    pub after: Option<CaseResult>,
}

/// The cases whose pass/fail, message or outcomes differ between two runs, matched by file,
/// name and order (lines move when a file is edited).
pub fn case_changes(before: &[CaseResult], after: &[CaseResult]) -> Vec<CaseChange> {
    let key = |list: &[CaseResult], i: usize| -> Option<(String, String, usize)> {
        let c = list.get(i)?;
        let nth = list
            .iter()
            .take(i)
            .filter(|x| x.file == c.file && x.name == c.name)
            .count();
        Some((c.file.clone(), c.name.clone(), nth))
    };
    let keyed = |list: &[CaseResult]| -> Vec<((String, String, usize), CaseResult)> {
        (0..list.len())
            .filter_map(|i| Some((key(list, i)?, list.get(i)?.clone())))
            .collect()
    };
    let (b, a) = (keyed(before), keyed(after));
    let mut out = Vec::new();
    for (k, x) in &b {
        match a.iter().find(|(k2, _)| k2 == k) {
            Some((_, y)) => {
                if x.passed != y.passed || x.message != y.message || x.outcomes != y.outcomes {
                    out.push(CaseChange {
                        before: Some(x.clone()),
                        after: Some(y.clone()),
                    });
                }
            }
            None => out.push(CaseChange {
                before: Some(x.clone()),
                after: None,
            }),
        }
    }
    for (k, y) in &a {
        if !b.iter().any(|(k2, _)| k2 == k) {
            out.push(CaseChange {
                before: None,
                after: Some(y.clone()),
            });
        }
    }
    out
}
