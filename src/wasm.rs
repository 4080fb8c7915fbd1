//! The WebAssembly binding: the only module that names wasm-bindgen, js-sys and
//! serde-wasm-bindgen (which only the authoring package uses, to read the JS objects it is
//! given: rule files by name, a recorded change). Every call
//! crosses the boundary once each way, as JSON text: the household goes in as one JSON document
//! (a JS object written out by `JSON.stringify`, or a string, read by the same parser as the
//! native CLI, so both give identical results and errors), and the result is written by
//! serde_json, as the CLI writes it, and comes back as one plain JS object (`JSON.parse`) whose
//! amounts are decimal strings. One string each way costs less, in code and in time, than
//! building or reading a JS object field by field across the boundary.
//!
//! Errors are thrown as JS `Error` objects with a stable `code` and the `path` of the field at
//! fault (`members[0].birth_date`); rule-pack errors also carry `errors`, every problem found.

use crate::engine::{parse_date, Options};
use crate::error::{Error, InputError};
use crate::explain::{render, Lang};
use crate::facts::Household;
use crate::whatif::CurveQuery;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct RegistryInfo<'a> {
    id: &'a str,
    name: &'a crate::pack::model::Text,
    region: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a crate::pack::model::Text>,
    services: &'a [String],
    slot_minutes: u16,
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("wasm_types.d.ts");

/// The household `Engine.warm` assesses (its region is set after reading): made up to reach the
/// code a family's results reach (members of every age, a disability, incomes of several kinds, a
/// supporter, assets, a hardship).
const WARM_HOUSEHOLD: &str = include_str!("wasm/warm.json");

/// The rules engine, with the rule packs built in or passed in.
#[wasm_bindgen]
pub struct Engine {
    inner: crate::Engine,
    /// Citations, texts and tests `assessWithRefs` has sent to callers that keep them.
    held: std::cell::RefCell<crate::refs::Held>,
}

impl From<crate::Engine> for Engine {
    fn from(inner: crate::Engine) -> Engine {
        Engine {
            inner,
            held: Default::default(),
        }
    }
}

fn js_error(code: &str, path: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&err, &"path".into(), &path.into());
    err.into()
}

fn to_js_error(e: Error) -> JsValue {
    match &e {
        Error::Input(i) => js_error(i.code, &i.path, &e.to_string()),
        Error::Eval(v) => js_error(v.code, &v.at, &e.to_string()),
        Error::Load { errors } => {
            let first = errors.first();
            let path = first.map(|l| l.file.clone()).unwrap_or_default();
            let err = js_error(e.code(), &path, &e.to_string());
            if let Ok(list) = to_js(errors) {
                let _ = js_sys::Reflect::set(&err, &"errors".into(), &list);
            }
            err
        }
    }
}

fn input_error(code: &'static str, path: &str, message: impl Into<String>) -> JsValue {
    to_js_error(Error::Input(InputError::new(code, path, message)))
}

/// A value as a plain JS object: written as JSON text (as the CLI writes it: maps as objects,
/// `None` as null, fields skipped when empty left out) and parsed by the JS engine.
fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let text =
        crate::json::to_string(v).map_err(|e| input_error("serialize", "", e.to_string()))?;
    parse_json(&text)
}

/// JSON text the engine wrote, as a JS value.
fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| input_error("serialize", "", "the result is not JSON"))
}

/// The JSON text of a JS value (`JSON.stringify`), or `None` when it has none (undefined, a
/// function, a cycle, a BigInt).
fn json_text(v: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string())
}

/// Reads a JS value as `T` (the authoring package: rule files by name, a recorded change); the
/// error says why it cannot be.
#[cfg(feature = "authoring")]
fn from_js<T: serde::de::DeserializeOwned>(v: &JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| e.to_string())
}

