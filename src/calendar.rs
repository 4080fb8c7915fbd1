//! Office calendars as data (`rules/calendar.toml`, `rules/registries.toml`): the national public
//! holidays and make-up working days (调休) of each year, special days on which registries open
//! (5月20日, 七夕), and each registry's weekly hours, slot length and daily quota; with the rest-day
//! rule of 民法典 arts. 201 and 203 (a deadline on a rest day moves to the next working day) and
//! the search for bookable appointment slots.

use crate::pack::model::{CiteDecl, Loc, SourceDecl, Text};
use crate::table::Table;
use serde::Serialize;
use time::{Date, Weekday};

/// One year's holiday arrangement, as the State Council General Office published it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Year {
    /// Source id (in `calendar.toml`).
    pub source: String,
    /// What could not be verified, if anything.
    pub unverified: Option<String>,
    /// Holiday periods (weekend days inside a period included).
    pub holidays: Vec<Holiday>,
    /// Make-up working days: weekend days that are working days.
    pub workdays: Vec<Date>,
}

/// A holiday period, both ends included.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holiday {
    /// Name.
    pub name: Text,
    /// First day off.
    pub from: Date,
    /// Last day off.
    pub to: Date,
}

/// Days on which registries that list them open even on a rest day.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialDay {
    /// Id (`qixi`, `520`).
    pub id: String,
    /// Name.
    pub name: Text,
    /// The dates.
    pub dates: Vec<Date>,
    /// Where the dates come from.
    pub cite: Option<CiteDecl>,
}

/// Opening hours: minutes after midnight, start included, end excluded.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Span {
    /// Opens at.
    pub start: u16,
    /// Closes at.
    pub end: u16,
}

/// A registry's hours on some weekdays.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Weekly {
    /// The weekdays.
    pub days: Vec<Weekday>,
    /// Opening hours on those days.
    pub open: Vec<Span>,
}

/// A marriage registry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registry {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// GB/T 2260 code of the place it serves.
    pub region: String,
    /// Address, where published.
    pub address: Option<Text>,
    /// Weekly hours.
    pub weekly: Vec<Weekly>,
    /// Length of one appointment slot, minutes.
    pub slot_minutes: u16,
    /// Appointments a day, at most.
    pub daily_quota: u32,
    /// Special days (ids in `calendar.toml`) on which it opens even on a rest day.
    pub special_days: Vec<String>,
    /// Hours on special days (extended), when they differ from the weekly hours.
    pub extended_hours: Option<Vec<Span>>,
    /// Whether it registers on public holidays by appointment.
    pub holiday_registration: bool,
    /// `marriage`, `divorce`.
    pub services: Vec<String>,
    /// Citations of the facts above, by what they support (`weekly`, `quota`, ...).
    pub cites: Table<String, CiteDecl>,
    /// Where it is declared.
    pub loc: Loc,
}

/// The calendars and registries of a bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Calendar {
    /// Documents cited.
    pub sources: Vec<SourceDecl>,
    /// Holiday arrangements by year.
    pub years: Table<i32, Year>,
    /// Special days by id.
    pub special_days: Table<String, SpecialDay>,
    /// Registries by id.
    pub registries: Table<String, Registry>,
}

/// What kind of day a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A weekday that is a working day.
    Working,
    /// A weekend day that is a make-up working day (调休上班).
    MakeUpWorking,
    /// A weekend day.
    Weekend,
    /// A public holiday.
    Holiday,
}

impl Calendar {
    /// References to sources and special days that are not declared: (file, message).
    pub fn dangling(&self) -> Vec<(&'static str, String)> {
        let known = |id: &str| self.sources.iter().any(|s| s.id == id);
        let cited = |c: &Option<CiteDecl>| match c {
            Some(CiteDecl::Source { source, .. }) => Some(source.clone()),
            _ => None,
        };
        let mut out = Vec::new();
        for (year, y) in &self.years {
            if !known(&y.source) {
                out.push((
                    "calendar.toml",
                    format!("year {year} cites the undeclared source `{}`", y.source),
                ));
            }
        }
        for s in self.special_days.values() {
            if let Some(id) = cited(&s.cite).filter(|id| !known(id)) {
                out.push((
                    "calendar.toml",
                    format!("special day `{}` cites the undeclared source `{id}`", s.id),
                ));
            }
        }
        for r in self.registries.values() {
            for day in &r.special_days {
                if !self.special_days.contains_key(day) {
                    out.push((
                        "registries.toml",
                        format!(
                            "registry `{}` lists the undeclared special day `{day}`",
                            r.id
                        ),
                    ));
                }
            }
            for c in r.cites.values() {
                if let Some(id) = cited(&Some(c.clone())).filter(|id| !known(id)) {
                    out.push((
                        "registries.toml",
                        format!("registry `{}` cites the undeclared source `{id}`", r.id),
                    ));
                }
            }
        }
        out
    }

    /// Whether the year's arrangement is known.
    pub fn covers(&self, date: Date) -> bool {
        self.years.contains_key(&date.year())
    }

    /// The kind of day (weekends and weekdays only, for a year with no arrangement).
    pub fn kind(&self, date: Date) -> DayKind {
        // A year's arrangement may reach into the year before (元旦 from 30 December, a make-up
        // Saturday on 29 December).
        let arrangements = [date.year(), date.year().saturating_add(1)];
        for y in arrangements.iter().filter_map(|y| self.years.get(y)) {
            if y.holidays.iter().any(|h| h.from <= date && date <= h.to) {
                return DayKind::Holiday;
            }
            if y.workdays.contains(&date) {
                return DayKind::MakeUpWorking;
            }
        }
        match date.weekday() {
            Weekday::Saturday | Weekday::Sunday => DayKind::Weekend,
            _ => DayKind::Working,
        }
    }

    /// Whether the date is a working day.
    pub fn is_working(&self, date: Date) -> bool {
        matches!(self.kind(date), DayKind::Working | DayKind::MakeUpWorking)
    }

    /// The date itself if it is a working day, else the next working day (民法典 art. 203: a
    /// period whose last day is a statutory rest day ends on the day after the rest day ends).
    /// `None` past the end of the calendar's range.
    pub fn next_working_day(&self, date: Date) -> Option<Date> {
        let mut d = date;
        for _ in 0..60 {
            if self.is_working(d) {
                return Some(d);
            }
            d = d.next_day()?;
        }
        None
    }

    /// The holiday a date falls in.
    pub fn holiday(&self, date: Date) -> Option<&Holiday> {
        [date.year(), date.year().saturating_add(1)]
            .iter()
            .filter_map(|y| self.years.get(y))
            .flat_map(|y| y.holidays.iter())
            .find(|h| h.from <= date && date <= h.to)
    }

    /// The special days listed by the registry that fall on the date.
    pub fn special<'a>(&'a self, reg: &'a Registry, date: Date) -> Option<&'a SpecialDay> {
        reg.special_days
            .iter()
            .filter_map(|id| self.special_days.get(id))
            .find(|s| s.dates.contains(&date))
    }
}

/// Formats minutes after midnight as `HH:MM`.
pub fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Parses `HH:MM` (24-hour) into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| h.saturating_mul(60).saturating_add(m))
}

/// Parses `HH:MM-HH:MM`.
pub fn parse_span(s: &str) -> Option<Span> {
    let (a, b) = s.split_once('-')?;
    let span = Span {
        start: parse_hhmm(a)?,
        end: parse_hhmm(b)?,
    };
    (span.start < span.end).then_some(span)
}

/// Parses a weekday abbreviation (`mon` … `sun`).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}
