//! A new place from the template: a county (or prefecture, or province) chosen by its GB/T 2260
//! code gets a pack of its own, `<code>/pack.toml`, holding only its `[pack]` header. Everything
//! else is inherited from the packs that contain it (the national pack and any provincial or
//! prefectural one) until the office records the place's own figures, each with its source, with
//! [`super::edit::record`].

use super::edit::{field_error, toml_string, FieldError};
use super::Files;
use serde::Serialize;

/// A place added: its pack file and every rule file after it.
#[derive(Clone, Debug, Serialize)]
pub struct NewPlace {
    /// The new file (`130102/pack.toml`).
    pub path: String,
    /// Its text.
    pub text: String,
    /// The packs the place inherits from, outermost first (those present in the files).
    pub inherits: Vec<String>,
    /// Every rule file after the addition.
    #[serde(skip)]
    pub files: Files,
}

/// A name as a pack writes it: one line, not empty, at most 100 characters.
fn name_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 100 && !s.chars().any(char::is_control)
}

/// The text of a new place's `pack.toml`: a comment saying what it is and the `[pack]` header
/// with its region and name (`en` empty: the Chinese name). Refused, naming the field (`code`,
/// `name`, `name_en`), when the code is not six digits on the list of places or is the national
/// one, or a name is empty, longer than 100 characters or not one line.
pub fn pack_header(code: &str, zh: &str, en: &str) -> Result<String, Vec<FieldError>> {
    let (code, zh, en) = (code.trim(), zh.trim(), en.trim());
    let mut errors = Vec::new();
    if !crate::pack::valid_region(code) {
        errors.push(field_error(
            "code",
            "bad_region",
            format!("\"{code}\" is not a six-digit GB/T 2260 code"),
        ));
    } else if code == crate::pack::NATIONAL {
        errors.push(field_error(
            "code",
            "bad_region",
            "000000 is the national pack, not a place",
        ));
    } else if !crate::places::contains(code) {
        errors.push(field_error(
            "code",
            "bad_region",
            format!("{code} is not on the list of provinces, prefectures and counties (GB/T 2260)"),
        ));
    }
    if !name_ok(zh) {
        errors.push(field_error(
            "name",
            "missing_key",
            "the place's name (in Chinese) is required, on one line of at most 100 characters",
        ));
    }
    if !en.is_empty() && !name_ok(en) {
        errors.push(field_error(
            "name_en",
            "bad_value",
            "the English name is one line of at most 100 characters",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let en = if en.is_empty() { zh } else { en };
    Ok(format!(
        "# {zh} ({code}): the place's own standards, each citing its source. Everything not \
         written here\n# is inherited from the packs that contain it (the province's, the \
         prefecture's, the national one).\n\n[pack]\nregion = \"{code}\"\nname = {{ zh = {}, en \
         = {} }}\n",
        toml_string(zh),
        toml_string(en)
    ))
}

/// Adds a pack for the place `code` to `files`: refused when the header is (see
/// [`pack_header`]) or when the files already hold a pack for it; the files after the addition
/// are read and compiled, and what the engine refuses is returned.
pub fn new_place(
    files: &Files,
    code: &str,
    zh: &str,
    en: &str,
) -> Result<NewPlace, Vec<FieldError>> {
    let text = pack_header(code, zh, en)?;
    let code = code.trim();
    let dir = format!("{code}/");
    if files.keys().any(|p| p.starts_with(&dir)) {
        return Err(vec![field_error(
            "code",
            "duplicate",
            format!("these rules already have a pack for {code}: choose it in the list of places"),
        )]);
    }
    let path = format!("{code}/pack.toml");
    let mut out = files.clone();
    out.insert(path.clone(), text.clone());
    if let Err(errors) = super::load(&out) {
        return Err(errors
            .into_iter()
            .map(|e| FieldError {
                field: if e.file == path {
                    "code".into()
                } else {
                    String::new()
                },
                code: e.code.to_string(),
                message: e.message,
                file: e.file,
                line: e.line,
                column: e.column,
            })
            .collect());
    }
    let inherits = crate::pack::lineage(code)
        .into_iter()
        .filter(|c| c != code && out.keys().any(|p| p.starts_with(&format!("{c}/"))))
        .collect();
    Ok(NewPlace {
        path,
        text,
        inherits,
        files: out,
    })
}
