//! What each fuzz target does with its input, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`) and the regression tests (`tests/fuzz_regressions.rs`), so that a
//! reproducer replays exactly as it was found. Every function drives the public API with
//! arbitrary bytes; the API must return `Ok` or `Err` and never panic. Only the standard library,
//! `huimin` and the crates `huimin` itself depends on (`time`, `serde_json`) are used here.

use huimin::engine::Topic;
use huimin::explain::{render, Lang};
use huimin::pack::Bundle;
use huimin::whatif::CurveQuery;
use huimin::{parse_household, Engine, Options};
use std::sync::OnceLock;
use time::{Date, Duration};

/// The engine with the built-in rules, built once.
pub fn builtin() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::builtin() {
        Ok(e) => e,
        Err(e) => panic!("the built-in rules do not load: {e}"),
    })
}

/// The built-in rule files as `(path, text)`.
fn builtin_files() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        builtin()
            .bundle()
            .files
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect()
    })
}

fn files_where(keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    builtin_files()
        .iter()
        .filter(|(p, _)| keep(p))
        .cloned()
        .collect()
}

fn date(y: i32, m: time::Month, d: u8) -> Date {
    match Date::from_calendar_date(y, m, d) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

/// A household with known and unknown facts, as in `tests/expr.rs`.
const SAMPLE: &str = r#"{"region":"220723","hukou":"rural","members":[
  {"id":"a","relation":"applicant","birth_date":"1958-03-01","income":{"wage":"100.50","basic_pension_central":"20"},"status":["employed"],"disability":null},
  {"id":"b","relation":"spouse","birth_date":"2000-02-29","disability":{"kind":"mental","grade":3}},
  {"id":"c","relation":"child","birth_date":"2010-06-15","income":{},"status":["fulltime_student"],"disability":null}],
  "assets":{"deposits":"5000","homes":1,"vehicles":[{"kind":"car"},{"kind":"electric_bike"}]},
  "supporters":[],"hardships":["fire"],
  "marriage":{"voluntary":true,"in_person":true,"divorce_agreement":true,"divorce_applied":"2018-01-03"}}"#;

