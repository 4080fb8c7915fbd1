//! Office calendars and appointment slots (marriage registration).
#![cfg(not(target_arch = "wasm32"))]

use huimin::calendar::{Calendar, DayKind};
use huimin::pack::Bundle;
use huimin::slots::{parse_taken, search, Taken};

fn calendar() -> Calendar {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calendar");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let files = vec![
        (
            "000000/pack.toml".to_string(),
            "[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"National\" }\n"
                .to_string(),
        ),
        ("calendar.toml".to_string(), read("calendar.toml")),
        ("registries.toml".to_string(), read("registries.toml")),
    ];
    Bundle::from_files(files).unwrap().calendar
}

fn d(s: &str) -> time::Date {
    huimin::parse_date(s).unwrap()
}

fn days(from: &str, n: u32, taken: &[Taken]) -> Vec<String> {
    search(&calendar(), "test", d(from), n, taken)
        .unwrap()
        .days
        .iter()
        .map(|x| x.date.clone())
        .collect()
}

#[test]
fn national_day_2025_is_closed_and_its_make_up_days_open() {
    let listed = days("2025-09-26", 18, &[]);
    for closed in [
        "2025-10-01",
        "2025-10-04",
        "2025-10-08",
        "2025-09-27",
        "2025-10-12",
    ] {
        assert!(
            !listed.contains(&closed.to_string()),
            "{closed} listed: {listed:?}"
        );
    }
    // 9-28 is a Sunday and 10-11 a Saturday, both make-up working days.
    assert_eq!(
        listed,
        [
            "2025-09-26",
            "2025-09-28",
            "2025-09-29",
            "2025-09-30",
            "2025-10-09",
            "2025-10-10",
            "2025-10-11",
            "2025-10-13"
        ]
    );
    let s = search(&calendar(), "test", d("2025-09-28"), 1, &[]).unwrap();
    assert_eq!(s.days[0].kind, DayKind::MakeUpWorking);
    assert_eq!(s.days[0].slots.len(), 12);
    assert_eq!(s.days[0].slots[0].start, "08:30");
    assert_eq!(s.days[0].slots[11].end, "16:30");
}

#[test]
fn special_days_open_with_extended_hours_even_on_a_holiday_or_weekend() {
    // 2025-05-20 is a Tuesday; 2025-08-29 (七夕) a Friday; both get the extended hours.
    let s = search(&calendar(), "test", d("2025-05-20"), 1, &[]).unwrap();
    assert!(s.days[0].extended);
    assert_eq!(s.days[0].special.as_ref().unwrap().zh, "5月20日");
    assert_eq!(s.days[0].slots.last().unwrap().end, "18:00");
    let mut cal = calendar();
    cal.special_days
        .get_mut("d520")
        .unwrap()
        .dates
        .push(d("2025-10-03"));
    let s = search(&cal, "test", d("2025-10-01"), 8, &[]).unwrap();
    assert_eq!(
        s.days.iter().map(|x| x.date.as_str()).collect::<Vec<_>>(),
        ["2025-10-03"]
    );
    assert_eq!(s.days[0].kind, DayKind::Holiday);
}

#[test]
fn taken_appointments_reduce_places_and_a_full_day_is_not_listed() {
    let nine = parse_taken("2025-09-29T09:00").unwrap();
    let s = search(&calendar(), "test", d("2025-09-29"), 1, &[nine]).unwrap();
    assert_eq!(s.days[0].free, 11);
    assert!(s.days[0].slots.iter().all(|x| x.start != "09:00"));
    let full: Vec<Taken> = (0..12)
        .map(|i| Taken {
            date: d("2025-09-29"),
            start: 510 + 30 * i,
        })
        .collect();
    assert!(days("2025-09-29", 1, &full).is_empty());
    assert!(parse_taken("2025-09-29T9:00").is_some());
    assert!(parse_taken("2025-09-29T24:00").is_none());
    assert!(parse_taken("2025-09-29 09:00").is_none());
}

#[test]
fn rest_day_deadlines_move_to_the_next_working_day() {
    let cal = calendar();
    assert_eq!(cal.next_working_day(d("2025-10-01")), Some(d("2025-10-09")));
    assert_eq!(cal.next_working_day(d("2025-09-27")), Some(d("2025-09-28")));
    assert_eq!(cal.next_working_day(d("2025-10-10")), Some(d("2025-10-10")));
    assert_eq!(cal.next_working_day(d("2025-10-12")), Some(d("2025-10-13")));
}

#[test]
fn bad_searches_name_the_field() {
    let cal = calendar();
    assert_eq!(
        search(&cal, "nope", d("2025-01-01"), 3, &[])
            .unwrap_err()
            .path,
        "registry"
    );
    assert_eq!(
        search(&cal, "test", d("2025-01-01"), 0, &[])
            .unwrap_err()
            .path,
        "days"
    );
    assert_eq!(
        search(&cal, "test", d("2025-01-01"), 10_000, &[])
            .unwrap_err()
            .path,
        "days"
    );
    let s = search(&cal, "test", d("2026-12-30"), 5, &[]).unwrap();
    assert_eq!(s.unknown_years, vec![2026, 2027]);
}

#[test]
fn calendar_errors_have_positions() {
    let files = vec![
        ("000000/pack.toml".to_string(), "[pack]\nregion = \"000000\"\nname = { zh = \"全国\", en = \"N\" }\n".to_string()),
        ("calendar.toml".to_string(), "[years.2025]\nsource = \"x\"\nworkdays = [2025-10-02]\nholidays = [{ name = { zh = \"a\", en = \"a\" }, from = 2025-10-01, to = 2025-10-08 }]\n".to_string()),
        ("registries.toml".to_string(), "[registries.r]\nname = { zh = \"a\", en = \"a\" }\nregion = \"22\"\nweekly = [{ days = [\"mon\", \"funday\"], open = [\"25:00-26:00\"] }]\nslot_minutes = 0\ndaily_quota = 3\n".to_string()),
    ];
    let errors = Bundle::from_files(files).unwrap_err();
    let codes: Vec<(&str, &str, u32)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.code, e.line))
        .collect();
    assert!(
        codes.contains(&("calendar.toml", "bad_value", 3)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("registries.toml", "bad_region", 1))
            || codes.iter().any(|c| c.1 == "bad_region"),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .filter(|c| c.0 == "registries.toml" && c.1 == "bad_value")
            .count()
            >= 3,
        "{codes:?}"
    );
}

#[test]
fn shipped_calendar_covers_2018_to_2026_and_reaches_across_new_year() {
    let engine = huimin::Engine::builtin().unwrap();
    let cal = &engine.bundle().calendar;
    for y in 2018..=2026 {
        assert!(cal.years.contains_key(&y), "{y}");
    }
    // 2019's arrangement: 29 December 2018 (Saturday) was a working day, 31 December a holiday.
    assert_eq!(cal.kind(d("2018-12-29")), DayKind::MakeUpWorking);
    assert_eq!(cal.kind(d("2018-12-31")), DayKind::Holiday);
    // 2023's New Year holiday began on 31 December 2022.
    assert_eq!(cal.kind(d("2022-12-31")), DayKind::Holiday);
    assert_eq!(cal.next_working_day(d("2022-12-31")), Some(d("2023-01-03")));
    // 2026: 4 January (Sunday) is a working day; 10 October (Saturday) too.
    assert_eq!(cal.kind(d("2026-01-04")), DayKind::MakeUpWorking);
    assert_eq!(cal.next_working_day(d("2026-10-01")), Some(d("2026-10-08")));
}
