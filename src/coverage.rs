//! The coverage report of `huimin check --coverage`: per jurisdiction and program, which
//! parameters it reads are sourced and which unsourced, and which criteria the rule files' cases
//! exercise (and with which outcomes).

use crate::cases::CaseReport;
use crate::compile::node::Node;
use crate::compile::{Cite, Later, Rules};
use crate::engine::Engine;
use std::collections::BTreeSet;
use std::fmt::Write as _;

fn params_of(rules: &Rules, n: &Node, seen_defs: &mut BTreeSet<u16>, out: &mut BTreeSet<u16>) {
    let mut walk = |m: &Node| params_of(rules, m, seen_defs, out);
    match n {
        Node::Param(p) => {
            out.insert(*p);
        }
        Node::Def(d) => {
            if seen_defs.insert(*d) {
                if let Some(def) = rules.defs.get(usize::from(*d)) {
                    params_of(rules, &def.node, seen_defs, out);
                }
            }
        }
        Node::Not(a) | Node::Neg(a) | Node::Round(a, _, _) => walk(a),
        Node::MulFrac(a, p) => {
            walk(a);
            out.insert(*p);
        }
        Node::And(a, b)
        | Node::Or(a, b)
        | Node::Arith(_, a, b)
        | Node::Cmp(_, a, b)
        | Node::In(a, b, _) => {
            walk(a);
            walk(b);
        }
        Node::If(arms, other) => {
            for (c, v) in arms.iter() {
                walk(c);
                walk(v);
            }
            walk(other);
        }
        Node::Call(_, args) => args.iter().for_each(walk),
        Node::Agg(_, _, f, v) => {
            if let Some(f) = f {
                walk(f);
            }
            if let Some(v) = v {
                walk(v);
            }
        }
        Node::Const(_)
        | Node::Date
        | Node::Hh(_)
        | Node::Person(..)
        | Node::VehicleKind
        | Node::Local(_)
        | Node::MemberLocal(_)
        | Node::Eligible(_) => {}
    }
}

/// Renders the report; `gaps` counts programs no case states an expectation for.
pub fn report(engine: &Engine, cases: &CaseReport) -> Result<(String, usize), crate::Error> {
    let mut out = String::new();
    let mut gaps = 0usize;
    for (region, rules) in engine.compiled()? {
        let _ = writeln!(out, "\n{region} ({})", rules.packs.join(" → "));
        for prog in &rules.programs {
            let mut params = BTreeSet::new();
            let mut defs = BTreeSet::new();
            for c in &prog.criteria {
                params_of(rules, &c.node, &mut defs, &mut params);
            }
            if let Some(a) = &prog.amount {
                for n in a.monthly.iter().chain(a.annual.iter()) {
                    params_of(rules, n, &mut defs, &mut params);
                }
            }
            let (mut sourced, mut unsourced, mut empty) = (Vec::new(), Vec::new(), Vec::new());
            for p in params
                .iter()
                .filter_map(|p| rules.params.get(usize::from(*p)))
            {
                if p.history.is_empty() {
                    empty.push(p.id.as_str());
                } else if p
                    .history
                    .iter()
                    .any(|v| matches!(v.cite, Cite::Unsourced(_)))
                {
                    unsourced.push(p.id.as_str());
                } else {
                    sourced.push(p.id.as_str());
                }
            }
            // A case in this pack or in an outer one it inherits from counts.
            let tested = rules
                .packs
                .iter()
                .any(|p| cases.expected.contains(&(p.clone(), prog.id.clone())));
            if !tested {
                gaps = gaps.saturating_add(1);
            }
            let _ = writeln!(
                out,
                "  {}: {}",
                prog.id,
                if tested { "has cases" } else { "NO CASES" }
            );
            let _ = writeln!(out, "    sourced parameters: {}", list(&sourced));
            let _ = writeln!(out, "    unsourced parameters: {}", list(&unsourced));
            let _ = writeln!(out, "    parameters with no value here: {}", list(&empty));
            for c in &prog.criteria {
                let key = (region.to_string(), prog.id.clone(), c.id.clone());
                let seen = cases
                    .outcomes
                    .get(&key)
                    .map(|s| s.iter().copied().collect::<Vec<_>>().join(", "));
                let _ = writeln!(
                    out,
                    "    criterion {}: {}",
                    c.id,
                    seen.unwrap_or_else(|| "not exercised by any case".into())
                );
            }
        }
    }
    Ok((out, gaps))
}

/// Per place, every figure past its `known_until` on `as_of` (with what the engine assumes of
/// it then) and every value whose start date is assumed.
pub fn figures(engine: &Engine, as_of: time::Date) -> Result<String, crate::Error> {
    let mut out = String::new();
    let day = crate::date::format(as_of);
    let _ = writeln!(
        out,
        "\nfigures as of {day} (stale: past the date they are known until)"
    );
    for (region, rules) in engine.compiled()? {
        let own = rules.packs.last().map(String::as_str).unwrap_or(region);
        let (mut stale, mut assumed) = (Vec::new(), Vec::new());
        for p in &rules.params {
            for v in &p.history {
                let path = engine
                    .bundle()
                    .files
                    .get(v.loc.file as usize)
                    .map_or("", |f| f.path.as_str());
                if v.assumed.is_some() && path.starts_with(own) {
                    assumed.push(format!(
                        "{} = {} from {} (assumed: {})",
                        p.id,
                        v.published,
                        crate::date::format(v.from),
                        v.assumed.as_deref().unwrap_or("")
                    ));
                }
            }
            if let Some((i, true)) = p.at_index(as_of) {
                if let Some(v) = p.history.get(i) {
                    stale.push(format!(
                        "{} = {} from {}, known until {}; now {}",
                        p.id,
                        v.published,
                        crate::date::format(v.from),
                        crate::date::format(v.known_until),
                        match p.later {
                            Later::AtLeast => "at least that",
                            Later::Unknown => "unknown",
                            Later::Unchanged => "unchanged",
                        }
                    ));
                }
            }
        }
        let _ = writeln!(out, "  {region}: {} stale", stale.len());
        for s in &stale {
            let _ = writeln!(out, "    stale {s}");
        }
        for a in &assumed {
            let _ = writeln!(out, "    start {a}");
        }
    }
    Ok(out)
}

fn list(v: &[&str]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}
