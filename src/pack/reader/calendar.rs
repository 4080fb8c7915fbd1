//! Reads `calendar.toml` (holiday arrangements by year, special days) and `registries.toml`
//! (marriage registries) into [`Calendar`], with the same strictness and error positions as
//! rule files.

use super::Diag;
use super::{Reader, V};
use crate::calendar::{
    parse_span, parse_weekday, Calendar, Holiday, Registry, Span, SpecialDay, Weekly, Year,
};
use toml::de::{DeTable, DeValue};

fn plain_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

impl Reader<'_> {
    /// Reads `calendar.toml` into `cal`.
    pub fn read_calendar(file: u32, text: &str, cal: &mut Calendar, diags: &mut Vec<Diag>) {
        let mut r = Reader { file, diags };
        let Some(parsed) = r.parse(text) else { return };
        let root = parsed.get_ref();
        r.keys(root, &["sources", "years", "special_days"]);
        for (k, v) in root.iter() {
            match k.get_ref().as_ref() {
                "sources" => r.each(v, |r, id, v| r.source(id, v).map(|s| cal.sources.push(s))),
                "years" => {
                    let Some(t) = r.table(v) else { continue };
                    for (y, v) in t.iter() {
                        match y.get_ref().parse::<i32>() {
                            Ok(year) if (1949..=2100).contains(&year) => {
                                if let Some(decl) = r.year(year, v) {
                                    cal.years.insert(year, decl);
                                }
                            }
                            _ => r.err(
                                "bad_value",
                                y.span().start,
                                format!("`{}` is not a year", y.get_ref()),
                            ),
                        }
                    }
                }
                "special_days" => {
                    let Some(t) = r.table(v) else { continue };
                    for (id, v) in t.iter() {
                        if !plain_id(id.get_ref()) {
                            r.err(
                                "syntax_error",
                                id.span().start,
                                format!("`{}` is not a valid id", id.get_ref()),
                            );
                            continue;
                        }
                        if let Some(s) = r.special_day(id.get_ref(), v) {
                            cal.special_days.insert(s.id.clone(), s);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads `registries.toml` into `cal`.
    pub fn read_registries(file: u32, text: &str, cal: &mut Calendar, diags: &mut Vec<Diag>) {
        let mut r = Reader { file, diags };
        let Some(parsed) = r.parse(text) else { return };
        let root = parsed.get_ref();
        r.keys(root, &["sources", "registries"]);
        for (k, v) in root.iter() {
            match k.get_ref().as_ref() {
                "sources" => r.each(v, |r, id, v| r.source(id, v).map(|s| cal.sources.push(s))),
                "registries" => r.each(v, |r, id, v| {
                    r.registry(id.get_ref(), id.span().start, v)
                        .map(|reg| cal.registries.insert(reg.id.clone(), reg))
                }),
                _ => {}
            }
        }
    }

    fn dates(&mut self, v: &V<'_>) -> Vec<time::Date> {
        let mut out = Vec::new();
        if let Some(list) = self.array(v) {
            for d in list {
                if let Some(d) = self.date(d) {
                    out.push(d);
                }
            }
        }
        out
    }

    fn year(&mut self, year: i32, v: &V<'_>) -> Option<Year> {
        let t = self.table(v)?;
        self.keys(t, &["source", "unverified", "holidays", "workdays"]);
        let span = v.span();
        let source = self
            .required(t, "source", &span)
            .and_then(|v| self.string(v));
        let mut out = Year {
            source: source?,
            unverified: self.opt_string(t, "unverified"),
            ..Year::default()
        };
        if let Some(list) = Self::get(t, "holidays").and_then(|v| self.array(v)) {
            for h in list {
                let Some(ht) = self.table(h) else { continue };
                self.keys(ht, &["name", "from", "to"]);
                let hs = h.span();
                let name = self.required(ht, "name", &hs).and_then(|v| self.text(v));
                let from = self.required(ht, "from", &hs).and_then(|v| self.date(v));
                let to = self.required(ht, "to", &hs).and_then(|v| self.date(v));
                if let (Some(name), Some(from), Some(to)) = (name, from, to) {
                    if to < from || (from.year() != year && to.year() != year) {
                        self.err(
                            "bad_value",
                            hs.start,
                            format!("holiday {from} to {to} does not fit the year {year}"),
                        );
                    }
                    out.holidays.push(Holiday { name, from, to });
                }
            }
        }
        if let Some(w) = Self::get(t, "workdays") {
            let at = w.span().start;
            out.workdays = self.dates(w);
            for d in &out.workdays {
                if out.holidays.iter().any(|h| h.from <= *d && *d <= h.to) {
                    self.err(
                        "bad_value",
                        at,
                        format!("make-up working day {d} falls inside a holiday"),
                    );
                }
            }
        }
        Some(out)
    }

    fn special_day(&mut self, id: &str, v: &V<'_>) -> Option<SpecialDay> {
        let t = self.table(v)?;
        self.keys(t, &["name", "dates", "source", "article", "unsourced"]);
        let span = v.span();
        let name = self.required(t, "name", &span).and_then(|v| self.text(v));
        let dates = self
            .required(t, "dates", &span)
            .map(|v| self.dates(v))
            .unwrap_or_default();
        let cite = self.cite(t, &span);
        Some(SpecialDay {
            id: id.to_string(),
            name: name?,
            dates,
            cite,
        })
    }

    fn spans(&mut self, v: &V<'_>) -> Vec<Span> {
        let mut out = Vec::new();
        if let Some(list) = self.array(v) {
            for s in list {
                let at = s.span().start;
                if let Some(text) = self.string(s) {
                    match parse_span(&text) {
                        Some(span) => out.push(span),
                        None => self.err(
                            "bad_value",
                            at,
                            format!("\"{text}\" is not hours such as \"08:30-11:30\""),
                        ),
                    }
                }
            }
        }
        out
    }

    fn strings(&mut self, v: &V<'_>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(list) = self.array(v) {
            for s in list {
                if let Some(s) = self.string(s) {
                    out.push(s);
                }
            }
        }
        out
    }

    fn count(&mut self, t: &DeTable<'_>, key: &str, at: usize, max: i64) -> Option<i64> {
        let v = self.required(t, key, &(at..at))?;
        let n = self.integer(v)?;
        if !(1..=max).contains(&n) {
            self.err(
                "bad_value",
                v.span().start,
                format!("`{key}` must be 1 to {max}"),
            );
            return None;
        }
        Some(n)
    }

    fn registry(&mut self, id: &str, at: usize, v: &V<'_>) -> Option<Registry> {
        let t = self.table(v)?;
        const KEYS: &[&str] = &[
            "name",
            "region",
            "address",
            "weekly",
            "slot_minutes",
            "daily_quota",
            "special_days",
            "extended_hours",
            "holiday_registration",
            "services",
            "weekly_source",
            "quota_source",
            "special_days_source",
            "extended_hours_source",
            "holiday_registration_source",
            "address_source",
        ];
        self.keys(t, KEYS);
        let span = v.span();
        let name = self.required(t, "name", &span).and_then(|v| self.text(v));
        let region = self
            .required(t, "region", &span)
            .and_then(|v| self.string(v));
        if let Some(r) = &region {
            if !crate::pack::valid_region(r) {
                self.err(
                    "bad_region",
                    span.start,
                    format!("\"{r}\" is not a six-digit GB/T 2260 code"),
                );
            }
        }
        let mut weekly = Vec::new();
        if let Some(list) = self
            .required(t, "weekly", &span)
            .and_then(|v| self.array(v))
        {
            for w in list {
                let Some(wt) = self.table(w) else { continue };
                self.keys(wt, &["days", "open"]);
                let ws = w.span();
                let mut days = Vec::new();
                if let Some(d) = self.required(wt, "days", &ws) {
                    let at = d.span().start;
                    for s in self.strings(d) {
                        match parse_weekday(&s) {
                            Some(day) => days.push(day),
                            None => self.err(
                                "bad_value",
                                at,
                                format!("\"{s}\" is not a weekday (mon … sun)"),
                            ),
                        }
                    }
                }
                let open = self
                    .required(wt, "open", &ws)
                    .map(|v| self.spans(v))
                    .unwrap_or_default();
                weekly.push(Weekly { days, open });
            }
        }
        let slot_minutes = self.count(t, "slot_minutes", span.start, 240);
        let daily_quota = self.count(t, "daily_quota", span.start, 10_000);
        let mut extended_hours = None;
        if let Some(e) = Self::get(t, "extended_hours") {
            match e.get_ref() {
                DeValue::Table(et) => {
                    self.keys(et, &["open", "on"]);
                    extended_hours = Self::get(et, "open").map(|v| self.spans(v));
                }
                _ => extended_hours = Some(self.spans(e)),
            }
        }
        let mut cites = crate::table::Table::new();
        for key in KEYS.iter().filter(|k| k.ends_with("_source")) {
            if let Some(c) = Self::get(t, key) {
                let cs = c.span();
                if let Some(ct) = self.table(c) {
                    self.keys(ct, &["source", "article", "unsourced"]);
                    if let Some(cite) = self.cite(ct, &cs) {
                        cites.insert(key.trim_end_matches("_source").to_string(), cite);
                    }
                }
            }
        }
        let special_days = Self::get(t, "special_days")
            .map(|v| self.strings(v))
            .unwrap_or_default();
        let services = Self::get(t, "services")
            .map(|v| self.strings(v))
            .unwrap_or_default();
        let holiday_registration = Self::get(t, "holiday_registration")
            .and_then(|v| self.boolean(v))
            .unwrap_or(false);
        Some(Registry {
            id: id.to_string(),
            name: name?,
            region: region?,
            address: self.opt_text(t, "address"),
            weekly,
            slot_minutes: u16::try_from(slot_minutes?).ok()?,
            daily_quota: u32::try_from(daily_quota?).ok()?,
            special_days,
            extended_hours,
            holiday_registration,
            services,
            cites,
            loc: self.loc(at),
        })
    }
}
