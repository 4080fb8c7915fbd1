//! Recording a new dated value of a parameter the way a person edits a rule file: the value is
//! appended to the parameter's `values` in the file of the place's pack that declares it (or, for
//! a parameter only an outer pack declares, to a new `[parameters.x]` in the place's own pack),
//! with a new `[sources.x]` beside the pack's other sources when the document is new. The files
//! are then read and compiled again, and whatever the engine refuses (a wrong unit, two values
//! in force on the same days, a missing source) is returned with the field of the form at fault.

use super::Files;
use crate::error::LoadError;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A new dated value, as the studio's form gives it (every field text).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Change {
    /// The place whose pack gets the value (GB/T 2260 code).
    pub place: String,
    /// Parameter id.
    pub parameter: String,
    /// The figure as published (a decimal).
    pub value: String,
    /// The unit it was published in; empty: the parameter's unit.
    pub unit: String,
    /// First day in force, `YYYY-MM-DD`.
    pub from: String,
    /// Last day it is known to be in force; empty: the source's date.
    pub known_until: String,
    /// Why the start date is assumed, when the source does not give it.
    pub assumed: String,
    /// Article, section or paragraph of the source.
    pub article: String,
    /// The source.
    pub source: SourceChoice,
}

/// The document a value cites: one the place's rules already cite, or a new one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SourceChoice {
    /// Id of a source already declared for the place; empty for a new one.
    pub existing: String,
    /// Title.
    pub title: String,
    /// Issuing body.
    pub publisher: String,
    /// 文号.
    pub doc_number: String,
    /// Date of publication, `YYYY-MM-DD`.
    pub date: String,
    /// Where to read it.
    pub url: String,
}

impl SourceChoice {
    fn is_new(&self) -> bool {
        self.existing.trim().is_empty()
            && [
                &self.title,
                &self.publisher,
                &self.doc_number,
                &self.date,
                &self.url,
            ]
            .iter()
            .any(|s| !s.trim().is_empty())
    }
}

/// A refusal, with the field of the form at fault (`value`, `unit`, `from`, `known_until`,
/// `source`, `source.title`, ..., `place`, `parameter`; empty when no field is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Field of the form.
    pub field: String,
    /// Stable code (the engine's load error codes, or `bad_date`, `bad_number`, `bad_region`).
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// Rule file, when the engine found it there.
    pub file: String,
    /// Line.
    pub line: u32,
    /// Column.
    pub column: u32,
}

/// A refusal naming the field of the form it concerns.
pub(super) fn field_error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
        file: String::new(),
        line: 0,
        column: 0,
    }
}

/// A change recorded: the files after it, and which of them it changed.
#[derive(Clone, Debug, Serialize)]
pub struct Recorded {
    /// Every rule file after the change.
    pub files: Files,
    /// The files it changed.
    pub changed: Vec<String>,
    /// The id of the source it added, if it added one.
    pub source: Option<String>,
    /// What deserves a second look but is not refused (a cut, a figure that looks like another
    /// unit's).
    pub warnings: Vec<FieldError>,
}

