//! `huimin batch`, `huimin compare` and `huimin synth`: households streamed from a JSON Lines or
//! CSV file in chunks, assessed on every core (rayon), tallied with exact totals. Memory stays
//! flat: one chunk of lines is held at a time.

use super::csv_input::CsvHouseholds;
use huimin::batch::{parse_line, Comparison, Outcome, Side, Summary};
use huimin::error::InputError;
use huimin::facts::Household;
use huimin::pack::model::RawValue;
use huimin::{Engine, Error};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};

/// Lines assessed per parallel chunk.
const CHUNK: usize = 4096;

/// One input household: its line number, id and document text.
pub struct Line {
    /// 1-based line (or CSV record) number.
    pub number: u64,
    /// The document: a household, or `{"id", "household"}`.
    pub text: String,
    /// Id given by the CSV layout (JSON lines carry theirs inside).
    pub id: Option<String>,
}

/// Reads households in chunks from JSON Lines or CSV.
pub enum Input {
    /// JSON Lines.
    Json(Box<dyn BufRead>, u64),
    /// CSV, one row per member.
    Csv(CsvHouseholds),
}

fn input_error(code: &'static str, path: &str, msg: String) -> Error {
    Error::Input(InputError::new(code, path, msg))
}

/// CSV as offices save it: UTF-8 (with or without a byte-order mark) or, as Excel on a Chinese
/// Windows writes it, GB18030 (a superset of GBK and GB2312). Named by `encoding`, or detected
/// from the first 64 KB: UTF-8 when they are valid UTF-8, GB18030 otherwise; stderr says which.
fn decode(
    reader: &mut BufReader<Box<dyn Read>>,
    encoding: Option<&str>,
) -> Result<Box<dyn Read>, Error> {
    use encoding_rs_io::DecodeReaderBytesBuilder;
    let named = match encoding {
        None => None,
        Some(label) => Some(
            encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                input_error(
                    "bad_value",
                    "encoding",
                    format!("unknown encoding \"{label}\": use utf-8 or gb18030 (gbk)"),
                )
            })?,
        ),
    };
    let enc = match named {
        Some(e) => e,
        None => {
            let head = reader
                .fill_buf()
                .map_err(|e| input_error("io", "file", format!("cannot read the file: {e}")))?;
            let utf8 = match std::str::from_utf8(head) {
                Ok(_) => true,
                // A character cut by the end of the first block is still UTF-8.
                Err(e) => e.error_len().is_none(),
            };
            let enc = if utf8 {
                encoding_rs::UTF_8
            } else {
                encoding_rs::GB18030
            };
            if !utf8 {
                eprintln!("huimin: the CSV is not UTF-8; reading it as GB18030 (GBK), as Excel on a Chinese Windows saves it (name another with --encoding)");
            }
            enc
        }
    };
    let owned = std::mem::replace(reader, BufReader::new(Box::new(std::io::empty())));
    let mut b = DecodeReaderBytesBuilder::new();
    b.strip_bom(true).bom_override(true);
    if enc == encoding_rs::UTF_8 {
        // UTF-8 goes through unchanged, so a bad byte is reported by the CSV reader with its
        // line rather than replaced.
        b.utf8_passthru(true);
    } else {
        b.encoding(Some(enc));
    }
    Ok(Box::new(b.build(owned)))
}

