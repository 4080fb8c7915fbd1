//! The expression language, one line per case: `give(expr, json)` evaluates a household-scope
//! definition over a sample household; `fail(expr, code)` expects a load error.
#![cfg(not(target_arch = "wasm32"))]

use huimin::pack::Bundle;
use huimin::{Engine, Error};

/// A household with known and unknown facts: b's income and status are unknown.
const HH: &str = r#"{"hukou":"rural","members":[
  {"id":"a","relation":"applicant","birth_date":"1958-03-01","income":{"wage":"100.50","basic_pension_central":"20"},"status":["employed"],"disability":null},
  {"id":"b","relation":"spouse","birth_date":"2000-02-29","disability":{"kind":"mental","grade":3}},
  {"id":"c","relation":"child","birth_date":"2010-06-15","income":{},"status":["fulltime_student"],"disability":null}],
  "assets":{"deposits":"5000","vehicles":[{"kind":"car"},{"kind":"electric_bike"}]}}"#;

const DATE: &str = "2018-03-01";

fn pack(expr: &str) -> String {
    format!(
        "[pack]\nregion = \"000000\"\nname = {{ zh = \"全国\", en = \"National\" }}\n\
         [sources.s]\ntitle = \"t\"\npublisher = \"p\"\ndate = 2018-08-22\n\
         [parameters.rate]\nunit = \"ratio\"\nlater = \"unchanged\"\nvalues = [ {{ from = 2018-01-01, value = 1.5, unsourced = \"test\" }} ]\n\
         [parameters.kinds]\nunit = \"set\"\nlater = \"unchanged\"\nvalues = [ {{ from = 2000-01-01, value = [\"car\", \"truck\"], unsourced = \"test\" }} ]\n\
         [parameters.standard]\nunit = \"yuan_per_month\"\nvalues = [ {{ from = 2018-01-01, value = 450, source = \"s\" }} ]\n\
         [parameters.share]\nunit = \"ratio\"\nlater = \"unknown\"\nvalues = [ {{ from = 2018-01-01, value = 0.2, source = \"s\" }} ]\n\
         [parameters.sixth]\nunit = \"ratio\"\nlater = \"unchanged\"\nvalues = [ {{ from = 2018-01-01, value = \"1/6\", source = \"s\" }} ]\n\
         [parameters.unlisted]\nunit = \"yuan_per_month\"\nvalues = [ {{ from = 2018-01-01, at_least = 300, source = \"s\" }} ]\n\
         [parameters.band]\nunit = \"yuan_per_month\"\nkeys = [ {{ bands = [70, 80], below = 0 }}, {{ one_of = [\"urban\", \"rural\"] }} ]\n\
         values = [ {{ from = 2018-01-01, rows = {{ 70 = {{ urban = 50, rural = 40 }}, 80 = {{ urban = 100, rural = 80 }} }}, source = \"s\" }} ]\n\
         [member.adult]\nexpr = \"age >= 18\"\n\
         [household.t]\nexpr = '''{expr}'''\n"
    )
}

fn run(expr: &str, hh: &str, date: &str) -> Result<serde_json::Value, Error> {
    let bundle = Bundle::from_files(vec![("000000/t.toml".into(), pack(expr))])
        .map_err(|errors| Error::Load { errors })?;
    let engine = Engine::new(bundle)?;
    let hh = huimin::parse_household(hh)?;
    let mut a = engine.assessor(None, huimin::parse_date(date)?)?;
    Ok(a.definition(&hh, "t")?
        .map_or(serde_json::Value::Null, |v| v.to_json()))
}

#[track_caller]
fn give(expr: &str, want: &str) {
    give_on(expr, DATE, want);
}

#[track_caller]
fn give_on(expr: &str, date: &str, want: &str) {
    let want: serde_json::Value = serde_json::from_str(want).unwrap();
    match run(expr, HH, date) {
        Ok(got) => assert_eq!(got, want, "{expr}"),
        Err(e) => panic!("{expr}: {e}"),
    }
}

#[track_caller]
fn unknown(expr: &str) {
    give(expr, "null");
}

#[track_caller]
fn fail(expr: &str, code: &str) {
    match run(expr, HH, DATE) {
        Err(e) => assert_eq!(e.code(), code, "{expr}: {e}"),
        Ok(v) => panic!("{expr}: expected {code}, got {v}"),
    }
}

