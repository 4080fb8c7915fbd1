//! The rule studio's exports (feature `authoring`, built into `www/pkg-authoring` for
//! `studio.html`; the resident's package leaves them out): a [`Studio`] holding the rule files
//! as opened and as changed, and the comparison of two sets of rules over a population for the
//! studio's Web Worker. Errors are thrown as the rest of the binding throws them.

use super::{comparison_js, from_js, input_error, to_js, to_js_error};
use crate::authoring::{edit, impact, place, publish, view, Files};
use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("authoring_types.d.ts");

/// Rule files being edited: as opened, as changed so far (with the steps to undo), and the
/// cases' results last shown.
#[wasm_bindgen]
pub struct Studio {
    opened: Files,
    files: Files,
    undo: Vec<Files>,
    cases: Option<Vec<view::CaseResult>>,
}

fn files_arg(v: JsValue, path: &str) -> Result<Files, JsValue> {
    from_js(&v).map_err(|e| {
        input_error(
            "bad_value",
            path,
            format!("{path} must map file names to text: {e}"),
        )
    })
}

impl Studio {
    fn over(files: Files) -> Studio {
        Studio {
            opened: files.clone(),
            files,
            undo: Vec::new(),
            cases: None,
        }
    }
}

#[wasm_bindgen]
impl Studio {
    /// The rules built into this package, as written (comments and test cases included).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Studio {
        Studio::over(crate::authoring::builtin_files())
    }

    /// Rule files chosen by the office: `{"<code>/<name>.toml": text, "regions.toml": text}`.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
    ) -> Result<Studio, JsValue> {
        Ok(Studio::over(files_arg(files, "files")?))
    }

    /// The files of a rule bundle (`huimin-rules/1`, signed or not), to edit them.
    #[wasm_bindgen(js_name = fromBundle)]
    pub fn from_bundle(text: &str) -> Result<Studio, JsValue> {
        publish::read_bundle(text)
            .map(Studio::over)
            .map_err(to_js_error)
    }

    /// Every place's figures, the cases with their results, lints and coverage, on `asOf`
    /// (figures past their `known_until` then are stale).
    #[wasm_bindgen(unchecked_return_type = "StudioOverview")]
    pub fn overview(
        &mut self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let o = view::overview(&self.files, super::date(as_of)?);
        self.cases = Some(o.cases.clone());
        to_js(&o)
    }

    /// Records a new dated value (`StudioChange`): refused with `{ok: false, errors}`, each
    /// naming its field, or kept, with `{ok: true, changed, source, warnings, case_changes,
    /// overview}`: the cases whose results changed, and everything on `asOf` after the change.
    #[wasm_bindgen(unchecked_return_type = "StudioRecorded")]
    pub fn record(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StudioChange")] change: JsValue,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let day = super::date(as_of)?;
        let change: edit::Change =
            from_js(&change).map_err(|e| input_error("bad_value", "change", e))?;
        let r = match edit::record(&self.files, &change) {
            Ok(r) => r,
            Err(errors) => return to_js(&serde_json::json!({ "ok": false, "errors": errors })),
        };
        let before = match self.cases.take() {
            Some(c) => c,
            None => view::overview(&self.files, day).cases,
        };
        let o = view::overview(&r.files, day);
        let changes = view::case_changes(&before, &o.cases);
        self.cases = Some(o.cases.clone());
        self.undo
            .push(std::mem::replace(&mut self.files, r.files.clone()));
        to_js(&serde_json::json!({
            "ok": true,
            "changed": r.changed,
            "source": r.source,
            "warnings": r.warnings,
            "case_changes": changes,
            "overview": o,
        }))
    }

    /// Adds a place from the template: a pack `<code>/pack.toml` with its `[pack]` header (the
    /// Chinese name, and the English one or, when empty, the Chinese again), inheriting
    /// everything else from the packs that contain it. Refused with `{ok: false, errors}` (field
    /// `code`, `name` or `name_en`), or kept, with `{ok: true, path, text, inherits,
    /// overview}`; undone as a change is.
    #[wasm_bindgen(js_name = addPlace, unchecked_return_type = "StudioPlaceAdded")]
    pub fn add_place(
        &mut self,
        code: &str,
        zh: &str,
        en: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let day = super::date(as_of)?;
        let added = match place::new_place(&self.files, code, zh, en) {
            Ok(a) => a,
            Err(errors) => return to_js(&serde_json::json!({ "ok": false, "errors": errors })),
        };
        let o = view::overview(&added.files, day);
        self.cases = Some(o.cases.clone());
        self.undo
            .push(std::mem::replace(&mut self.files, added.files.clone()));
        to_js(&serde_json::json!({
            "ok": true,
            "path": added.path,
            "text": added.text,
            "inherits": added.inherits,
            "overview": o,
        }))
    }

    /// Takes back the last change recorded; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(f) => {
                self.files = f;
                self.cases = None;
                true
            }
            None => false,
        }
    }

    /// How many changes are recorded.
    #[wasm_bindgen(getter, js_name = changeCount)]
    pub fn change_count(&self) -> u32 {
        u32::try_from(self.undo.len()).unwrap_or(u32::MAX)
    }

    /// The rule files now.
    #[wasm_bindgen(unchecked_return_type = "Record<string, string>")]
    pub fn files(&self) -> Result<JsValue, JsValue> {
        to_js(&self.files)
    }

    /// The rule files as opened.
    #[wasm_bindgen(js_name = openedFiles, unchecked_return_type = "Record<string, string>")]
    pub fn opened_files(&self) -> Result<JsValue, JsValue> {
        to_js(&self.opened)
    }

    /// The files changed since they were opened, each with its text and line diff.
    #[wasm_bindgen(unchecked_return_type = "StudioFileChange[]")]
    pub fn changes(&self) -> Result<JsValue, JsValue> {
        to_js(&publish::changes(&self.opened, &self.files))
    }

    /// Every change since the files were opened as one unified diff (paths under `rules/`, for
    /// `git apply` at the repository's root).
    pub fn patch(&self) -> String {
        publish::patch(&self.opened, &self.files)
    }

    /// The rule files now as a bundle the self-check page loads: signed with the office's
    /// Ed25519 secret key (hex, as `huimin bundle keygen` writes it; used for this call only),
    /// or unsigned when no key is given. Only rules that load are bundled.
    #[wasm_bindgen(unchecked_return_type = "StudioBundle")]
    pub fn bundle(&self, secret: Option<String>) -> Result<JsValue, JsValue> {
        let out = publish::bundle(&self.files, secret.as_deref()).map_err(to_js_error)?;
        to_js(&out)
    }
}