/// Assesses a few households with every topic, with and without the trace, in every region the
/// engine has a pack for, and renders the results.
fn exercise(engine: &Engine, dates: &[Date]) {
    let households = [SAMPLE, "{}", r#"{"members":[{"id":"x"}]}"#];
    let regions: Vec<String> = engine.bundle().packs.keys().cloned().collect();
    for text in households {
        let Ok(mut hh) = parse_household(text) else {
            continue;
        };
        for region in &regions {
            hh.region = Some(region.clone());
            for &d in dates {
                for (trace, topic) in [(true, None), (false, Some(Topic::Benefits))] {
                    if let Ok(a) = engine.assess(&hh, d, Options { trace, topic }) {
                        let _ = render(&a, Lang::Zh);
                        let _ = render(&a, Lang::En);
                    }
                }
                let _ = engine.questions(&hh, d);
            }
        }
    }
}

/// `rule_pack`: the first byte chooses where the rest goes, as UTF-8 (lossy): the whole national
/// pack, one more file of the national pack, a county pack (`<code>/pack.toml` next to the
/// national pack, the code taken from the text's first `region = "…"`, else 220723),
/// `calendar.toml`, `registries.toml` or `regions.toml`. The bundle is read and compiled
/// and, when it loads, linted, its cases run and a few households assessed.
pub fn rule_pack(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let national = || files_where(|p| p.starts_with("000000/"));
    let calendars = || files_where(|p| p == "calendar.toml" || p == "registries.toml");
    let mode = mode % 6;
    let mut files = match mode {
        0 => vec![("000000/pack.toml".to_string(), text)],
        1 => {
            let mut f = national();
            f.push(("000000/fuzz.toml".to_string(), text));
            f
        }
        2 => {
            let mut f = national();
            f.push((format!("{}/pack.toml", county_of(&text)), text));
            f
        }
        3 => {
            let mut f = files_where(|p| p == "registries.toml");
            f.push(("calendar.toml".to_string(), text));
            f
        }
        4 => {
            let mut f = files_where(|p| p == "calendar.toml");
            f.push(("registries.toml".to_string(), text));
            f
        }
        _ => {
            let mut f = files_where(|p| p == "000000/pack.toml");
            f.push(("regions.toml".to_string(), text));
            f
        }
    };
    if mode == 1 || mode == 2 {
        files.extend(calendars());
    }
    let _ = Bundle::from_files(files.clone());
    // As `huimin check` does: compile what could be read, to report later stages' errors too.
    let (bundle, read_errors) = Bundle::read(files);
    let Ok(engine) = Engine::new(bundle) else {
        return;
    };
    let _ = engine.regions();
    if !read_errors.is_empty() {
        return;
    }
    let _ = huimin::lint::lint(&engine);
    if mode != 1 && mode != 2 {
        // The national pack's own cases are many; run cases only for small bundles.
        let _ = huimin::cases::run_all(&engine);
    }
    exercise(&engine, &[date(2018, time::Month::March, 1)]);
    if mode == 3 || mode == 4 {
        slots_with(&engine, &[0, 0, 0, 0, 0, 30, 0, 0], 3);
    }
}

/// The directory a county pack goes in: the code after the first `region = "`, when it is six
/// digits, otherwise 乾安 220723.
fn county_of(text: &str) -> String {
    text.split_once("region = \"")
        .and_then(|(_, rest)| rest.get(..6))
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("220723")
        .to_string()
}

/// Writes `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const EXPR_PACK: &str = r#"[pack]
region = "000000"
name = { zh = "全国", en = "National" }
[sources.law]
title = "法"
publisher = "国务院"
date = 2020-01-01
[parameters.rate]
unit = "ratio"
values = [ { from = 2018-01-01, value = 1.5, unsourced = "test" } ]
[parameters.kinds]
unit = "set"
values = [ { from = 2000-01-01, value = ["car", "truck"], unsourced = "test" } ]
[member.adult]
expr = "age >= 18"
"#;

fn program(per: &str, criterion: &str, extra: &str) -> String {
    format!(
        "[programs.p]\nname = {{ zh = \"项目\", en = \"Program\" }}\nper = \"{per}\"\n\
         [[programs.p.criteria]]\nid = \"c\"\ntest = {criterion}\n\
         text = {{ zh = \"条件\", en = \"criterion\" }}\nsource = \"law\"\n{extra}"
    )
}

/// `expression`: the input (UTF-8, lossy) is parsed as an expression, then compiled and
/// evaluated in each place an expression can stand: a household definition, a member
/// definition, a household and a member criterion, an amount and a result date.
pub fn expression(data: &[u8]) {
    let src = String::from_utf8_lossy(data);
    if huimin::expr::parse(&src).is_err() {
        // Still compile it once: the rule reader must report the error, not panic.
        let pack = format!("{EXPR_PACK}[household.t]\nexpr = {}\n", toml_string(&src));
        let _ = Bundle::from_files(vec![("000000/pack.toml".into(), pack)]);
        return;
    }
    let s = toml_string(&src);
    let places = [
        format!("[household.t]\nexpr = {s}\n"),
        format!("[member.t]\nexpr = {s}\n"),
        program("household", &s, ""),
        program("member", &s, ""),
        program(
            "household",
            "\"true\"",
            &format!("[programs.p.amount]\nmonthly = {s}\n"),
        ),
        program(
            "member",
            "\"true\"",
            &format!("[programs.p.amount]\nannual = {s}\n"),
        ),
        program(
            "household",
            "\"true\"",
            &format!(
                "[programs.p.dates.d]\nexpr = {s}\ntext = {{ zh = \"日期\", en = \"date\" }}\n"
            ),
        ),
    ];
    let households = [
        SAMPLE,
        "{}",
        r#"{"members":[{"id":"x","income":{"wage":null}}]}"#,
    ];
    for place in places {
        let pack = format!("{EXPR_PACK}{place}");
        let Ok(bundle) = Bundle::from_files(vec![("000000/pack.toml".into(), pack)]) else {
            continue;
        };
        let Ok(engine) = Engine::new(bundle) else {
            continue;
        };
        for text in households {
            let Ok(mut hh) = parse_household(text) else {
                continue;
            };
            hh.region = None;
            for d in [
                date(2018, time::Month::March, 1),
                date(1900, time::Month::January, 1),
            ] {
                let _ = engine.assess(
                    &hh,
                    d,
                    Options {
                        trace: true,
                        topic: None,
                    },
                );
                if let Ok(mut a) = engine.assessor(None, d) {
                    if let Ok(Some(v)) = a.definition(&hh, "t") {
                        let _ = v.to_json();
                    }
                }
            }
        }
    }
}

/// `household`: byte 0 chooses the income curve (bit 0: dibao or 低保边缘; bits 5–7: the member),
/// bytes 1–2 (little endian) are the assessment date as days after 1900-01-01, and the rest
/// (UTF-8, lossy) is the household JSON. It is assessed for each topic with and without the
/// trace, rendered, serialised, asked for next questions, and drawn as an income curve.
pub fn household(data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let flags = data[0];
    let days = u16::from_le_bytes([data[1], data[2]]);
    let json = String::from_utf8_lossy(&data[3..]);
    let engine = builtin();
    let Some(on) = date(1900, time::Month::January, 1).checked_add(Duration::days(i64::from(days)))
    else {
        return;
    };
    let on_text = huimin::date::format(on);
    for trace in [false, true] {
        for topic in [Some(Topic::Benefits), Some(Topic::Marriage), None] {
            if let Ok(a) = engine.assess_json(&json, &on_text, Options { trace, topic }) {
                let _ = render(&a, if trace { Lang::Zh } else { Lang::En });
                let _ = serde_json::to_string(&a);
            }
        }
    }
    let Ok(hh) = parse_household(&json) else {
        return;
    };
    let _ = engine.questions(&hh, on);
    let _ = engine.questions_for(&hh, on, Topic::Marriage);
    let q = CurveQuery {
        program: if flags & 1 == 0 {
            "dibao"
        } else {
            "low_income"
        }
        .into(),
        member: usize::from(flags >> 5),
        category: "wage".into(),
        from: 0.into(),
        to: 3000.into(),
        points: 5,
    };
    let _ = engine.income_curve(&hh, on, &q);
}

/// `slots`: the booking-slot search over the built-in registries. Byte 0 picks the registry (one
/// past the last is an unknown id), bytes 1–4 the first day, bytes 5–6 the number of days,
/// byte 7 how the rest is read: appointments taken as text lines `YYYY-MM-DDTHH:MM`, or as
/// four-byte records (day after the first day, minutes after midnight).
pub fn slots(data: &[u8]) {
    slots_with(builtin(), data, 400);
}

fn slots_with(engine: &Engine, data: &[u8], max_days: u16) {
    let mut head = [0u8; 8];
    for (h, b) in head.iter_mut().zip(data) {
        *h = *b;
    }
    let rest = data.get(8..).unwrap_or_default();
    let cal = &engine.bundle().calendar;
    let ids: Vec<&String> = cal.registries.keys().collect();
    let pick = usize::from(head[0]) % (ids.len() + 1);
    let registry = ids.get(pick).map_or("no_such_registry", |s| s.as_str());
    let raw = i32::from_le_bytes([head[1], head[2], head[3], head[4]]);
    let mode = head[7];
    // Mostly days near the years the calendar covers; sometimes any day, or the last days
    // `time` can represent.
    let from = match mode >> 6 {
        0 | 1 => date(2017, time::Month::January, 1)
            .checked_add(Duration::days(i64::from(raw.rem_euclid(5000)))),
        2 => Date::from_julian_day(raw).ok(),
        _ => Date::MAX.checked_sub(Duration::days(i64::from(raw.rem_euclid(800)))),
    };
    let Some(from) = from else {
        return;
    };
    let days = u32::from(u16::from_le_bytes([head[5], head[6]]) % max_days.max(1));
    let taken: Vec<huimin::slots::Taken> = if mode & 1 == 1 {
        String::from_utf8_lossy(rest)
            .lines()
            .filter_map(huimin::slots::parse_taken)
            .collect()
    } else {
        rest.as_chunks::<4>()
            .0
            .iter()
            .filter_map(|c| {
                let day = i64::from(i16::from_le_bytes([c[0], c[1]]));
                let start = u16::from_le_bytes([c[2], c[3]]) % 1500;
                Some(huimin::slots::Taken {
                    date: from.checked_add(Duration::days(day))?,
                    start,
                })
            })
            .collect()
    };
    let Ok(found) = huimin::slots::search(cal, registry, from, days, &taken) else {
        return;
    };
    let _ = huimin::slots::render(&found, true);
    let _ = huimin::slots::render(&found, false);
    let _ = serde_json::to_string(&found);
    // Book the first free slot found, as the page does.
    let first = found.days.first().and_then(|d| Some((d, d.slots.first()?)));
    if let (Some((day, slot)), Ok(hh)) = (first, parse_household(SAMPLE)) {
        let (Some(d), Some(start)) = (
            huimin::date::parse(&day.date),
            huimin::calendar::parse_hhmm(&slot.start),
        ) else {
            return;
        };
        let b = huimin::slots::Booking {
            service: if mode & 2 == 0 {
                "marriage_registration"
            } else {
                "divorce_registration"
            },
            registry,
            date: d,
            start,
            taken: &taken,
        };
        let _ = engine.booking_request(&hh, &b);
    }
}
