//! Households from CSV, one row per member; rows of one household are consecutive and share the
//! `household` column. Columns (any order, all but `household` optional):
//!
//! - household-level, read from a household's first row: `household` (id), `region`, `hukou`,
//!   `deposits`, `homes`, `vehicles` (kinds separated by `;`), `hardships` (`;`-separated);
//! - member-level: `member` (id), `relation`, `sex`, `birth_date`, `disability_kind` (`none`
//!   for no certificate), `disability_grade`, `adl_failed`, `serious_illness` (`true`/`false`),
//!   `status` and `receives` (`;`-separated), and `income.<category>` for each income category
//!   (`income.wage`, `income.farming`, ...).
//!
//! An empty cell leaves the fact unknown, except in `income.*` columns, where it is no income
//! of that kind; `none` in a list column gives an empty list. Each household becomes the same JSON document the
//! JSON Lines input takes, so both are validated alike.

use super::batch::Line;
use huimin::error::InputError;
use huimin::Error;
use serde_json::{json, Map, Value};
use std::io::Read;

/// Streams households out of a CSV reader.
pub struct CsvHouseholds {
    reader: csv::Reader<Box<dyn Read>>,
    headers: Option<Vec<String>>,
    pending: Option<(u64, csv::StringRecord)>,
    record: u64,
}

fn bad(msg: String) -> Error {
    Error::Input(InputError::new("malformed_csv", "", msg))
}

fn list(s: &str) -> Value {
    Value::Array(
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty() && *x != "none")
            .map(|x| json!(x))
            .collect(),
    )
}