/// Reads a household given as a JS object or as a JSON string.
fn household(engine: &crate::Engine, v: &JsValue) -> Result<Household, JsValue> {
    let text = match v.as_string() {
        Some(s) => s,
        None if v.is_object() => json_text(v).ok_or_else(|| {
            input_error("bad_value", "", "the household cannot be written as JSON")
        })?,
        None => {
            return Err(input_error(
                "bad_value",
                "",
                "the household must be an object or a JSON string",
            ))
        }
    };
    engine
        .parse_household(&text)
        .map_err(|e| to_js_error(Error::Input(e)))
}

fn date(s: &str) -> Result<time::Date, JsValue> {
    parse_date(s).map_err(|e| to_js_error(Error::Input(e)))
}

fn lang(s: &str) -> Result<Lang, JsValue> {
    Lang::parse(s).ok_or_else(bad_lang)
}

/// The error for a language that is not `zh` or `en`.
fn bad_lang() -> JsValue {
    input_error("bad_lang", "lang", "the language must be zh or en")
}

/// The value of `key` in an options object: none when `options` is not an object or the value
/// is absent, `undefined` or `null`.
fn option(options: &JsValue, key: &str) -> Option<JsValue> {
    if !options.is_object() {
        return None;
    }
    let v = js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    (!v.is_undefined() && !v.is_null()).then_some(v)
}

/// Reads `lang` from an options object: `zh`, `en`, or nothing (both languages).
fn lang_option(options: &JsValue) -> Result<Option<Lang>, JsValue> {
    option(options, "lang")
        .map(|v| v.as_string().ok_or_else(bad_lang).and_then(|l| lang(&l)))
        .transpose()
}

/// Reads `held` from an options object: how many of the pieces `assessWithRefs` sends, the
/// caller holds (a whole number), or nothing (the caller keeps none).
fn held_option(options: &JsValue) -> Result<Option<usize>, JsValue> {
    let Some(v) = option(options, "held") else {
        return Ok(None);
    };
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| Some(n as usize))
        .ok_or_else(|| {
            input_error(
                "bad_value",
                "held",
                "held must be the number of pieces held, a whole number",
            )
        })
}

/// Reads `topic` (`benefits`, the default, or `marriage`) from an options value: an object with
/// a `topic` property, a string, or nothing.
fn topic(options: &JsValue) -> Result<crate::engine::Topic, JsValue> {
    let v = if options.is_object() {
        option(options, "topic")
    } else {
        Some(options.clone()).filter(|v| !v.is_undefined() && !v.is_null())
    };
    let Some(v) = v else {
        return Ok(crate::engine::Topic::Benefits);
    };
    v.as_string()
        .as_deref()
        .and_then(crate::engine::Topic::parse)
        .ok_or_else(|| input_error("bad_value", "topic", "topic must be benefits or marriage"))
}

/// Reads a boolean property of an options object (absent, undefined or null: `false`).
fn flag(options: &JsValue, key: &str) -> Result<bool, JsValue> {
    let Some(v) = option(options, key) else {
        return Ok(false);
    };
    v.as_bool()
        .ok_or_else(|| input_error("bad_value", key, format!("{key} must be true or false")))
}

fn string_prop(obj: &JsValue, key: &str) -> Result<String, JsValue> {
    js_sys::Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| input_error("bad_curve", key, format!("{key} must be a string")))
}

fn money_prop(obj: &JsValue, key: &str) -> Result<rust_decimal::Decimal, JsValue> {
    let s = string_prop(obj, key)?;
    crate::facts::parse_money(&s).map_err(|m| input_error("bad_curve", key, m))
}

fn uint_prop(obj: &JsValue, key: &str, default: u32) -> Result<u32, JsValue> {
    let v = js_sys::Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() {
        return Ok(default);
    }
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or_else(|| input_error("bad_curve", key, format!("{key} must be a whole number")))
}

/// Reads the appointments already taken: `["YYYY-MM-DDTHH:MM", ...]` or nothing.
fn taken_list(taken: JsValue) -> Result<Vec<crate::slots::Taken>, JsValue> {
    if taken.is_undefined() || taken.is_null() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(&taken) {
        return Err(input_error(
            "bad_value",
            "taken",
            "taken must be a list of \"YYYY-MM-DDTHH:MM\"",
        ));
    }
    js_sys::Array::from(&taken)
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.as_string()
                .as_deref()
                .and_then(crate::slots::parse_taken)
                .ok_or_else(|| {
                    input_error(
                        "bad_value",
                        &format!("taken[{i}]"),
                        "expected \"YYYY-MM-DDTHH:MM\"",
                    )
                })
        })
        .collect()
}

