//! The benefit package: from the programs a household is eligible for, what it would receive.
//! Programs that replace one another for the same person or household (特困 replaces dibao and
//! the disability living subsidy) or of which a person receives one (孤儿, 事实无人抚养儿童 and
//! 特困: the one worth most) are resolved by the packs' `[[package]]` rules, each payment is
//! counted once, and the totals keep monthly, yearly and one-off payments apart.

use crate::compile::{PackageRuleKind, Rules};
use crate::result::{
    AmountOut, Assessment, NotTaken, Package, PackageItem, Period, ProgramResult, Status,
};
use crate::shared::Str;
use rust_decimal::Decimal;

/// One payment the household would receive: a program for the household (`member` none) or for
/// one member.
#[derive(Clone, Debug)]
struct Grant {
    program: u16,
    member: Option<usize>,
    amount: Option<AmountOut>,
}

/// Builds the package of an assessment made with `rules`.
pub fn build(rules: &Rules, a: &Assessment) -> Package {
    let results: Vec<(u16, &ProgramResult)> = a
        .programs
        .iter()
        .filter_map(|p| {
            let i = rules.programs.iter().position(|r| r.id == *p.id)?;
            Some((u16::try_from(i).ok()?, p))
        })
        .collect();
    let mut grants = Vec::new();
    let mut members = 0usize;
    for &(i, p) in &results {
        if p.members.is_empty() {
            if p.status == Status::Eligible {
                grants.push(Grant {
                    program: i,
                    member: None,
                    amount: p.amount.clone(),
                });
            }
            continue;
        }
        members = members.max(p.members.len());
        for (m, r) in p.members.iter().enumerate() {
            if r.status == Status::Eligible {
                grants.push(Grant {
                    program: i,
                    member: Some(m),
                    amount: r.amount.clone(),
                });
            }
        }
    }
    let mut not_taken = Vec::new();
    // Choices first (which of programs that exclude one another a person takes), then what the
    // programs taken replace: a program not taken replaces nothing.
    let choices = rules
        .package
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, PackageRuleKind::ChooseOne(_)));
    let replacements = rules
        .package
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, PackageRuleKind::Replaces { .. }));
    for (k, rule) in choices.chain(replacements) {
        let citation = rules
            .shown
            .package
            .get(k)
            .cloned()
            .unwrap_or_else(|| rules.shown.no_citation.clone());
        let mut drop = |g: &Grant, instead: u16| {
            not_taken.push(NotTaken {
                program: name_id(rules, g.program),
                name: name(rules, g.program),
                member: member_id(&results, g),
                amount: g.amount.clone(),
                instead: name_id(rules, instead),
                instead_name: name(rules, instead),
                text: rule.text.clone(),
                citation: citation.clone(),
            });
        };
        match &rule.kind {
            PackageRuleKind::Replaces { by, over } => {
                let household = grants
                    .iter()
                    .any(|g| g.program == *by && g.member.is_none());
                let by_member: Vec<usize> = grants
                    .iter()
                    .filter(|g| g.program == *by)
                    .filter_map(|g| g.member)
                    .collect();
                let everyone = members > 0 && (0..members).all(|m| by_member.contains(&m));
                grants.retain(|g| {
                    let replaced = over.contains(&g.program)
                        && match g.member {
                            _ if household => true,
                            Some(m) => by_member.contains(&m),
                            None => everyone,
                        };
                    if replaced {
                        drop(g, *by);
                    }
                    !replaced
                });
            }
            PackageRuleKind::ChooseOne(list) => {
                let mut keys: Vec<Option<usize>> = Vec::new();
                for g in grants.iter().filter(|g| list.contains(&g.program)) {
                    if !keys.contains(&g.member) {
                        keys.push(g.member);
                    }
                }
                for key in keys {
                    let best = grants
                        .iter()
                        .filter(|g| list.contains(&g.program) && g.member == key)
                        .enumerate()
                        .max_by_key(|(order, g)| (worth(g), std::cmp::Reverse(*order)))
                        .map(|(_, g)| g.program);
                    let Some(best) = best else { continue };
                    grants.retain(|g| {
                        let other =
                            list.contains(&g.program) && g.member == key && g.program != best;
                        if other {
                            drop(g, best);
                        }
                        !other
                    });
                }
            }
        }
    }
    totals(rules, &results, grants, not_taken)
}

/// What a payment is worth a year (one-off payments at their amount), for choosing the one worth
/// most; an unknown amount ranks last.
fn worth(g: &Grant) -> Option<Decimal> {
    let a = g.amount.as_ref()?;
    let v = match a.period {
        Period::Once => a.once.as_deref(),
        _ => a.annual.as_deref(),
    };
    crate::value::decimal(v?)
}

fn totals(
    rules: &Rules,
    results: &[(u16, &ProgramResult)],
    grants: Vec<Grant>,
    not_taken: Vec<NotTaken>,
) -> Package {
    let (mut monthly, mut annual, mut once) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut at_least = false;
    let mut up_to = false;
    let mut incomplete = false;
    let add = |acc: &mut Decimal, v: &Option<String>, incomplete: &mut bool| match v
        .as_deref()
        .and_then(crate::value::decimal)
    {
        Some(x) => match acc.checked_add(x) {
            Some(s) => *acc = s,
            None => *incomplete = true,
        },
        None => *incomplete = true,
    };
    let mut items = Vec::with_capacity(grants.len());
    for g in grants {
        match &g.amount {
            Some(a) => {
                at_least |= a.at_least;
                up_to |= a.up_to;
                match a.period {
                    Period::Month => {
                        add(&mut monthly, &a.monthly, &mut incomplete);
                        add(&mut annual, &a.annual, &mut incomplete);
                    }
                    Period::Year => add(&mut annual, &a.annual, &mut incomplete),
                    Period::Once => add(&mut once, &a.once, &mut incomplete),
                }
            }
            None => incomplete = true,
        }
        items.push(PackageItem {
            program: name_id(rules, g.program),
            name: name(rules, g.program),
            member: member_id(results, &g),
            amount: g.amount,
        });
    }
    let money = |mut d: Decimal| {
        d.rescale(2);
        d.to_string()
    };
    Package {
        items,
        monthly: money(monthly),
        annual: money(annual),
        once: money(once),
        at_least,
        up_to,
        incomplete,
        not_taken,
    }
}

fn name_id(rules: &Rules, p: u16) -> Str {
    rules
        .shown
        .programs
        .get(usize::from(p))
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

fn name(rules: &Rules, p: u16) -> crate::pack::model::Text {
    rules
        .programs
        .get(usize::from(p))
        .map(|x| x.name.clone())
        .unwrap_or_default()
}

fn member_id(results: &[(u16, &ProgramResult)], g: &Grant) -> Option<Str> {
    let m = g.member?;
    results
        .iter()
        .find(|(i, _)| *i == g.program)
        .and_then(|(_, p)| p.members.get(m))
        .map(|r| r.id.clone())
}
