//! Benchmark workloads shared by the native benchmarks (`benches/`) and the WebAssembly ones:
//! a deterministic synthetic population, the W1 dibao rule written by hand in Rust, and the
//! same rule evaluated by the engine from rule files (`benches/w1/`). Both must agree on the
//! number of eligible households and on the exact total of their monthly amounts.

// Generators of bounded small numbers (ages, counts, amounts far below the integer limits).
#![allow(clippy::arithmetic_side_effects)]

use crate::catalogue::{Field, HhFact};
use crate::engine::{Engine, Options};
use crate::error::{Error, EvalError};
use crate::facts::{Household, Known, Person, N_INCOME};
use crate::result::Status;
use crate::value::{Sym, SymSet, Value};
use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month};

/// The W1 rule files, built in so the WebAssembly benchmark needs no file system.
pub const W1_FILES: &[(&str, &str)] = &[
    (
        "000000/pack.toml",
        include_str!("../benches/w1/000000/pack.toml"),
    ),
    (
        "220723/pack.toml",
        include_str!("../benches/w1/220723/pack.toml"),
    ),
];

/// A small deterministic generator (SplitMix64), so every run and every target sees the same
/// households.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64().checked_rem(n).unwrap_or(0)
    }
}

fn sym(s: &str) -> Option<Sym> {
    Sym::lookup(s)
}

fn income_index(name: &str) -> usize {
    crate::facts::INCOME_CATEGORIES
        .iter()
        .position(|c| *c == name)
        .unwrap_or(0)
}

/// A synthetic 乾安 household: 1–5 members, ages 0–100 on 2018-06-01 (born 1918–2017), about one in ten disabled,
/// one in twenty seriously ill, monthly wage or farming income 0–600.00, deposits 0–20,000.
pub fn household(rng: &mut Rng) -> Household {
    let n = 1 + rng.below(5) as usize;
    let wage = income_index("wage");
    let farming = income_index("farming");
    let kinds = ["visual", "hearing", "physical", "intellectual", "mental"];
    let members = (0..n)
        .map(|i| {
            let year = 1918 + rng.below(100) as i32;
            let month = Month::try_from(1 + rng.below(12) as u8).unwrap_or(Month::January);
            let day = 1 + rng.below(28) as u8;
            let mut income = [Some(Decimal::ZERO); N_INCOME];
            let cents = i64::try_from(rng.below(60_001)).unwrap_or(0);
            let slot = if rng.below(2) == 0 { wage } else { farming };
            if let Some(s) = income.get_mut(slot) {
                *s = Some(Decimal::new(cents, 2));
            }
            let disability = if rng.below(10) == 0 {
                let kind = kinds
                    .get(rng.below(5) as usize)
                    .copied()
                    .unwrap_or("physical");
                sym(kind).map_or(Known::None, |k| Known::Some((k, 1 + rng.below(4) as u8)))
            } else {
                Known::None
            };
            let mut p = Person::new(&format!("m{i}"));
            let word = |w: &str| sym(w).map(Value::Str);
            p.set(
                Field::RELATION,
                word(if i == 0 { "applicant" } else { "child" }),
            );
            p.set(
                Field::SEX,
                word(if rng.below(2) == 0 { "male" } else { "female" }),
            );
            let born = Date::from_calendar_date(year, month, day).ok();
            p.set(Field::BIRTH_DATE, born.map(Value::Date));
            p.disability = disability;
            p.set(Field(ADL_FAILED), Some(Value::Num(Decimal::ZERO)));
            p.set(
                Field::SERIOUS_ILLNESS,
                Some(Value::Bool(rng.below(20) == 0)),
            );
            p.income = Some(income);
            p.set(Field::STATUS, Some(Value::Set(SymSet::default())));
            p.set(Field(RECEIVES), Some(Value::Set(SymSet::default())));
            p.slots.set(Field::LOST_CONTACT_SINCE.0, Known::None);
            p.slots.set(Field::DETAINED_SINCE.0, Known::None);
            p
        })
        .collect();
    let mut hh = Household {
        region: Some("220723".into()),
        members: Some(members),
        vehicles: Some(Vec::new()),
        supporters: Some(Vec::new()),
        ..Household::default()
    };
    let hukou = sym(if rng.below(2) == 0 { "urban" } else { "rural" });
    hh.set(HhFact::HUKOU, hukou.map(Value::Str));
    hh.set(
        HhFact::DEPOSITS,
        Some(Value::Num(Decimal::from(rng.below(20_001)))),
    );
    hh.set(HhFact(HOMES), Some(Value::Num(Decimal::ONE)));
    hh.set(HhFact::HARDSHIPS, Some(Value::Set(SymSet::default())));
    hh
}

const ADL_FAILED: u8 = crate::catalogue::id("member.adl_failed");
const RECEIVES: u8 = crate::catalogue::id("member.receives");
const HOMES: u8 = crate::catalogue::id("assets.homes");

/// `n` synthetic households from `seed`.
pub fn population(n: usize, seed: u64) -> Vec<Household> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| household(&mut rng)).collect()
}

/// Eligible households and the exact total of their monthly amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Households eligible.
    pub eligible: u64,
    /// Sum of their monthly amounts, each rounded to the fen.
    pub total: Decimal,
}

fn overflow() -> Error {
    Error::Eval(EvalError {
        code: "overflow",
        at: "benchmark".into(),
    })
}