#[wasm_bindgen]
impl Engine {
    /// An engine with the rule packs built into this package; the package for signed bundles
    /// carries none and throws `no_compiled_rules` (use `fromSignedBundle` there).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Engine, JsValue> {
        crate::Engine::builtin()
            .map(Engine::from)
            .map_err(to_js_error)
    }

    /// An engine from rule files passed in (the authoring package only): an object mapping `"<code>/<name>.toml"` (and
    /// `"regions.toml"`) to the file's text. Throws with every load error found.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
    ) -> Result<Engine, JsValue> {
        let map: std::collections::BTreeMap<String, String> = from_js(&files).map_err(|e| {
            input_error(
                "bad_value",
                "files",
                format!("files must map file names to text: {e}"),
            )
        })?;
        let bundle = crate::pack::Bundle::from_files(map.into_iter().collect())
            .map_err(|errors| to_js_error(Error::Load { errors }))?;
        crate::Engine::new(bundle)
            .map(Engine::from)
            .map_err(to_js_error)
    }

    /// Assesses a household on a date (`YYYY-MM-DD`). `options.trace` records the facts, values
    /// and parameters behind each criterion.
    #[wasm_bindgen(unchecked_return_type = "Assessment")]
    pub fn assess(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.assessment(&household, date, &options)?)
    }

    /// `assess`, with each citation, traced parameter, stale figure and traced fact or value
    /// written once: in the lists `citations`, `parameters`, `stale` and `inputs` (each when not
    /// empty), and named everywhere else by its index there. `options.lang` (`zh` or `en`) writes every text in that
    /// language alone, for a page that shows one. Less to write and parse than `assess` gives
    /// (the rural family of the examples: 89.6 KB, 61.6 with references, 47.1 in Chinese
    /// alone); `resolveRefs` in `www/refs.js` turns it into what `assess` gives.
    ///
    /// `options.held`: the caller keeps the pieces it was sent (citations, texts, tests and
    /// criteria) and holds the first `held` of them. Each is then named by its index among the
    /// pieces this engine has sent (a reason names its criterion's piece in `rule`), and the
    /// result sends in `pieces` those from `pieces_from` (= `held`) on: after the first
    /// results, little more than the decisions (the rural family: 9.1 KB in Chinese alone). `resolveRefs(r, held)` appends them to the caller's
    /// list and resolves against it.
    #[wasm_bindgen(js_name = assessWithRefs, unchecked_return_type = "AssessmentWithRefs")]
    pub fn assess_with_refs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = lang_option(&options)?;
        let from = held_option(&options)?;
        let a = self.assessment(&household, date, &options)?;
        let text = match from {
            None => crate::refs::to_json_with_refs(&a, lang),
            Some(from) => match self.held.try_borrow_mut() {
                Ok(mut held) => crate::refs::to_json_with_held(&a, lang, &mut held, from),
                Err(_) => crate::refs::to_json_with_refs(&a, lang),
            },
        }
        .map_err(|e| input_error("serialize", "", e.to_string()))?;
        parse_json(&text)
    }

    /// Every program's id, name, status and amount as `assess` gives them, without the
    /// explanation (the amount without `from`): what a page compares when it tries answers
    /// out, at the cost of evaluation alone. `topic` as for `nextQuestions`.
    #[wasm_bindgen(unchecked_return_type = "Decided[]")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "\"benefits\" | \"marriage\" | undefined")]
        topic: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hh = self::household(&self.inner, &household)?;
        let d = self
            .inner
            .decide(&hh, self::date(date)?, Some(self::topic(&topic)?))
            .map_err(to_js_error)?;
        to_js(&d)
    }

    /// The unknown facts that could still change a result, most useful first.
    #[wasm_bindgen(js_name = nextQuestions, unchecked_return_type = "NextQuestion[]")]
    pub fn next_questions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "\"benefits\" | \"marriage\" | undefined")]
        topic: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hh = self::household(&self.inner, &household)?;
        let q = self
            .inner
            .questions_for(&hh, self::date(date)?, self::topic(&topic)?)
            .map_err(to_js_error)?;
        to_js(&q)
    }

    /// The household's result on a date (`YYYY-MM-DD`) as readable text in `zh` or `en`: the
    /// assessment with its trace, written out (what `huimin explain` prints). `options.topic`
    /// as for `assess`. It takes the household, not a result: reading a whole result back into
    /// the engine would cost the package about 20 KB (brotli), and assessing again takes less
    /// than a millisecond.
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        lang: &str,
        #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
    ) -> Result<String, JsValue> {
        let lang = self::lang(lang)?;
        let hh = self::household(&self.inner, &household)?;
        let opts = Options {
            trace: true,
            topic: Some(topic(&options)?),
        };
        let a = self
            .inner
            .assess(&hh, self::date(date)?, opts)
            .map_err(to_js_error)?;
        Ok(render(&a, lang))
    }

    /// The regions the rules cover, with names and parents.
    #[wasm_bindgen(unchecked_return_type = "Region[]")]
    pub fn regions(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.regions())
    }

    /// How each fact is asked: answer kinds and labelled choices.
    #[wasm_bindgen(unchecked_return_type = "Field[]")]
    pub fn form(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::form::fields())
    }

    /// The marriage registries the rules know: id, name, region, services.
    #[wasm_bindgen(unchecked_return_type = "RegistryInfo[]")]
    pub fn registries(&self) -> Result<JsValue, JsValue> {
        let list: Vec<RegistryInfo<'_>> = self
            .inner
            .calendar()
            .registries
            .values()
            .map(|r| RegistryInfo {
                id: &r.id,
                name: &r.name,
                region: &r.region,
                address: r.address.as_ref(),
                services: &r.services,
                slot_minutes: r.slot_minutes,
            })
            .collect();
        to_js(&list)
    }

    /// Whether the rules of `region` (the national ones when it is not given) in force on `date`
    /// let a couple register at any marriage registry in the country (全国通办, from 2025-05-10)
    /// rather than only one where a party's household is registered, with the text that says so.
    #[wasm_bindgen(js_name = registryAnywhere, unchecked_return_type = "RegistryAnywhere")]
    pub fn registry_anywhere(
        &self,
        region: Option<String>,
        date: &str,
    ) -> Result<JsValue, JsValue> {
        let r = self
            .inner
            .registry_anywhere(region.as_deref(), self::date(date)?)
            .map_err(to_js_error)?;
        to_js(&r)
    }

    /// Bookable days and free slots of a registry from `from` for `days` days; `taken` lists the
    /// appointments already made (`"YYYY-MM-DDTHH:MM"`), as the portal knows them.
    #[wasm_bindgen(unchecked_return_type = "Slots")]
    pub fn slots(
        &self,
        registry: &str,
        from: &str,
        days: u32,
        #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] taken: JsValue,
    ) -> Result<JsValue, JsValue> {
        let from = parse_date(from).map_err(|mut e| {
            e.path = "from".into();
            to_js_error(Error::Input(e))
        })?;
        let parsed = taken_list(taken)?;
        let s = crate::slots::search(self.inner.calendar(), registry, from, days, &parsed)
            .map_err(|e| to_js_error(Error::Input(e)))?;
        to_js(&s)
    }

    /// A booking request for a free slot (the pre-check as on that day, the documents to
    /// bring): the portal submits it; the engine sends nothing.
    #[wasm_bindgen(js_name = bookingRequest, unchecked_return_type = "BookingRequest")]
    pub fn booking_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        service: &str,
        registry: &str,
        date: &str,
        start: &str,
        #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] taken: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hh = self::household(&self.inner, &household)?;
        let date = self::date(date)?;
        let start = crate::calendar::parse_hhmm(start)
            .ok_or_else(|| input_error("bad_value", "start", "start must be HH:MM"))?;
        let taken = taken_list(taken)?;
        let b = crate::slots::Booking {
            service,
            registry,
            date,
            start,
            taken: &taken,
        };
        let r = self.inner.booking_request(&hh, &b).map_err(to_js_error)?;
        to_js(&r)
    }

    /// One program's status and amount across a range of one member's monthly income, and the
    /// income at which it stops being granted.
    #[wasm_bindgen(js_name = incomeCurve, unchecked_return_type = "Curve")]
    pub fn income_curve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        #[wasm_bindgen(unchecked_param_type = "CurveQuery")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hh = self::household(&self.inner, &household)?;
        let q = CurveQuery {
            program: string_prop(&query, "program")?,
            member: uint_prop(&query, "member", 0)? as usize,
            category: string_prop(&query, "category")?,
            from: money_prop(&query, "from")?,
            to: money_prop(&query, "to")?,
            points: uint_prop(&query, "points", 41)?,
        };
        let c = self
            .inner
            .income_curve(&hh, self::date(date)?, &q)
            .map_err(to_js_error)?;
        to_js(&c)
    }

    /// The curves worth drawing for member `member`: each monthly benefit whose amount or status
    /// moves with that member's income, with the range chosen by the engine.
    #[wasm_bindgen(js_name = incomeCurves, unchecked_return_type = "Curve[]")]
    pub fn income_curves(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Household | string")] household: JsValue,
        date: &str,
        member: u32,
    ) -> Result<JsValue, JsValue> {
        let hh = self::household(&self.inner, &household)?;
        let c = self
            .inner
            .income_curves(&hh, self::date(date)?, member as usize)
            .map_err(to_js_error)?;
        to_js(&c)
    }

    /// Runs once, on a household made up for it (never the resident's), what a results page
    /// asks of the engine (`assess`, `nextQuestions`, `decide`, `incomeCurves`) in `region` (a
    /// region code; the first county with rules of its own when not given) on `date`, and drops the
    /// answers. A browser compiles WebAssembly code the first time it runs, so a page that
    /// calls this while the resident is still answering (when idle, once the engine is there)
    /// has the results on the screen sooner. Returns how many programs were assessed.
    pub fn warm(&self, region: Option<String>, date: &str) -> Result<u32, JsValue> {
        let region = match region {
            Some(r) => r,
            // A county's, so that every level of rules is run (and the code a county's
            // rules reach); the national rules' when no county has any.
            None => {
                let packs: Vec<String> = self
                    .inner
                    .regions()
                    .into_iter()
                    .filter(|r| r.has_pack)
                    .map(|r| r.code)
                    .collect();
                let county = packs.iter().find(|c| !c.ends_with("00"));
                county.or(packs.first()).cloned().unwrap_or_default()
            }
        };
        // The place is set on the household read, not written into its text: a code the rules
        // do not cover is refused by the assessment (`unknown_region`), as for any household.
        let mut hh = self::household(&self.inner, &JsValue::from_str(WARM_HOUSEHOLD))?;
        hh.region = Some(region);
        let date = self::date(date)?;
        let e = &self.inner;
        let topic = crate::engine::Topic::Benefits;
        let opts = Options {
            trace: false,
            topic: Some(topic),
        };
        let a = e.assess(&hh, date, opts).map_err(to_js_error)?;
        // Written as the calls write them, so that the writers are compiled too.
        to_js(&a)?;
        to_js(&e.questions_for(&hh, date, topic).map_err(to_js_error)?)?;
        to_js(&e.decide(&hh, date, Some(topic)).map_err(to_js_error)?)?;
        to_js(&e.income_curves(&hh, date, 0).map_err(to_js_error)?)?;
        Ok(u32::try_from(a.programs.len()).unwrap_or(u32::MAX))
    }

    /// An engine with the rules in the compiled form (`huimin bundle compile`): refused, with
    /// code `bad_compiled_rules`, if the bytes are not that or were altered.
    #[wasm_bindgen(js_name = fromCompiled)]
    pub fn from_compiled(bytes: &[u8]) -> Result<Engine, JsValue> {
        crate::Engine::from_compiled(bytes)
            .map(Engine::from)
            .map_err(to_js_error)
    }

    /// An engine with the rules of a signed bundle (`huimin bundle sign`): refused, with code
    /// `hash_mismatch`, `bad_signature`, `unsigned`, `bad_key` or `malformed_bundle`, unless the
    /// files match the bundle's hash and the signature verifies with `publicKey` (hex).
    /// Only in the package for signed bundles (`www/pkg-signed`, feature `signed`).
    #[cfg(feature = "signed")]
    #[wasm_bindgen(js_name = fromSignedBundle)]
    pub fn from_signed_bundle(bundle: &str, public_key: &str) -> Result<Engine, JsValue> {
        crate::Engine::from_signed_bundle(bundle, public_key)
            .map(Engine::from)
            .map_err(to_js_error)
    }

    /// The parameters of a region's rules with their values on `date` (for a reform field; the
    /// authoring package only).
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(unchecked_return_type = "ParameterInfo[]")]
    pub fn parameters(&self, region: &str, date: &str) -> Result<JsValue, JsValue> {
        let list = crate::batch::parameters(&self.inner, region, self::date(date)?)
            .map_err(to_js_error)?;
        to_js(&list)
    }

    /// Compares a reform with a baseline over households given as JSON Lines. Each side is
    /// `{date: "YYYY-MM-DD", set?: {parameter: value}}`. Returns the tallies per program (as
    /// `huimin compare --json`) plus `errors`: the first lines that could not be assessed (the
    /// authoring package only).
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        lines: &str,
        #[wasm_bindgen(unchecked_param_type = "ComparisonSide")] baseline: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ComparisonSide")] reform: JsValue,
    ) -> Result<JsValue, JsValue> {
        let b = side(&baseline, "baseline")?;
        let r = side(&reform, "reform")?;
        let (c, errors) =
            crate::batch::compare_lines(&self.inner, lines, b, r).map_err(to_js_error)?;
        comparison_js(&c, &errors)
    }
}