impl Input {
    /// Opens `file` (`-` for standard input); CSV when the name ends in `.csv` or `csv` is set,
    /// read as `encoding` (`utf-8`, `gb18030`, `gbk`; detected when `None`).
    pub fn open(
        file: &str,
        csv: bool,
        encoding: Option<&str>,
    ) -> Result<(Input, Option<u64>), Error> {
        let (reader, size): (Box<dyn Read>, Option<u64>) = if file == "-" {
            (Box::new(std::io::stdin()), None)
        } else {
            let f = std::fs::File::open(file)
                .map_err(|e| input_error("io", "file", format!("cannot read {file}: {e}")))?;
            let size = f.metadata().ok().map(|m| m.len());
            (Box::new(f), size)
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        if csv || file.ends_with(".csv") {
            let decoded = decode(&mut reader, encoding)?;
            Ok((Input::Csv(CsvHouseholds::new(decoded)), size))
        } else {
            Ok((Input::Json(Box::new(reader), 0), size))
        }
    }

    /// The next chunk of lines (empty at the end); bad lines come back as errors with their
    /// numbers. `read` counts the bytes consumed.
    pub fn chunk(&mut self, read: &mut u64) -> Vec<Result<Line, (u64, Error)>> {
        let mut out = Vec::with_capacity(CHUNK);
        match self {
            Input::Json(r, number) => {
                let mut buf = Vec::new();
                while out.len() < CHUNK {
                    buf.clear();
                    let limit = huimin::limits::MAX_INPUT_BYTES as u64 + 1;
                    match r.by_ref().take(limit).read_until(b'\n', &mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            *read += n as u64;
                            *number += 1;
                            if buf.len() as u64 >= limit && buf.last() != Some(&b'\n') {
                                // Skip the rest of an over-long line.
                                let mut rest = Vec::new();
                                let _ = r.read_until(b'\n', &mut rest);
                                *read += rest.len() as u64;
                                out.push(Err((
                                    *number,
                                    input_error(
                                        "too_large",
                                        "",
                                        format!(
                                            "the line is longer than {} bytes",
                                            huimin::limits::MAX_INPUT_BYTES
                                        ),
                                    ),
                                )));
                                continue;
                            }
                            match std::str::from_utf8(&buf) {
                                Ok(s) if s.trim().is_empty() => {}
                                Ok(s) => out.push(Ok(Line {
                                    number: *number,
                                    text: s.to_string(),
                                    id: None,
                                })),
                                Err(_) => out.push(Err((
                                    *number,
                                    input_error(
                                        "malformed_json",
                                        "",
                                        "the line is not UTF-8".into(),
                                    ),
                                ))),
                            }
                        }
                        Err(e) => {
                            *number += 1;
                            out.push(Err((
                                *number,
                                input_error("io", "", format!("read error: {e}")),
                            )));
                            break;
                        }
                    }
                }
            }
            Input::Csv(c) => {
                while out.len() < CHUNK {
                    match c.next_household(read) {
                        None => break,
                        Some(x) => out.push(x),
                    }
                }
            }
        }
        out
    }
}

fn progress(size: Option<u64>) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    let style =
        ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} [{bar:40}] {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

fn report(line: u64, e: &Error) {
    let msg = e.to_string().replace('\n', "; ");
    eprintln!("line {line}: {msg}");
}

/// Id of a household: the one given, else `line N`.
fn id_of(given: Option<String>, number: u64) -> String {
    given.unwrap_or_else(|| format!("line {number}"))
}

/// Parses a line once and decides it: its id, its household (for the full result) and outcomes.
fn decide_line(
    side: &mut Side<'_>,
    line: &Line,
) -> Result<(String, Household, Vec<Outcome>), Error> {
    let (id, hh) = parse_line(side.engine(), &line.text)?;
    let outcomes = side.decide(&hh)?;
    Ok((
        id_of(id.or_else(|| line.id.clone()), line.number),
        hh,
        outcomes,
    ))
}

/// A line's outcomes (line number, household id, outcomes, full result as JSON text when asked
/// for), or its error.
type Assessed = Result<(u64, String, Vec<Outcome>, Option<String>), (u64, Error)>;

/// Options of `huimin batch`.
pub struct BatchArgs<'a> {
    /// Rules.
    pub engine: &'a Engine,
    /// Assessment date.
    pub date: time::Date,
    /// Input file.
    pub file: String,
    /// Treat the input as CSV.
    pub csv: bool,
    /// The CSV's encoding (detected when `None`).
    pub encoding: Option<String>,
    /// Where to write the summary as JSON.
    pub summary: Option<String>,
    /// Write each household's full result with its explanation (`"result"`) as well.
    pub full: bool,
}

