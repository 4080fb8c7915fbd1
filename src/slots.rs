//! Appointment slots at a marriage registry: the bookable days in a range (working days with the
//! registry's weekly hours, make-up working days included, public holidays and weekends
//! excluded, the registry's special days included even on a rest day) and their free time
//! slots, given the appointments a portal says are already taken. Nothing is sent anywhere: the
//! portal submits the booking request it builds from the result.

use crate::calendar::{hhmm, Calendar, DayKind, Registry, Span};
use crate::error::InputError;
use crate::pack::model::Text;
use serde::Serialize;
use time::{Date, Weekday};

/// Most days one search may cover.
pub const MAX_DAYS: u32 = 366;

/// An appointment already taken: its date and start time (minutes after midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    /// Date.
    pub date: Date,
    /// Start, minutes after midnight.
    pub start: u16,
}

/// One slot of a bookable day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotOut {
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// Places left in this slot.
    pub free: u32,
}

/// A bookable day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayOut {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Weekday, `mon` … `sun`.
    pub weekday: &'static str,
    /// Kind of day.
    pub kind: DayKind,
    /// The special day it is, when the registry opens because of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<Text>,
    /// Whether the hours are the registry's extended hours.
    pub extended: bool,
    /// Places left in the day.
    pub free: u32,
    /// Slots with places left.
    pub slots: Vec<SlotOut>,
}

/// The result of a slot search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotsOut {
    /// Registry id.
    pub registry: String,
    /// Registry name.
    pub name: Text,
    /// First day searched.
    pub from: String,
    /// Last day searched.
    pub to: String,
    /// Bookable days with at least one free place.
    pub days: Vec<DayOut>,
    /// Years in the range for which no holiday arrangement is known (weekends only are rest
    /// days there, so holidays may be listed as bookable).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_years: Vec<i32>,
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// The registry's hours on a weekday (a make-up working day takes Monday's hours).
fn weekly_hours(reg: &Registry, day: Weekday) -> Option<&[Span]> {
    reg.weekly
        .iter()
        .find(|w| w.days.contains(&day))
        .map(|w| w.open.as_slice())
}

/// The hours a registry keeps on a date, if it opens, and the special day it opens for.
fn hours<'a>(
    cal: &'a Calendar,
    reg: &'a Registry,
    date: Date,
) -> Option<(&'a [Span], Option<&'a Text>, bool)> {
    if let Some(s) = cal.special(reg, date) {
        let normal =
            weekly_hours(reg, date.weekday()).or_else(|| weekly_hours(reg, Weekday::Monday));
        return match (&reg.extended_hours, normal) {
            (Some(e), _) => Some((e.as_slice(), Some(&s.name), true)),
            (None, Some(n)) => Some((n, Some(&s.name), false)),
            (None, None) => None,
        };
    }
    match cal.kind(date) {
        DayKind::Working => weekly_hours(reg, date.weekday()).map(|h| (h, None, false)),
        DayKind::MakeUpWorking => weekly_hours(reg, Weekday::Monday).map(|h| (h, None, false)),
        DayKind::Weekend | DayKind::Holiday => None,
    }
}