/// The W1 rule by hand: 乾安 2018 standards (urban 450 a month, rural 4,000 a year); eligible when
/// income per member is below the standard and deposits are at most 12 months of the standard
/// per member; amount = the difference × members + 20% of the monthly standard per member aged
/// 70 or more or under 16, disabled at grade 1–2, or seriously ill; rounded once, half up.
/// Evaluated in the same order of operations as the rule file, so both are exact alike.
pub fn w1_by_hand(hh: &Household, date: Date) -> Option<Decimal> {
    let urban = hh.hukou() == sym("urban");
    let standard = if urban {
        Decimal::from(5400)
    } else {
        Decimal::from(4000)
    };
    let members = hh.members.as_deref()?;
    let size = Decimal::from(members.len());
    let mut income = Decimal::ZERO;
    let mut supplement = 0u32;
    for m in members {
        for v in m.income.as_ref()?.iter() {
            income = income.checked_add((*v)?)?;
        }
        let age = crate::date::age_on(m.birth_date()?, date);
        let severe = matches!(m.disability, Known::Some((_, 1..=2)));
        if !(16..70).contains(&age) || severe || m.serious_illness()? {
            supplement += 1;
        }
    }
    let twelve = Decimal::from(12);
    let cap = standard.checked_mul(size)?;
    if income.checked_mul(twelve)? >= cap {
        return None;
    }
    if hh.deposits()?.checked_mul(twelve)? > twelve.checked_mul(cap)? {
        return None;
    }
    let base = cap
        .checked_sub(income.checked_mul(twelve)?)?
        .checked_div(twelve)?;
    let extra = Decimal::new(2, 1)
        .checked_mul(standard)?
        .checked_div(twelve)?
        .checked_mul(Decimal::from(supplement))?;
    Some(
        base.checked_add(extra)?
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// W1 over a population, by hand.
pub fn w1_hand(pop: &[Household], date: Date) -> Result<Totals, Error> {
    let mut t = Totals::default();
    for hh in pop {
        if let Some(a) = w1_by_hand(hh, date) {
            t.eligible += 1;
            t.total = t.total.checked_add(a).ok_or_else(overflow)?;
        }
    }
    Ok(t)
}

/// W1 over a population, by the engine from the W1 rule files (decisions only, as a batch run
/// makes them; [`w2`] measures the full result with its explanation).
pub fn w1_engine(engine: &Engine, pop: &[Household], date: Date) -> Result<Totals, Error> {
    let mut assessor = engine.assessor(Some("220723"), date)?;
    let mut t = Totals::default();
    for hh in pop {
        let decisions = assessor.decide(hh, None)?;
        if let Some(d) = decisions.first() {
            if d.status == Status::Eligible {
                let (m, _) = d.amount.ok_or_else(overflow)?;
                t.eligible += 1;
                t.total = t.total.checked_add(m).ok_or_else(overflow)?;
            }
        }
    }
    Ok(t)
}

/// The engine for W1.
#[cfg(feature = "authoring")]
pub fn w1_rules() -> Result<Engine, Error> {
    let files = W1_FILES
        .iter()
        .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
        .collect();
    let bundle = crate::pack::Bundle::from_files(files).map_err(|errors| Error::Load { errors })?;
    Engine::new(bundle)
}

/// W2: a full assessment of every household with the built-in rules (every program of the 乾安
/// pack), with or without the trace; returns how many programs came out eligible.
pub fn w2(engine: &Engine, pop: &[Household], date: Date, trace: bool) -> Result<u64, Error> {
    let mut assessor = engine.assessor(Some("220723"), date)?;
    let mut n = 0u64;
    for hh in pop {
        let a = assessor.assess(
            hh,
            Options {
                trace,
                ..Options::default()
            },
        )?;
        n += a
            .programs
            .iter()
            .filter(|p| p.status == Status::Eligible)
            .count() as u64;
        assessor.recycle(a);
    }
    Ok(n)
}

/// W2's next-questions case: a half-filled household (members known, incomes, disabilities
/// and assets not).
pub fn half_filled(hh: &Household) -> Household {
    let mut h = hh.clone();
    h.set(HhFact::DEPOSITS, None);
    h.vehicles = None;
    h.set(HhFact::HARDSHIPS, None);
    if let Some(ms) = h.members.as_mut() {
        for m in ms.iter_mut() {
            m.income = None;
            m.disability = Known::Unknown;
            m.set(Field::SERIOUS_ILLNESS, None);
        }
    }
    h
}

/// Next questions for each household; returns how many were asked in all.
pub fn questions(engine: &Engine, pop: &[Household], date: Date) -> Result<u64, Error> {
    let mut n = 0u64;
    for hh in pop {
        n += engine.questions(hh, date)?.len() as u64;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "authoring")]
    fn engine_and_hand_written_agree_exactly() {
        let date = crate::date::parse("2018-06-01").unwrap();
        let pop = population(3000, 7);
        let engine = w1_rules().unwrap();
        let by_hand = w1_hand(&pop, date).unwrap();
        let by_engine = w1_engine(&engine, &pop, date).unwrap();
        assert!(by_hand.eligible > 300, "{by_hand:?}");
        assert_eq!(by_hand, by_engine);
    }

    #[test]
    fn population_is_deterministic() {
        let a = population(50, 1);
        let b = population(50, 1);
        let date = crate::date::parse("2018-06-01").unwrap();
        assert_eq!(w1_hand(&a, date).unwrap(), w1_hand(&b, date).unwrap());
    }
}
