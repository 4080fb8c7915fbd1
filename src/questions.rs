//! Next questions: which unknown facts could still change an undecided result, ranked by how
//! many programs each one is missing for, then by the priority the rule pack gives its question.

use crate::compile::node::FactKey;
use crate::engine::{Engine, Options};
use crate::error::Error;
use crate::facts::Household;
use crate::pack::model::Text;
use crate::result::{Assessment, Status};
use crate::shared::Str;
use serde::Serialize;
use time::Date;

/// A question to ask next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextQuestion {
    /// Generic fact name (`member.birth_date`).
    pub fact: Str,
    /// Path in the household document (`members[0].birth_date`).
    pub path: Str,
    /// The member or supporter it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Str>,
    /// Wording from the rule pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Help text from the rule pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The rule pack's priority.
    pub priority: i64,
    /// Programs the answer could settle.
    pub programs: Vec<Str>,
    /// How to ask a fact a pack adds (the built-in facts are described by `form()`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<LocalField>,
}

/// How to ask a fact a pack adds, in the shape of a `form()` field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalField {
    /// Generic fact name (`member.local.severe_unemployed`).
    pub fact: Str,
    /// Answer kind: `bool`, `choice`, `date`, `money` or `count`.
    pub kind: &'static str,
    /// The symbols of a `symbol` fact, with their words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<LocalChoice>,
    /// Smallest count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Largest count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// A labelled symbol of a fact a pack adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalChoice {
    /// The value written into `local`.
    pub value: Str,
    /// What the resident reads (the pack's words, or the symbol itself).
    pub label: Text,
    /// Shown without "more".
    pub common: bool,
}

fn local_field(fact: &Str, f: &crate::compile::local::LocalFact) -> LocalField {
    use crate::compile::local::LocalKind;
    let kind = match f.kind {
        LocalKind::Bool => "bool",
        LocalKind::Symbol => "choice",
        LocalKind::Date => "date",
        LocalKind::Money => "money",
        LocalKind::Number => "count",
    };
    LocalField {
        fact: fact.clone(),
        kind,
        choices: f
            .values
            .iter()
            .map(|(s, t)| LocalChoice {
                value: Str::from(s.name()),
                label: t.clone().unwrap_or_else(|| Text {
                    zh: Str::from(s.name()),
                    en: Str::from(s.name()),
                }),
                common: true,
            })
            .collect(),
        min: (f.kind == LocalKind::Number).then_some(0),
        max: (f.kind == LocalKind::Number).then_some(999),
    }
}

/// How to ask a built-in fact whose words the region's packs extend: the built-in choices of
/// `form()`, then the packs' words with their labels (`None` when no pack extends it).
fn extended_field(fact: &str, words: &[crate::compile::local::LocalWord]) -> Option<LocalField> {
    let name = fact
        .strip_prefix("supporter.")
        .map_or_else(|| fact.to_string(), |f| format!("member.{f}"));
    let index = crate::catalogue::FACTS
        .iter()
        .position(|f| f.name == name)?;
    let added: Vec<&crate::compile::local::LocalWord> = words
        .iter()
        .filter(|w| usize::from(w.fact) == index)
        .collect();
    if added.is_empty() {
        return None;
    }
    let field = crate::form::fields().into_iter().find(|f| f.fact == name)?;
    let kind = match field.kind {
        crate::form::Kind::Multi => "multi",
        crate::form::Kind::Income => "income",
        _ => "choice",
    };
    let mut choices: Vec<LocalChoice> = field
        .choices
        .iter()
        .map(|c| LocalChoice {
            value: Str::from(c.value),
            label: c.label.clone(),
            common: c.common,
        })
        .collect();
    choices.extend(added.iter().map(|w| LocalChoice {
        value: Str::from(w.word.name()),
        label: w.label.clone(),
        common: true,
    }));
    Some(LocalField {
        fact: Str::from(fact),
        kind,
        choices,
        min: None,
        max: None,
    })
}