/// Lists the bookable days and free slots of `registry` from `from` for `days` days.
pub fn search(
    cal: &Calendar,
    registry: &str,
    from: Date,
    days: u32,
    taken: &[Taken],
) -> Result<SlotsOut, InputError> {
    let reg = cal.registries.get(registry).ok_or_else(|| {
        InputError::new(
            "unknown_registry",
            "registry",
            format!(
                "no registry \"{}\"",
                registry.chars().take(40).collect::<String>()
            ),
        )
    })?;
    if days == 0 || days > MAX_DAYS {
        return Err(InputError::new(
            "bad_value",
            "days",
            format!("days must be 1 to {MAX_DAYS}"),
        ));
    }
    let mut out = Vec::new();
    let mut unknown_years = Vec::new();
    let mut date = from;
    let mut last = from;
    for i in 0..days {
        if i > 0 {
            date = date.next_day().ok_or_else(|| {
                InputError::new("bad_date", "from", "the range runs past the last date")
            })?;
        }
        last = date;
        if !cal.covers(date) && !unknown_years.contains(&date.year()) {
            unknown_years.push(date.year());
        }
        let Some((spans, special, extended)) = hours(cal, reg, date) else {
            continue;
        };
        let step = reg.slot_minutes.max(1);
        let mut starts = Vec::new();
        for s in spans {
            let mut t = s.start;
            while t.saturating_add(step) <= s.end {
                starts.push(t);
                t = t.saturating_add(step);
            }
        }
        if starts.is_empty() {
            continue;
        }
        let n = u32::try_from(starts.len()).unwrap_or(u32::MAX);
        let per_slot = reg.daily_quota.div_ceil(n);
        let taken_today: Vec<u16> = taken
            .iter()
            .filter(|t| t.date == date)
            .map(|t| t.start)
            .collect();
        let day_taken = u32::try_from(taken_today.len()).unwrap_or(u32::MAX);
        let free_day = reg.daily_quota.saturating_sub(day_taken);
        if free_day == 0 {
            continue;
        }
        let slots: Vec<SlotOut> = starts
            .iter()
            .filter_map(|&s| {
                let used = taken_today.iter().filter(|&&t| t == s).count();
                let free = per_slot
                    .saturating_sub(u32::try_from(used).unwrap_or(u32::MAX))
                    .min(free_day);
                (free > 0).then(|| SlotOut {
                    start: hhmm(s),
                    end: hhmm(s.saturating_add(step)),
                    free,
                })
            })
            .collect();
        if slots.is_empty() {
            continue;
        }
        out.push(DayOut {
            date: crate::date::format(date),
            weekday: weekday_name(date.weekday()),
            kind: cal.kind(date),
            special: special.cloned(),
            extended,
            free: free_day,
            slots,
        });
    }
    Ok(SlotsOut {
        registry: reg.id.clone(),
        name: reg.name.clone(),
        from: crate::date::format(from),
        to: crate::date::format(last),
        days: out,
        unknown_years,
    })
}

/// Reads an appointment given as `YYYY-MM-DDTHH:MM`.
pub fn parse_taken(s: &str) -> Option<Taken> {
    let (d, t) = s.split_once('T')?;
    let date = crate::date::parse(d)?;
    Some(Taken {
        date,
        start: crate::calendar::parse_hhmm(t)?,
    })
}

/// The result as readable lines, one bookable day a line.
pub fn render(s: &SlotsOut, zh: bool) -> String {
    let mut out = format!(
        "{} {} → {}\n",
        if zh { &s.name.zh } else { &s.name.en },
        s.from,
        s.to
    );
    for d in &s.days {
        let kind = match d.kind {
            DayKind::Working => "",
            DayKind::MakeUpWorking => {
                if zh {
                    " 调休上班日"
                } else {
                    " make-up working day"
                }
            }
            DayKind::Weekend => {
                if zh {
                    " 周末"
                } else {
                    " weekend"
                }
            }
            DayKind::Holiday => {
                if zh {
                    " 节假日"
                } else {
                    " holiday"
                }
            }
        };
        let special = d
            .special
            .as_ref()
            .map(|t| format!(" {}", if zh { &t.zh } else { &t.en }))
            .unwrap_or_default();
        let times: Vec<String> = d.slots.iter().map(|x| x.start.clone()).collect();
        out.push_str(&format!(
            "{} {}{kind}{special}  {} {}: {}\n",
            d.date,
            d.weekday,
            d.free,
            if zh { "个名额" } else { "places" },
            times.join(" ")
        ));
    }
    if !s.unknown_years.is_empty() {
        out.push_str(&format!(
            "{}: {:?}\n",
            if zh {
                "以下年份没有节假日安排数据，仅按周末计算"
            } else {
                "no holiday arrangement known for"
            },
            s.unknown_years
        ));
    }
    out
}

/// A booking request a portal can submit: who, where, when, the pre-check result and the
/// documents to bring. The engine only builds it; the portal sends it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BookingRequest {
    /// `marriage_registration` or `divorce_registration`.
    pub service: String,
    /// Registry id.
    pub registry: String,
    /// Registry name.
    pub registry_name: Text,
    /// Day, `YYYY-MM-DD`.
    pub date: String,
    /// Slot start, `HH:MM`.
    pub start: String,
    /// Slot end, `HH:MM`.
    pub end: String,
    /// The parties (id, sex, date of birth) as given.
    pub parties: Vec<Party>,
    /// The pre-check on the day of the appointment.
    pub precheck: crate::result::ProgramResult,
    /// Documents to bring.
    pub documents: Vec<Text>,
    /// Content hash of the rules used.
    pub rules_version: String,
}

