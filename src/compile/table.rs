//! Table parameters: their keys, a check that every version gives every row, and `lookup(table,
//! key, ...)` compiled to comparisons that select a row. Each row is an ordinary parameter
//! (`elder_allowance[80]`) with its own dated history, citations and bounds, so a table needs
//! nothing new from the evaluator.

use super::node::Node;
use super::Compiler;
use crate::expr::ast::{CmpOp, Expr, ExprKind};
use crate::pack::model::{key_text, ExprSrc, KeyDecl, KeyKind, Loc, RawValue, Scope, TableDecl};
use crate::value::{Sym, Ty, Value};
use std::collections::BTreeSet;

/// A compiled table.
#[derive(Clone, Debug)]
pub struct Table {
    /// Id used by `lookup`.
    pub id: String,
    /// Its keys.
    pub keys: Vec<KeyDecl>,
    /// Row parameters, in key order (the last key varies fastest).
    pub rows: Vec<u16>,
    /// The table's own parameter, with no value: what a key outside every row reads (the
    /// result then says no figure is on file for it).
    pub head: u16,
}

/// Most keys a table has.
pub const MAX_KEYS: usize = 4;

/// The row texts a key selects, in order.
fn texts(k: &KeyDecl) -> Vec<String> {
    match &k.kind {
        KeyKind::Bands { at, .. } => at.iter().map(|d| d.normalize().to_string()).collect(),
        KeyKind::OneOf(items) => items.iter().map(key_text).collect(),
    }
}

/// The type of the values a key compares against.
fn key_type(k: &KeyDecl) -> Option<Ty> {
    match &k.kind {
        KeyKind::Bands { .. } => Some(Ty::Num),
        KeyKind::OneOf(items) => {
            let ty = |r: &RawValue| match r {
                RawValue::Num(_) => Some(Ty::Num),
                RawValue::Str(_) => Some(Ty::Str),
                RawValue::Bool(_) => Some(Ty::Bool),
                _ => None,
            };
            let first = ty(items.first()?)?;
            items.iter().all(|i| ty(i) == Some(first)).then_some(first)
        }
    }
}

