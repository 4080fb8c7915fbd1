//! The engine: a bundle of rule packs compiled per region, and the calls residents' front ends
//! make: assess, explain, next questions, regions.

use crate::calendar::Calendar;
#[cfg(feature = "authoring")]
use crate::compile::compile;
use crate::compile::Rules;
use crate::error::{Error, InputError, LoadError};
use crate::eval::{decide_until, decide_with, evaluate, Decision, Snapshot, Trace, Workspace};
use crate::facts::Household;
#[cfg(feature = "authoring")]
use crate::pack::Bundle;
use crate::pack::{lineage, NATIONAL};
use crate::report::{amount_out, report, Reporter};
use crate::result::{Assessment, Decided};
use crate::table::Table;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::{Arc, Mutex, OnceLock};
use time::Date;

#[cfg(feature = "authoring")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// Assessment options.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Record the facts, values and parameters behind each criterion.
    pub trace: bool,
    /// Which programs to assess: one topic (benefits by default), or every program (`None`).
    pub topic: Option<Topic>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            trace: false,
            topic: Some(Topic::Benefits),
        }
    }
}

pub use crate::compile::Topic;

/// A region the engine knows.
#[derive(Clone, Debug, Serialize)]
pub struct RegionOut {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: crate::pack::model::Text,
    /// Code of the enclosing region (null for provinces and the national level).
    pub parent: Option<String>,
    /// Whether a rule pack of its own exists.
    pub has_pack: bool,
}

/// A pack's compiled rules: compiled (or decoded from the compiled form) when the engine is
/// made, or, for the built-in rules (which the test suite has compiled already), on first use,
/// so a page pays only for its own region.
type Compiled = OnceLock<Result<Rules, Vec<LoadError>>>;

/// A pack the engine knows.
#[derive(Debug)]
struct Pack {
    /// Its name.
    name: crate::pack::model::Text,
    /// Its rules in the compiled form ([`crate::compiled`]), when the engine was made from it.
    compiled: Option<Cow<'static, [u8]>>,
    /// Its rules, once compiled or decoded.
    rules: Compiled,
}

/// Rule packs compiled for every region that has one.
#[derive(Debug)]
pub struct Engine {
    /// The rule files read (empty for an engine made from the compiled form).
    #[cfg(feature = "authoring")]
    bundle: Bundle,
    /// Names of regions, by code (`regions.toml`).
    regions: Table<String, crate::pack::model::Text>,
    /// The packs, by region code.
    packs: Table<String, Pack>,
    /// Holiday calendars and marriage registries.
    calendar: Arc<Calendar>,
    /// Words the packs add to built-in facts' vocabularies (fact index in the catalogue, word).
    words: Vec<(u8, crate::value::Sym)>,
    /// The assessor [`Engine::assess`] last used, kept for the next call.
    kept: Mutex<Option<Kept>>,
    /// The one region the engine answers for, when it was made from that region's own
    /// compiled form ([`Engine::compiled_form_for`]): any other region is refused rather than
    /// assessed with the rules of a pack above it.
    only: Option<String>,
}

/// What an assessor resolved for one pack's rules on one date (the parameters in force), and
/// its buffers: [`Engine::assess`] keeps them for the next call on the same rules and date, as
/// a page makes many calls for one household (every question asked probes the engine), so that
/// each call does not resolve the parameters and allocate the buffers again.
#[derive(Debug)]
struct Kept {
    /// The region the rules were compiled for (one per pack, so it names them).
    region: String,
    snap: Snapshot,
    bufs: Buffers,
}

/// What an assessor reuses from one household to the next: the evaluator's workspace, the
/// trace it records and the reporter's caches.
#[derive(Debug, Default)]
struct Buffers {
    ws: Workspace,
    trace: Trace,
    reporter: Reporter,
}

mod compiled_rules {
    include!(concat!(env!("OUT_DIR"), "/compiled_rules.rs"));
}

/// Parses an assessment date (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Result<Date, InputError> {
    crate::date::parse(s).ok_or_else(|| {
        InputError::new(
            "bad_date",
            "date",
            format!(
                "\"{}\" is not a date in the form YYYY-MM-DD",
                s.chars().take(40).collect::<String>()
            ),
        )
    })
}