/// Ranks the facts still missing in an assessment.
pub fn rank(
    engine: &Engine,
    a: &Assessment,
    region: Option<&str>,
) -> Result<Vec<NextQuestion>, Error> {
    let rules = engine.rules(region)?;
    let mut out: Vec<NextQuestion> = Vec::new();
    let region_unknown = region.is_none();
    for p in &a.programs {
        let undecided =
            p.status == Status::NeedsInfo || (p.status == Status::Eligible && p.amount.is_none());
        if !undecided {
            continue;
        }
        // Without a region only the national rules apply, and a local pack may change any rule:
        // every undecided program waits for the region.
        let region = crate::result::Missing {
            fact: "region".into(),
            path: "region".into(),
            person: None,
        };
        let extra =
            (region_unknown && !p.missing.iter().any(|m| m.path == "region")).then_some(&region);
        for m in p.missing.iter().chain(extra) {
            let local = m
                .fact
                .strip_prefix("member.local.")
                .or_else(|| m.fact.strip_prefix("local."))
                .and_then(|id| rules.facts.iter().find(|f| f.id == id));
            // A fact the office assigns is not the resident's to answer: the result says what
            // each value would mean instead.
            if local.is_some_and(|f| f.assigned_by == crate::pack::model::AssignedBy::Office) {
                continue;
            }
            match out.iter_mut().find(|q| q.path == m.path) {
                Some(q) => {
                    if !q.programs.contains(&p.id) {
                        q.programs.push(p.id.clone());
                    }
                }
                None => {
                    let key = FactKey::parse(&m.fact);
                    let q = rules.questions.iter().find(|q| Some(q.key) == key);
                    out.push(NextQuestion {
                        fact: m.fact.clone(),
                        path: m.path.clone(),
                        person: m.person.clone(),
                        text: q
                            .map(|q| q.text.clone())
                            .or_else(|| local.and_then(|f| f.question.clone())),
                        help: q.and_then(|q| q.help.clone()),
                        priority: q.map_or(0, |q| q.priority),
                        programs: vec![p.id.clone()],
                        field: local
                            .map(|f| local_field(&m.fact, f))
                            .or_else(|| extended_field(&m.fact, &rules.words)),
                    });
                }
            }
        }
    }
    // Stable sort: ties keep the order in which programs and facts were met.
    crate::order::sort_by(&mut out, |a, b| {
        b.programs
            .len()
            .cmp(&a.programs.len())
            .then(b.priority.cmp(&a.priority))
    });
    Ok(out)
}

impl Engine {
    /// The ranked next questions for a (partial) household, for the benefit programs.
    pub fn questions(&self, hh: &Household, date: Date) -> Result<Vec<NextQuestion>, Error> {
        self.questions_for(hh, date, crate::engine::Topic::Benefits)
    }

    /// The ranked next questions for the programs of one topic.
    pub fn questions_for(
        &self,
        hh: &Household,
        date: Date,
        topic: crate::engine::Topic,
    ) -> Result<Vec<NextQuestion>, Error> {
        let opts = Options {
            trace: false,
            topic: Some(topic),
        };
        let a = self.assess(hh, date, opts)?;
        rank(self, &a, hh.region.as_deref())
    }
}

/// What a page can show before the engine has loaded: the engine's first question for a
/// household that has given its place and nothing else, and the form field that asks it. It is
/// the same in every region the rules cover ([`Engine::opening`] refuses otherwise), so the page
/// asks it while the engine is still on its way and gives the answer to the engine when it
/// arrives.
#[derive(Clone, Debug, Serialize)]
pub struct Opening {
    /// The date it was computed for.
    pub date: Str,
    /// The first question (its `programs` are those of the first region covered).
    pub question: NextQuestion,
    /// How to ask it (the entry of `form()` for its fact).
    pub field: crate::form::Field,
    /// The places the rules cover, as [`Engine::regions`] lists them: the page names the
    /// portal's place with them before the engine is there.
    pub regions: Vec<crate::engine::RegionOut>,
}

impl Engine {
    /// The opening on `date`: the first question for a household that has given its place and
    /// nothing else, when every region covered asks the same (an error naming the region that
    /// asks something else otherwise).
    pub fn opening(&self, date: Date) -> Result<Opening, Error> {
        let fail = |message: String| {
            Error::Input(crate::error::InputError::new(
                "bad_value",
                "region",
                message,
            ))
        };
        let shown = |q: &NextQuestion| {
            (
                q.fact.clone(),
                q.path.clone(),
                q.person.clone(),
                q.text.clone(),
                q.help.clone(),
            )
        };
        let mut first: Option<NextQuestion> = None;
        for r in self.regions() {
            let hh = Household {
                region: Some(r.code.clone()),
                ..Household::default()
            };
            let q = self
                .questions(&hh, date)?
                .into_iter()
                .next()
                .ok_or_else(|| fail(format!("region {} asks nothing first", r.code)))?;
            match &first {
                Some(f) if shown(f) != shown(&q) => {
                    return Err(fail(format!(
                        "region {} asks `{}` first where the others ask `{}`",
                        r.code, q.fact, f.fact
                    )))
                }
                Some(_) => {}
                None => first = Some(q),
            }
        }
        let question = first.ok_or_else(|| fail("the rules cover no region".into()))?;
        let field = crate::form::fields()
            .into_iter()
            .find(|f| *f.fact == *question.fact)
            .ok_or_else(|| fail(format!("no form field for `{}`", question.fact)))?;
        Ok(Opening {
            date: Str::from(crate::date::format(date)),
            question,
            field,
            regions: self.regions(),
        })
    }
}
