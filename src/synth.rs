//! Synthetic households for a jurisdiction, for batch runs, reform comparisons, tests and
//! benchmarks (`huimin synth`). Deterministic for a seed; not census data. The distributions
//! are chosen so that many households sit near the assistance standards, where reforms bite:
//!
//! - hukou: rural 65%, urban 35%;
//! - size: 1 person 20%, 2 30%, 3 25%, 4 15%, 5 7%, 6 3%;
//! - ages are as on 1 January of the population's year; the applicant is 20–94 (uniform); a second member is the spouse (age within ±5 years,
//!   at least 20); further members are children born when the applicant was 20–39;
//! - sex: the applicant either sex, the spouse the other one, children either;
//! - disability certificate: 7% of members, kind uniform over the seven kinds, grade 1–4
//!   uniform; serious illness: 4%; ADL items failed 0, or 0–6 (uniform) for members aged 80 or
//!   more or disabled at grade 1–2;
//! - monthly income: members aged 16–59 earn wages (urban) or farming income (rural) of
//!   3,000 × u² yuan, u uniform in [0, 1) (so half earn under 750); members aged 60 or more
//!   draw a pension of 0–300 yuan; 18–22-year-olds are full-time students with 30% chance;
//! - deposits: 0–5,000 per member for 80% of households, 0–100,000 for the rest; homes: one
//!   (90%), none (5%), two (5%); a car for 8% of households, a motorcycle for 10%;
//! - supporters (children living elsewhere, with a legal duty of support): for 85% of
//!   applicants aged 50 or more, 1–3 of them, born when the applicant was 20–34, earning wages of
//!   1,000–6,000 a month;
//! - hardships: medical expenses for 5% of households.

// Generators of bounded small numbers (ages, counts, amounts far below the integer limits).
#![allow(clippy::arithmetic_side_effects)]

use crate::bench::Rng;
use serde_json::{json, Value};

fn pick<'a>(rng: &mut Rng, xs: &[&'a str]) -> &'a str {
    let i = usize::try_from(rng.below(xs.len() as u64)).unwrap_or(0);
    xs.get(i).copied().unwrap_or("other")
}

/// Chooses an index with the given weights (per cent, summing to 100).
fn weighted(rng: &mut Rng, weights: &[u64]) -> usize {
    let mut r = rng.below(100);
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    weights.len().saturating_sub(1)
}

fn percent(rng: &mut Rng, p: u64) -> bool {
    rng.below(100) < p
}

/// A birth date for someone `age` on 1 January of `year`: some day from 2 January to
/// 28 December of the year `age + 1` years before (so even a newborn was born before the
/// population's year began).
fn birth(rng: &mut Rng, year: i32, age: i64) -> String {
    let y = i64::from(year) - age - 1;
    let m = 1 + rng.below(12);
    let d = if m == 1 {
        2 + rng.below(27)
    } else {
        1 + rng.below(28)
    };
    format!("{y:04}-{m:02}-{d:02}")
}

fn member(
    rng: &mut Rng,
    id: usize,
    relation: &str,
    sex: &str,
    age: i64,
    year: i32,
    hukou: &str,
) -> Value {
    let disability = percent(rng, 7).then(|| {
        json!({
            "kind": pick(rng, crate::facts::DISABILITY_KINDS),
            "grade": 1 + rng.below(4),
        })
    });
    let severe = disability
        .as_ref()
        .and_then(|d| d.get("grade"))
        .and_then(Value::as_u64)
        .is_some_and(|g| g <= 2);
    let adl = if age >= 80 || severe { rng.below(7) } else { 0 };
    let mut income = serde_json::Map::new();
    let mut status = Vec::new();
    if (16..60).contains(&age) {
        let u = rng.below(1000);
        let yuan = 3000 * u * u / 1_000_000;
        let kind = if hukou == "urban" { "wage" } else { "farming" };
        income.insert(kind.into(), json!(yuan.to_string()));
    } else if age >= 60 {
        income.insert("pension".into(), json!(rng.below(301).to_string()));
    }
    if (18..=22).contains(&age) && percent(rng, 30) {
        status.push("fulltime_student");
    }
    json!({
        "id": format!("m{id}"),
        "relation": relation,
        "sex": sex,
        "birth_date": birth(rng, year, age),
        "disability": disability,
        "adl_failed": adl,
        "serious_illness": percent(rng, 4),
        "income": income,
        "status": status,
        "receives": [],
        "lost_contact_since": null,
        "detained_since": null,
    })
}

