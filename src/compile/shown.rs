//! What results quote from the rules (ids, tests, citations, parameter values with their
//! sources), built once per compiled pack so that assessing a household shares it instead of
//! formatting and copying it again.

use super::{Cite, Later, Param, ParamValue, Rules, Source};
use crate::pack::model::Text;
use crate::result::{Citation, ParamOut, StaleOut, UnsourcedOut};
use crate::shared::Str;
use std::sync::Arc;

/// Shared pieces of results for one compiled pack.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    /// Content hash of the rule files.
    pub version: Str,
    /// Packs applied, outermost first.
    pub packs: Vec<Str>,
    /// Per program, in [`Rules::programs`] order.
    pub programs: Vec<ProgramShown>,
    /// Per parameter, in [`Rules::params`] order.
    pub params: Vec<ParamShown>,
    /// Definition names, in [`Rules::defs`] order.
    pub defs: Vec<Str>,
    /// Citations of the package rules, in [`Rules::package`] order.
    pub package: Vec<Arc<Citation>>,
    /// The citation of a value with none in force (one for every result that names it).
    pub no_citation: Arc<Citation>,
    /// The citation of a value the caller set.
    pub set_by_caller: Arc<Citation>,
}

/// A program's quoted pieces.
#[derive(Clone, Debug, Default)]
pub struct ProgramShown {
    /// Program id.
    pub id: Str,
    /// Per criterion: id, test as written, citation.
    pub criteria: Vec<(Str, Str, Arc<Citation>)>,
    /// Per criterion: the earlier texts it cites, each for dates up to its date.
    pub criteria_earlier: Vec<Vec<(time::Date, Arc<Citation>)>>,
    /// The amount's citation.
    pub amount: Arc<Citation>,
    /// The earlier texts the amount cites.
    pub amount_earlier: Vec<(time::Date, Arc<Citation>)>,
    /// Ids of the dates the program states.
    pub dates: Vec<Str>,
}

/// A parameter's quoted pieces.
#[derive(Clone, Debug, Default)]
pub struct ParamShown {
    /// Parameter id.
    pub id: Str,
    /// Unit.
    pub unit: Str,
    /// Per history entry: the value with its source, as the trace lists it.
    pub history: Vec<Arc<ParamOut>>,
    /// Per history entry: the note when the value is unsourced.
    pub unsourced: Vec<Option<UnsourcedOut>>,
    /// Per history entry: what a result says when it uses the value past its `known_until`
    /// (only the last entry can be stale).
    pub stale: Vec<Option<Arc<StaleOut>>>,
}

impl Shown {
    /// Builds the shared pieces of `rules`.
    pub fn new<'a>(rules: &'a Rules) -> Shown {
        let cites = std::cell::RefCell::new(Cites::new(&rules.sources));
        let cite = |c: &'a Cite| cites.borrow_mut().get(c);
        Shown {
            version: Str::from(rules.version.as_str()),
            packs: rules.packs.iter().map(Str::from).collect(),
            programs: rules
                .programs
                .iter()
                .map(|p| ProgramShown {
                    id: Str::from(p.id.as_str()),
                    criteria: p
                        .criteria
                        .iter()
                        .map(|c| (Str::from(&c.id), Str::from(&c.expr), cite(&c.cite)))
                        .collect(),
                    criteria_earlier: p
                        .criteria
                        .iter()
                        .map(|c| c.earlier.iter().map(|(d, x)| (*d, cite(x))).collect())
                        .collect(),
                    amount_earlier: p
                        .amount
                        .iter()
                        .flat_map(|a| a.earlier.iter().map(|(d, x)| (*d, cite(x))))
                        .collect(),
                    amount: p
                        .amount
                        .as_ref()
                        .and_then(|a| a.cite.as_ref())
                        .map_or_else(Arc::default, cite),
                    dates: p.dates.iter().map(|d| Str::from(&d.id)).collect(),
                })
                .collect(),
            params: rules
                .params
                .iter()
                .map(|p| {
                    let id = Str::from(&p.id);
                    let unit = Str::from(&p.unit);
                    ParamShown {
                        history: p
                            .history
                            .iter()
                            .map(|h| {
                                Arc::new(ParamOut {
                                    id: id.clone(),
                                    value: crate::result::ValueOut::Value(h.value),
                                    unit: unit.clone(),
                                    published: Str::from(&h.published),
                                    from: Str::from(crate::date::format(h.from)),
                                    from_assumed: h.assumed.as_deref().map(Str::from),
                                    known_until: Str::from(crate::date::format(h.known_until)),
                                    citation: cite(&h.cite),
                                })
                            })
                            .collect(),
                        unsourced: p
                            .history
                            .iter()
                            .map(|h| match &h.cite {
                                Cite::Unsourced(note) => Some(UnsourcedOut {
                                    parameter: id.clone(),
                                    description: p.description.clone(),
                                    note: Str::from(note),
                                }),
                                Cite::Source { .. } => None,
                            })
                            .collect(),
                        stale: p
                            .history
                            .iter()
                            .enumerate()
                            .map(|(i, h)| {
                                let bound = matches!(h.value, crate::value::Value::AtLeast(_));
                                (bound || p.can_go_stale(i))
                                    .then(|| Arc::new(stale_out(p, h, cite(&h.cite))))
                            })
                            .collect(),
                        id,
                        unit,
                    }
                })
                .collect(),
            defs: rules.defs.iter().map(|d| Str::from(&d.id)).collect(),
            package: rules.package.iter().map(|r| cite(&r.cite)).collect(),
            no_citation: Arc::default(),
            set_by_caller: Arc::new(Citation {
                unsourced: Some(Str::from("value set by the caller")),
                ..Citation::default()
            }),
        }
    }
}

