//! Reads one TOML rule file into the pack model, collecting every error with its position
//! instead of stopping at the first.

use super::model::*;
use crate::result::Period;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::ops::Range;
use time::Date;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod calendar;
mod params;

type V<'i> = Spanned<DeValue<'i>>;

/// An error found while reading, before it is given a line and column.
#[derive(Clone, Debug)]
pub struct Diag {
    /// Stable code.
    pub code: &'static str,
    /// Message.
    pub message: String,
    /// Position.
    pub loc: Loc,
}

/// Reading state for one file.
pub struct Reader<'d> {
    file: u32,
    diags: &'d mut Vec<Diag>,
}

const TOP_KEYS: &[&str] = &[
    "pack",
    "sources",
    "facts",
    "words",
    "parameters",
    "household",
    "member",
    "supporter",
    "vehicle",
    "programs",
    "questions",
    "package",
    "cases",
];

impl<'d> Reader<'d> {
    /// Reads `text` (file number `file`) into `pack`.
    pub fn read(file: u32, text: &str, pack: &mut PackDecl, diags: &'d mut Vec<Diag>) {
        let mut r = Reader { file, diags };
        let Some(parsed) = r.parse(text) else { return };
        let root = parsed.get_ref();
        r.keys(root, TOP_KEYS);
        for (k, v) in root.iter() {
            match k.get_ref().as_ref() {
                "pack" => r.pack_header(v, pack),
                "sources" => r.each(v, |r, id, v| r.source(id, v).map(|s| pack.sources.push(s))),
                "facts" => r.each(v, |r, id, v| r.fact(id, v).map(|f| pack.facts.push(f))),
                "words" => {
                    if let Some(t) = r.table(v) {
                        for (k, v) in t.iter() {
                            if let Some(w) = r.words(k, v) {
                                pack.words.push(w);
                            }
                        }
                    }
                }
                "parameters" => r.each(v, |r, id, v| {
                    r.param(id, v, pack);
                    Some(())
                }),
                "household" => r.defs(v, Scope::Household, pack),
                "member" => r.defs(v, Scope::Member, pack),
                "supporter" => r.defs(v, Scope::Supporter, pack),
                "vehicle" => r.defs(v, Scope::Vehicle, pack),
                "programs" => r.each(v, |r, id, v| {
                    r.program(id, v).map(|p| pack.programs.push(p))
                }),
                "questions" => r.each(v, |r, id, v| {
                    r.question(id, v).map(|q| pack.questions.push(q))
                }),
                "package" => {
                    if let Some(list) = r.array(v) {
                        for c in list {
                            if let Some(c) = r.package_rule(c) {
                                pack.package.push(c);
                            }
                        }
                    }
                }
                "cases" => {
                    if let Some(list) = r.array(v) {
                        for c in list {
                            if let Some(c) = r.case(c) {
                                pack.cases.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Parses the TOML text, reporting every syntax error; `None` when there was any.
    fn parse<'i>(&mut self, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
        let (root, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(root);
        }
        for e in errors {
            let at = e.span().map_or(0, |s| s.start);
            self.err("toml_syntax", at, e.message().to_string());
        }
        None
    }

    fn loc(&self, offset: usize) -> Loc {
        Loc {
            file: self.file,
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
        }
    }

    fn err(&mut self, code: &'static str, offset: usize, message: String) {
        let loc = self.loc(offset);
        self.diags.push(Diag { code, message, loc });
    }

    fn keys(&mut self, t: &DeTable<'_>, allowed: &[&str]) {
        for (k, _) in t.iter() {
            if !allowed.contains(&k.get_ref().as_ref()) {
                let msg = format!(
                    "unknown key `{}`; expected one of: {}",
                    k.get_ref(),
                    allowed.join(", ")
                );
                self.err("unknown_key", k.span().start, msg);
            }
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a V<'i>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let msg = format!("expected a table, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    fn array<'a, 'i>(&mut self, v: &'a V<'i>) -> Option<&'a [V<'i>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                let msg = format!("expected an array, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    /// Calls `f` for each `id = table` entry of a table.
    fn each<T>(
        &mut self,
        v: &V<'_>,
        mut f: impl FnMut(&mut Self, &Spanned<Cow<'_, str>>, &V<'_>) -> Option<T>,
    ) {
        if let Some(t) = self.table(v) {
            for (k, v) in t.iter() {
                if valid_id(k.get_ref()) {
                    f(self, k, v);
                } else {
                    let msg = format!(
                        "`{}` is not a valid id (lower-case letters, digits, `_`)",
                        k.get_ref()
                    );
                    self.err("syntax_error", k.span().start, msg);
                }
            }
        }
    }

    fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a V<'i>> {
        t.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    fn required<'a, 'i>(
        &mut self,
        t: &'a DeTable<'i>,
        key: &str,
        at: &Range<usize>,
    ) -> Option<&'a V<'i>> {
        let v = Self::get(t, key);
        if v.is_none() {
            self.err(
                "missing_key",
                at.start,
                format!("missing required key `{key}`"),
            );
        }
        v
    }

    fn string(&mut self, v: &V<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let msg = format!("expected a string, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    fn boolean(&mut self, v: &V<'_>) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let msg = format!("expected true or false, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    fn integer(&mut self, v: &V<'_>) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.err("bad_number", v.span().start, "integer out of range".into());
                        None
                    }
                }
            }
            other => {
                let msg = format!("expected an integer, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    /// A decimal written as a TOML integer, a TOML float (read exactly from its text) or a string.
    fn decimal(&mut self, v: &V<'_>) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            DeValue::String(s) => s.to_string(),
            other => {
                let msg = format!("expected a number, found {}", other.type_str());
                self.err("wrong_type", v.span().start, msg);
                return None;
            }
        };
        let plain = !text.is_empty()
            && text
                .bytes()
                .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'+');
        match text.parse::<Decimal>() {
            Ok(d) if plain => Some(d),
            _ => {
                let msg = format!("`{text}` is not an exact decimal (write 0.2, not 2e-1)");
                self.err("bad_number", v.span().start, msg);
                None
            }
        }
    }

    fn date(&mut self, v: &V<'_>) -> Option<Date> {
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                let d = dt.date?;
                let month = time::Month::try_from(d.month).ok()?;
                match Date::from_calendar_date(i32::from(d.year), month, d.day) {
                    Ok(date) => Some(date),
                    Err(_) => {
                        self.err(
                            "bad_date",
                            v.span().start,
                            format!("{dt} is not a calendar date"),
                        );
                        None
                    }
                }
            }
            DeValue::Datetime(dt) => {
                self.err(
                    "bad_date",
                    v.span().start,
                    format!("{dt} must be a plain date such as 2018-01-01"),
                );
                None
            }
            DeValue::String(s) => {
                let msg = match crate::date::parse(s) {
                    Some(_) => format!("write the date without quotes: {s}"),
                    None => format!("\"{s}\" is not a date such as 2018-01-01"),
                };
                self.err("wrong_type", v.span().start, msg);
                None
            }
            other => {
                let msg = format!(
                    "expected a date such as 2018-01-01, found {}",
                    other.type_str()
                );
                self.err("wrong_type", v.span().start, msg);
                None
            }
        }
    }

    fn text(&mut self, v: &V<'_>) -> Option<Text> {
        let t = self.table(v)?;
        self.keys(t, &["zh", "en"]);
        let span = v.span();
        let zh = self.required(t, "zh", &span).and_then(|v| self.string(v));
        let en = self.required(t, "en", &span).and_then(|v| self.string(v));
        Some(Text {
            zh: zh?.into(),
            en: en?.into(),
        })
    }

    fn opt_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Text> {
        Self::get(t, key).and_then(|v| self.text(v))
    }

    fn opt_string(&mut self, t: &DeTable<'_>, key: &str) -> Option<String> {
        Self::get(t, key).and_then(|v| self.string(v))
    }

    fn expr_src(&mut self, v: &V<'_>) -> Option<ExprSrc> {
        let text = self.string(v)?;
        // The expression starts after the opening quote(s).
        let start = v.span().start;
        Some(ExprSrc {
            text,
            loc: self.loc(start.saturating_add(1)),
        })
    }

    /// `source = "id"` with optional `article`, or `unsourced = "why"`.
    fn cite(&mut self, t: &DeTable<'_>, at: &Range<usize>) -> Option<CiteDecl> {
        let source = Self::get(t, "source");
        let unsourced = Self::get(t, "unsourced");
        match (source, unsourced) {
            (Some(s), None) => {
                let loc = self.loc(s.span().start);
                let source = self.string(s)?;
                let article = self.opt_string(t, "article");
                Some(CiteDecl::Source {
                    source,
                    article,
                    loc,
                })
            }
            (None, Some(u)) => {
                let note = self.string(u)?;
                if note.trim().is_empty() {
                    self.err(
                        "missing_citation",
                        u.span().start,
                        "`unsourced` must say why no source is cited".into(),
                    );
                }
                Some(CiteDecl::Unsourced { note })
            }
            (Some(_), Some(u)) => {
                self.err(
                    "duplicate",
                    u.span().start,
                    "give either `source` or `unsourced`, not both".into(),
                );
                None
            }
            (None, None) => {
                self.err(
                    "missing_citation",
                    at.start,
                    "no `source` (with `article`) and not marked `unsourced`".into(),
                );
                None
            }
        }
    }

    fn pack_header(&mut self, v: &V<'_>, pack: &mut PackDecl) {
        let Some(t) = self.table(v) else { return };
        self.keys(t, &["region", "name"]);
        let span = v.span();
        if let Some(r) = self.required(t, "region", &span) {
            let at = r.span().start;
            if let Some(code) = self.string(r) {
                if !pack.region.is_empty() && pack.region != code {
                    self.err(
                        "bad_region",
                        at,
                        format!(
                            "region \"{code}\" does not match the pack directory {}",
                            pack.region
                        ),
                    );
                }
            }
        }
        if let Some(n) = self.required(t, "name", &span).and_then(|n| self.text(n)) {
            pack.name = n;
        }
    }

    fn source(&mut self, id: &Spanned<Cow<'_, str>>, v: &V<'_>) -> Option<SourceDecl> {
        let t = self.table(v)?;
        self.keys(t, &["title", "doc_number", "publisher", "date", "url"]);
        let span = v.span();
        let title = self
            .required(t, "title", &span)
            .and_then(|v| self.string(v));
        let publisher = self
            .required(t, "publisher", &span)
            .and_then(|v| self.string(v));
        let date = self.required(t, "date", &span).and_then(|v| self.date(v));
        Some(SourceDecl {
            id: id.get_ref().to_string(),
            title: title?,
            doc_number: self.opt_string(t, "doc_number"),
            publisher: publisher?,
            date: date?,
            url: self.opt_string(t, "url"),
            loc: self.loc(id.span().start),
        })
    }

    fn raw_value(&mut self, v: &V<'_>) -> Option<RawValue> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(RawValue::Bool(*b)),
            DeValue::String(s) => Some(match fraction(s) {
                Some((n, d)) => RawValue::Frac(n, d),
                None => RawValue::Str(s.to_string()),
            }),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for i in items.iter() {
                    out.push(self.string(i)?);
                }
                Some(RawValue::List(out))
            }
            _ => self.decimal(v).map(RawValue::Num),
        }
    }

    fn defs(&mut self, v: &V<'_>, scope: Scope, pack: &mut PackDecl) {
        self.each(v, |r, id, v| {
            let (expr, text) = match v.get_ref() {
                DeValue::String(_) => (r.expr_src(v)?, None),
                _ => {
                    let t = r.table(v)?;
                    r.keys(t, &["expr", "text"]);
                    let e = r.required(t, "expr", &v.span()).and_then(|e| r.expr_src(e));
                    (e?, r.opt_text(t, "text"))
                }
            };
            pack.defs.push(DefDecl {
                id: id.get_ref().to_string(),
                scope,
                expr,
                text,
                loc: r.loc(id.span().start),
            });
            Some(())
        });
    }

    fn program(&mut self, id: &Spanned<Cow<'_, str>>, v: &V<'_>) -> Option<ProgramDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "name",
                "per",
                "discretionary",
                "criteria",
                "remove_criteria",
                "amount",
                "documents",
                "apply_at",
                "dates",
                "topic",
            ],
        );
        let per = match Self::get(t, "per") {
            None => None,
            Some(p) => match self.string(p).as_deref() {
                Some("household") => Some(Per::Household),
                Some("member") => Some(Per::Member),
                Some(other) => {
                    self.err(
                        "wrong_type",
                        p.span().start,
                        format!("`per` is \"household\" or \"member\", not \"{other}\""),
                    );
                    None
                }
                None => None,
            },
        };
        let mut criteria = Vec::new();
        if let Some(list) = Self::get(t, "criteria").and_then(|v| self.array(v)) {
            for c in list {
                if let Some(c) = self.criterion(c) {
                    criteria.push(c);
                }
            }
        }
        let mut remove_criteria = Vec::new();
        if let Some(list) = Self::get(t, "remove_criteria").and_then(|v| self.array(v)) {
            remove_criteria = list.iter().filter_map(|s| self.string(s)).collect();
        }
        let documents = Self::get(t, "documents")
            .and_then(|v| self.array(v))
            .map(|list| list.iter().filter_map(|d| self.document(d)).collect());
        Some(ProgramDecl {
            id: id.get_ref().to_string(),
            name: self.opt_text(t, "name"),
            per,
            discretionary: Self::get(t, "discretionary").and_then(|v| self.boolean(v)),
            criteria,
            remove_criteria,
            amount: Self::get(t, "amount").and_then(|v| self.amount(v)),
            documents,
            apply_at: self.opt_text(t, "apply_at"),
            dates: Self::get(t, "dates").map(|v| self.date_outputs(v)),
            topic: self.opt_string(t, "topic"),
            loc: self.loc(id.span().start),
        })
    }

    fn document(&mut self, v: &V<'_>) -> Option<DocDecl> {
        let t = self.table(v)?;
        self.keys(t, &["zh", "en", "from", "until"]);
        let span = v.span();
        let zh = self.required(t, "zh", &span).and_then(|v| self.string(v));
        let en = self.required(t, "en", &span).and_then(|v| self.string(v));
        let from = Self::get(t, "from").and_then(|v| self.date(v));
        let until = Self::get(t, "until").and_then(|v| self.date(v));
        Some(DocDecl {
            text: Text {
                zh: zh?.into(),
                en: en?.into(),
            },
            from,
            until,
        })
    }

    fn date_outputs(&mut self, v: &V<'_>) -> Vec<DateDecl> {
        let mut out = Vec::new();
        self.each(v, |r, id, v| {
            let t = r.table(v)?;
            r.keys(t, &["expr", "text"]);
            let span = v.span();
            let expr = r.required(t, "expr", &span).and_then(|e| r.expr_src(e));
            let text = r.required(t, "text", &span).and_then(|e| r.text(e));
            out.push(DateDecl {
                id: id.get_ref().to_string(),
                expr: expr?,
                text: text?,
                loc: r.loc(id.span().start),
            });
            Some(())
        });
        out
    }

    fn criterion(&mut self, v: &V<'_>) -> Option<CriterionDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "id",
                "test",
                "text",
                "source",
                "article",
                "unsourced",
                "earlier",
            ],
        );
        let span = v.span();
        let id = self.required(t, "id", &span).and_then(|v| self.string(v));
        let test = self
            .required(t, "test", &span)
            .and_then(|v| self.expr_src(v));
        let text = self.required(t, "text", &span).and_then(|v| self.text(v));
        let cite = self.cite(t, &span);
        let earlier = self.earlier(t);
        Some(CriterionDecl {
            id: id?,
            test: test?,
            text: text?,
            cite: cite?,
            earlier,
            loc: self.loc(span.start),
        })
    }

