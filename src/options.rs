//! Amounts that depend on a fact the office assigns: a county that pays dibao by class (A/B/C
//! 类) or care by assessed level leaves the household unable to know its class. The result then
//! gives the amount for each value the fact can take, and names the fact that decides it.

use crate::compile::local::LocalKind;
use crate::compile::Rules;
use crate::error::Error;
use crate::eval::{decide_with, Decision, Snapshot, Workspace};
use crate::facts::{Household, LocalIn};
use crate::pack::model::{AssignedBy, Text};
use crate::report::amount_out;
use crate::result::{AmountOption, Assessment, Status};
use crate::shared::Str;

/// Most values enumerated for one fact.
const MAX_OPTIONS: usize = 16;

/// Fills `options` of each program whose amount waits on a fact the office assigns.
pub(crate) fn fill(
    rules: &Rules,
    snap: &Snapshot,
    hh: &Household,
    ws: &mut Workspace,
    topic: Option<crate::engine::Topic>,
    a: &mut Assessment,
) -> Result<(), Error> {
    let mut decisions: Vec<Decision> = Vec::new();
    for i in 0..a.programs.len() {
        let Some(p) = a.programs.get(i) else { continue };
        if p.amount.is_some() || p.status == Status::Ineligible {
            continue;
        }
        let found = p.missing.iter().find_map(|m| {
            let (id, member) = match m.fact.strip_prefix("member.local.") {
                Some(id) => (id, true),
                None => (m.fact.strip_prefix("local.")?, false),
            };
            let f = rules
                .facts
                .iter()
                .find(|f| f.id == id && f.assigned_by == AssignedBy::Office)?;
            Some((
                f,
                member.then(|| m.person.clone()).flatten(),
                m.fact.clone(),
            ))
        });
        let Some((fact, person, name)) = found else {
            continue;
        };
        let prog_id = p.id.clone();
        let Some(prog) = rules.programs.iter().position(|x| *x.id == *prog_id) else {
            continue;
        };
        let values: Vec<(Str, Option<Text>)> = match fact.kind {
            LocalKind::Symbol => fact
                .values
                .iter()
                .map(|(s, t)| (Str::from(s.name()), t.clone()))
                .collect(),
            LocalKind::Bool => vec![(Str::from("true"), None), (Str::from("false"), None)],
            _ => continue,
        };
        let mut out = Vec::new();
        for (value, text) in values.into_iter().take(MAX_OPTIONS) {
            let given = if fact.kind == LocalKind::Bool {
                LocalIn::Bool(&*value == "true")
            } else {
                LocalIn::Text(value.clone())
            };
            let mut h = hh.clone();
            let list = match &person {
                Some(pid) => h
                    .members
                    .iter_mut()
                    .flatten()
                    .find(|m| m.id == *pid)
                    .map(|m| &mut m.local),
                None => Some(&mut h.local),
            };
            let Some(list) = list else { continue };
            list.retain(|(n, _)| **n != *fact.id);
            list.push((Str::from(fact.id.as_str()), given));
            decide_with(rules, snap, &h, ws, topic, &mut decisions)?;
            let d = decisions.iter().find(|d| usize::from(d.program) == prog);
            let amount = d.and_then(|d| {
                let prog = rules.programs.get(usize::from(d.program))?;
                d.amount.map(|x| amount_out(x, prog, d.at_least))
            });
            out.push(AmountOption {
                fact: name.clone(),
                person: person.clone(),
                label: fact.label.clone(),
                value,
                text,
                amount,
            });
        }
        if let Some(p) = a.programs.get_mut(i) {
            p.options = out;
        }
    }
    Ok(())
}