/// A comparison as `huimin compare --json` writes it, plus `errors`: the first lines that could
/// not be assessed, with their line numbers.
#[cfg(feature = "authoring")]
fn comparison_js(
    c: &crate::batch::Comparison,
    errors: &[(u64, Error)],
) -> Result<JsValue, JsValue> {
    let mut out = c.to_json();
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|(n, e)| serde_json::json!({ "line": n, "message": e.to_string() }))
        .collect();
    if let Some(o) = out.as_object_mut() {
        o.insert("errors".into(), serde_json::Value::Array(errors));
    }
    to_js(&out)
}

/// Reads a comparison side `{date, set?}`.
#[cfg(feature = "authoring")]
fn side(
    v: &JsValue,
    which: &str,
) -> Result<(time::Date, Vec<(String, crate::pack::model::RawValue)>), JsValue> {
    use crate::pack::model::RawValue;
    let text = json_text(v).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| input_error("bad_value", which, "expected {date, set}"))?;
    let d = doc
        .get("date")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| input_error("missing", &format!("{which}.date"), "a date is needed"))?;
    let d = parse_date(d).map_err(|mut e| {
        e.path = format!("{which}.date");
        to_js_error(Error::Input(e))
    })?;
    let mut set = Vec::new();
    if let Some(map) = doc.get("set").and_then(serde_json::Value::as_object) {
        for (k, v) in map {
            let path = format!("{which}.set.{k}");
            let raw = match v {
                serde_json::Value::Bool(b) => RawValue::Bool(*b),
                serde_json::Value::String(s) => RawValue::parse(s),
                serde_json::Value::Number(n) => RawValue::Num(
                    n.to_string()
                        .parse()
                        .map_err(|_| input_error("bad_value", &path, "not a decimal"))?,
                ),
                _ => {
                    return Err(input_error(
                        "bad_value",
                        &path,
                        "expected a number, string or boolean",
                    ))
                }
            };
            set.push((k.clone(), raw));
        }
    }
    Ok((d, set))
}