#[cfg(feature = "authoring")]
impl Engine {
    /// Compiles every pack in the bundle; returns all load errors of all packs.
    pub fn new(bundle: Bundle) -> Result<Engine, Error> {
        Engine::with_errors(bundle, Vec::new())
    }

    /// The engine over a bundle read, its packs not compiled yet.
    fn over(bundle: Bundle) -> Engine {
        let packs = bundle
            .packs
            .iter()
            .map(|(code, p)| {
                let pack = Pack {
                    name: p.name.clone(),
                    compiled: None,
                    rules: OnceLock::new(),
                };
                (code.clone(), pack)
            })
            .collect();
        let mut words: Vec<(u8, crate::value::Sym)> = Vec::new();
        for d in bundle.packs.values().flat_map(|p| p.words.iter()) {
            let Some(fact) = crate::compile::local::extensible(&d.fact) else {
                continue;
            };
            for (w, _) in &d.words {
                if let Some(sym) = crate::value::Sym::intern(w) {
                    if !words.contains(&(fact, sym)) {
                        words.push((fact, sym));
                    }
                }
            }
        }
        Engine {
            regions: bundle
                .regions
                .iter()
                .map(|(c, n)| (c.clone(), n.clone()))
                .collect(),
            calendar: Arc::new(bundle.calendar.clone()),
            packs,
            bundle,
            words,
            kept: Mutex::new(None),
            only: None,
        }
    }

