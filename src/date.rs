//! Calendar dates: strict parsing, ages, whole months, and the civil-code rules for anniversaries.
//!
//! A period of years or months ends on the corresponding day; where that month has no
//! corresponding day (a 29 February birthday in a common year, 31 January plus one month), the
//! period ends on the last day of the month (民法典 art. 202, applied by analogy to birthdays).
//! So a person born on 2004-02-29 turns 18 on 2022-02-28.

use time::{Date, Month};

/// Parses a strict `YYYY-MM-DD` date (four-digit year, two-digit month and day).
pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The date `months` whole months after `d`, clamped to the month's last day (民法典 art. 202).
// Years stay within ±9999 (the range `time` represents), so i64 arithmetic cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn add_months(d: Date, months: i64) -> Option<Date> {
    let index = i64::from(d.year())
        .checked_mul(12)?
        .checked_add(i64::from(u8::from(d.month())) - 1)?
        .checked_add(months)?;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// The date `years` whole years after `d` (a 29 February maps to 28 February in a common year).
pub fn add_years(d: Date, years: i64) -> Option<Date> {
    add_months(d, years.checked_mul(12)?)
}

/// The date `days` days after `d`.
pub fn add_days(d: Date, days: i64) -> Option<Date> {
    let jd = i64::from(d.to_julian_day()).checked_add(days)?;
    Date::from_julian_day(i32::try_from(jd).ok()?).ok()
}

/// Signed number of days from `a` to `b`.
// Years stay within ±9999 (the range `time` represents), so i64 arithmetic cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn days_between(a: Date, b: Date) -> i64 {
    i64::from(b.to_julian_day()) - i64::from(a.to_julian_day())
}

/// Whole months from `a` to `b`: the largest `n` with `add_months(a, n) <= b` (negative when `b < a`).
///
/// `add_months(a, rough)` falls in `b`'s month (`rough` counts calendar months), on `a`'s day
/// clamped to that month's length; the answer is `rough` when that day is not after `b`'s, else
/// one less.
// Years stay within ±9999 (the range `time` represents), so i64 arithmetic cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn months_between(a: Date, b: Date) -> i64 {
    let (ya, ma, da) = a.to_calendar_date();
    let (yb, mb, db) = b.to_calendar_date();
    let rough =
        (i64::from(yb) - i64::from(ya)) * 12 + i64::from(u8::from(mb)) - i64::from(u8::from(ma));
    rough - i64::from(da.min(mb.length(yb)) > db)
}

/// Age in whole years on `on` of a person born on `birth`: N from the N-th birthday on.
pub fn age_on(birth: Date, on: Date) -> i64 {
    months_between(birth, on).div_euclid(12)
}

/// The first day of `d`'s month.
pub fn start_of_month(d: Date) -> Option<Date> {
    d.replace_day(1).ok()
}

/// The last day of `d`'s month.
pub fn end_of_month(d: Date) -> Option<Date> {
    d.replace_day(d.month().length(d.year())).ok()
}

/// `d`'s calendar month as one number, `year × 12 + month − 1` (2018-03-17 gives 24218): two
/// dates in the same month give the same number, and the difference of two is the number of
/// calendar months between them.
// Years stay within ±9999 (the range `time` represents), so i64 arithmetic cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn month_index(d: Date) -> i64 {
    i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1
}

/// Age in whole years on `on`, counted from the first day of the birth month (as some places
/// count an age from the month of the birthday): N from the 1st of the N-th birthday's month.
pub fn age_from_month(birth: Date, on: Date) -> i64 {
    let first = start_of_month(birth).unwrap_or(birth);
    months_between(first, on).div_euclid(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse(s).unwrap()
    }

    /// The definition: the largest `n` with `add_months(a, n) <= b`, found by stepping.
    fn months_by_stepping(a: Date, b: Date) -> i64 {
        let mut n = (i64::from(b.year()) - i64::from(a.year()) - 2) * 12;
        while add_months(a, n + 1).is_some_and(|d| d <= b) {
            n += 1;
        }
        n
    }

    #[test]
    fn months_between_agrees_with_its_definition() {
        let start = d("1996-01-01");
        let days = [
            0, 27, 28, 29, 30, 58, 59, 60, 365, 366, 730, 1154, 1155, 1156, 1461,
        ];
        for i in (0..1500).step_by(7).chain([59, 60, 1154, 1155, 1520]) {
            let a = add_days(start, i).unwrap();
            for &k in &days {
                for b in [k, -k, 365 * 18 + k].map(|k| add_days(a, k).unwrap()) {
                    assert_eq!(months_between(a, b), months_by_stepping(a, b), "{a} → {b}");
                }
            }
        }
    }

    #[test]
    fn parses_strictly() {
        assert!(parse("2018-01-01").is_some());
        for bad in [
            "2018-1-01",
            "2018-02-30",
            "18-01-01",
            "2018/01/01",
            "2018-01-01x",
            "+018-01-01",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ages_and_birthdays() {
        assert_eq!(age_on(d("1958-03-01"), d("2018-02-28")), 59);
        assert_eq!(age_on(d("1958-03-01"), d("2018-03-01")), 60);
        // Feb-29 birthday: the anniversary in a common year is 28 February.
        assert_eq!(age_on(d("2000-02-29"), d("2018-02-27")), 17);
        assert_eq!(age_on(d("2000-02-29"), d("2018-02-28")), 18);
        assert_eq!(age_on(d("2000-02-29"), d("2018-03-01")), 18);
        assert_eq!(age_on(d("2000-02-29"), d("2020-02-28")), 19);
        assert_eq!(age_on(d("2000-02-29"), d("2020-02-29")), 20);
        assert_eq!(age_on(d("2010-05-05"), d("2009-01-01")), -2);
    }

    #[test]
    fn months() {
        assert_eq!(months_between(d("2018-01-31"), d("2018-02-28")), 1);
        assert_eq!(months_between(d("2018-01-31"), d("2018-02-27")), 0);
        assert_eq!(months_between(d("2018-01-15"), d("2018-07-15")), 6);
        assert_eq!(months_between(d("2018-01-15"), d("2018-07-14")), 5);
        assert_eq!(add_months(d("2018-01-31"), 1), Some(d("2018-02-28")));
        assert_eq!(add_days(d("2018-12-31"), 1), Some(d("2019-01-01")));
        assert_eq!(days_between(d("2018-01-01"), d("2018-03-01")), 59);
    }

    #[test]
    fn month_granular() {
        assert_eq!(start_of_month(d("2020-02-29")), Some(d("2020-02-01")));
        assert_eq!(end_of_month(d("2020-02-01")), Some(d("2020-02-29")));
        assert_eq!(end_of_month(d("2019-02-01")), Some(d("2019-02-28")));
        assert_eq!(month_index(d("2018-03-17")), 24218);
        assert_eq!(
            month_index(d("2018-12-31")) + 1,
            month_index(d("2019-01-01"))
        );
        assert_eq!(age_from_month(d("1958-03-31"), d("2018-02-28")), 59);
        assert_eq!(age_from_month(d("1958-03-31"), d("2018-03-01")), 60);
        assert_eq!(age_from_month(d("2000-02-29"), d("2018-02-01")), 18);
    }
}
