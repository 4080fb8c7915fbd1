//! Facts a pack adds (`[facts.<id>]`): a local class the office assigns, a local category such as
//! 重残无业, a date a county asks for. They are declared once, with their type, vocabulary,
//! labels and question; the household gives them in its own or a member's `local` object, which
//! is checked against the region's catalogue before anything is evaluated.

#[cfg(feature = "authoring")]
use super::Compiler;
use crate::error::InputError;
use crate::facts::{Household, LocalIn};
#[cfg_attr(not(feature = "authoring"), allow(unused_imports))]
use crate::pack::model::{AssignedBy, FactDecl, Scope, Text, WordsDecl};
use crate::value::{Sym, Ty, Value};

/// Most facts the packs of one region may add.
pub const MAX_FACTS: usize = 32;

/// What a fact a pack adds holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LocalKind {
    /// `true` or `false`.
    Bool,
    /// A whole or decimal number (`"3"`, `"2.5"`).
    Number,
    /// An amount in yuan (`"1200.50"`).
    Money,
    /// A date (`"2024-01-31"`).
    Date,
    /// One of the fact's symbols.
    Symbol,
}

impl LocalKind {
    #[cfg(feature = "authoring")]
    fn parse(s: &str) -> Option<LocalKind> {
        Some(match s {
            "bool" => LocalKind::Bool,
            "number" => LocalKind::Number,
            "money" => LocalKind::Money,
            "date" => LocalKind::Date,
            "symbol" => LocalKind::Symbol,
            _ => return None,
        })
    }

    /// The expression type of its values.
    pub fn ty(self) -> Ty {
        match self {
            LocalKind::Bool => Ty::Bool,
            LocalKind::Number | LocalKind::Money => Ty::Num,
            LocalKind::Date => Ty::Date,
            LocalKind::Symbol => Ty::Str,
        }
    }
}

/// A fact a pack adds, compiled.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalFact {
    /// Name in expressions and in `local`.
    pub id: String,
    /// `household` or `member`.
    pub scope: Scope,
    /// What it holds.
    pub kind: LocalKind,
    /// Its symbols (a `symbol` fact), with what each means where the pack says.
    pub values: Vec<(Sym, Option<Text>)>,
    /// What it is.
    pub label: Text,
    /// Who gives it.
    pub assigned_by: AssignedBy,
    /// How to ask it.
    pub question: Option<Text>,
}

impl LocalFact {
    /// Reads a given value; `Err` says what was expected.
    pub fn read(&self, v: &LocalIn) -> Result<Value, String> {
        let text = match v {
            LocalIn::Bool(b) if self.kind == LocalKind::Bool => return Ok(Value::Bool(*b)),
            LocalIn::Bool(_) => return Err(self.expected()),
            LocalIn::Text(t) => t,
        };
        let v = match self.kind {
            LocalKind::Bool => None,
            LocalKind::Number => crate::facts::parse_money(text).ok().map(Value::Num),
            LocalKind::Money => crate::facts::parse_money(text).ok().map(Value::Num),
            LocalKind::Date => crate::date::parse(text).map(Value::Date),
            LocalKind::Symbol => self
                .values
                .iter()
                .find(|(s, _)| s.name() == &**text)
                .map(|(s, _)| Value::Str(*s)),
        };
        v.ok_or_else(|| self.expected())
    }

    fn expected(&self) -> String {
        match self.kind {
            LocalKind::Bool => "expected true or false".into(),
            LocalKind::Number => "expected a non-negative number as a string, such as \"3\"".into(),
            LocalKind::Money => "expected an amount as a string, such as \"1200.50\"".into(),
            LocalKind::Date => "expected a date in the form YYYY-MM-DD".into(),
            LocalKind::Symbol => {
                let names: Vec<&str> = self.values.iter().map(|(s, _)| s.name()).collect();
                format!("expected one of: {}", names.join(", "))
            }
        }
    }
}

/// A word a pack adds to a built-in fact's vocabulary (`[words.status] severe_unemployed = ...`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalWord {
    /// The built-in fact: its index in [`crate::catalogue::FACTS`].
    pub fact: u8,
    /// The word.
    pub word: Sym,
    /// What a resident reads.
    pub label: Text,
}

/// The built-in fact whose vocabulary `[words.<name>]` extends: by catalogued name
/// (`member.status`) or by field (`status`), holding a word or a set of words.
pub fn extensible(name: &str) -> Option<u8> {
    use crate::catalogue::{Scope as S, Type, FACTS};
    let i = FACTS.iter().position(|f| {
        matches!(f.ty, Type::Symbol | Type::Set | Type::Income)
            && matches!(f.scope, S::Household | S::Person)
            && (f.name == name || f.field() == name)
    })?;
    u8::try_from(i).ok()
}