/// Records `change` in `files`; refused with every problem found, each naming its field.
pub fn record(files: &Files, change: &Change) -> Result<Recorded, Vec<FieldError>> {
    let form = Form::read(change)?;
    let (bundle, _) =
        crate::pack::Bundle::read(files.iter().map(|(p, t)| (p.clone(), t.clone())).collect());
    let place = change.place.trim();
    let Some(pack) = bundle.packs.get(place) else {
        return Err(vec![field_error(
            "place",
            "bad_region",
            format!("these rules have no pack for the place {place}"),
        )]);
    };
    let id = change.parameter.trim();
    let chain = bundle.chain(place);
    if !chain.iter().any(|p| p.params.iter().any(|d| d.id == id)) {
        return Err(vec![field_error(
            "parameter",
            "unknown_reference",
            format!("no pack that applies to {place} declares the parameter `{id}`"),
        )]);
    }
    // A figure in the parameter's own unit is written without one, as the rule files do.
    let own_unit = chain
        .iter()
        .flat_map(|p| p.params.iter())
        .find(|d| d.id == id && d.unit.is_some())
        .and_then(|d| d.unit.as_deref());
    let unit = Some(change.unit.trim()).filter(|u| !u.is_empty() && Some(*u) != own_unit);
    let path_of = |i: u32| bundle.files.get(i as usize).map(|f| f.path.clone());
    let main_file = pack
        .files
        .iter()
        .filter_map(|i| bundle.files.get(*i as usize))
        .find(|f| f.text.lines().any(|l| l.trim_start().starts_with("[pack]")))
        .or_else(|| {
            pack.files
                .first()
                .and_then(|i| bundle.files.get(*i as usize))
        })
        .map(|f| f.path.clone())
        .unwrap_or_else(|| format!("{place}/pack.toml"));
    // A row of a table (`x[70]`, `x[1,true]`) is recorded as a new version of the whole table.
    let row = table_row(id);
    let decl_id = row.unwrap_or(id);
    let declared = pack.params.iter().find(|d| d.id == decl_id);
    let target = declared
        .and_then(|d| path_of(d.loc.file))
        .unwrap_or_else(|| main_file.clone());

    // The source: one already declared, or a new table beside the pack's other sources.
    let mut source_id = change.source.existing.trim().to_string();
    let mut new_source = None;
    if change.source.is_new() {
        let taken: Vec<&str> = bundle
            .packs
            .values()
            .flat_map(|p| p.sources.iter().map(|s| s.id.as_str()))
            .collect();
        let day = form
            .source_date
            .as_deref()
            .unwrap_or(&form.from)
            .replace('-', "");
        let base = format!("src_{place}_{day}");
        let mut id = base.clone();
        let mut n = 1u32;
        while taken.contains(&id.as_str()) {
            n = n.saturating_add(1);
            id = format!("{base}_{n}");
        }
        let file = pack
            .sources
            .first()
            .and_then(|s| path_of(s.loc.file))
            .unwrap_or_else(|| main_file.clone());
        new_source = Some((file, source_table(&id, &change.source)));
        source_id = id;
    }

    let entry = match row {
        Some(base) => table_entry(files, place, base, id, &form, change, unit, &source_id)?,
        None => entry_text(&form, change, unit, &source_id),
    };
    let mut out = files.clone();
    let text = out.get(&target).cloned().unwrap_or_default();
    let edited = match declared {
        Some(_) => append_value(&text, decl_id, &entry)?,
        None => {
            let block = format!("[parameters.{decl_id}]\nvalues = [\n  {entry},\n]\n");
            insert_table(&text, &["parameters."], &block)
        }
    };
    out.insert(target.clone(), edited);
    let mut changed = vec![target.clone()];
    if let Some((file, block)) = &new_source {
        let text = out.get(file).cloned().unwrap_or_default();
        out.insert(
            file.clone(),
            insert_table(&text, &["sources.", "pack"], block),
        );
        if !changed.contains(file) {
            changed.push(file.clone());
        }
    }

    match super::load(&out) {
        Ok(engine) => Ok(Recorded {
            warnings: warnings(&engine, place, id, &form),
            files: out,
            changed,
            source: new_source.map(|_| source_id),
        }),
        Err(errors) => {
            let at = Inserted::find(&out, &target, &entry, new_source.as_ref());
            let mut named: Vec<FieldError> = errors.iter().map(|e| at.field_of(e)).collect();
            // A source table the engine refused is not declared either: say it once.
            if named.iter().any(|e| e.field.starts_with("source.")) {
                named.retain(|e| !(e.field == "source" && e.code == "unknown_reference"));
            }
            Err(named)
        }
    }
}

/// The form's fields that must parse before anything can be written.
struct Form {
    value: Decimal,
    from: String,
    known_until: Option<String>,
    source_date: Option<String>,
}