    /// `earlier = [ { until = DATE, source = "...", article = "..." } ]`: the texts a criterion
    /// or amount cites for assessment dates up to each `until`.
    fn earlier(&mut self, t: &DeTable<'_>) -> Vec<(Date, CiteDecl)> {
        let mut out = Vec::new();
        let Some(list) = Self::get(t, "earlier").and_then(|v| self.array(v)) else {
            return out;
        };
        for item in list {
            let Some(e) = self.table(item) else { continue };
            self.keys(e, &["until", "source", "article", "unsourced"]);
            let span = item.span();
            let until = self.required(e, "until", &span).and_then(|v| self.date(v));
            let cite = self.cite(e, &span);
            if let (Some(u), Some(c)) = (until, cite) {
                out.push((u, c));
            }
        }
        out
    }

    fn amount(&mut self, v: &V<'_>) -> Option<AmountDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "monthly",
                "annual",
                "once",
                "period",
                "at_least",
                "up_to",
                "floor",
                "places",
                "rounding",
                "text",
                "source",
                "article",
                "unsourced",
                "earlier",
            ],
        );
        let span = v.span();
        let monthly = Self::get(t, "monthly").and_then(|v| self.expr_src(v));
        let mut annual = Self::get(t, "annual").and_then(|v| self.expr_src(v));
        let once = Self::get(t, "once").and_then(|v| self.expr_src(v));
        let period = match Self::get(t, "period").map(|p| (p.span().start, self.string(p))) {
            None if once.is_some() => Period::Once,
            None => Period::Month,
            Some((at, p)) => match p.as_deref() {
                Some("month") => Period::Month,
                Some("year") => Period::Year,
                Some("once") => Period::Once,
                Some(other) => {
                    self.err(
                        "unknown_symbol",
                        at,
                        format!("`period` is \"month\", \"year\" or \"once\", not \"{other}\""),
                    );
                    Period::Month
                }
                None => Period::Month,
            },
        };
        match period {
            Period::Month if monthly.is_none() && annual.is_none() => self.err(
                "missing_key",
                span.start,
                "an amount needs `monthly` or `annual` (or `once` for a one-off payment)".into(),
            ),
            Period::Month if once.is_some() => self.err(
                "duplicate",
                span.start,
                "`once` is a one-off payment: give it without `monthly` or `annual`".into(),
            ),
            Period::Year if annual.is_none() || monthly.is_some() || once.is_some() => self.err(
                "missing_key",
                span.start,
                "a yearly payment (`period = \"year\"`) needs `annual` alone".into(),
            ),
            Period::Once if once.is_none() || monthly.is_some() || annual.is_some() => self.err(
                "missing_key",
                span.start,
                "a one-off payment needs `once` alone".into(),
            ),
            _ => {}
        }
        if once.is_some() {
            annual = once;
        }
        let places = match Self::get(t, "places").map(|p| (p.span().start, self.integer(p))) {
            None => 2,
            Some((at, Some(n))) if !(0..=6).contains(&n) => {
                self.err(
                    "wrong_type",
                    at,
                    format!("`places` must be 0 to 6, not {n}"),
                );
                2
            }
            Some((_, n)) => n.and_then(|n| u32::try_from(n).ok()).unwrap_or(2),
        };
        let cite = if Self::get(t, "source").is_some() || Self::get(t, "unsourced").is_some() {
            self.cite(t, &span)
        } else {
            None
        };
        Some(AmountDecl {
            monthly,
            annual,
            period,
            at_least: match Self::get(t, "at_least") {
                Some(v) => self.boolean(v).unwrap_or(false),
                None => false,
            },
            up_to: match Self::get(t, "up_to") {
                Some(v) => self.boolean(v).unwrap_or(false),
                None => false,
            },
            floor: Self::get(t, "floor").and_then(|v| self.expr_src(v)),
            places,
            rounding: self
                .opt_string(t, "rounding")
                .unwrap_or_else(|| "half_up".into()),
            text: self.opt_text(t, "text"),
            cite,
            earlier: self.earlier(t),
            loc: self.loc(span.start),
        })
    }

    /// `[[package]]`: `program` with `replaces`, or `choose_one`, with a text and a citation.
    fn package_rule(&mut self, v: &V<'_>) -> Option<PackageDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "program",
                "replaces",
                "choose_one",
                "text",
                "source",
                "article",
                "unsourced",
            ],
        );
        let span = v.span();
        let list = |r: &mut Self, key: &str| -> Option<Vec<String>> {
            let items = Self::get(t, key).and_then(|v| r.array(v))?;
            Some(items.iter().filter_map(|s| r.string(s)).collect())
        };
        let program = self.opt_string(t, "program");
        let kind = match (program, list(self, "replaces"), list(self, "choose_one")) {
            (Some(by), Some(over), None) => PackageKind::Replaces { by, over },
            (None, None, Some(programs)) => PackageKind::ChooseOne(programs),
            _ => {
                self.err(
                    "missing_key",
                    span.start,
                    "a package rule is `program` with `replaces`, or `choose_one` alone".into(),
                );
                return None;
            }
        };
        let text = self.required(t, "text", &span).and_then(|v| self.text(v));
        let cite = self.cite(t, &span);
        Some(PackageDecl {
            kind,
            text: text?,
            cite: cite?,
            loc: self.loc(span.start),
        })
    }

    fn question(&mut self, id: &Spanned<Cow<'_, str>>, v: &V<'_>) -> Option<QuestionDecl> {
        let t = self.table(v)?;
        self.keys(t, &["fact", "text", "priority", "help"]);
        let span = v.span();
        let text = self.required(t, "text", &span).and_then(|v| self.text(v));
        let priority = Self::get(t, "priority")
            .and_then(|v| self.integer(v))
            .unwrap_or(0);
        let fact = self
            .opt_string(t, "fact")
            .unwrap_or_else(|| id.get_ref().replace("__", "."));
        Some(QuestionDecl {
            fact,
            text: text?,
            priority,
            help: self.opt_text(t, "help"),
            loc: self.loc(id.span().start),
        })
    }

    fn case(&mut self, v: &V<'_>) -> Option<CaseDecl> {
        let t = self.table(v)?;
        self.keys(t, &["name", "date", "household", "set", "expect"]);
        let span = v.span();
        let name = self.required(t, "name", &span).and_then(|v| self.string(v));
        let date = self.required(t, "date", &span).and_then(|v| self.date(v));
        let household = self.required(t, "household", &span).map(to_json);
        let mut set = Vec::new();
        if let Some(s) = Self::get(t, "set").and_then(|s| self.table(s)) {
            for (id, v) in s.iter() {
                if let Some(raw) = self.raw_value(v) {
                    set.push((id.get_ref().to_string(), raw));
                }
            }
        }
        let mut expect = Vec::new();
        if let Some(e) = self
            .required(t, "expect", &span)
            .and_then(|e| self.table(e))
        {
            for (prog, ev) in e.iter() {
                if let Some(x) = self.expectation(prog.get_ref(), ev) {
                    expect.push(x);
                }
            }
        }
        Some(CaseDecl {
            set,
            name: name?,
            date: date?,
            household: household?,
            expect,
            loc: self.loc(span.start),
        })
    }

    fn expectation(&mut self, program: &str, v: &V<'_>) -> Option<ExpectDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "status",
                "monthly",
                "annual",
                "once",
                "at_least",
                "up_to",
                "floor",
                "members",
                "missing",
                "stale",
                "dates",
                "items",
                "not_taken",
                "options",
            ],
        );
        let mut dates = Vec::new();
        if let Some(m) = Self::get(t, "dates").and_then(|m| self.table(m)) {
            for (id, d) in m.iter() {
                if let Some(d) = self.date(d) {
                    dates.push((id.get_ref().to_string(), d));
                }
            }
        }
        let mut options = Vec::new();
        if let Some(m) = Self::get(t, "options").and_then(|m| self.table(m)) {
            for (value, amount) in m.iter() {
                let amount = match amount.get_ref() {
                    DeValue::String(s) if s.as_ref() == "none" => None,
                    _ => self.decimal(amount),
                };
                options.push((value.get_ref().to_string(), amount));
            }
        }
        let mut members = Vec::new();
        if let Some(m) = Self::get(t, "members").and_then(|m| self.table(m)) {
            for (id, st) in m.iter() {
                if let Some(s) = self.string(st) {
                    members.push((id.get_ref().to_string(), s));
                }
            }
        }
        let missing = match Self::get(t, "missing").and_then(|m| self.array(m)) {
            Some(list) => list.iter().filter_map(|s| self.string(s)).collect(),
            None => Vec::new(),
        };
        let mut strings = |key: &str| match Self::get(t, key).and_then(|m| self.array(m)) {
            Some(list) => list.iter().filter_map(|s| self.string(s)).collect(),
            None => Vec::new(),
        };
        let stale = strings("stale");
        let items = strings("items");
        let not_taken = strings("not_taken");
        let at_least = Self::get(t, "at_least").and_then(|v| match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => None,
        });
        let up_to = Self::get(t, "up_to").and_then(|v| match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => None,
        });
        Some(ExpectDecl {
            up_to,
            floor: Self::get(t, "floor").and_then(|v| self.decimal(v)),
            program: program.to_string(),
            status: self.opt_string(t, "status"),
            monthly: Self::get(t, "monthly").and_then(|v| self.decimal(v)),
            annual: Self::get(t, "annual").and_then(|v| self.decimal(v)),
            once: Self::get(t, "once").and_then(|v| self.decimal(v)),
            at_least,
            members,
            missing,
            stale,
            items,
            not_taken,
            options,
            dates,
            loc: self.loc(v.span().start),
        })
    }
}

