//! "What if my income changes": one program's status and amount across a range of one member's
//! monthly income in one category, all other facts held, and the exact income (to the fen) at
//! which the program stops being granted.

use crate::engine::{Engine, Options};
use crate::error::{Error, InputError};
use crate::facts::{Household, INCOME_CATEGORIES, N_INCOME};
use crate::result::{Assessment, Status};
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

/// Most points one curve may have.
pub const MAX_POINTS: u32 = 200;

/// What to vary.
#[derive(Clone, Debug)]
pub struct CurveQuery {
    /// Program whose result is drawn.
    pub program: String,
    /// Index of the member whose income varies.
    pub member: usize,
    /// Income category that varies (`wage`).
    pub category: String,
    /// Lowest monthly income, yuan.
    pub from: Decimal,
    /// Highest monthly income, yuan.
    pub to: Decimal,
    /// Number of points (2 to [`MAX_POINTS`]).
    pub points: u32,
}

/// One point of the curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The member's monthly income in the category, yuan.
    pub income: String,
    /// The program's status at that income.
    pub status: Status,
    /// Monthly amount (when eligible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly: Option<String>,
}

/// A program's result across an income range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curve {
    /// Program id.
    pub program: String,
    /// Member id whose income varies.
    pub member: String,
    /// Income category.
    pub category: String,
    /// Points from `from` to `to`.
    pub points: Vec<CurvePoint>,
    /// The lowest income (to 0.01 yuan) within the range at which the program is no longer
    /// eligible, when the range crosses that boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
}

fn bad(path: &str, message: impl Into<String>) -> Error {
    Error::Input(InputError::new("bad_curve", path, message))
}