impl Form {
    fn read(c: &Change) -> Result<Form, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !crate::pack::valid_region(c.place.trim()) {
            errors.push(field_error(
                "place",
                "bad_region",
                "choose a place (a six-digit GB/T 2260 code)",
            ));
        }
        let id = c.parameter.trim();
        let valid_id = !id.is_empty()
            && id.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'[' | b']' | b',' | b'.' | b'-')
            })
            && id.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        if !valid_id {
            errors.push(field_error(
                "parameter",
                "unknown_reference",
                "choose a parameter",
            ));
        }
        let v = c.value.trim();
        if v.is_empty() {
            errors.push(field_error(
                "value",
                "missing_key",
                "the new value is required",
            ));
        }
        let plain = !v.is_empty()
            && v.strip_prefix('-')
                .unwrap_or(v)
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.');
        let value = plain.then(|| v.parse::<Decimal>().ok()).flatten();
        if value.is_none() && !v.is_empty() {
            errors.push(field_error(
                "value",
                "bad_number",
                format!("\"{}\" is not a number such as 450 or 37.5", clip(v)),
            ));
        }
        let date = |field: &str, s: &str, errors: &mut Vec<FieldError>| -> Option<String> {
            let s = s.trim();
            if s.is_empty() {
                errors.push(field_error(field, "missing_key", "a date is required"));
                return None;
            }
            match crate::date::parse(s) {
                Some(d) => Some(crate::date::format(d)),
                None => {
                    errors.push(field_error(
                        field,
                        "bad_date",
                        format!("\"{}\" is not a date in the form YYYY-MM-DD", clip(s)),
                    ));
                    None
                }
            }
        };
        let from = date("from", &c.from, &mut errors);
        let known_until = (!c.known_until.trim().is_empty())
            .then(|| date("known_until", &c.known_until, &mut errors))
            .flatten();
        let source_date = (c.source.is_new() && !c.source.date.trim().is_empty())
            .then(|| date("source.date", &c.source.date, &mut errors))
            .flatten();
        let url = c.source.url.trim();
        if c.source.is_new()
            && !url.is_empty()
            && !url.starts_with("https://")
            && !url.starts_with("http://")
        {
            errors.push(field_error(
                "source.url",
                "bad_value",
                "an address starts with https:// or http://",
            ));
        }
        match (value, from) {
            (Some(value), Some(from)) if errors.is_empty() => Ok(Form {
                value,
                from,
                known_until,
                source_date,
            }),
            _ => Err(errors),
        }
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value's inline table, in the order the rule files write it.
fn entry_text(form: &Form, c: &Change, unit: Option<&str>, source: &str) -> String {
    let mut parts = vec![
        format!("from = {}", form.from),
        format!("value = {}", form.value),
    ];
    if let Some(u) = unit {
        parts.push(format!("unit = {}", toml_string(u)));
    }
    if let Some(k) = &form.known_until {
        parts.push(format!("known_until = {k}"));
    }
    if !c.assumed.trim().is_empty() {
        parts.push(format!("assumed = {}", toml_string(c.assumed.trim())));
    }
    if !source.is_empty() {
        parts.push(format!("source = {}", toml_string(source)));
        if !c.article.trim().is_empty() {
            parts.push(format!("article = {}", toml_string(c.article.trim())));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

/// The table of a row's parameter id: `care[1,true]` → `care`.
fn table_row(id: &str) -> Option<&str> {
    id.strip_suffix(']')?.split_once('[').map(|(base, _)| base)
}

/// A key of a TOML table: bare when it can be, else quoted (`70`, `class_a`, `"1.5"`).
fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        k.to_string()
    } else {
        toml_string(k)
    }
}

/// Nested `rows` of a table version, in the rules' order.
#[derive(Default)]
struct Rows(Vec<(String, RowNode)>);

enum RowNode {
    Leaf(String),
    Branch(Rows),
}

impl Rows {
    fn insert(&mut self, keys: &[&str], leaf: String) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.0.push(((*first).to_string(), RowNode::Leaf(leaf)));
            return;
        }
        let at = self.0.iter().position(|(k, _)| k == first);
        let at = match at {
            Some(i) => i,
            None => {
                self.0
                    .push(((*first).to_string(), RowNode::Branch(Rows::default())));
                self.0.len().saturating_sub(1)
            }
        };
        if let Some((_, RowNode::Branch(inner))) = self.0.get_mut(at) {
            inner.insert(rest, leaf);
        }
    }

    fn text(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(k, n)| match n {
                RowNode::Leaf(v) => format!("{} = {v}", toml_key(k)),
                RowNode::Branch(r) => format!("{} = {}", toml_key(k), r.text()),
            })
            .collect();
        format!("{{ {} }}", parts.join(", "))
    }
}

