//! Parameters, tables and the facts a pack adds: `[parameters.*]` (a dated history of values,
//! or a table whose rows become parameters `id[key,...]`) and `[facts.*]`.

use super::{valid_id, Reader, V};
use crate::pack::model::*;
use std::borrow::Cow;
use time::Date;
use toml::de::DeValue;
use toml::Spanned;

impl Reader<'_> {
    /// A parameter, or a table parameter (`keys`, values with `rows`) whose rows become
    /// parameters `id[key,...]`.
    pub(super) fn param(&mut self, id: &Spanned<Cow<'_, str>>, v: &V<'_>, pack: &mut PackDecl) {
        let Some(t) = self.table(v) else { return };
        self.keys(
            t,
            &[
                "unit",
                "later",
                "if_unsourced",
                "description",
                "keys",
                "values",
            ],
        );
        let id_text = id.get_ref().to_string();
        let loc = self.loc(id.span().start);
        let head = ParamDecl {
            id: id_text.clone(),
            unit: self.opt_string(t, "unit"),
            later: self.opt_string(t, "later"),
            if_unsourced: self.opt_string(t, "if_unsourced"),
            description: self.opt_text(t, "description"),
            values: Vec::new(),
            loc,
        };
        let keys = Self::get(t, "keys").and_then(|k| self.table_keys(k));
        let list = Self::get(t, "values").and_then(|v| self.array(v));
        let is_table = keys.is_some()
            || list.is_some_and(|l| {
                l.iter().any(|i| match i.get_ref() {
                    DeValue::Table(t) => Self::get(t, "rows").is_some(),
                    _ => false,
                })
            });
        if !is_table {
            let mut head = head;
            for item in list.unwrap_or_default() {
                if let Some(val) = self.param_value(item) {
                    head.values.push(val);
                }
            }
            pack.params.push(head);
            return;
        }
        let mut table = TableDecl {
            id: id_text.clone(),
            keys,
            versions: Vec::new(),
            loc,
        };
        let mut rows: Vec<ParamDecl> = Vec::new();
        for item in list.unwrap_or_default() {
            let Some((from, version)) = self.table_version(item) else {
                continue;
            };
            let mut paths = Vec::new();
            for (path, value) in version {
                let row_id = format!("{id_text}[{}]", path.join(","));
                match rows.iter_mut().find(|r| r.id == row_id) {
                    Some(r) => r.values.push(value),
                    None => rows.push(ParamDecl {
                        id: row_id,
                        values: vec![value],
                        ..head.clone()
                    }),
                }
                paths.push(path);
            }
            table.versions.push(TableVersion {
                from,
                rows: paths,
                loc: self.loc(item.span().start),
            });
        }
        pack.params.push(head);
        pack.params.extend(rows);
        pack.tables.push(table);
    }

    /// `[facts.<id>]`: a fact the pack adds.
    pub(super) fn fact(&mut self, id: &Spanned<Cow<'_, str>>, v: &V<'_>) -> Option<FactDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "scope",
                "type",
                "values",
                "label",
                "assigned_by",
                "question",
            ],
        );
        let span = v.span();
        let scope = match self
            .required(t, "scope", &span)
            .and_then(|v| self.string(v))?
            .as_str()
        {
            "household" => Scope::Household,
            "member" => Scope::Member,
            other => {
                self.err(
                    "unknown_symbol",
                    span.start,
                    format!(
                        "`scope = \"{other}\"`: a pack's fact is of the household or of a member"
                    ),
                );
                return None;
            }
        };
        let kind = self
            .required(t, "type", &span)
            .and_then(|v| self.string(v))?;
        if !["bool", "number", "money", "date", "symbol"].contains(&kind.as_str()) {
            self.err(
                "unknown_symbol",
                span.start,
                format!("`type = \"{kind}\"`: use bool, number, money, date or symbol"),
            );
            return None;
        }
        let mut values = Vec::new();
        let mut value_text = Vec::new();
        if let Some(list) = Self::get(t, "values") {
            match list.get_ref() {
                DeValue::Table(vt) => {
                    for (k, x) in vt.iter() {
                        values.push(k.get_ref().to_string());
                        if let Some(text) = self.text(x) {
                            value_text.push((k.get_ref().to_string(), text));
                        }
                    }
                }
                _ => {
                    for x in self.array(list)? {
                        values.push(self.string(x)?);
                    }
                }
            }
        }
        if (kind == "symbol") == values.is_empty() {
            self.err(
                "missing_key",
                span.start,
                "a `symbol` fact lists its `values`; other types have none".into(),
            );
            return None;
        }
        if let Some(bad) = values.iter().find(|s| !valid_id(s)) {
            self.err(
                "syntax_error",
                span.start,
                format!("`{bad}` is not a valid symbol (lower-case letters, digits, `_`)"),
            );
            return None;
        }
        let assigned_by = match self.opt_string(t, "assigned_by").as_deref() {
            None | Some("resident") => AssignedBy::Resident,
            Some("office") => AssignedBy::Office,
            Some(other) => {
                self.err(
                    "unknown_symbol",
                    span.start,
                    format!("`assigned_by = \"{other}\"`: use resident or office"),
                );
                return None;
            }
        };
        let label = self
            .required(t, "label", &span)
            .and_then(|v| self.text(v))?;
        Some(FactDecl {
            id: id.get_ref().to_string(),
            scope,
            kind,
            values,
            value_text,
            label,
            assigned_by,
            question: self.opt_text(t, "question"),
            loc: self.loc(id.span().start),
        })
    }

    /// `[words.<fact>]`: `word = { zh = "...", en = "..." }` entries a pack adds to a built-in
    /// fact's vocabulary.
    pub(super) fn words(&mut self, fact: &Spanned<Cow<'_, str>>, v: &V<'_>) -> Option<WordsDecl> {
        let t = self.table(v)?;
        let mut words = Vec::new();
        for (k, x) in t.iter() {
            if !valid_id(k.get_ref()) {
                let msg = format!(
                    "`{}` is not a valid word (lower-case letters, digits, `_`)",
                    k.get_ref()
                );
                self.err("syntax_error", k.span().start, msg);
                continue;
            }
            if let Some(text) = self.text(x) {
                words.push((k.get_ref().to_string(), text));
            }
        }
        Some(WordsDecl {
            fact: fact.get_ref().to_string(),
            words,
            loc: self.loc(fact.span().start),
        })
    }

    /// `keys = [{ bands = [70, 80], below = 0 }, { one_of = ["a", "b"] }]`.
    fn table_keys(&mut self, v: &V<'_>) -> Option<Vec<KeyDecl>> {
        let list = self.array(v)?;
        let mut out = Vec::new();
        for k in list {
            let t = self.table(k)?;
            self.keys(t, &["bands", "below", "one_of"]);
            let loc = self.loc(k.span().start);
            let kind = match (Self::get(t, "bands"), Self::get(t, "one_of")) {
                (Some(b), None) => {
                    let mut at = Vec::new();
                    for x in self.array(b)? {
                        at.push(self.decimal(x)?);
                    }
                    let below = match Self::get(t, "below") {
                        Some(x) => Some(self.raw_value(x)?),
                        None => None,
                    };
                    KeyKind::Bands { at, below }
                }
                (None, Some(o)) => {
                    if Self::get(t, "below").is_some() {
                        self.err(
                            "unknown_key",
                            k.span().start,
                            "`below` belongs to a key with `bands`".into(),
                        );
                    }
                    let mut items = Vec::new();
                    for x in self.array(o)? {
                        items.push(self.raw_value(x)?);
                    }
                    KeyKind::OneOf(items)
                }
                _ => {
                    self.err(
                        "missing_key",
                        k.span().start,
                        "a table key gives either `bands` (number bands by lower bound) or `one_of` (exact values)".into(),
                    );
                    return None;
                }
            };
            out.push(KeyDecl { kind, loc });
        }
        Some(out)
    }

    /// One version of a table: its dated fields and `rows`, as one value per row.
    #[allow(clippy::type_complexity)]
    fn table_version(&mut self, v: &V<'_>) -> Option<(Date, Vec<(Vec<String>, ValueDecl)>)> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "from",
                "until",
                "known_until",
                "assumed",
                "rows",
                "unit",
                "source",
                "article",
                "unsourced",
            ],
        );
        let span = v.span();
        if Self::get(t, "value").is_some() {
            self.err(
                "wrong_type",
                span.start,
                "a version of a table gives `rows`, not `value`".into(),
            );
        }
        let from = self.required(t, "from", &span).and_then(|v| self.date(v));
        let until = Self::get(t, "until").and_then(|v| self.date(v));
        let known_until = Self::get(t, "known_until").and_then(|v| self.date(v));
        let cite = self.cite(t, &span);
        let rows = self.required(t, "rows", &span)?;
        let template = ValueDecl {
            from: from?,
            until,
            value: RawValue::Bool(false),
            unit: self.opt_string(t, "unit"),
            known_until,
            assumed: self.opt_string(t, "assumed"),
            bound: false,
            cite: cite?,
            loc: self.loc(span.start),
        };
        let mut out = Vec::new();
        self.rows(rows, &mut Vec::new(), &template, &mut out);
        Some((template.from, out))
    }

    /// Walks nested `rows` tables: a leaf is a value, or `{ value, source?, article? }` citing
    /// that row apart.
    fn rows(
        &mut self,
        v: &V<'_>,
        path: &mut Vec<String>,
        template: &ValueDecl,
        out: &mut Vec<(Vec<String>, ValueDecl)>,
    ) {
        let DeValue::Table(t) = v.get_ref() else {
            if path.is_empty() {
                self.err(
                    "wrong_type",
                    v.span().start,
                    "`rows` is a table of row key = value".into(),
                );
                return;
            }
            if let Some(value) = self.raw_value(v) {
                let mut d = template.clone();
                d.value = value;
                d.loc = self.loc(v.span().start);
                out.push((path.clone(), d));
            }
            return;
        };
        if !path.is_empty() && Self::get(t, "value").is_some() {
            self.keys(t, &["value", "source", "article", "unsourced"]);
            let Some(value) = Self::get(t, "value").and_then(|x| self.raw_value(x)) else {
                return;
            };
            let mut d = template.clone();
            d.value = value;
            d.loc = self.loc(v.span().start);
            let overrides = Self::get(t, "source").is_some() || Self::get(t, "unsourced").is_some();
            if overrides {
                if let Some(c) = self.cite(t, &v.span()) {
                    d.cite = c;
                }
            } else if let (Some(a), CiteDecl::Source { article, .. }) =
                (Self::get(t, "article"), &mut d.cite)
            {
                *article = self.string(a);
            }
            out.push((path.clone(), d));
            return;
        }
        if path.len() >= 4 {
            self.err(
                "wrong_type",
                v.span().start,
                "tables have at most four keys".into(),
            );
            return;
        }
        for (k, x) in t.iter() {
            path.push(k.get_ref().to_string());
            self.rows(x, path, template, out);
            path.pop();
        }
    }

    fn param_value(&mut self, v: &V<'_>) -> Option<ValueDecl> {
        let t = self.table(v)?;
        self.keys(
            t,
            &[
                "from",
                "until",
                "known_until",
                "assumed",
                "value",
                "at_least",
                "unit",
                "source",
                "article",
                "unsourced",
            ],
        );
        let span = v.span();
        let from = self.required(t, "from", &span).and_then(|v| self.date(v));
        let until = Self::get(t, "until").and_then(|v| self.date(v));
        let known_until = Self::get(t, "known_until").and_then(|v| self.date(v));
        let bound = Self::get(t, "at_least");
        let value = match (Self::get(t, "value"), bound) {
            (Some(_), Some(b)) => {
                self.err(
                    "duplicate",
                    b.span().start,
                    "give `value`, or `at_least` for a figure not on file, not both".into(),
                );
                None
            }
            (None, Some(b)) => self.decimal(b).map(RawValue::Num),
            _ => self
                .required(t, "value", &span)
                .and_then(|v| self.raw_value(v)),
        };
        let cite = self.cite(t, &span);
        Some(ValueDecl {
            from: from?,
            until,
            value: value?,
            unit: self.opt_string(t, "unit"),
            known_until,
            assumed: self.opt_string(t, "assumed"),
            bound: bound.is_some(),
            cite: cite?,
            loc: self.loc(span.start),
        })
    }
}