/// Runs `huimin batch`: result lines on stdout, the summary on stderr (and as JSON to a file).
/// Returns whether every line was assessed.
pub fn batch(args: BatchArgs<'_>) -> Result<bool, Error> {
    let (mut input, size) = Input::open(&args.file, args.csv, args.encoding.as_deref())?;
    let bar = progress(size);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut total = Summary::default();
    let mut row = String::new();
    let mut read = 0u64;
    let engine = args.engine;
    let date = args.date;
    let full = args.full;
    loop {
        let lines = input.chunk(&mut read);
        if lines.is_empty() {
            break;
        }
        let results: Vec<Assessed> = lines
            .into_par_iter()
            .map_init(
                || Side::new(engine, date, Vec::new()),
                |side, line| {
                    let line = line?;
                    let side = side.as_mut().map_err(|e| (line.number, e.clone()))?;
                    let (id, hh, o) = decide_line(side, &line).map_err(|e| (line.number, e))?;
                    let result = if full {
                        let a = side.assess(&hh, true).map_err(|e| (line.number, e))?;
                        let json = serde_json::to_string(&a).unwrap_or_default();
                        side.recycle(&hh, a);
                        Some(json)
                    } else {
                        None
                    };
                    Ok((line.number, id, o, result))
                },
            )
            .collect();
        for r in results {
            match r {
                Ok((number, id, outcomes, result)) => {
                    total.add(&outcomes)?;
                    row.clear();
                    huimin::batch::line_json(
                        &mut row,
                        Some(&id),
                        number,
                        &outcomes,
                        result.is_some(),
                    );
                    let written = match result {
                        // The result as the engine serialises it, byte for byte.
                        Some(r) => writeln!(out, "{row},\"result\":{r}}}"),
                        None => writeln!(out, "{row}"),
                    };
                    if written.is_err() {
                        return Ok(total.malformed == 0);
                    }
                }
                Err((number, e)) => {
                    total.malformed += 1;
                    report(number, &e);
                }
            }
        }
        if let Some(b) = &bar {
            b.set_position(read);
        }
    }
    let _ = out.flush();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprint!("{}", total.render());
    if let Some(path) = args.summary {
        let text = serde_json::to_string_pretty(&total.to_json()).unwrap_or_default();
        std::fs::write(&path, text + "\n")
            .map_err(|e| input_error("io", "summary", format!("cannot write {path}: {e}")))?;
    }
    Ok(total.malformed == 0)
}

/// One side of a comparison as given on the command line: a date, or a rules directory
/// (assessed on `--date`).
pub struct SideArg<'a> {
    /// Rules.
    pub engine: &'a Engine,
    /// Date.
    pub date: time::Date,
    /// Parameters set.
    pub set: Vec<(String, RawValue)>,
}

/// Runs `huimin compare`; returns the comparison.
pub fn compare(
    baseline: SideArg<'_>,
    reform: SideArg<'_>,
    file: &str,
    csv: bool,
    encoding: Option<&str>,
) -> Result<Comparison, Error> {
    // Fail early on a bad parameter, not once per line.
    Side::new(baseline.engine, baseline.date, baseline.set.clone())?;
    Side::new(reform.engine, reform.date, reform.set.clone())?;
    let (mut input, size) = Input::open(file, csv, encoding)?;
    let bar = progress(size);
    let mut total = Comparison::default();
    let mut read = 0u64;
    loop {
        let lines = input.chunk(&mut read);
        if lines.is_empty() {
            break;
        }
        let part = lines
            .into_par_iter()
            .fold(
                || {
                    let b = Side::new(baseline.engine, baseline.date, baseline.set.clone());
                    let r = Side::new(reform.engine, reform.date, reform.set.clone());
                    (b, r, Comparison::default(), Vec::new())
                },
                |(mut b, mut r, mut c, mut errors), line| {
                    let one = || -> Result<(), (u64, Error)> {
                        let line = line?;
                        let at = |e: Error| (line.number, e);
                        let (id, hh) = parse_line(reform.engine, &line.text).map_err(at)?;
                        let b = b.as_mut().map_err(|e| at(e.clone()))?;
                        let r = r.as_mut().map_err(|e| at(e.clone()))?;
                        let ob = b.decide(&hh).map_err(at)?;
                        let or = r.decide(&hh).map_err(at)?;
                        let id = id_of(id.or(line.id), line.number);
                        c.add(&id, &ob, &or).map_err(at)
                    };
                    if let Err(e) = one() {
                        c.malformed += 1;
                        errors.push(e);
                    }
                    (b, r, c, errors)
                },
            )
            .map(|(_, _, c, e)| (c, e))
            .collect::<Vec<_>>();
        for (c, errors) in part {
            total.merge(c)?;
            for (n, e) in errors {
                report(n, &e);
            }
        }
        if let Some(b) = &bar {
            b.set_position(read);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(total)
}