/// A row's figure in force, written in the version's unit: as published when it was published
/// in that unit, else converted exactly from the table's unit (`None` when it cannot be).
fn repeated_figure(v: &crate::compile::ParamValue, table_unit: &str, unit: &str) -> Option<String> {
    if let Some((num, u)) = v.published.rsplit_once(' ') {
        if u == unit {
            if num.contains('/') {
                return Some(toml_string(num));
            }
            if num.parse::<Decimal>().is_ok() {
                return Some(num.to_string());
            }
        }
    }
    match v.value {
        crate::value::Value::Num(n) if v.frac.is_none() => {
            crate::compile::convert(n, table_unit, unit).map(|x| x.normalize().to_string())
        }
        _ => None,
    }
}

/// A new version of a whole table for a change to one of its rows: every table version must
/// give every row, so the other rows are repeated with the figure in force on the new date and
/// their own citations (`{ value = 80, source = "…", article = "…" }`); the changed row takes the
/// new figure and cites the change's source (the version's).
#[allow(clippy::too_many_arguments)]
fn table_entry(
    files: &Files,
    place: &str,
    base: &str,
    row: &str,
    form: &Form,
    c: &Change,
    unit: Option<&str>,
    source: &str,
) -> Result<String, Vec<FieldError>> {
    let engine = super::load(files).map_err(|_| {
        edit_error("the rules do not load as they are: correct them before recording a row")
    })?;
    let rules = engine
        .rules(Some(place))
        .map_err(|e| edit_error(e.to_string()))?;
    let Some(from) = crate::date::parse(&form.from) else {
        return Err(vec![field_error("from", "bad_date", "a date is required")]);
    };
    let prefix = format!("{base}[");
    let rows: Vec<&crate::compile::Param> = rules
        .params
        .iter()
        .filter(|p| p.id.starts_with(&prefix))
        .collect();
    let Some(first) = rows.first() else {
        return Err(edit_error(format!("`{base}` is not a table here")));
    };
    if !rows.iter().any(|p| p.id == row) {
        return Err(vec![field_error(
            "parameter",
            "unknown_reference",
            format!("the table `{base}` has no row `{row}`"),
        )]);
    }
    let table_unit = first.unit.as_str();
    let version_unit = unit.unwrap_or(table_unit);
    let mut tree = Rows::default();
    for p in &rows {
        let keys: Vec<&str> =
            p.id.get(prefix.len()..p.id.len().saturating_sub(1))
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .collect();
        let leaf = if p.id == row {
            form.value.to_string()
        } else {
            let Some(v) = p.at(from) else {
                return Err(vec![field_error(
                    "from",
                    "bad_date",
                    format!(
                        "the row `{}` has no figure in force on {}: a new version of the table repeats every other row's figure of that day, so it starts once every row has one",
                        p.id, form.from
                    ),
                )]);
            };
            let Some(figure) = repeated_figure(v, &p.unit, version_unit) else {
                return Err(vec![field_error(
                    "unit",
                    "unit_mismatch",
                    format!(
                        "the row `{}` ({}) cannot be written exactly in {version_unit}, the unit chosen for the whole new version: choose {table_unit}",
                        p.id, v.published
                    ),
                )]);
            };
            let cite = match &v.cite {
                crate::compile::Cite::Source { source, article } => {
                    let id = rules
                        .sources
                        .get(usize::from(*source))
                        .map_or("", |s| s.id.as_str());
                    let article = article
                        .as_deref()
                        .map(|a| format!(", article = {}", toml_string(a)))
                        .unwrap_or_default();
                    format!("source = {}{article}", toml_string(id))
                }
                crate::compile::Cite::Unsourced(note) => {
                    format!("unsourced = {}", toml_string(note))
                }
            };
            format!("{{ value = {figure}, {cite} }}")
        };
        tree.insert(&keys, leaf);
    }
    let mut parts = vec![format!("from = {}", form.from)];
    if let Some(u) = unit {
        parts.push(format!("unit = {}", toml_string(u)));
    }
    if let Some(k) = &form.known_until {
        parts.push(format!("known_until = {k}"));
    }
    if !c.assumed.trim().is_empty() {
        parts.push(format!("assumed = {}", toml_string(c.assumed.trim())));
    }
    parts.push(format!("rows = {}", tree.text()));
    if !source.is_empty() {
        parts.push(format!("source = {}", toml_string(source)));
        if !c.article.trim().is_empty() {
            parts.push(format!("article = {}", toml_string(c.article.trim())));
        }
    }
    Ok(format!("{{ {} }}", parts.join(", ")))
}