impl Compiler<'_> {
    /// Builds the tables from their declarations, outermost first; their rows are parameters
    /// already built.
    pub(super) fn build_tables(&mut self, decls: &[(String, Vec<&TableDecl>)]) {
        for (id, list) in decls {
            let Some(first) = list.first() else { continue };
            let Some(keys) = first.keys.clone() else {
                self.err(
                    "missing_key",
                    first.loc,
                    format!("table `{id}` is not declared in an outer pack, and a new table needs `keys`"),
                );
                continue;
            };
            if !self.check_keys(id, &keys, first.loc) {
                continue;
            }
            for d in list.iter().skip(1).filter(|d| d.keys.is_some()) {
                self.err(
                    "duplicate",
                    d.loc,
                    format!("the keys of table `{id}` are set where it is first declared"),
                );
            }
            let all: Vec<Vec<String>> = keys.iter().map(texts).collect();
            let mut product: Vec<Vec<String>> = vec![Vec::new()];
            for k in &all {
                product = product
                    .iter()
                    .flat_map(|p| {
                        k.iter().map(move |t| {
                            let mut q = p.clone();
                            q.push(t.clone());
                            q
                        })
                    })
                    .collect();
            }
            for d in list {
                for v in &d.versions {
                    let given: BTreeSet<&Vec<String>> = v.rows.iter().collect();
                    for row in &v.rows {
                        let bad = row.len() != keys.len()
                            || row.iter().zip(&all).any(|(r, k)| !k.contains(r));
                        if bad {
                            let expected: Vec<String> =
                                all.iter().map(|k| format!("[{}]", k.join(", "))).collect();
                            self.err(
                                "bad_table",
                                v.loc,
                                format!(
                                    "table `{id}` has no row `{}`: its keys are {}",
                                    row.join(", "),
                                    expected.join(" × ")
                                ),
                            );
                        }
                    }
                    let missing: Vec<String> = product
                        .iter()
                        .filter(|p| !given.contains(p))
                        .map(|p| p.join(", "))
                        .collect();
                    if !missing.is_empty() {
                        self.err(
                            "bad_table",
                            v.loc,
                            format!(
                                "the version of table `{id}` from {} gives no row for {}",
                                crate::date::format(v.from),
                                missing.join("; ")
                            ),
                        );
                    }
                }
            }
            let rows: Option<Vec<u16>> = product
                .iter()
                .map(|p| {
                    self.param_index
                        .get(&format!("{id}[{}]", p.join(",")))
                        .copied()
                })
                .collect();
            let (Some(rows), Some(&head)) = (rows, self.param_index.get(id)) else {
                continue;
            };
            self.table_index.insert(id.clone(), self.tables.len());
            self.tables.push(Table {
                id: id.clone(),
                keys,
                rows,
                head,
            });
        }
    }

    fn check_keys(&mut self, id: &str, keys: &[KeyDecl], loc: Loc) -> bool {
        if keys.is_empty() || keys.len() > MAX_KEYS {
            self.err(
                "bad_table",
                loc,
                format!("table `{id}` needs one to {MAX_KEYS} keys"),
            );
            return false;
        }
        let mut ok = true;
        for k in keys {
            let problem = match &k.kind {
                KeyKind::Bands { at, .. } if at.is_empty() => Some("`bands` lists no bound"),
                KeyKind::Bands { at, .. } if at.windows(2).any(|w| w.first() >= w.get(1)) => {
                    Some("`bands` must ascend, each bound once")
                }
                KeyKind::OneOf(items) if items.is_empty() => Some("`one_of` lists no value"),
                KeyKind::OneOf(_) if key_type(k).is_none() => {
                    Some("`one_of` lists numbers, strings or true/false, all of one kind")
                }
                KeyKind::OneOf(_) => {
                    let t = texts(k);
                    let distinct: BTreeSet<&String> = t.iter().collect();
                    (distinct.len() != t.len()).then_some("`one_of` lists a value twice")
                }
                _ => None,
            };
            if let Some(p) = problem {
                self.err("bad_table", k.loc, format!("table `{id}`: {p}"));
                ok = false;
            }
            if let KeyKind::OneOf(items) = &k.kind {
                for i in items {
                    if let RawValue::Str(s) = i {
                        if Sym::lookup(s).is_none() {
                            self.err(
                                "unknown_symbol",
                                k.loc,
                                format!("table `{id}`: \"{s}\" is not in the vocabulary"),
                            );
                            ok = false;
                        }
                    }
                }
            }
        }
        ok
    }

    /// `lookup(table, key, ...)`: the row the keys select.
    pub(super) fn lookup(
        &mut self,
        args: &[Expr],
        src: &ExprSrc,
        scope: Scope,
        loc: Loc,
    ) -> Option<(Node, Ty)> {
        let Some((name, keys)) = args.split_first() else {
            self.err(
                "type_error",
                loc,
                "`lookup` takes a table and its keys: lookup(table, key, ...)".into(),
            );
            return None;
        };
        let ExprKind::Name(id) = &name.kind else {
            self.err(
                "type_error",
                loc,
                "the first argument of `lookup` is the name of a table".into(),
            );
            return None;
        };
        let Some(table) = self
            .table_index
            .get(id)
            .and_then(|&t| self.tables.get(t))
            .cloned()
        else {
            self.err(
                "unknown_reference",
                loc,
                format!("`{id}` is not a table (a parameter with `keys`)"),
            );
            return None;
        };
        if keys.len() != table.keys.len() {
            self.err(
                "type_error",
                loc,
                format!(
                    "table `{id}` has {} key(s); `lookup` gives {}",
                    table.keys.len(),
                    keys.len()
                ),
            );
            return None;
        }
        let mut nodes = Vec::new();
        for (e, k) in keys.iter().zip(&table.keys) {
            let want = key_type(k).unwrap_or(Ty::Num);
            nodes.push(self.typed(e, src, scope, want));
        }
        let nodes: Vec<Node> = nodes.into_iter().collect::<Option<_>>()?;
        let ty = self
            .params
            .get(usize::from(table.head))
            .map_or(Ty::Num, |p| p.ty);
        for &p in table.rows.iter().chain(std::iter::once(&table.head)) {
            if let Some(u) = self.param_used.get_mut(usize::from(p)) {
                *u = true;
            }
        }
        let node = self.select(&table, &nodes, 0, 0, ty)?;
        Some((node, ty))
    }

    fn select(
        &mut self,
        t: &Table,
        keys: &[Node],
        level: usize,
        offset: usize,
        ty: Ty,
    ) -> Option<Node> {
        let (Some(k), Some(key)) = (t.keys.get(level), keys.get(level)) else {
            return t.rows.get(offset).map(|&p| Node::Param(p));
        };
        let stride: usize = t
            .keys
            .iter()
            .skip(level.saturating_add(1))
            .map(|k| texts(k).len())
            .product();
        let mut arms = Vec::new();
        let other = match &k.kind {
            KeyKind::Bands { at, below } => {
                for (j, b) in at.iter().enumerate().rev() {
                    let test = Node::Cmp(
                        CmpOp::Ge,
                        Box::new(key.clone()),
                        Box::new(Node::Const(Value::Num(*b))),
                    );
                    let row = offset.checked_add(j.checked_mul(stride)?)?;
                    arms.push((
                        test,
                        self.select(t, keys, level.saturating_add(1), row, ty)?,
                    ));
                }
                match below {
                    Some(raw) => match crate::eval::raw_value(raw, ty) {
                        Some(v) => Node::Const(v),
                        None => {
                            self.err(
                                "type_error",
                                k.loc,
                                format!("table `{}`: `below` is not a {}", t.id, ty.name()),
                            );
                            return None;
                        }
                    },
                    None => Node::Param(t.head),
                }
            }
            KeyKind::OneOf(items) => {
                for (j, item) in items.iter().enumerate() {
                    let ity = key_type(k).unwrap_or(Ty::Num);
                    let v = crate::eval::raw_value(item, ity)?;
                    let test =
                        Node::Cmp(CmpOp::Eq, Box::new(key.clone()), Box::new(Node::Const(v)));
                    let row = offset.checked_add(j.checked_mul(stride)?)?;
                    arms.push((
                        test,
                        self.select(t, keys, level.saturating_add(1), row, ty)?,
                    ));
                }
                Node::Param(t.head)
            }
        };
        Some(Node::If(arms.into_boxed_slice(), Box::new(other)))
    }
}