    /// Compiles what was read, adding compile errors to the read errors already found.
    fn with_errors(bundle: Bundle, mut errors: Vec<LoadError>) -> Result<Engine, Error> {
        let engine = Engine::over(bundle);
        for (code, pack) in &engine.packs {
            match compile(&engine.bundle, code) {
                Ok(r) => {
                    let _ = pack.rules.set(Ok(r));
                }
                Err(e) => {
                    for x in e {
                        if !errors.contains(&x) {
                            errors.push(x);
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(engine)
        } else {
            Err(Error::Load { errors })
        }
    }

    /// The engine over rules already known to compile (the built-in ones): each pack is
    /// compiled when a region first needs it.
    fn lazy(bundle: Bundle, errors: Vec<LoadError>) -> Result<Engine, Error> {
        if !errors.is_empty() {
            return Err(Error::Load { errors });
        }
        Ok(Engine::over(bundle))
    }

    /// The engine with the rule files of a signed bundle ([`crate::pack::signed`]), refused
    /// unless its hash matches its files and its signature verifies with `public_key` (hex).
    pub fn from_signed_bundle(bundle: &str, public_key: &str) -> Result<Engine, Error> {
        let (files, _) = crate::pack::signed::verify_all(bundle, public_key)?;
        let (bundle, errors) = Bundle::read(files.into_iter().collect());
        Engine::with_errors(bundle, errors)
    }

    /// The engine with the rule packs built into the crate, read from their text (the
    /// resident's package, built without the feature `authoring`, carries them compiled).
    pub fn builtin() -> Result<Engine, Error> {
        let files = embedded::FILES
            .iter()
            .map(|(p, t, _)| (p.to_string(), t.to_string()))
            .collect();
        let (bundle, errors) = Bundle::read(files);
        // Both in path order: the digests the build computed go with their files.
        for (f, (path, _, digest)) in bundle.files.iter().zip(embedded::FILES) {
            if f.path == *path {
                f.preset_digest(*digest);
            }
        }
        Engine::lazy(bundle, errors)
    }

    /// Reads and compiles the packs under a directory (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_dir(dir: &std::path::Path) -> Result<Engine, Error> {
        let (bundle, errors) = Bundle::from_dir(dir);
        Engine::with_errors(bundle, errors)
    }

    /// The source bundle (empty for an engine made from the compiled form).
    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// The compiled form of every pack's rules, with the region names and the calendars
    /// ([`crate::compiled`]), for a runtime without the reader and the compiler.
    pub fn compiled_form(&self) -> Result<Vec<u8>, Error> {
        let rules: Vec<&Rules> = self.compiled()?.into_iter().map(|(_, r)| r).collect();
        self.write_compiled(&rules, None)
    }

    /// The compiled form of the rules one region needs alone: the national pack and the
    /// region's innermost pack, with the region names and the calendars. An engine made from it
    /// answers for that region (and for a household with no region yet, by the national rules)
    /// and refuses every other region.
    pub fn compiled_form_for(&self, region: &str) -> Result<Vec<u8>, Error> {
        let own = self.rules(Some(region))?;
        let national = self.rules(None)?;
        let rules = if own.region == national.region {
            vec![national]
        } else {
            vec![national, own]
        };
        self.write_compiled(&rules, Some(region))
    }

    fn write_compiled(&self, rules: &[&Rules], only: Option<&str>) -> Result<Vec<u8>, Error> {
        let packs: Vec<(String, crate::pack::model::Text, &Rules)> = rules
            .iter()
            .map(|r| {
                let name = self.packs.get(&r.region).map(|p| p.name.clone());
                (r.region.clone(), name.unwrap_or_default(), *r)
            })
            .collect();
        let regions: Vec<_> = self
            .regions
            .iter()
            .map(|(c, n)| (c.clone(), n.clone()))
            .collect();
        let digests: Vec<[u8; 32]> = self.bundle.files.iter().map(|f| f.digest()).collect();
        let digest = crate::compiled::files_digest(digests.iter());
        crate::compiled::write(&digest, &regions, &packs, &self.calendar, only)
            .map_err(|e| Error::Load { errors: vec![e] })
    }
}

impl Engine {
    /// The engine over rules in the compiled form ([`crate::compiled`], written by
    /// [`Engine::compiled_form`]): refused if it is not one or does not match its digest; each
    /// pack's rules are decoded when a region first needs them.
    pub fn from_compiled(bytes: &[u8]) -> Result<Engine, Error> {
        let loaded = crate::compiled::read(bytes).map_err(|e| Error::Load { errors: vec![e] })?;
        Engine::from_loaded(loaded, |b| Cow::Owned(b.to_vec()))
    }

    fn from_loaded<'a>(
        loaded: crate::compiled::Loaded<'a>,
        keep: impl Fn(&'a [u8]) -> Cow<'static, [u8]>,
    ) -> Result<Engine, Error> {
        let packs = loaded
            .packs
            .into_iter()
            .map(|p| {
                let pack = Pack {
                    name: p.name,
                    compiled: Some(keep(p.rules)),
                    rules: OnceLock::new(),
                };
                (p.code, pack)
            })
            .collect();
        Ok(Engine {
            #[cfg(feature = "authoring")]
            bundle: Bundle::default(),
            regions: loaded.regions.into_iter().collect(),
            packs,
            calendar: Arc::new(loaded.calendar),
            words: loaded.words,
            kept: Mutex::new(None),
            only: loaded.only,
        })
    }

    /// The engine with the rules built into the crate in the compiled form (made by the build
    /// from `rules/`, see [`crate::compiled`]); refused if they were compiled from other rule
    /// files than those.
    #[cfg(not(feature = "authoring"))]
    pub fn builtin() -> Result<Engine, Error> {
        Engine::builtin_compiled()
    }

    /// The engine with the rules built into the crate in the compiled form (see
    /// [`Engine::builtin`]).
    pub fn builtin_compiled() -> Result<Engine, Error> {
        let bytes: &'static [u8] = compiled_rules::COMPILED.ok_or_else(|| Error::Load {
            errors: vec![LoadError {
                code: "no_compiled_rules",
                message: "this build carries no built-in rules: load rules with \
                          `Engine.fromSignedBundle` (the package for signed bundles), or build \
                          with HUIMIN_COMPILED_RULES set to the output of `huimin bundle compile`"
                    .into(),
                file: String::new(),
                line: 0,
                column: 0,
            }],
        })?;
        let loaded =
            crate::compiled::read_built_in(bytes).map_err(|e| Error::Load { errors: vec![e] })?;
        let engine = Engine::from_loaded(loaded, Cow::Borrowed)?;
        if bytes.get(8..40) != Some(&compiled_rules::FILES_DIGEST[..]) {
            return Err(Error::Load {
                errors: vec![LoadError {
                    code: "stale_compiled_rules",
                    message: "the compiled rules built in were made from other rule files".into(),
                    file: String::new(),
                    line: 0,
                    column: 0,
                }],
            });
        }
        Ok(engine)
    }

    /// The engine with the compiled form of a signed bundle (format `huimin-rules/2`, see
    /// [`crate::pack::signed`]), refused unless it verifies with `public_key` (hex).
    #[cfg(not(feature = "authoring"))]
    pub fn from_signed_bundle(bundle: &str, public_key: &str) -> Result<Engine, Error> {
        match crate::pack::signed::verify_all(bundle, public_key)? {
            (_, Some(compiled)) => Engine::from_compiled(&compiled),
            (_, None) => Err(Error::Input(InputError::new(
                "malformed_bundle",
                "compiled",
                "the bundle carries no compiled rules (sign it again with `huimin bundle sign`)",
            ))),
        }
    }

    /// Holiday calendars and marriage registries.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The compiled rules of the pack of `code` (compiling or decoding them on first use).
    fn pack_rules(&self, code: &str) -> Option<Result<&Rules, Error>> {
        let pack = self.packs.get(code)?;
        Some(
            pack.rules
                .get_or_init(|| self.make_rules(code, pack))
                .as_ref()
                .map_err(|errors| Error::Load {
                    errors: errors.clone(),
                }),
        )
    }

    fn make_rules(&self, code: &str, pack: &Pack) -> Result<Rules, Vec<LoadError>> {
        if let Some(bytes) = &pack.compiled {
            return crate::compiled::rules(code, bytes, &self.calendar).map_err(|e| vec![e]);
        }
        #[cfg(feature = "authoring")]
        return compile(&self.bundle, code);
        #[cfg(not(feature = "authoring"))]
        Err(Vec::new())
    }

    /// Compiled rules by pack region, in region order (compiling every pack not compiled yet).
    pub fn compiled(&self) -> Result<Vec<(&str, &Rules)>, Error> {
        let mut out = Vec::with_capacity(self.packs.len());
        for code in self.packs.keys() {
            if let Some(r) = self.pack_rules(code) {
                out.push((code.as_str(), r?));
            }
        }
        Ok(out)
    }

    /// Codes of the regions that have a pack of their own, in order.
    pub fn pack_codes(&self) -> impl Iterator<Item = &str> {
        self.packs.keys().map(String::as_str)
    }

    /// Whether the region is known: a pack, a `regions.toml` entry, or any place on the list of
    /// provinces, prefectures and counties ([`crate::places`]).
    pub fn knows_region(&self, region: &str) -> bool {
        self.packs.contains_key(region)
            || self.regions.contains_key(region)
            || crate::places::contains(region)
    }

    /// The rules that apply to a region: those of its innermost pack. `None` gives the national
    /// rules. An unknown code is an error.
    pub fn rules(&self, region: Option<&str>) -> Result<&Rules, Error> {
        let Some(region) = region else {
            return self
                .pack_rules(NATIONAL)
                .unwrap_or_else(|| Err(no_region(NATIONAL)));
        };
        if !self.knows_region(region) {
            return Err(no_region(region));
        }
        if let Some(only) = self.only.as_deref().filter(|o| *o != region) {
            return Err(Error::Input(InputError::new(
                "unknown_region",
                "region",
                format!(
                    "these rules are those of {only} alone; the region \"{}\" needs its own",
                    region.chars().take(40).collect::<String>()
                ),
            )));
        }
        lineage(region)
            .iter()
            .rev()
            .find_map(|c| self.pack_rules(c))
            .unwrap_or_else(|| Err(no_region(region)))
    }

    /// Assesses a validated household on `date`. The assessor is kept for the next call: one on
    /// the same rules and date reuses the parameters it resolved and its buffers.
    pub fn assess(&self, hh: &Household, date: Date, opts: Options) -> Result<Assessment, Error> {
        self.with_assessor(hh, date, |a| a.assess(hh, opts))
    }

    /// Decides every program of `topic` (every program when `None`) for a validated household on
    /// `date` without explaining it: per program, in the order [`Engine::assess`] lists them,
    /// the id, name, status and amount it gives (the amount without the low end of a range).
    /// What a page compares when it tries answers out, at the cost of evaluation alone; it
    /// shares the kept assessor with `assess`.
    pub fn decide(
        &self,
        hh: &Household,
        date: Date,
        topic: Option<Topic>,
    ) -> Result<Vec<Decided>, Error> {
        self.with_assessor(hh, date, |a| {
            let rules = a.rules;
            let mut out: Vec<Option<Decided>> = vec![None; rules.programs.len()];
            for d in a.decide(hh, topic)? {
                let p = usize::from(d.program);
                let (Some(prog), Some(shown)) =
                    (rules.programs.get(p), rules.shown.programs.get(p))
                else {
                    continue;
                };
                if let Some(slot) = out.get_mut(p) {
                    *slot = Some(Decided {
                        id: shown.id.clone(),
                        name: prog.name.clone(),
                        status: d.status,
                        amount: d.amount.map(|x| amount_out(x, prog, d.at_least)),
                    });
                }
            }
            Ok(out.into_iter().flatten().collect())
        })
    }

    /// Runs `f` with an assessor for `hh`'s rules on `date`: the one kept from the last call when
    /// it is for the same rules and date, else a new one; kept afterwards for the next call.
    fn with_assessor<T>(
        &self,
        hh: &Household,
        date: Date,
        f: impl FnOnce(&mut Assessor<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let rules = self.rules(hh.region.as_deref())?;
        // Never waits: a call made while another thread holds the kept assessor makes its own.
        let kept = self
            .kept
            .try_lock()
            .ok()
            .and_then(|mut k| k.take())
            .filter(|k| k.region == rules.region && k.snap.date == date);
        let mut a = match kept {
            Some(k) => Assessor {
                rules,
                snap: k.snap,
                bufs: k.bufs,
                decisions: Vec::new(),
            },
            None => Assessor::new(rules, date),
        };
        let out = f(&mut a);
        if let Ok(mut k) = self.kept.try_lock() {
            *k = Some(Kept {
                region: rules.region.clone(),
                snap: a.snap,
                bufs: a.bufs,
            });
        }
        out
    }

    /// Reads a household document, accepting the words the packs add to built-in facts (a
    /// local status, a local kind of hardship) besides the built-in ones; whether its region
    /// knows them is checked when it is assessed.
    pub fn parse_household(&self, json: &str) -> Result<Household, InputError> {
        crate::facts::parse_household_with(json, &self.words)
    }

    /// Reads a batch line `{"id": ..., "household": {...}}` in one pass, with the words the
    /// engine's packs add; `None` when the line is not such an envelope or its household has an
    /// error (read it with [`Engine::parse_household`] then, for the error).
    pub fn parse_envelope(&self, json: &str) -> Option<(Option<String>, Household)> {
        crate::facts::parse_envelope(json, &self.words)
    }

    /// Parses the household JSON and the date, then assesses.
    pub fn assess_json(&self, json: &str, date: &str, opts: Options) -> Result<Assessment, Error> {
        let date = parse_date(date)?;
        let hh = self.parse_household(json)?;
        self.assess(&hh, date, opts)
    }

    /// An assessor for many households of one region on one date: parameters are resolved
    /// once and buffers are reused.
    pub fn assessor(&self, region: Option<&str>, date: Date) -> Result<Assessor<'_>, Error> {
        Ok(Assessor::new(self.rules(region)?, date))
    }

    /// Regions known to the engine, with names.
    pub fn regions(&self) -> Vec<RegionOut> {
        let mut codes: Vec<&String> = self.regions.keys().chain(self.packs.keys()).collect();
        crate::order::sort(&mut codes);
        codes.dedup();
        codes
            .into_iter()
            .map(|code| {
                let chain = lineage(code);
                let parent = chain
                    .iter()
                    .rev()
                    .skip(1)
                    .find(|c| *c != NATIONAL && self.knows_region(c))
                    .cloned();
                let name = self
                    .regions
                    .get(code)
                    .cloned()
                    .or_else(|| self.packs.get(code).map(|p| p.name.clone()))
                    .unwrap_or_default();
                RegionOut {
                    code: code.clone(),
                    name,
                    parent,
                    has_pack: self.packs.contains_key(code),
                }
            })
            .collect()
    }
}

fn no_region(code: &str) -> Error {
    Error::Input(InputError::new(
        "unknown_region",
        "region",
        format!(
            "no rules cover the region \"{}\"",
            code.chars().take(40).collect::<String>()
        ),
    ))
}

/// Assesses many households of one region on one date.
#[derive(Debug)]
pub struct Assessor<'e> {
    rules: &'e Rules,
    snap: Snapshot,
    bufs: Buffers,
    decisions: Vec<Decision>,
}