/// A `[sources.id]` table; the keys left empty are left out (the engine names those required).
fn source_table(id: &str, s: &SourceChoice) -> String {
    let mut out = format!("[sources.{id}]\n");
    for (key, v) in [
        ("title", &s.title),
        ("doc_number", &s.doc_number),
        ("publisher", &s.publisher),
    ] {
        if !v.trim().is_empty() {
            out.push_str(&format!("{key} = {}\n", toml_string(v.trim())));
        }
    }
    if let Some(d) = crate::date::parse(s.date.trim()) {
        out.push_str(&format!("date = {}\n", crate::date::format(d)));
    }
    if !s.url.trim().is_empty() {
        out.push_str(&format!("url = {}\n", toml_string(s.url.trim())));
    }
    out
}

fn edit_error(message: impl Into<String>) -> Vec<FieldError> {
    vec![field_error("parameter", "cannot_edit", message)]
}

/// Appends `entry` to the inline `values` array of `[parameters.<id>]` in `text`.
fn append_value(text: &str, id: &str, entry: &str) -> Result<String, Vec<FieldError>> {
    use toml::de::{DeTable, DeValue};
    let parsed = DeTable::parse(text).map_err(|e| edit_error(format!("{e}")))?;
    fn get<'i>(t: &DeTable<'i>, key: &str) -> Option<toml::Spanned<DeValue<'i>>> {
        t.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v.clone())
    }
    let values = get(parsed.get_ref(), "parameters")
        .and_then(|p| match p.into_inner() {
            DeValue::Table(t) => get(&t, id),
            _ => None,
        })
        .and_then(|p| match p.into_inner() {
            DeValue::Table(t) => get(&t, "values"),
            _ => None,
        })
        .ok_or_else(|| edit_error(format!("`{id}` has no `values` here to add to")))?;
    let span = values.span();
    let last_end = match values.get_ref() {
        DeValue::Array(a) => a.last().map(|v| v.span().end),
        _ => None,
    };
    let inline = text.get(span.clone()).is_some_and(|s| {
        s.starts_with('[') && s.ends_with(']') && !s.starts_with("[[") || s == "[]"
    });
    if !inline {
        return Err(edit_error(format!(
            "the values of `{id}` are not written as one array `values = [ ... ]`"
        )));
    }
    let close = span.end.saturating_sub(1);
    let mut out = text.to_string();
    let mut close_at = close;
    let mut after_last = span.start.saturating_add(1);
    let mut indent = String::from("  ");
    if let Some(end) = last_end {
        let between = text.get(end..close).unwrap_or("");
        if !has_comma(between) {
            out.insert(end, ',');
            close_at = close_at.saturating_add(1);
        }
        after_last = end;
        let line_start = text
            .get(..end)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i.saturating_add(1));
        let lead: String = text
            .get(line_start..end)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if !lead.is_empty() {
            indent = lead;
        }
    }
    // On a line of its own after the last value (and its comment), else before the `]`.
    let tail = out.get(after_last..close_at).unwrap_or("");
    match tail.find('\n') {
        Some(nl) => {
            let at = after_last.saturating_add(nl).saturating_add(1);
            out.insert_str(at, &format!("{indent}{entry},\n"));
        }
        None => out.insert_str(close_at, &format!("\n{indent}{entry},\n")),
    }
    Ok(out)
}