/// A load error with `code` whose message contains `says`.
#[track_caller]
fn fail_saying(expr: &str, code: &str, says: &str) {
    match run(expr, HH, DATE) {
        Err(e) => {
            assert_eq!(e.code(), code, "{expr}: {e}");
            assert!(
                e.to_string().contains(says),
                "{expr}: {e}\nshould say: {says}"
            );
        }
        Ok(v) => panic!("{expr}: expected {code}, got {v}"),
    }
}

#[test]
fn exact_decimal_arithmetic() {
    give("0.1 + 0.2", r#""0.3""#);
    give("0.1 + 0.2 == 0.3", "true");
    give("1 + 2 * 3", r#""7""#);
    give("(1 + 2) * 3", r#""9""#);
    give("10 - 4 - 3", r#""3""#);
    give("12 / 4 / 3", r#""1""#);
    give("-3 + 5", r#""2""#);
    give("--3", r#""3""#);
    // Division keeps 28 significant digits; rules compare 12 × income with annual standards.
    give("4000 / 12", r#""333.33333333333333333333333333""#);
    give("4000 * 3 < 12 * 1000", "false");
    give("1_000 + 0.50", r#""1000.5""#);
    give("450 * 12", r#""5400""#);
    give("7560 / 12", r#""630""#);
    give("abs(0 - 2.5)", r#""2.5""#);
    give("min(3, 1.5, 2)", r#""1.5""#);
    give("max(3, 1.5, 2)", r#""3""#);
}

#[test]
fn comparisons() {
    give("450 < 450", "false");
    give("450 <= 450", "true");
    give("449.99 < 450", "true");
    give("450.00 == 450", "true");
    give("3 > 2 and 2 >= 2", "true");
    give("1 != 1", "false");
    give(r#"hukou == "rural""#, "true");
    give(r#"hukou != "urban""#, "true");
    give(r#"date("2018-01-01") < date("2018-03-01")"#, "true");
    give("true == false", "false");
}

#[test]
fn kleene_logic_over_unknown_facts() {
    // b's status is unknown.
    let u = r#"any(members where relation == "spouse", "employed" in status)"#;
    unknown(u);
    give(&format!("false and {u}"), "false");
    give(&format!("{u} and false"), "false");
    unknown(&format!("true and {u}"));
    unknown(&format!("{u} and true"));
    give(&format!("true or {u}"), "true");
    give(&format!("{u} or true"), "true");
    unknown(&format!("false or {u}"));
    unknown(&format!("not {u}"));
    unknown(&format!("{u} and {u}"));
    give("not true", "false");
    give("not not true", "true");
    give("true and true or false", "true");
    give("false or false and true", "false");
    unknown("homes >= 0");
    unknown("homes + 1");
    give("deposits >= 5000", "true");
}

#[test]
fn conditionals() {
    give(
        r#"if hukou == "urban" then 1 elif hukou == "rural" then 2 else 3"#,
        r#""2""#,
    );
    give("if false then 1 else 2", r#""2""#);
    unknown("if homes > 1 then 1 else 2");
    give("if homes > 1 then 7 else 7", r#""7""#);
    give("if homes > 1 then 7 elif true then 7 else 8", r#""7""#);
}

#[test]
fn rounding_modes() {
    give("round(2.345)", r#""2.35""#);
    give("round(2.344)", r#""2.34""#);
    give("round(-2.345)", r#""-2.35""#);
    give(r#"round(2.345, 2, "half_even")"#, r#""2.34""#);
    give(r#"round(2.355, 2, "half_even")"#, r#""2.36""#);
    give(r#"round(2.345, 2, "half_down")"#, r#""2.34""#);
    give(r#"round(2.341, 2, "up")"#, r#""2.35""#);
    give(r#"round(2.349, 2, "down")"#, r#""2.34""#);
    give(r#"round(-2.341, 2, "ceiling")"#, r#""-2.34""#);
    give(r#"round(-2.341, 2, "floor")"#, r#""-2.35""#);
    give("round(4000 / 12)", r#""333.33""#);
    give("round(2.5, 0)", r#""3""#);
    give("round(1234.5678, 1)", r#""1234.6""#);
}

#[test]
fn dates_and_ages() {
    give(
        r#"age_on(date("1958-03-01"), date("2018-02-28"))"#,
        r#""59""#,
    );
    give(
        r#"age_on(date("1958-03-01"), date("2018-03-01"))"#,
        r#""60""#,
    );
    // A 29 February birthday: 28 February is the anniversary in a common year.
    give(
        r#"age_on(date("2000-02-29"), date("2018-02-27"))"#,
        r#""17""#,
    );
    give(
        r#"age_on(date("2000-02-29"), date("2018-02-28"))"#,
        r#""18""#,
    );
    give(
        r#"age_on(date("2000-02-29"), date("2018-03-01"))"#,
        r#""18""#,
    );
    give(
        r#"age_on(date("2000-02-29"), date("2020-02-28"))"#,
        r#""19""#,
    );
    give(
        r#"months_between(date("2018-01-31"), date("2018-02-28"))"#,
        r#""1""#,
    );
    give(
        r#"months_between(date("2018-01-31"), date("2018-02-27"))"#,
        r#""0""#,
    );
    give(
        r#"months_between(date("2018-01-15"), date("2018-07-15")) >= 6"#,
        "true",
    );
    give(
        r#"days_between(date("2018-01-01"), date("2018-03-01"))"#,
        r#""59""#,
    );
    give(r#"add_days(date("2018-12-31"), 1)"#, r#""2019-01-01""#);
    give(r#"add_months(date("2018-01-31"), 1)"#, r#""2018-02-28""#);
    give(r#"add_years(date("2000-02-29"), 1)"#, r#""2001-02-28""#);
    give("date", r#""2018-03-01""#);
    // a turns 60 on 2018-03-01.
    give_on(
        r#"any(members where relation == "applicant", age >= 60)"#,
        "2018-02-28",
        "false",
    );
    give_on(
        r#"any(members where relation == "applicant", age >= 60)"#,
        "2018-03-01",
        "true",
    );
    // b (born 2000-02-29) turns 18 on 2018-02-28.
    give_on(r#"count(members where adult)"#, "2018-02-27", r#""1""#);
    give_on(r#"count(members where adult)"#, "2018-02-28", r#""2""#);
}

#[test]
fn aggregates() {
    give("count(members)", r#""3""#);
    give(r#"count(members where relation == "child")"#, r#""1""#);
    give(
        r#"sum(members where relation == "applicant", income_total)"#,
        r#""120.5""#,
    );
    give(
        r#"sum(members where relation == "applicant", income_excluding(["basic_pension_central"]))"#,
        r#""100.5""#,
    );
    give(
        r#"sum(members where relation == "applicant", income_in(["wage"]))"#,
        r#""100.5""#,
    );
    give(
        r#"sum(members where relation != "spouse", income_total)"#,
        r#""120.5""#,
    );
    unknown("sum(members, income_total)");
    give(
        r#"any(members where disability_in(["mental", "intellectual"], 3, 4))"#,
        "true",
    );
    give("any(members where disability_grade_in(1, 2))", "false");
    give(
        r#"all(members where relation == "child", "fulltime_student" in status)"#,
        "true",
    );
    give(r#"all(members, "employed" in status)"#, "false");
    unknown(r#"all(members where relation != "child", "employed" in status)"#);
    give(r#"any(members where "fulltime_student" in status)"#, "true");
    give("count(vehicles where kind in kinds)", r#""1""#);
    give(r#"count(vehicles where kind not in ["car"])"#, r#""1""#);
    unknown("count(supporters)");
    give(r#"count(members where disabled)"#, r#""1""#);
}

#[test]
fn parameters_are_looked_up_at_the_date() {
    give("rate * 2", r#""3""#);
    give_on("rate", "2018-01-01", r#""1.5""#);
    give_on("rate", "2017-12-31", "null");
    give(r#""car" in kinds"#, "true");
}

#[test]
fn month_granular_dates() {
    give(r#"start_of_month(date("2018-03-17"))"#, r#""2018-03-01""#);
    give(r#"end_of_month(date("2020-02-10"))"#, r#""2020-02-29""#);
    give(r#"end_of_month(date("2019-02-10"))"#, r#""2019-02-28""#);
    give(r#"end_of_month(date("2018-12-31"))"#, r#""2018-12-31""#);
    // An age counted from the month of the birthday (as some places do) against the usual one.
    give(
        r#"age_on(start_of_month(date("1958-03-20")), date("2018-03-01"))"#,
        r#""60""#,
    );
    give(
        r#"age_on(date("1958-03-20"), date("2018-03-01"))"#,
        r#""59""#,
    );
    fail(r#"start_of_month(1)"#, "type_error");
}

#[test]
fn month_of_counts_calendar_months() {
    give(r#"month_of(date("2018-03-17"))"#, r#""24218""#);
    give(r#"month_of(date("0000-01-01"))"#, r#""0""#);
    // Every day of a month is the same month; month ends and year ends step by one.
    give(
        r#"month_of(date("2018-03-01")) == month_of(date("2018-03-31"))"#,
        "true",
    );
    give(
        r#"month_of(date("2019-01-01")) - month_of(date("2018-12-31"))"#,
        r#""1""#,
    );
    give(
        r#"month_of(date("2020-03-01")) - month_of(date("2020-02-29"))"#,
        r#""1""#,
    );
    // Calendar months apart, whatever the days: 2018-03-31 to 2020-02-01 is 23 months.
    give(
        r#"month_of(date("2020-02-01")) - month_of(date("2018-03-31"))"#,
        r#""23""#,
    );
    // "From the month after the application": compare months, not days.
    give(r#"month_of(date) > month_of(date("2018-02-28"))"#, "true");
    give(r#"month_of(date) > month_of(date("2018-03-31"))"#, "false");
}

#[test]
fn age_in_months_counts_whole_months() {
    give(
        r#"age_in_months(date("1958-03-01"), date("2018-03-01"))"#,
        r#""720""#,
    );
    give(
        r#"age_in_months(date("1958-03-01"), date("2018-02-28"))"#,
        r#""719""#,
    );
    // Born on a month's last day: a month old on the next month's last day.
    give(
        r#"age_in_months(date("2018-01-31"), date("2018-02-27"))"#,
        r#""0""#,
    );
    give(
        r#"age_in_months(date("2018-01-31"), date("2018-02-28"))"#,
        r#""1""#,
    );
    give(
        r#"age_in_months(date("2020-01-31"), date("2020-02-28"))"#,
        r#""0""#,
    );
    give(
        r#"age_in_months(date("2020-01-31"), date("2020-02-29"))"#,
        r#""1""#,
    );
    give(
        r#"age_in_months(date("2018-01-31"), date("2018-04-30"))"#,
        r#""3""#,
    );
    // Born on 29 February: twelve months old on 28 February of a common year.
    give(
        r#"age_in_months(date("2000-02-29"), date("2001-02-27"))"#,
        r#""11""#,
    );
    give(
        r#"age_in_months(date("2000-02-29"), date("2001-02-28"))"#,
        r#""12""#,
    );
    // Before the birth: negative, as age_on.
    give(
        r#"age_in_months(date("2018-03-15"), date("2018-02-15"))"#,
        r#""-1""#,
    );
    // c, born 2010-06-15, is 7 years and 8 months old on 2018-03-01.
    give(
        r#"sum(members where relation == "child", age_in_months(birth_date, date))"#,
        r#""92""#,
    );
}

#[test]
fn age_from_month_counts_from_the_birth_month() {
    // Born 20 March 1958: 60 from 1 March 2018 (age_on waits for the 20th).
    give_on(
        r#"age_from_month(date("1958-03-20"), date)"#,
        "2018-02-28",
        r#""59""#,
    );
    give_on(
        r#"age_from_month(date("1958-03-20"), date)"#,
        "2018-03-01",
        r#""60""#,
    );
    give_on(
        r#"age_on(date("1958-03-20"), date)"#,
        "2018-03-19",
        r#""59""#,
    );
    // Born on a month's last day: the whole birthday month counts.
    give(
        r#"age_from_month(date("1958-12-31"), date("2018-11-30"))"#,
        r#""59""#,
    );
    give(
        r#"age_from_month(date("1958-12-31"), date("2018-12-01"))"#,
        r#""60""#,
    );
    // Born 29 February: 18 from 1 February, in a common year as in a leap year.
    give(
        r#"age_from_month(date("2000-02-29"), date("2018-01-31"))"#,
        r#""17""#,
    );
    give(
        r#"age_from_month(date("2000-02-29"), date("2018-02-01"))"#,
        r#""18""#,
    );
    give(
        r#"age_from_month(date("2000-02-29"), date("2020-02-01"))"#,
        r#""20""#,
    );
    // b, born 2000-02-29, is 18 by the month on 2018-02-01 but not by the day.
    give_on(
        r#"any(members where relation == "spouse", age_from_month(birth_date, date) >= 18)"#,
        "2018-02-01",
        "true",
    );
    give_on(
        r#"any(members where relation == "spouse", age >= 18)"#,
        "2018-02-01",
        "false",
    );
}

#[test]
fn min_and_max_take_any_number_of_arguments() {
    give("min(7)", r#""7""#);
    give("min(4, 3, 2, 1)", r#""1""#);
    give("min(5, 3, 8, 1, 9)", r#""1""#);
    give("max(5, 3, 8, 1, 9, 2, 4)", r#""9""#);
    give("max(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)", r#""12""#);
    give(
        "max(-1, -2, -3, -4, 0.5) + min(10, 20, 30, 40, 50)",
        r#""10.5""#,
    );
    // An unknown among many: unknown; a stale figure among many: a bound.
    unknown("min(1, 2, 3, 4, sum(members, income_total))");
    give_on("max(1, 2, 3, 4, standard)", "2026-11-30", r#"">=450""#);
    give_on(
        "min(standard, 500, 600, 700, 400)",
        "2026-11-30",
        r#""400""#,
    );
}

#[test]
fn wrong_calls_name_the_function_and_its_signature() {
    fail_saying(
        r#"age_in_months(date("2000-01-01"))"#,
        "type_error",
        "`age_in_months` takes 2 argument(s), not 1: age_in_months(birth: date, on: date) -> number",
    );
    fail_saying(
        "month_of(1)",
        "type_error",
        "argument 1 of `month_of`, `1`, is a number, but a date is required: month_of(date: date) -> number",
    );
    fail_saying(
        "age_from_month(date, 18)",
        "type_error",
        "argument 2 of `age_from_month`, `18`, is a number, but a date is required: age_from_month(birth: date, on: date) -> number",
    );
    fail_saying(
        "max(1, 2, 3, date)",
        "type_error",
        "argument 4 of `max`, `date`, is a date, but a number is required: max(x: number, more: number...) -> number",
    );
    fail_saying(
        "min()",
        "type_error",
        "`min` takes at least 1 argument(s), not 0: min(x: number, more: number...) -> number",
    );
    fail_saying("abs(1, 2)", "type_error", "abs(x: number) -> number");
    fail_saying(
        r#"income_in(["wage"])"#,
        "type_error",
        "`income_in` reads a person's facts",
    );
    fail_saying(
        "months(1)",
        "unknown_reference",
        "`months` is not a function",
    );
}

#[test]
fn stale_figures_are_bounds() {
    // Known until the source's date (2018-08-22): exact on that day, at least the figure after.
    give_on("standard", "2018-08-22", r#""450""#);
    give_on("standard", "2018-08-23", r#"">=450""#);
    give_on("300 < standard", "2026-11-30", "true");
    give_on("449.99 < standard", "2026-11-30", "true");
    give_on("450 < standard", "2026-11-30", "null");
    give_on("450 >= standard", "2026-11-30", "null");
    give_on("449 >= standard", "2026-11-30", "false");
    give_on("standard == 1", "2026-11-30", "false");
    give_on("standard - 300", "2026-11-30", r#"">=150""#);
    give_on("300 - standard", "2026-11-30", r#""<=-150""#);
    give_on("standard * 2 / 3", "2026-11-30", r#"">=300""#);
    give_on("max(standard, 500)", "2026-11-30", r#"">=500""#);
    give_on("min(standard, 400)", "2026-11-30", r#""400""#);
    give_on("round(standard / 7, 0)", "2026-11-30", r#"">=64""#);
    give_on("sum(members, standard)", "2026-11-30", r#"">=1350""#);
    give_on("standard * 1.5 > 600", "2026-11-30", "true");
    // An `if` whose branches are bounds is undecided when its condition is.
    give_on(
        "if deposits > 0 then standard else 0",
        "2026-11-30",
        r#"">=450""#,
    );
    // A figure whose later values are unknown is unknown after its date.
    give_on("share", "2018-08-22", r#""0.2""#);
    give_on("share", "2018-08-23", "null");
    // Unchanged constants stay exact.
    give_on("rate", "2026-11-30", r#""1.5""#);
}

/// `1/6` is exact: multiplied by the numerator, divided by the denominator, rounded once.
#[test]
fn fractions_are_exact() {
    give("600 * sixth", r#""100""#);
    give("sixth * 600", r#""100""#);
    give("round(2000 * sixth, 2)", r#""333.33""#);
    give("round(1000 * sixth, 2)", r#""166.67""#);
    // Three sixths of 7 is 3.5 exactly, not 3.4999…: a decimal 0.1666… would round it down.
    give("round(7 * sixth * 3, 0)", r#""4""#);
}

/// A figure published but not on file (`at_least`) is a bound from its first day.
#[test]
fn figures_not_on_file_are_bounds() {
    give("unlisted", r#"">=300""#);
    give("0 < unlisted", "true");
    give("300 <= unlisted", "true");
    give("400 < unlisted", "null");
    give("unlisted - 100", r#"">=200""#);
}

/// Tables: bands by lower bound (the bound itself starts a band), `below` under the first band,
/// two keys, and an unknown key leaves the value unknown.
#[test]
fn tables_select_a_row() {
    give(r#"lookup(band, 69.99, "urban")"#, r#""0""#);
    give(r#"lookup(band, 70, "urban")"#, r#""50""#);
    give(r#"lookup(band, 79, "rural")"#, r#""40""#);
    give(r#"lookup(band, 80, "rural")"#, r#""80""#);
    give(r#"lookup(band, 120, "urban")"#, r#""100""#);
    give("lookup(band, 75, hukou)", r#""40""#);
    give(
        "lookup(band, sum(members where relation == \"spouse\", income_total), \"urban\")",
        "null",
    );
    fail_saying("lookup(band, 70)", "type_error", "has 2 key(s)");
    fail_saying("lookup(band, 70, 1)", "type_error", "a string is required");
    fail_saying("lookup(nothing, 70)", "unknown_reference", "is not a table");
}

#[test]
fn evaluation_errors_have_codes() {
    fail("1 / 0", "division_by_zero");
    fail("1 / (deposits - 5000)", "division_by_zero");
    fail("79228162514264337593543950335 * 10", "overflow");
    fail(r#"add_years(date("2018-01-01"), 100000)"#, "date_overflow");
}

#[test]
fn load_errors_have_codes() {
    fail("income <", "syntax_error");
    fail("1 +", "syntax_error");
    fail("(1", "syntax_error");
    fail("1 2", "syntax_error");
    fail("1.2.3", "syntax_error");
    fail(r#"homes + "urban""#, "type_error");
    fail("hukou + 1", "type_error");
    fail("if true then 1 else false", "type_error");
    fail("not 3", "type_error");
    fail("count(members) and true", "type_error");
    fail("round(1, 2, \"sideways\")", "type_error");
    fail("min()", "type_error");
    fail("nothing + 1", "unknown_reference");
    fail("frobnicate(1)", "unknown_reference");
    fail("age + 1", "unknown_reference");
    fail("count(pets)", "unknown_reference");
    fail(r#"hukou == "rurla""#, "unknown_symbol");
    fail(r#"date("2018-02-30")"#, "bad_date");
    fail("t + 1", "cycle");
    fail(&format!("{}1{}", "(".repeat(60), ")".repeat(60)), "limit");
    fail(&format!("{}1", "-".repeat(60)), "limit");
}

/// The README's table of functions is the registry's (`UPDATE_README=1` rewrites it).
#[test]
fn the_readme_lists_every_function() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (start, end) = (
        "<!-- functions: generated from src/builtins.rs (builtins::markdown_table) -->\n",
        "<!-- end of functions -->",
    );
    let table = huimin::builtins::markdown_table();
    let (before, rest) = readme.split_once(start).expect("the README's table marker");
    let (found, after) = rest.split_once(end).expect("the README's table end marker");
    if found != table && std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, format!("{before}{start}{table}{end}{after}")).unwrap();
        return;
    }
    assert_eq!(
        found, table,
        "README.md's table of functions differs from the registry (UPDATE_README=1 rewrites it)"
    );
    for d in huimin::builtins::BUILTINS {
        assert!(found.contains(&format!("| `{}` |", d.name)), "{}", d.name);
    }
}
