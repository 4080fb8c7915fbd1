//! The engine: a bundle of rule packs compiled per region, and the calls residents' front ends
//! make: assess, explain, next questions, regions.

use crate::compile::{compile, Rules};
use crate::error::{Error, InputError, LoadError};
use crate::eval::{assess_with, decide_with, Decision, Snapshot, Workspace};
use crate::facts::{parse_household, Household};
use crate::pack::{lineage, Bundle, NATIONAL};
use crate::result::Assessment;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use time::Date;

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

/// A pack's compiled rules: compiled when the engine is made, or, for the built-in rules (which
/// the test suite has compiled already), on first use, so a page pays only for its own region.
type Compiled = OnceLock<Result<Rules, Vec<LoadError>>>;

/// Rule packs compiled for every region that has one.
#[derive(Debug)]
pub struct Engine {
    bundle: Bundle,
    rules: BTreeMap<String, Compiled>,
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

impl Engine {
    /// Compiles every pack in the bundle; returns all load errors of all packs.
    pub fn new(bundle: Bundle) -> Result<Engine, Error> {
        Engine::with_errors(bundle, Vec::new())
    }

    /// Compiles what was read, adding compile errors to the read errors already found.
    fn with_errors(bundle: Bundle, mut errors: Vec<LoadError>) -> Result<Engine, Error> {
        let mut rules = BTreeMap::new();
        for code in bundle.packs.keys() {
            match compile(&bundle, code) {
                Ok(r) => {
                    rules.insert(code.clone(), OnceLock::from(Ok(r)));
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
            Ok(Engine { bundle, rules })
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
        let mut rules = BTreeMap::new();
        for code in bundle.packs.keys() {
            rules.insert(code.clone(), OnceLock::new());
        }
        Ok(Engine { bundle, rules })
    }

    /// The compiled rules of the pack of `code` (compiling them on first use).
    fn pack_rules(&self, code: &str) -> Option<Result<&Rules, Error>> {
        let cell = self.rules.get(code)?;
        Some(
            cell.get_or_init(|| compile(&self.bundle, code))
                .as_ref()
                .map_err(|errors| Error::Load {
                    errors: errors.clone(),
                }),
        )
    }

    /// The engine with the rule files of a signed bundle ([`crate::pack::signed`]), refused
    /// unless its hash matches its files and its signature verifies with `public_key` (hex).
    pub fn from_signed_bundle(bundle: &str, public_key: &str) -> Result<Engine, Error> {
        let files = crate::pack::signed::verify(bundle, public_key)?;
        let (bundle, errors) = Bundle::read(files.into_iter().collect());
        Engine::with_errors(bundle, errors)
    }

    /// The engine with the rule packs built into the crate.
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

    /// The source bundle.
    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// Compiled rules by pack region, in region order (compiling every pack not compiled yet).
    pub fn compiled(&self) -> Result<Vec<(&str, &Rules)>, Error> {
        let mut out = Vec::with_capacity(self.rules.len());
        for code in self.rules.keys() {
            if let Some(r) = self.pack_rules(code) {
                out.push((code.as_str(), r?));
            }
        }
        Ok(out)
    }

    /// The rules that apply to a region: those of its innermost pack. `None` gives the national
    /// rules. An unknown code is an error.
    pub fn rules(&self, region: Option<&str>) -> Result<&Rules, Error> {
        let Some(region) = region else {
            return self
                .pack_rules(NATIONAL)
                .unwrap_or_else(|| Err(no_region(NATIONAL)));
        };
        if !self.bundle.knows_region(region) {
            return Err(no_region(region));
        }
        lineage(region)
            .iter()
            .rev()
            .find_map(|c| self.pack_rules(c))
            .unwrap_or_else(|| Err(no_region(region)))
    }

    /// Assesses a validated household on `date`.
    pub fn assess(&self, hh: &Household, date: Date, opts: Options) -> Result<Assessment, Error> {
        let mut a = self.assessor(hh.region.as_deref(), date)?;
        a.assess(hh, opts)
    }

    /// Parses the household JSON and the date, then assesses.
    pub fn assess_json(&self, json: &str, date: &str, opts: Options) -> Result<Assessment, Error> {
        let date = parse_date(date)?;
        let hh = parse_household(json)?;
        self.assess(&hh, date, opts)
    }

    /// An assessor for many households of one region on one date: parameters are resolved
    /// once and buffers are reused.
    pub fn assessor(&self, region: Option<&str>, date: Date) -> Result<Assessor<'_>, Error> {
        let rules = self.rules(region)?;
        Ok(Assessor {
            rules,
            snap: Snapshot::new(rules, date),
            ws: Workspace::default(),
            decisions: Vec::new(),
        })
    }

    /// Regions known to the engine, with names.
    pub fn regions(&self) -> Vec<RegionOut> {
        let mut codes: Vec<&String> = self
            .bundle
            .regions
            .keys()
            .chain(self.bundle.packs.keys())
            .collect();
        codes.sort();
        codes.dedup();
        codes
            .into_iter()
            .map(|code| {
                let chain = lineage(code);
                let parent = chain
                    .iter()
                    .rev()
                    .skip(1)
                    .find(|c| *c != NATIONAL && self.bundle.knows_region(c))
                    .cloned();
                let name = self
                    .bundle
                    .regions
                    .get(code)
                    .cloned()
                    .or_else(|| self.bundle.packs.get(code).map(|p| p.name.clone()))
                    .unwrap_or_default();
                RegionOut {
                    code: code.clone(),
                    name,
                    parent,
                    has_pack: self.bundle.packs.contains_key(code),
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
    ws: Workspace,
    decisions: Vec<Decision>,
}

impl Assessor<'_> {
    /// Checks what only makes sense against the date and the region's rules: birth dates, and
    /// the facts the region's packs add.
    fn check(&self, hh: &Household) -> Result<(), Error> {
        hh.check_dates(self.snap.date)?;
        crate::compile::local::check(&self.rules.facts, &self.rules.region, hh)?;
        Ok(())
    }

    /// Assesses one household (its `region` should be the assessor's).
    pub fn assess(&mut self, hh: &Household, opts: Options) -> Result<Assessment, Error> {
        self.check(hh)?;
        let mut a = assess_with(self.rules, &self.snap, hh, &mut self.ws, opts)?;
        if self
            .rules
            .facts
            .iter()
            .any(|f| f.assigned_by == crate::pack::model::AssignedBy::Office)
        {
            crate::options::fill(self.rules, &self.snap, hh, &mut self.ws, opts.topic, &mut a)?;
        }
        Ok(a)
    }

    /// Hands back a result this assessor made once it has been used (written out, sent to the
    /// page): its lists are emptied and reused by the next assessments, so assessing many
    /// households with the trace does not allocate them again.
    pub fn recycle(&mut self, a: Assessment) {
        self.ws.recycle(a);
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
            &mut self.ws,
            topic,
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
        let mut ev = crate::eval::Eval::new(self.rules, &self.snap, hh, &mut self.ws, false);
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

impl Engine {
    /// Reads and compiles rule files given as `(path, text)`, reporting every error of reading
    /// and compiling together, as `huimin check` does for a directory (the rule studio).
    pub fn from_texts(files: Vec<(String, String)>) -> Result<Engine, Error> {
        let (bundle, errors) = Bundle::read(files);
        Engine::with_errors(bundle, errors)
    }
}
