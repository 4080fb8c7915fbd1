//! Households from CSV, one row per member, as `huimin batch --csv` reads them (README "Batch
//! runs"): rows of one household are consecutive and share the `household` column; the other
//! columns are the catalogue's ([`crate::catalogue::FACTS`], `csv`), in any order. An empty
//! cell leaves the fact unknown, except in `income.*` columns, where it is no income of that
//! kind; `none` in a list column gives an empty list. Each household becomes the JSON document
//! the JSON Lines input takes, so both are validated alike.
//!
//! [`Columns`] turns rows into documents (the CLI streams its rows with the `csv` crate and
//! hands them here); [`households`] reads a whole CSV text (the studio, which has the file in
//! memory) with a small reader of its own, so the studio's package needs no CSV crate.

use crate::catalogue::{Fact, Scope, Type, FACTS};
use crate::error::InputError;
use crate::Error;
use serde_json::{json, Map, Value};

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

/// The header row of a household CSV: turns a household's rows into its JSON document.
#[derive(Clone, Debug)]
pub struct Columns {
    headers: Vec<String>,
}

impl Columns {
    /// Columns named by the header row (each name trimmed).
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Columns {
        Columns {
            headers: headers
                .iter()
                .map(|h| h.as_ref().trim().to_string())
                .collect(),
        }
    }