/// Whether the text between an array's last value and its `]` has a comma outside comments.
fn has_comma(between: &str) -> bool {
    between
        .lines()
        .any(|l| l.split('#').next().unwrap_or("").contains(','))
}

/// Table headers of a rule file: (byte offset of the line, name inside the brackets).
fn headers(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut in_string = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !in_string && trimmed.starts_with('[') {
            let body = trimmed.split('#').next().unwrap_or("").trim();
            let name = body
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string();
            let plain = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-');
            if plain && body.ends_with(']') {
                out.push((at, name));
            }
        }
        if (line.matches("'''").count() ^ line.matches("\"\"\"").count()) & 1 == 1 {
            in_string = !in_string;
        }
        at = at.saturating_add(line.len());
    }
    out
}

/// Inserts a table block: after the last table whose name starts with one of `after` (tried in
/// order), else before the file's cases (and the comment above them), else at the end.
fn insert_table(text: &str, after: &[&str], block: &str) -> String {
    let heads = headers(text);
    let mut out = text.to_string();
    for prefix in after {
        let last = heads
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| n.starts_with(prefix))
            .map(|(i, _)| i)
            .next_back();
        if let Some(i) = last {
            let start = heads.get(i).map_or(0, |h| h.0);
            let end = heads.get(i.saturating_add(1)).map_or(text.len(), |h| h.0);
            // After the table's last line that is not blank or a comment.
            let mut at = start;
            let mut pos = start;
            for line in text.get(start..end).unwrap_or("").split_inclusive('\n') {
                pos = pos.saturating_add(line.len());
                let t = line.trim();
                if !t.is_empty() && !t.starts_with('#') {
                    at = pos;
                }
            }
            let lead = if text.get(..at).is_some_and(|s| s.ends_with('\n')) {
                "\n"
            } else {
                "\n\n"
            };
            out.insert_str(at, &format!("{lead}{block}"));
            return out;
        }
    }
    if let Some((cases, _)) = heads.iter().find(|(_, n)| n == "cases") {
        // Above the comment lines that introduce the cases.
        let mut at = *cases;
        while at > 0 {
            let before = text.get(..at.saturating_sub(1)).unwrap_or("");
            let start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
            let line = before.get(start..).unwrap_or("").trim();
            if line.starts_with('#') {
                at = start;
            } else {
                break;
            }
        }
        out.insert_str(at, &format!("{block}\n"));
        return out;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(block);
    out
}

/// Where the change's text ended up, to name the field of an error found there.
struct Inserted {
    file: String,
    entry_line: u32,
    source: Option<InsertedSource>,
}

/// The new `[sources.x]` table: its file, its lines, and the line of each key.
struct InsertedSource {
    file: String,
    lines: Range<u32>,
    keys: Vec<(u32, String)>,
}

fn line_of(text: &str, offset: usize) -> u32 {
    crate::pack::line_col(text, offset).0
}

