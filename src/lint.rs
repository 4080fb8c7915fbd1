//! Lints for rule packs that load but deserve a look: gaps and overlaps in a parameter's dates,
//! parameters nothing uses, facts rules read that no question asks, values with no source.

use crate::compile::node::FactKey;
use crate::compile::{Cite, Rules};
use crate::engine::Engine;
use crate::pack::model::Loc;
use crate::pack::Bundle;

/// A lint finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lint {
    /// Rule file.
    pub file: String,
    /// Line.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// Code: `date_gap`, `date_overlap`, `unused_parameter`, `unsourced_value`, `no_question`.
    pub code: &'static str,
    /// Explanation.
    pub message: String,
}

fn at(bundle: &Bundle, loc: Loc, code: &'static str, message: String) -> Lint {
    let file = bundle.files.get(loc.file as usize);
    let (line, column) = file.map_or((0, 0), |f| {
        crate::pack::line_col(&f.text, loc.offset as usize)
    });
    Lint {
        file: file.map_or_else(String::new, |f| f.path.clone()),
        line,
        column,
        code,
        message,
    }
}

/// Lints every compiled region (compiling every pack).
pub fn lint(engine: &Engine) -> Result<Vec<Lint>, crate::Error> {
    let compiled = engine.compiled()?;
    let mut out = Vec::new();
    let used_anywhere = |id: &str| {
        compiled.iter().any(|(_, r)| {
            r.params
                .iter()
                .zip(&r.param_used)
                .any(|(p, u)| *u && p.id == id)
        })
    };
    for (_, rules) in &compiled {
        lint_rules(engine.bundle(), rules, &used_anywhere, &mut out);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn lint_rules(bundle: &Bundle, rules: &Rules, used: &dyn Fn(&str) -> bool, out: &mut Vec<Lint>) {
    for p in &rules.params {
        for w in p.history.windows(2) {
            let [a, b] = w else { continue };
            if let Some(u) = a.until {
                if u >= b.from {
                    out.push(at(
                        bundle,
                        b.loc,
                        "date_overlap",
                        format!(
                            "`{}`: a value runs until {} but the next starts {}",
                            p.id,
                            crate::date::format(u),
                            crate::date::format(b.from)
                        ),
                    ));
                } else if crate::date::add_days(u, 1) != Some(b.from) {
                    out.push(at(
                        bundle,
                        b.loc,
                        "date_gap",
                        format!(
                            "`{}` has no value between {} and {}",
                            p.id,
                            crate::date::format(u),
                            crate::date::format(b.from)
                        ),
                    ));
                }
            }
        }
        if !used(&p.id) {
            out.push(at(
                bundle,
                p.loc,
                "unused_parameter",
                format!("`{}` is not used by any expression", p.id),
            ));
        }
        for v in &p.history {
            if let Cite::Unsourced(note) = &v.cite {
                out.push(at(
                    bundle,
                    v.loc,
                    "unsourced_value",
                    format!(
                        "`{}` from {} has no published source: {note}",
                        p.id,
                        crate::date::format(v.from)
                    ),
                ));
            }
        }
    }
    for f in &rules.facts {
        let asked = f.assigned_by == crate::pack::model::AssignedBy::Office || f.question.is_some();
        if !asked {
            out.push(Lint {
                file: String::new(),
                line: 0,
                column: 0,
                code: "no_question",
                message: format!(
                    "the pack's fact `{}` has no `question` (region {})",
                    f.id, rules.region
                ),
            });
        }
    }
    for key in FactKey::all() {
        if !rules.questions.iter().any(|q| q.key == key) && key != FactKey::REGION {
            // Only facts of the household itself and members are asked of residents.
            if matches!(key, FactKey::Supporter(_)) {
                continue;
            }
            out.push(Lint {
                file: String::new(),
                line: 0,
                column: 0,
                code: "no_question",
                message: format!(
                    "no question asks for `{}` (region {})",
                    key.name(),
                    rules.region
                ),
            });
        }
    }
}