/// `"1/6"`: an exact fraction of two whole numbers, the denominator not zero.
fn fraction(s: &str) -> Option<(Decimal, Decimal)> {
    let (n, d) = s.split_once('/')?;
    let whole = |x: &str| {
        let x = x.trim();
        (!x.is_empty() && x.len() <= 12 && x.bytes().all(|c| c.is_ascii_digit()))
            .then(|| x.parse::<Decimal>().ok())
            .flatten()
    };
    let (n, d) = (whole(n)?, whole(d)?);
    (!d.is_zero()).then_some((n, d))
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        && s.bytes().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// Converts a TOML value (a case's household) to JSON: dates become `YYYY-MM-DD` strings, numbers
/// stay numbers (money in households is written as strings, as in the JSON contract).
fn to_json(v: &V<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match v.get_ref() {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i
            .as_str()
            .replace('_', "")
            .parse::<i64>()
            .map(J::from)
            .unwrap_or_else(|_| J::String(i.as_str().to_string())),
        DeValue::Float(f) => J::String(f.as_str().to_string()),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(a) => J::Array(a.iter().map(to_json).collect()),
        DeValue::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| {
                    let key = k.get_ref().to_string();
                    // TOML has no null: in a case household, `"none"` for these keys is JSON
                    // null (no disability certificate, never out of contact, not detained).
                    let none = NULLABLE.contains(&key.as_str())
                        && matches!(v.get_ref(), DeValue::String(s) if s == "none");
                    (key, if none { J::Null } else { to_json(v) })
                })
                .collect(),
        ),
    }
}

/// Household keys whose JSON `null` a case writes as `"none"`.
const NULLABLE: &[&str] = &["disability", "lost_contact_since", "detained_since"];

impl Reader<'_> {
    /// Reads `regions.toml`: `[regions] "220723" = { zh = "...", en = "..." }`.
    pub fn read_regions(
        file: u32,
        text: &str,
        out: &mut std::collections::BTreeMap<String, Text>,
        diags: &mut Vec<Diag>,
    ) {
        let mut r = Reader { file, diags };
        let Some(parsed) = r.parse(text) else { return };
        let root = parsed.get_ref();
        r.keys(root, &["regions"]);
        let Some(regions) = Self::get(root, "regions").and_then(|v| r.table(v)) else {
            return;
        };
        for (code, v) in regions.iter() {
            if !super::valid_region(code.get_ref()) {
                r.err(
                    "bad_region",
                    code.span().start,
                    format!("\"{}\" is not a six-digit GB/T 2260 code", code.get_ref()),
                );
                continue;
            }
            if let Some(t) = r.text(v) {
                out.insert(code.get_ref().to_string(), t);
            }
        }
    }
}