/// Citations resolved once each, so that every rule item citing the same article of the same
/// document shares one: a result written with references ([`crate::refs`]) lists it once.
struct Cites<'a> {
    sources: &'a [Source],
    /// Per source, the articles resolved so far.
    by_source: Vec<Vec<(Option<&'a str>, Arc<Citation>)>>,
}

impl<'a> Cites<'a> {
    fn new(sources: &'a [Source]) -> Cites<'a> {
        Cites {
            sources,
            by_source: vec![Vec::new(); sources.len()],
        }
    }

    /// The citation of `c`, shared with every earlier one equal to it (an unsourced note is
    /// resolved afresh: each is its parameter's own).
    fn get(&mut self, c: &'a Cite) -> Arc<Citation> {
        let Cite::Source { source, article } = c else {
            return Arc::new(citation(self.sources, c));
        };
        let Some(seen) = self.by_source.get_mut(usize::from(*source)) else {
            return Arc::new(citation(self.sources, c));
        };
        let article = article.as_deref();
        if let Some((_, got)) = seen.iter().find(|(a, _)| *a == article) {
            return got.clone();
        }
        let got = Arc::new(citation(self.sources, c));
        seen.push((article, got.clone()));
        got
    }
}

/// Resolves a citation to its document.
pub fn citation(sources: &[Source], c: &Cite) -> Citation {
    match c {
        Cite::Unsourced(note) => Citation {
            unsourced: Some(Str::from(note)),
            ..Citation::default()
        },
        Cite::Source { source, article } => match sources.get(usize::from(*source)) {
            Some(s) => Citation {
                title: Some(Str::from(&s.title)),
                doc_number: s.doc_number.as_deref().map(Str::from),
                article: article.as_deref().map(Str::from),
                publisher: Some(Str::from(&s.publisher)),
                date: Some(Str::from(crate::date::format(s.date))),
                url: s.url.as_deref().map(Str::from),
                unsourced: None,
            },
            None => Citation::default(),
        },
    }
}

/// The citation in force on `date`: the first earlier text whose `until` is on or after it,
/// else the current one.
pub fn cited_on<'a>(
    date: time::Date,
    current: &'a Arc<Citation>,
    earlier: &'a [(time::Date, Arc<Citation>)],
) -> &'a Arc<Citation> {
    earlier
        .iter()
        .find(|(until, _)| date <= *until)
        .map_or(current, |(_, c)| c)
}

/// What a result says of a figure it used past the date it is known until.
fn stale_out(p: &Param, h: &ParamValue, citation: Arc<Citation>) -> StaleOut {
    let (num, unit) = h
        .published
        .split_once(' ')
        .unwrap_or((h.published.as_str(), ""));
    let (zh_unit, en_unit) = unit_label(unit);
    let from = crate::date::format(h.from);
    let until = crate::date::format(h.known_until);
    let publisher = citation.publisher.as_deref().unwrap_or("");
    let assumed = if h.assumed.is_some() {
        "，起始日期为推定"
    } else {
        ""
    };
    let assumed_en = if h.assumed.is_some() {
        ", start date assumed"
    } else {
        ""
    };
    let bound = matches!(h.value, crate::value::Value::AtLeast(_));
    let (zh_then, en_then) = match p.later {
        _ if bound => (
            "结果按不低于该数计算，以当地民政部门核定为准",
            "results take it to be at least this; the local civil-affairs office decides",
        ),
        Later::AtLeast => (
            "现行标准按不低于该数计算，结果以当地民政部门核定为准",
            "the figure in force now is taken to be at least this; the local civil-affairs office decides",
        ),
        _ => (
            "现行数值无法推定，请向当地民政部门咨询",
            "the figure in force now cannot be inferred; ask the local civil-affairs office",
        ),
    };
    let name_zh = p
        .description
        .as_ref()
        .map_or(p.id.as_str(), |d| d.zh.as_str());
    let name_en = p
        .description
        .as_ref()
        .map_or(p.id.as_str(), |d| d.en.as_str());
    StaleOut {
        parameter: Str::from(&p.id),
        description: p.description.clone(),
        published: Str::from(&h.published),
        from: Str::from(from.as_str()),
        known_until: Str::from(until.as_str()),
        later: Str::from(p.later.name()),
        text: if bound {
            let num = num.trim_start_matches(">=").trim();
            Text {
                zh: Str::from(format!(
                    "{name_zh}已公布但未收录，已知不低于 {num}{zh_unit}（{from}起，{publisher}）。{zh_then}。"
                )),
                en: Str::from(format!(
                    "{name_en} is published but not on file; it is known to be at least {num}{en_unit} (from {from}; {publisher}): {en_then}."
                )),
            }
        } else {
            Text {
                zh: Str::from(format!(
                    "现行{name_zh}未收录；最近公布的为 {num}{zh_unit}（{from}起{assumed}，{publisher} {until}）。{zh_then}。"
                )),
                en: Str::from(format!(
                    "The current figure for {name_en} is not on file; the latest published is {num}{en_unit} (from {from}{assumed_en}; {publisher}, {until}): {en_then}."
                )),
            }
        },
        citation,
    }
}

/// How a unit reads after a figure, in Chinese and English.
pub fn unit_label(unit: &str) -> (&'static str, &'static str) {
    match unit {
        "yuan" => (" 元", " yuan"),
        "yuan_per_month" => (" 元/月", " yuan a month"),
        "yuan_per_year" => (" 元/年", " yuan a year"),
        "percent" => ("%", "%"),
        "years" => (" 岁/年", " years"),
        "months" => (" 个月", " months"),
        "days" => (" 天", " days"),
        _ => ("", ""),
    }
}