/// Checks the words a household gives for built-in facts against the region's rules: a word a
/// pack of another region adds is an error naming the field.
pub fn check_words(words: &[LocalWord], region: &str, hh: &Household) -> Result<(), InputError> {
    use crate::catalogue::{Scope as S, Type, FACTS};
    if !hh.pack_words {
        return Ok(());
    }
    let foreign = |f: u8, v: &crate::facts::Known<Value>| -> Option<Sym> {
        let own = FACTS.get(usize::from(f)).map_or(&[][..], |x| x.vocabulary);
        let known =
            |s: Sym| own.contains(&s.name()) || words.iter().any(|w| w.fact == f && w.word == s);
        match v {
            crate::facts::Known::Some(Value::Str(s)) if !known(*s) => Some(*s),
            crate::facts::Known::Some(Value::Set(set)) => set.iter().find(|s| !known(*s)),
            _ => None,
        }
    };
    let fail = |path: String, f: &crate::catalogue::Fact, s: Sym| {
        let mut allowed: Vec<&str> = f.vocabulary.to_vec();
        for w in words.iter().filter(|w| {
            FACTS
                .get(usize::from(w.fact))
                .is_some_and(|g| g.name == f.name)
        }) {
            allowed.push(w.word.name());
        }
        InputError::new(
            "bad_value",
            &path,
            format!(
                "\"{}\" is a word the rules of {region} do not know; use one of: {}",
                s.name(),
                allowed.join(", ")
            ),
        )
    };
    for (i, f) in FACTS.iter().enumerate() {
        if f.ty == Type::Income {
            let Ok(i) = u8::try_from(i) else { continue };
            let known = |s: &Sym| words.iter().any(|w| w.fact == i && w.word == *s);
            for (list, name) in [(&hh.members, "members"), (&hh.supporters, "supporters")] {
                for (j, p) in list.iter().flatten().enumerate() {
                    if let Some((s, _)) = p.income_extra.iter().find(|(s, _)| !known(s)) {
                        return Err(fail(format!("{name}[{j}].income.{}", s.name()), f, *s));
                    }
                }
            }
            continue;
        }
        if !matches!(f.ty, Type::Symbol | Type::Set) {
            continue;
        }
        let Ok(i) = u8::try_from(i) else { continue };
        match f.scope {
            S::Household => {
                if let Some(s) = foreign(i, &hh.slots.get(i)) {
                    return Err(fail(f.name.to_string(), f, s));
                }
            }
            S::Person => {
                for (list, name) in [(&hh.members, "members"), (&hh.supporters, "supporters")] {
                    for (j, p) in list.iter().flatten().enumerate() {
                        if let Some(s) = foreign(i, &p.slots.get(i)) {
                            return Err(fail(format!("{name}[{j}].{}", f.field()), f, s));
                        }
                    }
                }
            }
            S::Vehicle => {}
        }
    }
    Ok(())
}

/// Checks the `local` objects of a household against the facts the region's packs add: an
/// unknown name or a value of the wrong kind is an error naming the field.
pub fn check(facts: &[LocalFact], region: &str, hh: &Household) -> Result<(), InputError> {
    // The path is written only for an error: most households give no local facts at all.
    let one = |list: &[(crate::shared::Str, LocalIn)], scope: Scope, path: &dyn Fn() -> String| {
        for (name, v) in list {
            let at = || format!("{}.{name}", path());
            let Some(f) = facts.iter().find(|f| *f.id == **name && f.scope == scope) else {
                let known: Vec<&str> = facts
                    .iter()
                    .filter(|f| f.scope == scope)
                    .map(|f| f.id.as_str())
                    .collect();
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                return Err(InputError::new(
                    "bad_value",
                    &at(),
                    format!(
                        "the rules of region {region} add no {} fact `{}` (they add: {known})",
                        scope.name(),
                        name.chars().take(40).collect::<String>()
                    ),
                ));
            };
            f.read(v)
                .map_err(|m| InputError::new("bad_value", &at(), m))?;
        }
        Ok(())
    };
    one(&hh.local, Scope::Household, &|| "local".to_string())?;
    for (i, m) in hh.members.iter().flatten().enumerate() {
        one(&m.local, Scope::Member, &|| format!("members[{i}].local"))?;
    }
    // A supporter's facts are not read by any rule: refused rather than ignored.
    for (i, s) in hh.supporters.iter().flatten().enumerate() {
        one(&s.local, Scope::Supporter, &|| {
            format!("supporters[{i}].local")
        })?;
    }
    Ok(())
}

