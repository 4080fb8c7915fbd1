//! Name resolution and type checking of expressions in a scope.

use super::node::{Coll, HhFact, Node, PersonFact};
use super::{Compiler, DefState};
use crate::builtins;
use crate::expr::ast::{AggKind, ArithOp, CmpOp, Expr, ExprKind};
use crate::pack::model::{ExprSrc, Loc, Per, Scope};
use crate::value::{Sym, SymSet, Ty, Value};

type R = Option<(Node, Ty)>;

impl Compiler<'_> {
    /// Parses and resolves an expression in `scope`, expecting type `want` if given.
    pub(super) fn expression(&mut self, src: &ExprSrc, scope: Scope, want: Option<Ty>) -> R {
        let ast = match crate::expr::parse(&src.text) {
            Ok(a) => a,
            Err(e) => {
                self.err(
                    e.code,
                    at(src.loc, e.start),
                    format!("{} in `{}`", e.message, src.text),
                );
                return None;
            }
        };
        let (node, ty) = self.resolve(&ast, src, scope)?;
        if let Some(w) = want {
            if ty != w {
                self.err(
                    "type_error",
                    src.loc,
                    format!(
                        "`{}` is a {}, but a {} is required here",
                        src.text,
                        ty.name(),
                        w.name()
                    ),
                );
                return None;
            }
        }
        Some((node, ty))
    }

    fn resolve(&mut self, e: &Expr, src: &ExprSrc, scope: Scope) -> R {
        let loc = at(src.loc, e.span.0);
        match &e.kind {
            ExprKind::Num(n) => Some((Node::Const(Value::Num(*n)), Ty::Num)),
            ExprKind::Bool(b) => Some((Node::Const(Value::Bool(*b)), Ty::Bool)),
            ExprKind::Str(s) => self
                .symbol(s, loc)
                .map(|s| (Node::Const(Value::Str(s)), Ty::Str)),
            ExprKind::List(items) => {
                let mut set = SymSet::default();
                for i in items {
                    match &i.kind {
                        ExprKind::Str(s) => set.insert(self.symbol(s, at(src.loc, i.span.0))?),
                        _ => {
                            self.err(
                                "type_error",
                                at(src.loc, i.span.0),
                                "a list holds string literals only".into(),
                            );
                            return None;
                        }
                    }
                }
                Some((Node::Const(Value::Set(set)), Ty::Set))
            }
            ExprKind::Name(n) => self.name(n, scope, loc),
            ExprKind::Neg(x) => {
                let x = self.typed(x, src, scope, Ty::Num)?;
                Some((Node::Neg(Box::new(x)), Ty::Num))
            }
            ExprKind::Not(x) => {
                let x = self.typed(x, src, scope, Ty::Bool)?;
                Some((Node::Not(Box::new(x)), Ty::Bool))
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let a = self.typed(a, src, scope, Ty::Bool);
                let b = self.typed(b, src, scope, Ty::Bool);
                let (a, b) = (Box::new(a?), Box::new(b?));
                let node = if matches!(e.kind, ExprKind::And(..)) {
                    Node::And(a, b)
                } else {
                    Node::Or(a, b)
                };
                Some((node, Ty::Bool))
            }
            ExprKind::Arith(op, a, b) => {
                let (a, b) = (
                    self.typed(a, src, scope, Ty::Num),
                    self.typed(b, src, scope, Ty::Num),
                );
                let (a, b) = (a?, b?);
                let frac = |n: &Node| match n {
                    Node::Param(p) => self
                        .params
                        .get(usize::from(*p))
                        .is_some_and(|p| p.history.iter().any(|v| v.frac.is_some())),
                    _ => false,
                };
                let node = match (op, &a, &b) {
                    (ArithOp::Mul, _, Node::Param(p)) if frac(&b) => Node::MulFrac(Box::new(a), *p),
                    (ArithOp::Mul, Node::Param(p), _) if frac(&a) => Node::MulFrac(Box::new(b), *p),
                    _ => Node::Arith(*op, Box::new(a), Box::new(b)),
                };
                Some((node, Ty::Num))
            }
            ExprKind::Cmp(op, a, b) => self.compare(*op, a, b, src, scope, loc),
            ExprKind::In { item, set, negated } => {
                let i = self.typed(item, src, scope, Ty::Str);
                let s = self.typed(set, src, scope, Ty::Set);
                Some((Node::In(Box::new(i?), Box::new(s?), *negated), Ty::Bool))
            }
            ExprKind::If(arms, other) => {
                let (other, ty) = self.resolve(other, src, scope)?;
                let mut out = Vec::new();
                for (c, v) in arms {
                    let c = self.typed(c, src, scope, Ty::Bool);
                    let v = self.typed(v, src, scope, ty);
                    out.push((c?, v?));
                }
                Some((Node::If(out.into_boxed_slice(), Box::new(other)), ty))
            }
            ExprKind::Call(f, args) => self.call(f, args, src, scope, loc),
            ExprKind::Agg {
                kind,
                collection,
                filter,
                value,
            } => {
                let (coll, inner) = match collection.as_str() {
                    "members" => (Coll::Members, Scope::Member),
                    "supporters" => (Coll::Supporters, Scope::Supporter),
                    "vehicles" => (Coll::Vehicles, Scope::Vehicle),
                    other => {
                        self.err(
                            "unknown_reference",
                            loc,
                            format!(
                                "`{other}` is not a collection (members, supporters, vehicles)"
                            ),
                        );
                        return None;
                    }
                };
                if scope != Scope::Household && inner != Scope::Supporter {
                    self.err(
                        "type_error",
                        loc,
                        format!("`{collection}` can only be aggregated from the household"),
                    );
                    return None;
                }
                let f = match filter {
                    Some(f) => Some(Box::new(self.typed(f, src, inner, Ty::Bool)?)),
                    None => None,
                };
                let want = if *kind == AggKind::Sum {
                    Ty::Num
                } else {
                    Ty::Bool
                };
                let v = match value {
                    Some(v) => Some(Box::new(self.typed(v, src, inner, want)?)),
                    None => None,
                };
                let ty = match kind {
                    AggKind::Count | AggKind::Sum => Ty::Num,
                    AggKind::Any | AggKind::All => Ty::Bool,
                };
                Some((Node::Agg(*kind, coll, f, v), ty))
            }
        }
    }

    pub(super) fn typed(
        &mut self,
        e: &Expr,
        src: &ExprSrc,
        scope: Scope,
        want: Ty,
    ) -> Option<Node> {
        let (node, ty) = self.resolve(e, src, scope)?;
        if ty != want {
            let text = src.text.get(e.span.0..e.span.1).unwrap_or(&src.text);
            self.err(
                "type_error",
                at(src.loc, e.span.0),
                format!(
                    "`{text}` is a {}, but a {} is required here",
                    ty.name(),
                    want.name()
                ),
            );
            return None;
        }
        Some(node)
    }

    fn symbol(&mut self, s: &str, loc: Loc) -> Option<Sym> {
        let sym = Sym::lookup(s);
        if sym.is_none() {
            self.err(
                "unknown_symbol",
                loc,
                format!("\"{s}\" is not in the vocabulary of facts (see src/value.rs)"),
            );
        }
        sym
    }

    fn compare(
        &mut self,
        op: CmpOp,
        a: &Expr,
        b: &Expr,
        src: &ExprSrc,
        scope: Scope,
        loc: Loc,
    ) -> R {
        let a = self.resolve(a, src, scope);
        let b = self.resolve(b, src, scope);
        let ((a, ta), (b, tb)) = (a?, b?);
        let ordered = matches!(ta, Ty::Num | Ty::Date);
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        if ta != tb || !(ordered || (equality && ta != Ty::Set)) {
            self.err(
                "type_error",
                loc,
                format!(
                    "cannot compare a {} with a {} this way",
                    ta.name(),
                    tb.name()
                ),
            );
            return None;
        }
        Some((Node::Cmp(op, Box::new(a), Box::new(b)), Ty::Bool))
    }

    fn name(&mut self, n: &str, scope: Scope, loc: Loc) -> R {
        if n == "date" {
            return Some((Node::Date, Ty::Date));
        }
        let person_coll = match scope {
            Scope::Member => Some(Coll::Members),
            Scope::Supporter => Some(Coll::Supporters),
            _ => None,
        };
        if let Some(coll) = person_coll {
            if let Some((f, ty)) = PersonFact::by_name(n) {
                return Some((Node::Person(f, coll), ty));
            }
        }
        if let Some((i, ty, fact_scope)) = self.local_fact(n, scope) {
            return Some(match fact_scope {
                Scope::Member => (Node::MemberLocal(i), ty),
                _ => (Node::Local(i), ty),
            });
        }
        if scope == Scope::Vehicle && n == "kind" {
            return Some((Node::VehicleKind, Ty::Str));
        }
        if scope != Scope::Household {
            if let Some(r) = self.def_ref(scope, n, loc) {
                return r;
            }
        }
        if let Some((i, ty)) =
            crate::catalogue::plain_by_read(crate::catalogue::Scope::Household, n)
        {
            return Some((Node::Hh(HhFact(i)), ty));
        }
        if let Some(r) = self.def_ref(Scope::Household, n, loc) {
            return r;
        }
        if self.table_index.contains_key(n) {
            self.err(
                "type_error",
                loc,
                format!("`{n}` is a table: read a row with lookup({n}, key, ...)"),
            );
            return None;
        }
        if let Some(&i) = self.param_index.get(n) {
            if let Some(used) = self.param_used.get_mut(usize::from(i)) {
                *used = true;
            }
            let ty = self.params.get(usize::from(i)).map_or(Ty::Num, |p| p.ty);
            return Some((Node::Param(i), ty));
        }
        let hint = if PersonFact::by_name(n).is_some() {
            " (a person's fact: use it inside an aggregate such as any(members where ...))"
        } else {
            ""
        };
        self.err(
            "unknown_reference",
            loc,
            format!("`{n}` is not a fact, parameter or definition{hint}"),
        );
        None
    }

    /// A reference to a definition: resolves it on first use (detecting cycles).
    fn def_ref(&mut self, scope: Scope, n: &str, loc: Loc) -> Option<R> {
        let &i = self.def_index.get(&(scope, n.to_string()))?;
        let state = self.def_state.get(i).cloned().unwrap_or(DefState::Failed);
        let r = match state {
            DefState::Pending => {
                self.resolve_def(i);
                match self.def_state.get(i) {
                    Some(DefState::Done(ty)) => Some((Node::Def(index(i)), *ty)),
                    _ => None,
                }
            }
            DefState::InProgress => {
                self.err("cycle", loc, format!("`{n}` depends on itself"));
                None
            }
            DefState::Done(ty) => Some((Node::Def(index(i)), ty)),
            DefState::Failed => None,
        };
        if r.is_some() {
            let deps = self.def_prog_deps.get(i).cloned().unwrap_or_default();
            if let Some(top) = self.dep_stack.last_mut() {
                top.extend(deps);
            }
        }
        Some(r)
    }

    fn call(&mut self, f: &str, args: &[Expr], src: &ExprSrc, scope: Scope, loc: Loc) -> R {
        if f == "lookup" {
            return self.lookup(args, src, scope, loc);
        }
        match f {
            "round" => return self.round(args, src, scope, loc),
            "date" => {
                let d = match args {
                    [Expr {
                        kind: ExprKind::Str(s),
                        ..
                    }] => crate::date::parse(s),
                    _ => None,
                };
                if d.is_none() {
                    self.err(
                        "bad_date",
                        loc,
                        "write date(\"YYYY-MM-DD\") with a valid date".into(),
                    );
                }
                return d.map(|d| (Node::Const(Value::Date(d)), Ty::Date));
            }
            "eligible" => return self.eligible(args, scope, loc),
            _ => {}
        }
        let Some(def) = builtins::find(f) else {
            self.err("unknown_reference", loc, format!("`{f}` is not a function"));
            return None;
        };
        self.builtin(def, args, src, scope, loc)
    }

    /// A call of a registered function: arity and argument types from its signature.
    fn builtin(
        &mut self,
        def: &'static builtins::Entry,
        args: &[Expr],
        src: &ExprSrc,
        scope: Scope,
        loc: Loc,
    ) -> R {
        let person = match scope {
            Scope::Member => Some(Coll::Members),
            Scope::Supporter => Some(Coll::Supporters),
            _ => None,
        };
        if def.person() && person.is_none() {
            self.err(
                "type_error",
                loc,
                format!(
                    "`{}` reads a person's facts: use it in member or supporter scope",
                    def.name
                ),
            );
            return None;
        }
        if !def.sig.arity_ok(args.len()) {
            self.err(
                "type_error",
                loc,
                format!(
                    "`{}` takes {} argument(s), not {}: {def}",
                    def.name,
                    def.sig.arity(),
                    args.len()
                ),
            );
            return None;
        }
        let mut nodes = Vec::with_capacity(args.len().saturating_add(1));
        let mut ok = true;
        for (i, a) in args.iter().enumerate() {
            let Some((node, ty)) = self.resolve(a, src, scope) else {
                ok = false;
                continue;
            };
            let want = def.sig.param(i).unwrap_or(ty);
            if ty != want {
                let text = src.text.get(a.span.0..a.span.1).unwrap_or(&src.text);
                self.err(
                    "type_error",
                    at(src.loc, a.span.0),
                    format!(
                        "argument {} of `{}`, `{text}`, is a {}, but a {} is required: {def}",
                        i.saturating_add(1),
                        def.name,
                        ty.name(),
                        want.name()
                    ),
                );
                ok = false;
            }
            nodes.push(node);
        }
        if !ok {
            return None;
        }
        if let Some(coll) = person.filter(|_| def.person()) {
            // The person the function reads is the scope's current one; remember which list.
            nodes.push(Node::Const(Value::Bool(coll == Coll::Supporters)));
        }
        Some((Node::Call(def.id, nodes.into_boxed_slice()), def.sig.ret))
    }

    fn round(&mut self, args: &[Expr], src: &ExprSrc, scope: Scope, loc: Loc) -> R {
        let Some(x) = args.first() else {
            self.err("type_error", loc, "`round` needs a value".into());
            return None;
        };
        let x = self.typed(x, src, scope, Ty::Num)?;
        let places = match args.get(1).map(|a| &a.kind) {
            None => Some(2),
            Some(ExprKind::Num(n)) if n.scale() == 0 && *n >= 0.into() && *n <= 10.into() => {
                u32::try_from(n.mantissa()).ok()
            }
            Some(_) => None,
        };
        let mode = match args.get(2).map(|a| &a.kind) {
            None => super::node::rounding("half_up"),
            Some(ExprKind::Str(s)) => super::node::rounding(s),
            Some(_) => None,
        };
        match (places, mode) {
            (Some(p), Some(m)) if args.len() <= 3 => {
                Some((Node::Round(Box::new(x), p, m), Ty::Num))
            }
            _ => {
                self.err(
                    "type_error",
                    loc,
                    "write round(x), round(x, places) or round(x, places, \"half_up\"|\"half_even\"|\"up\"|\"down\"|\"ceiling\"|\"floor\"|\"half_down\") with literal places 0 to 10".into(),
                );
                None
            }
        }
    }

    fn eligible(&mut self, args: &[Expr], scope: Scope, loc: Loc) -> R {
        let id = match args {
            [Expr {
                kind: ExprKind::Str(s),
                ..
            }] => s.clone(),
            _ => {
                self.err("type_error", loc, "write eligible(\"program_id\")".into());
                return None;
            }
        };
        let Some(&p) = self.program_index.get(&id) else {
            self.err("unknown_reference", loc, format!("no program `{id}`"));
            return None;
        };
        let per = self
            .programs
            .get(p)
            .and_then(|x| x.per)
            .unwrap_or(Per::Household);
        if per == Per::Member && scope != Scope::Member {
            self.err(
                "type_error",
                loc,
                format!("`{id}` is decided per member: use any(members where eligible(\"{id}\"))"),
            );
            return None;
        }
        if let Some(top) = self.dep_stack.last_mut() {
            top.insert(p);
        }
        Some((Node::Eligible(index(p)), Ty::Bool))
    }
}

fn at(loc: Loc, offset: usize) -> Loc {
    Loc {
        file: loc.file,
        offset: loc
            .offset
            .saturating_add(u32::try_from(offset).unwrap_or(0)),
    }
}

fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
