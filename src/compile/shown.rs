//! What results quote from the rules (ids, tests, citations, parameter values with their
//! sources), built once per compiled pack so that assessing a household shares it instead of
//! formatting and copying it again.

use super::{Cite, Rules, Source};
use crate::result::{Citation, ParamOut, UnsourcedOut};
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
}

/// A program's quoted pieces.
#[derive(Clone, Debug, Default)]
pub struct ProgramShown {
    /// Program id.
    pub id: Str,
    /// Per criterion: id, test as written, citation.
    pub criteria: Vec<(Str, Str, Arc<Citation>)>,
    /// The amount's citation.
    pub amount: Arc<Citation>,
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
}

impl Shown {
    /// Builds the shared pieces of `rules`.
    pub fn new(rules: &Rules) -> Shown {
        let cite = |c: &Cite| Arc::new(citation(&rules.sources, c));
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
                        id,
                        unit,
                    }
                })
                .collect(),
            defs: rules.defs.iter().map(|d| Str::from(&d.id)).collect(),
        }
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