/// A party of a booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Id.
    pub id: String,
    /// Sex, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    /// Date of birth, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
}

/// What to book.
#[derive(Clone, Debug)]
pub struct Booking<'a> {
    /// `marriage_registration` or `divorce_registration`.
    pub service: &'a str,
    /// Registry id.
    pub registry: &'a str,
    /// Day.
    pub date: Date,
    /// Slot start, minutes after midnight.
    pub start: u16,
    /// Appointments already taken.
    pub taken: &'a [Taken],
}

impl crate::engine::Engine {
    /// Builds a booking request for a free slot; the pre-check is assessed as on the appointment
    /// day. Fails, naming the field, when the slot is not bookable or the service unknown.
    pub fn booking_request(
        &self,
        hh: &crate::facts::Household,
        b: &Booking<'_>,
    ) -> Result<BookingRequest, crate::error::Error> {
        use crate::error::Error;
        if b.service != "marriage_registration" && b.service != "divorce_registration" {
            return Err(Error::Input(InputError::new(
                "bad_value",
                "service",
                "service must be marriage_registration or divorce_registration",
            )));
        }
        let cal = self.calendar();
        let found = search(cal, b.registry, b.date, 1, b.taken).map_err(Error::Input)?;
        let start = hhmm(b.start);
        let slot = found
            .days
            .first()
            .and_then(|d| d.slots.iter().find(|s| s.start == start))
            .ok_or_else(|| {
                Error::Input(InputError::new(
                    "slot_unavailable",
                    "slot",
                    format!(
                        "{} {start} is not a free slot at this registry",
                        crate::date::format(b.date)
                    ),
                ))
            })?;
        let opts = crate::engine::Options {
            trace: false,
            topic: Some(crate::engine::Topic::Marriage),
        };
        let a = self.assess(hh, b.date, opts)?;
        let precheck = a
            .programs
            .into_iter()
            .find(|p| p.id == b.service)
            .ok_or_else(|| {
                Error::Input(InputError::new(
                    "bad_value",
                    "service",
                    "the rules for this place have no such service",
                ))
            })?;
        let parties = hh
            .members
            .iter()
            .flatten()
            .map(|p| Party {
                id: p.id.to_string(),
                sex: p.sex().map(|s| s.name()),
                birth_date: p.birth_date().map(crate::date::format),
            })
            .collect();
        Ok(BookingRequest {
            service: b.service.to_string(),
            registry: found.registry,
            registry_name: found.name,
            date: crate::date::format(b.date),
            start: slot.start.clone(),
            end: slot.end.clone(),
            parties,
            documents: precheck.documents.clone(),
            precheck,
            rules_version: a.rules_version.into(),
        })
    }
}

/// The parameter of the rules saying whether any marriage registry in the country may register
/// a couple (全国通办), rather than only one where a party's household is registered.
pub const REGISTRY_ANYWHERE: &str = "marriage_registry_anywhere";

/// Which registries the law lets a couple use on a date, as the rules say.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anywhere {
    /// Any registry in the country may register the couple.
    pub anywhere: bool,
    /// The text that says so, as results cite it (null when the rules say nothing for the date).
    pub citation: Option<crate::result::Citation>,
}

impl crate::engine::Engine {
    /// Whether the rules of `region` (the national ones when `None`) in force on `date` let a
    /// couple register at any registry in the country ([`REGISTRY_ANYWHERE`]): the booking
    /// page offers every registry then, and otherwise only those of the household's region.
    pub fn registry_anywhere(
        &self,
        region: Option<&str>,
        date: Date,
    ) -> Result<Anywhere, crate::error::Error> {
        let rules = self.rules(region)?;
        let value = rules
            .params
            .iter()
            .find(|p| p.id == REGISTRY_ANYWHERE)
            .and_then(|p| p.at(date));
        Ok(Anywhere {
            anywhere: value.is_some_and(|v| v.value == crate::value::Value::Bool(true)),
            citation: value.map(|v| crate::compile::shown::citation(&rules.sources, &v.cite)),
        })
    }
}