impl Inserted {
    fn find(
        files: &Files,
        target: &str,
        entry: &str,
        source: Option<&(String, String)>,
    ) -> Inserted {
        let entry_line = files
            .get(target)
            .and_then(|t| t.rfind(entry).map(|at| line_of(t, at)))
            .unwrap_or(0);
        let source = source.and_then(|(file, block)| {
            let text = files.get(file)?;
            let at = text.find(block.as_str())?;
            let first = line_of(text, at);
            let keys: Vec<(u32, String)> = block
                .lines()
                .enumerate()
                .skip(1)
                .filter_map(|(i, l)| {
                    let key = l.split('=').next()?.trim().to_string();
                    Some((first.saturating_add(u32::try_from(i).ok()?), key))
                })
                .collect();
            let n = u32::try_from(block.lines().count()).unwrap_or(0);
            Some(InsertedSource {
                file: file.clone(),
                lines: first..first.saturating_add(n),
                keys,
            })
        });
        Inserted {
            file: target.to_string(),
            entry_line,
            source,
        }
    }

    /// The field an engine error is about.
    fn field_of(&self, e: &LoadError) -> FieldError {
        let field = if e.file == self.file && e.line == self.entry_line && e.line > 0 {
            match e.code {
                "unit_mismatch" => "unit",
                "bad_date" if e.message.contains("known_until") => "known_until",
                "bad_date" | "duplicate" => "from",
                "missing_citation" | "unknown_reference" => "source",
                _ => "value",
            }
            .to_string()
        } else {
            match &self.source {
                Some(InsertedSource { file, lines, keys })
                    if *file == e.file && lines.contains(&e.line) =>
                {
                    let named = ["title", "publisher", "date", "doc_number", "url"]
                        .iter()
                        .find(|k| e.message.contains(&format!("`{k}`")));
                    match (named, keys.iter().find(|(l, _)| *l == e.line)) {
                        (Some(k), _) => format!("source.{k}"),
                        (None, Some((_, k))) => format!("source.{k}"),
                        (None, None) => "source".to_string(),
                    }
                }
                _ => String::new(),
            }
        };
        FieldError {
            field,
            code: e.code.to_string(),
            message: e.message.clone(),
            file: e.file.clone(),
            line: e.line,
            column: e.column,
        }
    }
}

/// A figure below the one in force before it, or one that looks like the right figure in
/// another unit (a twelfth or twelve times a yearly standard, a hundred times a ratio).
fn warnings(engine: &crate::Engine, place: &str, id: &str, form: &Form) -> Vec<FieldError> {
    let mut out = Vec::new();
    let Ok(rules) = engine.rules(Some(place)) else {
        return out;
    };
    let Some(p) = rules.params.iter().find(|p| p.id == id) else {
        return out;
    };
    let Some(from) = crate::date::parse(&form.from) else {
        return out;
    };
    let num = |v: &crate::value::Value| match v {
        crate::value::Value::Num(n) => Some(*n),
        _ => None,
    };
    let new = p
        .history
        .iter()
        .find(|v| v.from == from)
        .and_then(|v| num(&v.value));
    let old = p
        .history
        .iter()
        .rev()
        .find(|v| v.from < from)
        .and_then(|v| num(&v.value).map(|n| (n, v.published.clone())));
    let (Some(new), Some((old, published))) = (new, old) else {
        return out;
    };
    if old.is_zero() {
        return out;
    }
    let ratio = new.checked_div(old).unwrap_or_default();
    let near = |x: Decimal| {
        let d = ratio.checked_sub(x).unwrap_or_default().abs();
        d.checked_div(x).is_some_and(|r| r < Decimal::new(15, 2))
    };
    if near(
        Decimal::ONE
            .checked_div(Decimal::from(12))
            .unwrap_or_default(),
    ) {
        out.push(field_error(
            "unit",
            "looks_monthly",
            format!("about a twelfth of the figure before it ({published}): was a monthly figure entered in a yearly unit?"),
        ));
    } else if near(Decimal::from(12)) {
        out.push(field_error(
            "unit",
            "looks_yearly",
            format!("about twelve times the figure before it ({published}): was a yearly figure entered in a monthly unit?"),
        ));
    } else if new < old {
        out.push(field_error(
            "value",
            "cut",
            format!("lower than the figure before it ({published}): this cuts the standard"),
        ));
    }
    out
}