fn engines(before: JsValue, after: JsValue) -> Result<(crate::Engine, crate::Engine), JsValue> {
    let engine = |files: Files| {
        crate::authoring::load(&files).map_err(|errors| to_js_error(Error::Load { errors }))
    };
    Ok((
        engine(files_arg(before, "before")?)?,
        engine(files_arg(after, "after")?)?,
    ))
}

/// The same comparison over households given as CSV text, one row per member, with the columns
/// of `huimin batch --csv` (a byte-order mark dropped; decode GB18030 before calling). `errors`
/// give the line of each household's first row.
#[wasm_bindgen(js_name = compareRulesCsv, unchecked_return_type = "Comparison")]
pub fn compare_rules_csv(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] after: JsValue,
    csv: &str,
    date: &str,
) -> Result<JsValue, JsValue> {
    let (b, a) = engines(before, after)?;
    let (c, errors) = impact::compare_csv(&b, &a, csv, super::date(date)?).map_err(to_js_error)?;
    comparison_js(&c, &errors)
}

/// Compares two sets of rule files over households given as JSON Lines, both on `date`: the
/// tallies of `huimin compare --baseline DIR --reform DIR --date D`, plus `errors` (the first
/// lines that could not be assessed).
#[wasm_bindgen(js_name = compareRules, unchecked_return_type = "Comparison")]
pub fn compare_rules(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] after: JsValue,
    lines: &str,
    date: &str,
) -> Result<JsValue, JsValue> {
    let (b, a) = engines(before, after)?;
    let (c, errors) = impact::compare(&b, &a, lines, super::date(date)?).map_err(to_js_error)?;
    comparison_js(&c, &errors)
}
