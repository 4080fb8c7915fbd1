//! Households from CSV, one row per member; rows of one household are consecutive and share the
//! `household` column. The columns are the catalogue's ([`huimin::catalogue::FACTS`], `csv`), in
//! any order, all but `household` optional:
//!
//! - household-level, read from a household's first row: `household` (id), `region`, `hukou`,
//!   `deposits`, `homes`, `vehicles` (kinds separated by `;`), `hardships` (`;`-separated);
//! - member-level: `member` (id), `relation`, `sex`, `birth_date`, `disability_kind` (`none`
//!   for no certificate), `disability_grade`, `adl_failed`, `serious_illness` (`true`/`false`),
//!   `status` and `receives` (`;`-separated), `lost_contact_since` and `detained_since` (a date,
//!   or `none`), `marital_status`, and `income.<category>` for each income category
//!   (`income.wage`, `income.farming`, ...).
//!
//! An empty cell leaves the fact unknown, except in `income.*` columns, where it is no income
//! of that kind; `none` in a list column gives an empty list. Each household becomes the same JSON document the
//! JSON Lines input takes, so both are validated alike.

use super::batch::Line;
use huimin::catalogue::{Fact, Scope, Type, FACTS};
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

/// Sets `v` at a dotted path (`assets.deposits`), making the objects on the way.
fn insert(obj: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        Some((head, rest)) => {
            let inner = obj
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                insert(m, rest, v);
            }
        }
        None => {
            obj.insert(path.into(), v);
        }
    }
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
        for f in FACTS.iter().filter(|f| f.scope == Scope::Person) {
            if let Some(v) = self.fact(rec, f)? {
                m.insert(f.field().into(), v);
            }
        }
        Ok(Value::Object(m))
    }

    /// The JSON value of a catalogued fact from its columns (`None`: not given).
    fn fact(&self, rec: &csv::StringRecord, f: &Fact) -> Result<Option<Value>, Error> {
        match f.ty {
            Type::Certificate => return self.certificate(rec, f),
            Type::Income => return Ok(f.csv.first().and_then(|p| self.income(rec, p))),
            Type::Local => return Ok(f.csv.first().and_then(|p| self.local(rec, p))),
            _ => {}
        }
        let Some(col) = f.csv.first() else {
            return Ok(None);
        };
        let Some(v) = self.cell(rec, col) else {
            return Ok(None);
        };
        if f.null_is_none && v == "none" {
            return Ok(Some(Value::Null));
        }
        Ok(Some(match f.ty {
            Type::Bool => match v {
                "true" => json!(true),
                "false" => json!(false),
                _ => return Err(bad(format!("{col} \"{v}\" is not true or false"))),
            },
            Type::Count(_) => json!(v
                .parse::<u32>()
                .map_err(|_| bad(format!("{col} \"{v}\" is not a count")))?),
            Type::Set => list(v),
            Type::Vehicles => match list(v) {
                Value::Array(kinds) => {
                    Value::Array(kinds.into_iter().map(|k| json!({ "kind": k })).collect())
                }
                other => other,
            },
            _ => json!(v),
        }))
    }

    /// A disability certificate from its kind and grade columns (`none` for no certificate).
    fn certificate(&self, rec: &csv::StringRecord, f: &Fact) -> Result<Option<Value>, Error> {
        let (Some(kind_col), Some(grade_col)) = (f.csv.first(), f.csv.get(1)) else {
            return Ok(None);
        };
        match (self.cell(rec, kind_col), self.cell(rec, grade_col)) {
            (Some("none"), _) => Ok(Some(Value::Null)),
            (Some(kind), Some(grade)) => {
                let g: u8 = grade
                    .parse()
                    .map_err(|_| bad(format!("{grade_col} \"{grade}\" is not 1–4")))?;
                Ok(Some(json!({ "kind": kind, "grade": g })))
            }
            (Some(_), None) => Err(bad(format!("{kind_col} without {grade_col}"))),
            (None, _) => Ok(None),
        }
    }

    /// Income from the `<prefix><category>` columns (`income.wage`): with any in the file, blank
    /// cells are no income of that kind.
    fn income(&self, rec: &csv::StringRecord, prefix: &str) -> Option<Value> {
        let headers = self.headers.as_ref()?;
        let mut income = Map::new();
        let mut any = false;
        for (i, h) in headers.iter().enumerate() {
            if let Some(cat) = h.strip_prefix(prefix) {
                any = true;
                if let Some(v) = rec.get(i).filter(|v| !v.is_empty()) {
                    income.insert(cat.into(), json!(v));
                }
            }
        }
        any.then_some(Value::Object(income))
    }

    /// Facts the region's packs add, from the `<prefix><name>` columns (`local.dibao_class`,
    /// `member.local.severe_unemployed`): `true`/`false` as truth values, the rest as text
    /// (checked against the region's rules when assessed); blank cells are unknown.
    fn local(&self, rec: &csv::StringRecord, prefix: &str) -> Option<Value> {
        let headers = self.headers.as_ref()?;
        let mut out = Map::new();
        for (i, h) in headers.iter().enumerate() {
            let Some(name) = h.strip_prefix(prefix) else {
                continue;
            };
            if let Some(v) = rec.get(i).filter(|v| !v.is_empty()) {
                let v = match v {
                    "true" => json!(true),
                    "false" => json!(false),
                    _ => json!(v),
                };
                out.insert(name.into(), v);
            }
        }
        (!out.is_empty()).then_some(Value::Object(out))
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
        for f in FACTS.iter().filter(|f| f.scope == Scope::Household) {
            match self.fact(&first, f) {
                Ok(Some(v)) => insert(&mut hh, f.name, v),
                Ok(None) => {}
                Err(e) => return Some(Err((first_no, e))),
            }
        }
        hh.insert("members".into(), Value::Array(members));
        Some(Ok(Line {
            number: first_no,
            text: Value::Object(hh).to_string(),
            id,
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// A cell for each of a fact's columns.
    fn cells(f: &Fact) -> Vec<(String, String)> {
        let w = f.vocabulary.first().copied().unwrap_or("");
        let one = |v: &str| {
            f.csv
                .iter()
                .map(|c| (c.to_string(), v.to_string()))
                .collect()
        };
        match f.ty {
            Type::Certificate => vec![(f.csv[0].into(), w.into()), (f.csv[1].into(), "2".into())],
            Type::Income => vec![(format!("{}{w}", f.csv[0]), "300".into())],
            Type::Code => one("220723"),
            Type::Id => one("a"),
            Type::Bool => one("true"),
            Type::Count(_) => one("1"),
            Type::Money => one("1200.50"),
            Type::Date => one("2000-02-29"),
            Type::Set | Type::Vehicles => one(&format!("{w};none")),
            Type::Local => vec![(format!("{}x", f.csv[0]), "true".into())],
            Type::Symbol | Type::People => one(w),
        }
    }

    /// Every catalogued CSV column is read into the fact it names, and the document parses.
    #[test]
    fn every_catalogued_column_is_read() {
        let mut cols = vec![("household".to_string(), "h1".to_string())];
        for f in FACTS {
            cols.extend(cells(f));
        }
        let header: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
        let row: Vec<&str> = cols.iter().map(|(_, v)| v.as_str()).collect();
        let text = format!("{}\n{}\n", header.join(","), row.join(","));
        let mut households = CsvHouseholds::new(std::io::Cursor::new(text.into_bytes()));
        let mut read = 0;
        let line = households.next_household(&mut read).unwrap().unwrap();
        let doc: Value = serde_json::from_str(&line.text).unwrap();
        for f in FACTS.iter().filter(|f| !f.csv.is_empty()) {
            let at = match f.scope {
                Scope::Person => format!("/members/0/{}", f.field()),
                _ => format!("/{}", f.name.replace('.', "/")),
            };
            assert!(
                doc.pointer(&at).is_some(),
                "{}: nothing at {at} in {doc}",
                f.name
            );
        }
        huimin::parse_household(&line.text).unwrap();
        // `none` is null where null means none.
        let text = "household,member,lost_contact_since,disability_kind\nh,a,none,none\n";
        let mut households = CsvHouseholds::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let line = households.next_household(&mut read).unwrap().unwrap();
        let doc: Value = serde_json::from_str(&line.text).unwrap();
        assert_eq!(doc["members"][0]["lost_contact_since"], Value::Null);
        assert!(doc["members"][0]
            .as_object()
            .unwrap()
            .contains_key("disability"));
    }
}