    /// A row's non-empty cell in the column `name`.
    pub fn cell<'r, S: AsRef<str>>(&self, row: &'r [S], name: &str) -> Option<&'r str> {
        let i = self.headers.iter().position(|h| h == name)?;
        row.get(i)
            .map(|v| v.as_ref().trim())
            .filter(|v| !v.is_empty())
    }

    /// The household id of a row (its `household` cell).
    pub fn household_id<S: AsRef<str>>(&self, row: &[S]) -> Option<String> {
        self.cell(row, "household").map(str::to_string)
    }

    /// The JSON document of a household from its rows (household facts from the first).
    pub fn household<S: AsRef<str>>(&self, rows: &[&[S]]) -> Result<Value, Error> {
        let Some(first) = rows.first() else {
            return Err(bad("a household without rows".into()));
        };
        let mut members = Vec::new();
        for row in rows {
            members.push(self.member(row)?);
        }
        let mut hh = Map::new();
        for f in FACTS.iter().filter(|f| f.scope == Scope::Household) {
            if let Some(v) = self.fact(first, f)? {
                insert(&mut hh, f.name, v);
            }
        }
        hh.insert("members".into(), Value::Array(members));
        Ok(Value::Object(hh))
    }

    fn member<S: AsRef<str>>(&self, row: &[S]) -> Result<Value, Error> {
        let mut m = Map::new();
        for f in FACTS.iter().filter(|f| f.scope == Scope::Person) {
            if let Some(v) = self.fact(row, f)? {
                m.insert(f.field().into(), v);
            }
        }
        Ok(Value::Object(m))
    }

    /// The JSON value of a catalogued fact from its columns (`None`: not given).
    fn fact<S: AsRef<str>>(&self, row: &[S], f: &Fact) -> Result<Option<Value>, Error> {
        match f.ty {
            Type::Certificate => return self.certificate(row, f),
            Type::Income => return Ok(f.csv.first().and_then(|p| self.income(row, p))),
            Type::Local => return Ok(f.csv.first().and_then(|p| self.local(row, p))),
            _ => {}
        }
        let Some(col) = f.csv.first() else {
            return Ok(None);
        };
        let Some(v) = self.cell(row, col) else {
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
    fn certificate<S: AsRef<str>>(&self, row: &[S], f: &Fact) -> Result<Option<Value>, Error> {
        let (Some(kind_col), Some(grade_col)) = (f.csv.first(), f.csv.get(1)) else {
            return Ok(None);
        };
        match (self.cell(row, kind_col), self.cell(row, grade_col)) {
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
    fn income<S: AsRef<str>>(&self, row: &[S], prefix: &str) -> Option<Value> {
        let mut income = Map::new();
        let mut any = false;
        for (i, h) in self.headers.iter().enumerate() {
            if let Some(cat) = h.strip_prefix(prefix) {
                any = true;
                if let Some(v) = row
                    .get(i)
                    .map(|v| v.as_ref().trim())
                    .filter(|v| !v.is_empty())
                {
                    income.insert(cat.into(), json!(v));
                }
            }
        }
        any.then_some(Value::Object(income))
    }

    /// Facts the region's packs add, from the `<prefix><name>` columns (`local.dibao_class`,
    /// `member.local.severe_unemployed`): `true`/`false` as truth values, the rest as text
    /// (checked against the region's rules when assessed); blank cells are unknown.
    fn local<S: AsRef<str>>(&self, row: &[S], prefix: &str) -> Option<Value> {
        let mut out = Map::new();
        for (i, h) in self.headers.iter().enumerate() {
            let Some(name) = h.strip_prefix(prefix) else {
                continue;
            };
            if let Some(v) = row
                .get(i)
                .map(|v| v.as_ref().trim())
                .filter(|v| !v.is_empty())
            {
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
}

/// The records of a CSV text (RFC 4180: `,` between cells, `"` quoting, `""` a quote inside
/// one, CRLF or LF between records; a leading byte-order mark dropped), each with the line it
/// starts on. Blank lines are skipped. An unterminated quote is an error naming its line.
pub fn records(text: &str) -> Result<Vec<(u64, Vec<String>)>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line: u64 = 1;
    let mut start: u64 = 1;
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line = line.saturating_add(1);
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
                at_start = false;
            }
            ',' => {
                row.push(std::mem::take(&mut cell));
                at_start = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if !(at_start && cell.trim().is_empty()) {
                    row.push(std::mem::take(&mut cell));
                    out.push((start, std::mem::take(&mut row)));
                }
                cell.clear();
                line = line.saturating_add(1);
                start = line;
                at_start = true;
            }
            c => {
                cell.push(c);
                if !c.is_whitespace() {
                    at_start = false;
                }
            }
        }
    }
    if quoted {
        return Err(bad(format!(
            "line {start}: a quoted cell is not closed by the end of the file"
        )));
    }
    if !(at_start && cell.trim().is_empty()) {
        row.push(cell);
        out.push((start, row));
    }
    Ok(out)
}

/// One household read from CSV: the line its first row is on, and its id and JSON document, or
/// why it cannot be read.
pub type CsvHousehold = (u64, Result<(Option<String>, Value), Error>);

/// Every household of a CSV text with a header row. A row whose number of cells differs from
/// the header's is an error for its household, as the CLI's reader refuses it.
pub fn households(text: &str) -> Result<Vec<CsvHousehold>, Error> {
    let mut recs = records(text)?.into_iter();
    let Some((_, header)) = recs.next() else {
        return Err(bad("the file is empty: no header row".into()));
    };
    let cols = Columns::new(&header);
    if cols.cell(&header, "household").is_none() {
        return Err(bad(
            "no `household` column in the header row (the columns of `huimin batch --csv`)".into(),
        ));
    }
    let width = header.len();
    let mut out: Vec<CsvHousehold> = Vec::new();
    let mut group: Vec<(u64, Vec<String>)> = Vec::new();
    let flush = |group: &mut Vec<(u64, Vec<String>)>, out: &mut Vec<CsvHousehold>| {
        let Some((first, row)) = group.first() else {
            return;
        };
        let id = cols.household_id(row);
        let rows: Vec<&[String]> = group.iter().map(|(_, r)| r.as_slice()).collect();
        let doc = match group.iter().find(|(_, r)| r.len() != width) {
            Some((n, r)) => Err(bad(format!(
                "line {n} has {} cells; the header row has {width}",
                r.len()
            ))),
            None => cols.household(&rows),
        };
        out.push((*first, doc.map(|d| (id, d))));
        group.clear();
    };
    for (n, row) in recs {
        let same = group.first().is_some_and(|(_, r)| {
            cols.household_id(r).is_some() && cols.household_id(r) == cols.household_id(&row)
        });
        if !same {
            flush(&mut group, &mut out);
        }
        group.push((n, row));
    }
    flush(&mut group, &mut out);
    Ok(out)
}