impl CsvHouseholds {
    /// Reads CSV with a header row.
    pub fn new<R: Read + 'static>(r: R) -> CsvHouseholds {
        let reader = csv::ReaderBuilder::new()
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(Box::new(r) as Box<dyn Read>);
        CsvHouseholds {
            reader,
            headers: None,
            pending: None,
            record: 1,
        }
    }

    fn cell<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        let i = self.headers.as_ref()?.iter().position(|h| h == name)?;
        rec.get(i).filter(|v| !v.is_empty())
    }

    fn next_record(
        &mut self,
        read: &mut u64,
    ) -> Option<Result<(u64, csv::StringRecord), (u64, Error)>> {
        if let Some(p) = self.pending.take() {
            return Some(Ok(p));
        }
        if self.headers.is_none() {
            match self.reader.headers() {
                Ok(h) => self.headers = Some(h.iter().map(str::to_string).collect()),
                Err(e) => return Some(Err((1, bad(format!("cannot read the header row: {e}"))))),
            }
        }
        let mut rec = csv::StringRecord::new();
        match self.reader.read_record(&mut rec) {
            Ok(false) => None,
            Ok(true) => {
                self.record += 1;
                *read = rec.position().map_or(*read, |p| p.byte());
                Some(Ok((self.record, rec)))
            }
            Err(e) => {
                self.record += 1;
                Some(Err((self.record, bad(format!("{e}")))))
            }
        }
    }

    fn member(&self, rec: &csv::StringRecord) -> Result<Value, Error> {
        let mut m = Map::new();
        for (col, key) in [
            ("member", "id"),
            ("relation", "relation"),
            ("sex", "sex"),
            ("birth_date", "birth_date"),
        ] {
            if let Some(v) = self.cell(rec, col) {
                m.insert(key.into(), json!(v));
            }
        }
        match (
            self.cell(rec, "disability_kind"),
            self.cell(rec, "disability_grade"),
        ) {
            (Some("none"), _) => {
                m.insert("disability".into(), Value::Null);
            }
            (Some(kind), Some(grade)) => {
                let g: u8 = grade
                    .parse()
                    .map_err(|_| bad(format!("disability_grade \"{grade}\" is not 1–4")))?;
                m.insert("disability".into(), json!({ "kind": kind, "grade": g }));
            }
            (Some(_), None) => return Err(bad("disability_kind without disability_grade".into())),
            (None, _) => {}
        }
        if let Some(v) = self.cell(rec, "adl_failed") {
            let n: u8 = v
                .parse()
                .map_err(|_| bad(format!("adl_failed \"{v}\" is not a count")))?;
            m.insert("adl_failed".into(), json!(n));
        }
        if let Some(v) = self.cell(rec, "serious_illness") {
            let b = match v {
                "true" => true,
                "false" => false,
                _ => return Err(bad(format!("serious_illness \"{v}\" is not true or false"))),
            };
            m.insert("serious_illness".into(), json!(b));
        }
        for col in ["status", "receives"] {
            if let Some(v) = self.cell(rec, col) {
                m.insert(col.into(), list(v));
            }
        }
        let mut income = Map::new();
        for (i, h) in self.headers.iter().flatten().enumerate() {
            if let Some(cat) = h.strip_prefix("income.") {
                if let Some(v) = rec.get(i).filter(|v| !v.is_empty()) {
                    income.insert(cat.into(), json!(v));
                }
            }
        }
        // With income columns in the file, blank cells are no income of that kind.
        let has_income = self
            .headers
            .iter()
            .flatten()
            .any(|h| h.starts_with("income."));
        if has_income {
            m.insert("income".into(), Value::Object(income));
        }
        Ok(Value::Object(m))
    }

    /// The next household (`None` at the end); `read` is the byte offset reached.
    pub fn next_household(&mut self, read: &mut u64) -> Option<Result<Line, (u64, Error)>> {
        let (first_no, first) = match self.next_record(read)? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        let id = self.cell(&first, "household").map(str::to_string);
        let mut members = Vec::new();
        let mut error = None;
        let mut push = |this: &Self, rec: &csv::StringRecord, members: &mut Vec<Value>| match this
            .member(rec)
        {
            Ok(m) => members.push(m),
            Err(e) => {
                if error.is_none() {
                    error = Some(e);
                }
            }
        };
        push(self, &first, &mut members);
        loop {
            match self.next_record(read) {
                None => break,
                Some(Err(e)) => {
                    self.pending = None;
                    return Some(Err(e));
                }
                Some(Ok((no, rec))) => {
                    if self.cell(&rec, "household").map(str::to_string) != id || id.is_none() {
                        self.pending = Some((no, rec));
                        break;
                    }
                    push(self, &rec, &mut members);
                }
            }
        }
        if let Some(e) = error {
            return Some(Err((first_no, e)));
        }
        let mut hh = Map::new();
        for col in ["region", "hukou"] {
            if let Some(v) = self.cell(&first, col) {
                hh.insert(col.into(), json!(v));
            }
        }
        let mut assets = Map::new();
        if let Some(v) = self.cell(&first, "deposits") {
            assets.insert("deposits".into(), json!(v));
        }
        if let Some(v) = self.cell(&first, "homes") {
            match v.parse::<u32>() {
                Ok(n) => {
                    assets.insert("homes".into(), json!(n));
                }
                Err(_) => {
                    return Some(Err((
                        first_no,
                        bad(format!("homes \"{v}\" is not a count")),
                    )))
                }
            }
        }
        if let Some(v) = self.cell(&first, "vehicles") {
            let kinds: Vec<Value> = v
                .split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty() && *x != "none")
                .map(|k| json!({ "kind": k }))
                .collect();
            assets.insert("vehicles".into(), Value::Array(kinds));
        }
        if !assets.is_empty() {
            hh.insert("assets".into(), Value::Object(assets));
        }
        if let Some(v) = self.cell(&first, "hardships") {
            hh.insert("hardships".into(), list(v));
        }
        hh.insert("members".into(), Value::Array(members));
        Some(Ok(Line {
            number: first_no,
            text: Value::Object(hh).to_string(),
            id,
        }))
    }
}