impl Engine {
    /// The assessment `assess` and `assessWithRefs` write.
    fn assessment(
        &self,
        household: &JsValue,
        date: &str,
        options: &JsValue,
    ) -> Result<crate::result::Assessment, JsValue> {
        let hh = self::household(&self.inner, household)?;
        let opts = Options {
            trace: flag(options, "trace")?,
            topic: Some(topic(options)?),
        };
        self.inner
            .assess(&hh, self::date(date)?, opts)
            .map_err(to_js_error)
    }
}

/// A synthetic population of `n` households of `region` as JSON Lines (as `huimin synth`), ages
/// as on 1 January of `year` (the authoring package only).
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = synthPopulation)]
pub fn synth_population(region: &str, n: u32, seed: u32, year: i32) -> String {
    let mut rng = crate::bench::Rng::new(u64::from(seed));
    let mut out = String::new();
    for i in 0..u64::from(n) {
        out.push_str(&crate::synth::line(&mut rng, region, year, i));
        out.push('\n');
    }
    out
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// Benchmark workloads (built only with the `bench` feature): the population is generated once
/// inside WebAssembly and each workload runs there whole, so JS times the engine, not the
/// boundary.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub struct BenchPopulation {
    pop: Vec<Household>,
    half: Vec<Household>,
    w1: crate::Engine,
    builtin: crate::Engine,
    date: time::Date,
}

