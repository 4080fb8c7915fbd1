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
use huimin::authoring::csv::Columns;
use huimin::error::InputError;
use huimin::Error;
use std::io::Read;

/// Streams households out of a CSV reader; the rows of each household are made into its
/// document by [`Columns`] (the library's, which the studio uses too).
pub struct CsvHouseholds {
    reader: csv::Reader<Box<dyn Read>>,
    columns: Option<Columns>,
    pending: Option<(u64, csv::StringRecord)>,
    record: u64,
}

fn bad(msg: String) -> Error {
    Error::Input(InputError::new("malformed_csv", "", msg))
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
            columns: None,
            pending: None,
            record: 1,
        }
    }

    fn id(&self, rec: &csv::StringRecord) -> Option<String> {
        let row: Vec<&str> = rec.iter().collect();
        self.columns.as_ref()?.household_id(&row)
    }

    fn next_record(
        &mut self,
        read: &mut u64,
    ) -> Option<Result<(u64, csv::StringRecord), (u64, Error)>> {
        if let Some(p) = self.pending.take() {
            return Some(Ok(p));
        }
        if self.columns.is_none() {
            match self.reader.headers() {
                Ok(h) => self.columns = Some(Columns::new(&h.iter().collect::<Vec<_>>())),
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

    /// The next household (`None` at the end); `read` is the byte offset reached.
    pub fn next_household(&mut self, read: &mut u64) -> Option<Result<Line, (u64, Error)>> {
        let (first_no, first) = match self.next_record(read)? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        let id = self.id(&first);
        let mut rows = vec![first];
        loop {
            match self.next_record(read) {
                None => break,
                Some(Err(e)) => {
                    self.pending = None;
                    return Some(Err(e));
                }
                Some(Ok((no, rec))) => {
                    if self.id(&rec) != id || id.is_none() {
                        self.pending = Some((no, rec));
                        break;
                    }
                    rows.push(rec);
                }
            }
        }
        let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().collect()).collect();
        let slices: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
        let doc = match &self.columns {
            Some(c) => c.household(&slices),
            None => Err(bad("no header row".into())),
        };
        Some(match doc {
            Ok(doc) => Ok(Line {
                number: first_no,
                text: doc.to_string(),
                id,
            }),
            Err(e) => Err((first_no, e)),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use huimin::catalogue::{Fact, Scope, Type, FACTS};
    use serde_json::Value;

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
