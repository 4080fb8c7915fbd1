//! The command-line front end: parses arguments, reads input, prints results. No rule logic.

mod batch;
mod csv_input;

use clap::{Parser, Subcommand};

/// Prints to stdout, ignoring a closed pipe (`huimin ... | head` must not panic).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

/// Like `outln!` without the newline.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}
use huimin::explain::{render, Lang};
use huimin::{Engine, Error, Options};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "huimin",
    version,
    about = "惠民自测: check which civil-affairs benefits a household can get"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate and lint rule packs and run the test cases they carry.
    Check {
        /// Rules directory.
        #[arg(default_value = "rules")]
        rules: PathBuf,
        /// Also print, per jurisdiction and program, sourced and unsourced parameters and the
        /// criteria the cases exercise; fails when a program has no case.
        #[arg(long)]
        coverage: bool,
        /// With `--coverage`: list per place every figure that is past its `known_until` on
        /// this date (YYYY-MM-DD; default today), and every assumed start date.
        #[arg(long = "as-of")]
        as_of: Option<String>,
    },
    /// Assess a household (JSON) and print the result as JSON.
    Assess {
        /// Assessment date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Rules directory (default: the packs built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Leave out the facts, values and parameters behind each criterion.
        #[arg(long)]
        brief: bool,
        /// Write each citation, traced parameter, stale figure and traced fact or value once, in
        /// the lists `citations`, `parameters`, `stale` and `inputs`, and name them elsewhere by
        /// their index (on one line).
        #[arg(long)]
        refs: bool,
        /// Household file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Assess a household and print the result as readable text.
    Explain {
        /// Assessment date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Rules directory (default: the packs built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Language: zh (default) or en.
        #[arg(long, default_value = "zh")]
        lang: String,
        /// Household file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Print the ranked next questions for a partial household.
    Questions {
        /// Assessment date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Rules directory (default: the packs built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Print the opening instead: the first question for a household with nothing given
        /// yet and the form field that asks it (what the page shows before the engine loads;
        /// no household is read).
        #[arg(long)]
        opening: bool,
        /// Household file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Marriage and divorce registration: appointment slots at a registry.
    Marriage {
        #[command(subcommand)]
        command: MarriageCommand,
    },
    /// Assess every household of a JSON Lines (or CSV) file: one result line per household on
    /// stdout, a summary with exact totals on stderr. Exit status 3 when a line was malformed
    /// (each is reported with its line number and skipped).
    Batch {
        /// Assessment date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Rules directory (default: the packs built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Read CSV (one row per member; see the README) rather than JSON Lines.
        #[arg(long)]
        csv: bool,
        /// The CSV's encoding: utf-8 or gb18030 (gbk); detected when not given.
        #[arg(long)]
        encoding: Option<String>,
        /// Also write the summary as JSON to this file.
        #[arg(long)]
        summary: Option<String>,
        /// Add each household's full result with the explanation (`"result"`).
        #[arg(long)]
        full: bool,
        /// Households: JSON Lines (a household, or {"id", "household"} per line), or - for
        /// standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Compare a reform with a baseline over the same households: newly eligible, newly
    /// ineligible, amount changes and the cost per program, with the households that moved.
    Compare {
        /// Baseline: a date (YYYY-MM-DD), or a rules directory assessed on --date.
        #[arg(long)]
        baseline: String,
        /// Reform: a date, or a rules directory assessed on --date.
        #[arg(long)]
        reform: String,
        /// Assessment date for a side given as a rules directory.
        #[arg(long)]
        date: Option<String>,
        /// Rules directory for a side given as a date (default: the built-in packs).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Set a parameter under the reform: --set dibao_standard_urban=5400 (repeatable).
        #[arg(long = "set", value_name = "PARAMETER=VALUE")]
        set: Vec<String>,
        /// Print JSON rather than readable text.
        #[arg(long)]
        json: bool,
        /// Household ids listed per movement in the readable text.
        #[arg(long, default_value_t = 20)]
        ids: usize,
        /// Read CSV rather than JSON Lines.
        #[arg(long)]
        csv: bool,
        /// The CSV's encoding: utf-8 or gb18030 (gbk); detected when not given.
        #[arg(long)]
        encoding: Option<String>,
        /// Households (as for batch), or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Write a synthetic population for a region as JSON Lines ({"id", "household"} per line);
    /// the distributions are documented in the README.
    Synth {
        /// GB/T 2260 region code.
        #[arg(long)]
        region: String,
        /// Number of households.
        #[arg(long)]
        n: u64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Ages are as on 1 January of this year.
        #[arg(long, default_value_t = 2026)]
        year: i32,
    },
    /// Signed rule bundles for pages that load their rules from a server.
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
    /// List the regions the rules cover.
    Regions {
        /// Rules directory (default: the packs built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Make a signing key: the secret key (hex) goes to a new file --out, readable by its owner
    /// only; the public key is printed.
    Keygen {
        /// File for the secret key.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign the rule files of a directory into one bundle (JSON).
    Sign {
        /// Secret key file (from `bundle keygen`).
        #[arg(long)]
        key: PathBuf,
        /// Rules directory.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Bundle file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Compile the rule files of a directory into the compiled form the WebAssembly package
    /// carries (every pack's rules, region names, calendars; no rule-file reader needed).
    Compile {
        /// Rules directory.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// File to write.
        #[arg(long)]
        out: PathBuf,
        /// Only the rules this region needs (the national pack and its innermost pack): a page
        /// embedded for one county loads these alone. Without it, every region's.
        #[arg(long)]
        region: Option<String>,
    },
    /// Check a bundle against a public key (hex) and load its rules.
    Verify {
        /// Public key, hex.
        #[arg(long)]
        public_key: String,
        /// Bundle file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum MarriageCommand {
    /// Pre-check a marriage or divorce registration: the two parties are the members.
    Check {
        /// Date of the registration, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Print the explanation in zh or en instead of JSON.
        #[arg(long)]
        text: Option<String>,
        /// Rules directory (default: the rules built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Document file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// List the bookable days and free slots of a registry.
    Slots {
        /// Registry id (see rules/registries.toml).
        #[arg(long)]
        office: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Number of days to search.
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// JSON file with the appointments already taken: ["2025-09-28T09:00", ...].
        #[arg(long)]
        taken: Option<String>,
        /// Print readable lines (zh or en) instead of JSON.
        #[arg(long)]
        text: Option<String>,
        /// Rules directory (default: the rules built into this binary).
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

/// Runs the command line.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("error: {line}");
            }
            match e {
                Error::Load { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Input(huimin::error::InputError::new(
        "io",
        "file",
        format!("{}: {e}", path.display()),
    ))
}

/// Writes a secret key readable by its owner only (on Unix), never over an existing file.
fn write_secret(path: &Path, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    std::io::Write::write_all(&mut file, format!("{secret}\n").as_bytes())
}

fn bundle_command(cmd: BundleCommand) -> Result<ExitCode, Error> {
    use huimin::pack::signed;
    match cmd {
        BundleCommand::Keygen { out } => {
            let mut seed = [0u8; 32];
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut seed))
                .map_err(|e| io_error(Path::new("/dev/urandom"), e))?;
            let secret = signed::to_hex(&seed);
            write_secret(&out, &secret).map_err(|e| io_error(&out, e))?;
            outln!("{}", signed::public_key(&secret)?);
        }
        BundleCommand::Sign { key, rules, out } => {
            let secret = std::fs::read_to_string(&key).map_err(|e| io_error(&key, e))?;
            let (bundle, errors) = huimin::pack::Bundle::from_dir(&rules);
            if !errors.is_empty() {
                return Err(Error::Load { errors });
            }
            // Only rules that load are signed, with their compiled form (what the resident's
            // package loads).
            let compiled = Engine::new(bundle.clone())?.compiled_form()?;
            let files = bundle
                .files
                .iter()
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect();
            let text = signed::sign_with(files, Some(&compiled), &secret)?;
            std::fs::write(&out, text).map_err(|e| io_error(&out, e))?;
            outln!("signed {} files into {}", bundle.files.len(), out.display());
        }
        BundleCommand::Compile { rules, out, region } => {
            let engine = Engine::from_dir(&rules)?;
            let bytes = match region.as_deref() {
                Some(r) => engine.compiled_form_for(r)?,
                None => engine.compiled_form()?,
            };
            std::fs::write(&out, &bytes).map_err(|e| io_error(&out, e))?;
            outln!(
                "compiled {} into {} ({} bytes)",
                rules.display(),
                out.display(),
                bytes.len()
            );
        }
        BundleCommand::Verify { public_key, file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| io_error(&file, e))?;
            let engine = Engine::from_signed_bundle(&text, &public_key)?;
            outln!(
                "verified: {} packs, {} regions",
                engine.compiled()?.len(),
                engine.regions().len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A comparison side: a date (rules from --rules), or a rules directory (assessed on --date).
fn side_of(
    arg: &str,
    date: Option<&str>,
    which: &str,
) -> Result<(Option<Engine>, time::Date), Error> {
    if let Ok(d) = huimin::parse_date(arg) {
        return Ok((None, d));
    }
    let dir = Path::new(arg);
    if !dir.is_dir() {
        return Err(Error::Input(huimin::error::InputError::new(
            "bad_value",
            which,
            format!("\"{arg}\" is neither a date (YYYY-MM-DD) nor a rules directory"),
        )));
    }
    let date = date.ok_or_else(|| {
        Error::Input(huimin::error::InputError::new(
            "missing",
            "date",
            format!("--date is needed when the {which} is a rules directory"),
        ))
    })?;
    Ok((Some(Engine::from_dir(dir)?), huimin::parse_date(date)?))
}

/// Parses `--set PARAMETER=VALUE`: a number, true/false, or a symbol.
fn parse_set(s: &str) -> Result<(String, huimin::pack::model::RawValue), Error> {
    use huimin::pack::model::RawValue;
    let (id, v) = s.split_once('=').ok_or_else(|| {
        Error::Input(huimin::error::InputError::new(
            "bad_value",
            "set",
            format!("\"{s}\" is not PARAMETER=VALUE"),
        ))
    })?;
    Ok((id.trim().to_string(), RawValue::parse(v)))
}

fn engine(rules: Option<&Path>) -> Result<Engine, Error> {
    match rules {
        Some(dir) => Engine::from_dir(dir),
        None => Engine::builtin(),
    }
}

fn read_input(file: &str) -> Result<String, Error> {
    let limit = huimin::limits::MAX_INPUT_BYTES;
    let mut buf = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let res = if file == "-" {
        std::io::stdin().take(cap).read_to_end(&mut buf)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(cap).read_to_end(&mut buf))
    };
    let input_err = |code, msg: String| Error::Input(huimin::error::InputError::new(code, "", msg));
    res.map_err(|e| input_err("io", format!("cannot read {file}: {e}")))?;
    if buf.len() > limit {
        return Err(input_err(
            "too_large",
            format!("the household document is larger than {limit} bytes"),
        ));
    }
    String::from_utf8(buf).map_err(|_| {
        input_err(
            "malformed_json",
            "the household document is not UTF-8".into(),
        )
    })
}

fn dispatch(cmd: Command) -> Result<ExitCode, Error> {
    match cmd {
        Command::Check {
            rules,
            coverage,
            as_of,
        } => {
            let as_of = match as_of {
                Some(d) => huimin::parse_date(&d)?,
                None => today(),
            };
            check(&rules, coverage, as_of)
        }
        Command::Assess {
            date,
            rules,
            brief,
            refs,
            file,
        } => {
            let engine = engine(rules.as_deref())?;
            let a = engine.assess_json(
                &read_input(&file)?,
                &date,
                Options {
                    trace: !brief,
                    ..Options::default()
                },
            )?;
            if refs {
                let text = huimin::refs::to_json_with_refs(&a, None).map_err(|e| {
                    Error::Input(huimin::error::InputError::new(
                        "serialize",
                        "",
                        e.to_string(),
                    ))
                })?;
                outln!("{text}");
            } else {
                outln!("{}", json(&a));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            date,
            rules,
            lang,
            file,
        } => {
            let lang = Lang::parse(&lang).ok_or_else(|| {
                Error::Input(huimin::error::InputError::new(
                    "bad_value",
                    "lang",
                    "use zh or en",
                ))
            })?;
            let engine = engine(rules.as_deref())?;
            let a = engine.assess_json(
                &read_input(&file)?,
                &date,
                Options {
                    trace: true,
                    ..Options::default()
                },
            )?;
            out!("{}", render(&a, lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Questions {
            date,
            rules,
            opening,
            file,
        } => {
            let engine = engine(rules.as_deref())?;
            let date = huimin::parse_date(&date)?;
            if opening {
                outln!("{}", json(&engine.opening(date)?));
                return Ok(ExitCode::SUCCESS);
            }
            let hh = engine.parse_household(&read_input(&file)?)?;
            outln!("{}", json(&engine.questions(&hh, date)?));
            Ok(ExitCode::SUCCESS)
        }
        Command::Marriage {
            command:
                MarriageCommand::Check {
                    date,
                    text,
                    rules,
                    file,
                },
        } => {
            let engine = engine(rules.as_deref())?;
            let opts = Options {
                trace: true,
                topic: Some(huimin::engine::Topic::Marriage),
            };
            let a = engine.assess_json(&read_input(&file)?, &date, opts)?;
            match text.as_deref() {
                Some(l) => out!("{}", render(&a, Lang::parse(l).unwrap_or(Lang::Zh))),
                None => outln!("{}", json(&a)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Marriage {
            command:
                MarriageCommand::Slots {
                    office,
                    from,
                    days,
                    taken,
                    text,
                    rules,
                },
        } => {
            let engine = engine(rules.as_deref())?;
            let from = huimin::parse_date(&from).map_err(|mut e| {
                e.path = "from".into();
                e
            })?;
            let taken = match taken {
                Some(f) => parse_taken_file(&read_input(&f)?)?,
                None => Vec::new(),
            };
            let s = huimin::slots::search(engine.calendar(), &office, from, days, &taken)?;
            match text.as_deref() {
                Some(l) => out!("{}", huimin::slots::render(&s, l != "en")),
                None => outln!("{}", json(&s)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Batch {
            date,
            rules,
            csv,
            encoding,
            summary,
            full,
            file,
        } => {
            let engine = engine(rules.as_deref())?;
            let all = batch::batch(batch::BatchArgs {
                engine: &engine,
                date: huimin::parse_date(&date)?,
                file,
                csv,
                encoding,
                summary,
                full,
            })?;
            Ok(if all {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Compare {
            baseline,
            reform,
            date,
            rules,
            set,
            json: as_json,
            ids,
            csv,
            encoding,
            file,
        } => {
            let set = set
                .iter()
                .map(|s| parse_set(s))
                .collect::<Result<Vec<_>, _>>()?;
            let dated = engine(rules.as_deref())?;
            let (b_engine, b_date) = side_of(&baseline, date.as_deref(), "baseline")?;
            let (r_engine, r_date) = side_of(&reform, date.as_deref(), "reform")?;
            let c = batch::compare(
                batch::SideArg {
                    engine: b_engine.as_ref().unwrap_or(&dated),
                    date: b_date,
                    set: Vec::new(),
                },
                batch::SideArg {
                    engine: r_engine.as_ref().unwrap_or(&dated),
                    date: r_date,
                    set,
                },
                &file,
                csv,
                encoding.as_deref(),
            )?;
            if as_json {
                outln!("{}", json(&c.to_json()));
            } else {
                out!("{}", c.render(ids));
            }
            Ok(if c.malformed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Synth {
            region,
            n,
            seed,
            year,
        } => {
            let engine = Engine::builtin()?;
            engine.rules(Some(&region))?;
            let mut rng = huimin::bench::Rng::new(seed);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for i in 0..n {
                use std::io::Write as _;
                if writeln!(out, "{}", huimin::synth::line(&mut rng, &region, year, i)).is_err() {
                    break;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle { command } => bundle_command(command),
        Command::Regions { rules } => {
            outln!("{}", json(&engine(rules.as_deref())?.regions()));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_taken_file(text: &str) -> Result<Vec<huimin::slots::Taken>, Error> {
    let bad = |i: usize, m: &str| {
        Error::Input(huimin::error::InputError::new(
            "bad_value",
            &format!("taken[{i}]"),
            m.to_string(),
        ))
    };
    let list: Vec<String> = serde_json::from_str(text).map_err(|e| {
        bad(
            0,
            &format!("expected a JSON array of \"YYYY-MM-DDTHH:MM\": {e}"),
        )
    })?;
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            huimin::slots::parse_taken(s).ok_or_else(|| bad(i, "expected \"YYYY-MM-DDTHH:MM\""))
        })
        .collect()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn check(dir: &Path, coverage: bool, as_of: time::Date) -> Result<ExitCode, Error> {
    let engine = Engine::from_dir(dir)?;
    for l in huimin::lint::lint(&engine)? {
        if l.file.is_empty() {
            outln!("warning: {} [{}]", l.message, l.code);
        } else {
            outln!(
                "warning: {}:{}:{}: {} [{}]",
                l.file,
                l.line,
                l.column,
                l.message,
                l.code
            );
        }
    }
    let report = huimin::cases::run_all(&engine);
    for f in &report.failures {
        outln!("FAIL {}:{}: {}: {}", f.file, f.line, f.case, f.message);
    }
    let mut gaps = 0;
    if coverage {
        let (text, g) = huimin::coverage::report(&engine, &report)?;
        out!("{text}");
        out!("{}", huimin::coverage::figures(&engine, as_of)?);
        gaps = g;
        outln!("\ncoverage: {g} program(s) without cases");
    }
    let failed = report.failures.len();
    outln!(
        "rules: {} packs, {} programs; cases: {} passed, {} failed",
        engine.bundle().packs.len(),
        engine
            .compiled()?
            .iter()
            .map(|(_, r)| r.programs.len())
            .max()
            .unwrap_or(0),
        report.run.saturating_sub(failed),
        failed
    );
    Ok(if failed == 0 && gaps == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Today's date in Beijing time (UTC+8), where the rules apply.
fn today() -> time::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0).saturating_add(8 * 3600);
    time::OffsetDateTime::from_unix_timestamp(secs).map_or(time::Date::MIN, |t| t.date())
}