impl Engine {
    /// Assesses the household at evenly spaced incomes of one member and finds where the program
    /// stops being granted.
    pub fn income_curve(&self, hh: &Household, date: Date, q: &CurveQuery) -> Result<Curve, Error> {
        let cat = INCOME_CATEGORIES
            .iter()
            .position(|c| *c == q.category)
            .ok_or_else(|| bad("category", format!("no income category \"{}\"", q.category)))?;
        let member = hh
            .members
            .as_ref()
            .and_then(|m| m.get(q.member))
            .ok_or_else(|| bad("member", format!("no member at index {}", q.member)))?;
        let member_id = member.id.clone();
        if !(2..=MAX_POINTS).contains(&q.points) {
            return Err(bad("points", format!("points must be 2 to {MAX_POINTS}")));
        }
        if q.to <= q.from {
            return Err(bad("to", "the range must end above where it starts"));
        }
        let mut assessor = self.assessor(hh.region.as_deref(), date)?;
        if !assessor.rules().programs.iter().any(|p| p.id == q.program) {
            return Err(bad("program", format!("no program \"{}\"", q.program)));
        }
        let mut hh = hh.clone();
        let mut at = |income: Decimal| -> Result<(Status, Option<String>), Error> {
            set_income(&mut hh, q.member, cat, income);
            let a = assessor.assess(&hh, Options::default())?;
            Ok(program_outcome(&a, &q.program))
        };
        let span = q.to.checked_sub(q.from).ok_or_else(overflow)?;
        let steps = Decimal::from(q.points.saturating_sub(1));
        let mut points = Vec::with_capacity(q.points as usize);
        for i in 0..q.points {
            let income = if i.saturating_add(1) == q.points {
                q.to
            } else {
                let step = span
                    .checked_mul(Decimal::from(i))
                    .and_then(|v| v.checked_div(steps))
                    .ok_or_else(overflow)?;
                q.from.checked_add(step).ok_or_else(overflow)?.round_dp(2)
            };
            let (status, monthly) = at(income)?;
            points.push(CurvePoint {
                income: money(income),
                status,
                monthly,
            });
        }
        // Bisection in fen between the last eligible point and the first one after it that is not.
        let mut ends_at = None;
        let mut last_ok: Option<Decimal> = None;
        for p in &points {
            let income: Decimal = p.income.parse().map_err(|_| overflow())?;
            if p.status == Status::Eligible {
                last_ok = Some(income);
            } else if let Some(mut lo) = last_ok {
                let mut hi = income;
                let fen = Decimal::new(1, 2);
                while hi.checked_sub(lo).ok_or_else(overflow)? > fen {
                    let mid = lo
                        .checked_add(hi)
                        .and_then(|s| s.checked_div(Decimal::TWO))
                        .ok_or_else(overflow)?
                        .round_dp(2);
                    if at(mid)?.0 == Status::Eligible {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                ends_at = Some(money(hi));
                break;
            }
        }
        Ok(Curve {
            program: q.program.clone(),
            member: member_id.into(),
            category: q.category.clone(),
            points,
            ends_at,
        })
    }
}

/// How many curves [`Engine::income_curves`] returns at most.
pub const MAX_CURVES: usize = 3;

impl Engine {
    /// The curves worth drawing for one member: each monthly benefit of the household's result
    /// (granted or refused) whose amount or status moves with that member's income, over a range
    /// from no income to half again the income at which it stops (or three thousand yuan a
    /// member when it does not stop), in the member's largest income category (`wage` when the
    /// member has none). The page draws what the engine returns; it names no program.
    pub fn income_curves(
        &self,
        hh: &Household,
        date: Date,
        member: usize,
    ) -> Result<Vec<Curve>, Error> {
        let person = hh
            .members
            .as_ref()
            .and_then(|m| m.get(member))
            .ok_or_else(|| bad("member", format!("no member at index {member}")))?;
        let category: &str = person
            .income
            .as_ref()
            .and_then(|inc| {
                inc.iter()
                    .zip(INCOME_CATEGORIES.iter())
                    .filter_map(|(v, c)| Some(((*v)?, c)))
                    .filter(|(v, _)| *v > Decimal::ZERO)
                    .max_by_key(|(v, _)| *v)
                    .map(|(_, c)| *c)
            })
            .unwrap_or("wage");
        let rules = self.rules(hh.region.as_deref())?;
        let a = self.assess(hh, date, Options::default())?;
        let members = hh.members.as_ref().map_or(1, Vec::len).max(1);
        let wide = Decimal::from(3000u32.saturating_mul(u32::try_from(members).unwrap_or(1)));
        let mut out = Vec::new();
        for p in &a.programs {
            let monthly = rules
                .programs
                .iter()
                .find(|r| r.id == *p.id)
                .and_then(|r| r.amount.as_ref())
                .is_some_and(|x| x.period == crate::result::Period::Month);
            if !monthly || !matches!(p.status, Status::Eligible | Status::Ineligible) {
                continue;
            }
            let mut q = CurveQuery {
                program: p.id.to_string(),
                member,
                category: category.to_string(),
                from: Decimal::ZERO,
                to: wide,
                points: 31,
            };
            let first = self.income_curve(hh, date, &q)?;
            let moves = first.points.windows(2).any(|w| match w {
                [x, y] => x.status != y.status || x.monthly != y.monthly,
                _ => false,
            });
            if !moves || !first.points.iter().any(|x| x.status == Status::Eligible) {
                continue;
            }
            let curve = match first
                .ends_at
                .as_deref()
                .and_then(|e| e.parse::<Decimal>().ok())
            {
                Some(end) => {
                    q.to = end
                        .checked_mul(Decimal::new(15, 1))
                        .and_then(|x| x.ceil().checked_add(Decimal::ONE))
                        .ok_or_else(overflow)?;
                    q.points = 41;
                    self.income_curve(hh, date, &q)?
                }
                None => first,
            };
            out.push(curve);
            if out.len() == MAX_CURVES {
                break;
            }
        }
        Ok(out)
    }
}

fn overflow() -> Error {
    Error::Eval(crate::error::EvalError {
        code: "overflow",
        at: "income curve".into(),
    })
}

fn money(v: Decimal) -> String {
    let mut r = v;
    r.rescale(2);
    r.to_string()
}

fn set_income(hh: &mut Household, member: usize, cat: usize, income: Decimal) {
    if let Some(p) = hh.members.as_mut().and_then(|m| m.get_mut(member)) {
        let inc = p.income.get_or_insert([Some(Decimal::ZERO); N_INCOME]);
        if let Some(slot) = inc.get_mut(cat) {
            *slot = Some(income);
        }
    }
}

fn program_outcome(a: &Assessment, program: &str) -> (Status, Option<String>) {
    a.programs
        .iter()
        .find(|p| p.id == program)
        .map(|p| (p.status, p.amount.as_ref().and_then(|m| m.monthly.clone())))
        .unwrap_or((Status::Refer, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::parse_household;

    fn query(from: &str, to: &str, points: u32) -> CurveQuery {
        CurveQuery {
            program: "dibao".into(),
            member: 0,
            category: "wage".into(),
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            points,
        }
    }

    #[test]
    fn the_engine_chooses_what_to_draw() {
        let engine = Engine::builtin().unwrap();
        let hh = parse_household(
            r#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant",
            "birth_date":"1970-01-01","disability":null,"serious_illness":false,"adl_failed":0,
            "income":{"pension":"100"},"status":[],"receives":[],"lost_contact_since":null,"detained_since":null}],
            "assets":{"deposits":"0","homes":1,"vehicles":[]},"supporters":[],"hardships":[]}"#,
        )
        .unwrap();
        let date = crate::date::parse("2018-03-01").unwrap();
        let curves = engine.income_curves(&hh, date, 0).unwrap();
        let dibao = curves.iter().find(|c| c.program == "dibao").unwrap();
        // The member's own income category, and a range half again past where dibao ends.
        assert_eq!(dibao.category, "pension");
        assert_eq!(dibao.ends_at.as_deref(), Some("450.00"));
        assert_eq!(
            dibao.points.last().map(|p| p.income.as_str()),
            Some("676.00")
        );
        assert!(curves.len() <= MAX_CURVES);
        assert!(curves.iter().all(|c| c.program != "temporary_assistance"));
        assert!(engine.income_curves(&hh, date, 5).is_err());
    }

    #[test]
    fn urban_single_curve_ends_exactly_at_the_standard() {
        let engine = Engine::builtin().unwrap();
        let hh = parse_household(
            r#"{"region":"220723","hukou":"urban","members":[{"id":"a","relation":"applicant",
            "birth_date":"1970-01-01","disability":null,"serious_illness":false,"adl_failed":0,
            "income":{},"status":[],"receives":[],"lost_contact_since":null,"detained_since":null}],
            "assets":{"deposits":"0","homes":1,"vehicles":[]},"supporters":[],"hardships":[]}"#,
        )
        .unwrap();
        let date = crate::date::parse("2018-03-01").unwrap();
        let c = engine
            .income_curve(&hh, date, &query("0", "600", 7))
            .unwrap();
        assert_eq!(c.points.len(), 7);
        assert_eq!(c.points[0].income, "0.00");
        assert_eq!(c.points[0].monthly.as_deref(), Some("450.00"));
        assert_eq!(c.points[6].income, "600.00");
        assert_eq!(c.points[6].status, Status::Ineligible);
        // Per-capita income must be below 450: 449.99 is the last eligible fen.
        assert_eq!(c.ends_at.as_deref(), Some("450.00"));
        let bad = engine.income_curve(&hh, date, &query("10", "5", 7));
        assert!(matches!(bad, Err(Error::Input(e)) if e.path == "to"));
        let bad = engine.income_curve(&hh, date, &query("0", "5", 1000));
        assert!(matches!(bad, Err(Error::Input(e)) if e.path == "points"));
    }
}