/// The values of the facts packs add, one row for the household then one per member, each row
/// `facts.len()` long (unknown where not given).
pub fn bind(facts: &[LocalFact], hh: &Household, out: &mut Vec<Value>) {
    out.clear();
    if facts.is_empty() {
        return;
    }
    let row = |list: &[(crate::shared::Str, LocalIn)], scope: Scope, out: &mut Vec<Value>| {
        for f in facts {
            let v = if f.scope == scope {
                list.iter()
                    .find(|(n, _)| **n == *f.id)
                    .and_then(|(_, v)| f.read(v).ok())
            } else {
                None
            };
            out.push(v.unwrap_or(Value::Unknown));
        }
    };
    row(&hh.local, Scope::Household, out);
    for m in hh.members.iter().flatten() {
        row(&m.local, Scope::Member, out);
    }
}

#[cfg(feature = "authoring")]
impl Compiler<'_> {
    /// Builds the facts the packs add, outermost first (an inner pack's declaration of the same
    /// fact replaces the outer one, keeping its scope and type).
    pub(super) fn build_facts(&mut self, decls: &[&FactDecl]) {
        for d in decls {
            let Some(kind) = LocalKind::parse(&d.kind) else {
                continue;
            };
            if self.builtin_fact(&d.id) {
                self.err(
                    "duplicate",
                    d.loc,
                    format!(
                        "`{}` is a built-in fact; a pack's fact needs a new name",
                        d.id
                    ),
                );
                continue;
            }
            let mut values = Vec::new();
            for v in &d.values {
                match Sym::intern(v) {
                    Some(s) => values.push((
                        s,
                        d.value_text
                            .iter()
                            .find(|(n, _)| n == v)
                            .map(|(_, t)| t.clone()),
                    )),
                    None => {
                        self.err(
                            "limit",
                            d.loc,
                            format!(
                                "the vocabulary is full ({} symbols): `{v}` cannot be added",
                                crate::value::MAX_SYMBOLS
                            ),
                        );
                        return;
                    }
                }
            }
            let fact = LocalFact {
                id: d.id.clone(),
                scope: d.scope,
                kind,
                values,
                label: d.label.clone(),
                assigned_by: d.assigned_by,
                question: d.question.clone(),
            };
            let full = self.facts.len() >= MAX_FACTS;
            match self.facts.iter_mut().find(|f| f.id == d.id) {
                Some(f) if f.scope != fact.scope || f.kind != fact.kind => self.err(
                    "type_error",
                    d.loc,
                    format!(
                        "fact `{}` is declared by an outer pack with another scope or type",
                        d.id
                    ),
                ),
                Some(f) => *f = fact,
                None if full => self.err(
                    "limit",
                    d.loc,
                    format!("more than {MAX_FACTS} facts added by the packs of one region"),
                ),
                None => self.facts.push(fact),
            }
        }
    }

    fn builtin_fact(&self, id: &str) -> bool {
        crate::compile::node::PersonFact::by_name(id).is_some()
            || crate::catalogue::FACTS
                .iter()
                .any(|f| f.reads.contains(&id) || f.field() == id)
            || ["date", "kind", "region"].contains(&id)
    }

    /// Builds the words the packs add to built-in facts' vocabularies, outermost first.
    pub(super) fn build_words(&mut self, decls: &[&WordsDecl]) -> Vec<LocalWord> {
        let mut out: Vec<LocalWord> = Vec::new();
        for d in decls {
            let Some(fact) = extensible(&d.fact) else {
                self.err(
                    "unknown_reference",
                    d.loc,
                    format!(
                        "`[words.{}]`: no built-in fact holding a word or a set of words is called so (status, hardships, receives, relation, ...)",
                        d.fact
                    ),
                );
                continue;
            };
            let builtin = crate::catalogue::FACTS
                .get(usize::from(fact))
                .map_or(&[][..], |f| f.vocabulary);
            for (w, label) in &d.words {
                if builtin.contains(&w.as_str()) {
                    self.err(
                        "duplicate",
                        d.loc,
                        format!("`{w}` is already a word of `{}`", d.fact),
                    );
                    continue;
                }
                let Some(word) = Sym::intern(w) else {
                    self.err(
                        "limit",
                        d.loc,
                        format!(
                            "the vocabulary is full ({} symbols): `{w}` cannot be added",
                            crate::value::MAX_SYMBOLS
                        ),
                    );
                    return out;
                };
                match out.iter_mut().find(|x| x.fact == fact && x.word == word) {
                    Some(x) => x.label = label.clone(),
                    None => out.push(LocalWord {
                        fact,
                        word,
                        label: label.clone(),
                    }),
                }
            }
        }
        out
    }

    /// A fact a pack added, by name, in a scope that can read it.
    pub(super) fn local_fact(&self, id: &str, scope: Scope) -> Option<(u16, Ty, Scope)> {
        let i = self.facts.iter().position(|f| f.id == id)?;
        let f = self.facts.get(i)?;
        let readable = f.scope == Scope::Household || scope == Scope::Member;
        readable.then(|| (u16::try_from(i).unwrap_or(u16::MAX), f.kind.ty(), f.scope))
    }
}