/// One synthetic household of `region`, with ages as on 1 January of `year`.
pub fn household(rng: &mut Rng, region: &str, year: i32) -> Value {
    let hukou = if percent(rng, 65) { "rural" } else { "urban" };
    let size = 1 + weighted(rng, &[20, 30, 25, 15, 7, 3]);
    let applicant_age = 20 + i64::try_from(rng.below(75)).unwrap_or(0);
    let applicant_sex = if percent(rng, 50) { "female" } else { "male" };
    let other_sex = if applicant_sex == "female" {
        "male"
    } else {
        "female"
    };
    let mut members = vec![member(
        rng,
        0,
        "applicant",
        applicant_sex,
        applicant_age,
        year,
        hukou,
    )];
    for i in 1..size {
        let m = if i == 1 {
            let age = (applicant_age - 5 + i64::try_from(rng.below(11)).unwrap_or(0)).max(20);
            member(rng, i, "spouse", other_sex, age, year, hukou)
        } else {
            let age = applicant_age - 20 - i64::try_from(rng.below(20)).unwrap_or(0);
            let sex = if percent(rng, 50) { "female" } else { "male" };
            member(rng, i, "child", sex, age.max(0), year, hukou)
        };
        members.push(m);
    }
    let n = u64::try_from(size).unwrap_or(1);
    let deposits = if percent(rng, 80) {
        rng.below(5001 * n)
    } else {
        rng.below(100_001)
    };
    let homes = match weighted(rng, &[90, 5, 5]) {
        0 => 1,
        1 => 0,
        _ => 2,
    };
    let mut vehicles = Vec::new();
    if percent(rng, 8) {
        vehicles.push(json!({ "kind": "car" }));
    }
    if percent(rng, 10) {
        vehicles.push(json!({ "kind": "motorcycle" }));
    }
    let mut supporters = Vec::new();
    if applicant_age >= 50 && percent(rng, 85) {
        for j in 0..1 + rng.below(3) {
            let age = applicant_age - 20 - i64::try_from(rng.below(15)).unwrap_or(0);
            let sex = if percent(rng, 50) { "female" } else { "male" };
            supporters.push(json!({
                "id": format!("s{j}"),
                "relation": "child",
                "sex": sex,
                "birth_date": birth(rng, year, age),
                "disability": null,
                "income": { "wage": (1000 + rng.below(5001)).to_string() },
                "status": [],
                "receives": [],
                "lost_contact_since": null,
                "detained_since": null,
            }));
        }
    }
    let hardships: Vec<&str> = if percent(rng, 5) {
        vec!["medical_expense"]
    } else {
        Vec::new()
    };
    json!({
        "region": region,
        "hukou": hukou,
        "members": members,
        "assets": { "deposits": deposits.to_string(), "homes": homes, "vehicles": vehicles },
        "supporters": supporters,
        "hardships": hardships,
    })
}

/// Household `i` of a synthetic population as a batch line: `{"id": ..., "household": ...}`.
pub fn line(rng: &mut Rng, region: &str, year: i32, i: u64) -> String {
    json!({ "id": format!("{region}-{i}"), "household": household(rng, region, year) }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn households_are_valid_and_deterministic() {
        let mut a = Rng::new(5);
        let mut b = Rng::new(5);
        let engine = crate::Engine::builtin().unwrap();
        for i in 0..300 {
            let x = line(&mut a, "220723", 2018, i);
            assert_eq!(x, line(&mut b, "220723", 2018, i));
            let v: Value = serde_json::from_str(&x).unwrap();
            let hh = serde_json::to_string(&v["household"]).unwrap();
            let hh = crate::parse_household(&hh).unwrap();
            let date = crate::parse_date("2017-12-31").unwrap();
            engine.assess(&hh, date, crate::Options::default()).unwrap();
        }
    }
}