#[cfg(feature = "bench")]
#[wasm_bindgen]
impl BenchPopulation {
    /// `n` synthetic households from `seed` (the same as the native benchmark's).
    #[wasm_bindgen(constructor)]
    pub fn new(n: u32, seed: u32) -> Result<BenchPopulation, JsValue> {
        let pop = crate::bench::population(n as usize, u64::from(seed));
        let half = pop
            .iter()
            .take(pop.len() / 100)
            .map(crate::bench::half_filled)
            .collect();
        Ok(BenchPopulation {
            pop,
            half,
            w1: crate::bench::w1_rules().map_err(to_js_error)?,
            builtin: crate::Engine::builtin().map_err(to_js_error)?,
            date: self::date("2018-06-01")?,
        })
    }

    /// W1 by hand: `"eligible total"`.
    #[wasm_bindgen(js_name = w1Hand)]
    pub fn w1_hand(&self) -> Result<String, JsValue> {
        let t = crate::bench::w1_hand(&self.pop, self.date).map_err(to_js_error)?;
        Ok(format!("{} {}", t.eligible, t.total))
    }

    /// W1 by the engine from the W1 rule files: `"eligible total"`.
    #[wasm_bindgen(js_name = w1Engine)]
    pub fn w1_engine(&self) -> Result<String, JsValue> {
        let t = crate::bench::w1_engine(&self.w1, &self.pop, self.date).map_err(to_js_error)?;
        Ok(format!("{} {}", t.eligible, t.total))
    }

    /// W2 over the first `n` households: eligible programs counted.
    pub fn w2(&self, n: u32, trace: bool) -> Result<f64, JsValue> {
        let n = (n as usize).min(self.pop.len());
        let sample = self.pop.get(..n).unwrap_or_default();
        crate::bench::w2(&self.builtin, sample, self.date, trace)
            .map(|c| c as f64)
            .map_err(to_js_error)
    }

    /// Next questions for the half-filled households (1% of the population).
    pub fn questions(&self) -> Result<f64, JsValue> {
        crate::bench::questions(&self.builtin, &self.half, self.date)
            .map(|c| c as f64)
            .map_err(to_js_error)
    }

    /// How many half-filled households `questions` runs over.
    #[wasm_bindgen(js_name = halfCount)]
    pub fn half_count(&self) -> u32 {
        self.half.len() as u32
    }
}

// ---- The rule studio (feature `authoring`): exported by www/pkg-authoring only --------------
#[cfg(feature = "authoring")]
mod authoring;