impl<'e> Assessor<'e> {
    fn new(rules: &'e Rules, date: Date) -> Assessor<'e> {
        Assessor {
            rules,
            snap: Snapshot::new(rules, date),
            bufs: Buffers::default(),
            decisions: Vec::new(),
        }
    }

    /// Checks what only makes sense against the date and the region's rules: birth dates, and
    /// the facts the region's packs add.
    fn check(&self, hh: &Household) -> Result<(), Error> {
        hh.check_dates(self.snap.date)?;
        crate::compile::local::check(&self.rules.facts, &self.rules.region, hh)?;
        crate::compile::local::check_words(&self.rules.words, &self.rules.region, hh)?;
        Ok(())
    }

    /// Assesses one household (its `region` should be the assessor's).
    pub fn assess(&mut self, hh: &Household, opts: Options) -> Result<Assessment, Error> {
        self.check(hh)?;
        let Buffers {
            ws,
            trace,
            reporter,
        } = &mut self.bufs;
        evaluate(
            self.rules, &self.snap, hh, ws, trace, opts.trace, opts.topic,
        )?;
        let mut a = report(self.rules, &self.snap, hh, trace, reporter, opts.topic);
        if self
            .rules
            .facts
            .iter()
            .any(|f| f.assigned_by == crate::pack::model::AssignedBy::Office)
        {
            crate::options::fill(self.rules, &self.snap, hh, ws, opts.topic, &mut a)?;
        }
        Ok(a)
    }

    /// Hands back a result this assessor made once it has been used (written out, sent to the
    /// page): its lists are emptied and reused by the next assessments, so assessing many
    /// households with the trace does not allocate them again.
    pub fn recycle(&mut self, a: Assessment) {
        self.bufs.reporter.recycle(a);
    }

    /// Decides every program of `topic` (every program when `None`) without building the
    /// explanation: a status and the exact amounts per program, in the rules' order. For batch
    /// runs and policy comparison; the buffer is reused from one household to the next.
    pub fn decide(&mut self, hh: &Household, topic: Option<Topic>) -> Result<&[Decision], Error> {
        self.check(hh)?;
        decide_with(
            self.rules,
            &self.snap,
            hh,
            &mut self.bufs.ws,
            topic,
            &mut self.decisions,
        )?;
        Ok(&self.decisions)
    }

    /// The decision of the program at index `program` of the rules, with those of the programs
    /// before it in the rules' order (which include every program it reads), as
    /// [`Assessor::decide`] gives them: for sweeps over one program.
    pub fn decide_until(&mut self, hh: &Household, program: u16) -> Result<&[Decision], Error> {
        self.check(hh)?;
        decide_until(
            self.rules,
            &self.snap,
            hh,
            &mut self.bufs.ws,
            program,
            &mut self.decisions,
        )?;
        Ok(&self.decisions)
    }

    /// Evaluates a household-scope definition by name: its value (JSON: decimals and dates as
    /// strings, null when unknown), or `None` when no such definition exists.
    pub fn definition(
        &mut self,
        hh: &Household,
        name: &str,
    ) -> Result<Option<crate::value::Value>, Error> {
        self.check(hh)?;
        let mut ev = crate::eval::Eval::new(self.rules, &self.snap, hh, &mut self.bufs.ws, false);
        Ok(ev.definition(name)?)
    }

    /// Sets a parameter's value for every household this assessor assesses (an option under
    /// test, a reform under study); results show the value as set by the caller.
    pub fn set(&mut self, id: &str, value: &crate::pack::model::RawValue) -> Result<(), Error> {
        self.snap
            .set(self.rules, id, value)
            .map_err(|m| Error::Input(InputError::new("bad_value", id, m)))
    }

    /// The rules in use.
    pub fn rules(&self) -> &Rules {
        self.rules
    }
}

#[cfg(feature = "authoring")]
impl Engine {
    /// Reads and compiles rule files given as `(path, text)`, reporting every error of reading
    /// and compiling together, as `huimin check` does for a directory (the rule studio).
    pub fn from_texts(files: Vec<(String, String)>) -> Result<Engine, Error> {
        let (bundle, errors) = Bundle::read(files);
        Engine::with_errors(bundle, errors)
    }
}
