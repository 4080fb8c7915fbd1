//! Signed rule bundles: the rule files a page loads from a server, with a SHA-256 content hash
//! and an Ed25519 signature over it, so that a tampered bundle (a compromised CDN) is refused
//! rather than telling residents wrong entitlements.
//!
//! A bundle is JSON: `{"format": "huimin-rules/1", "files": {"path": "text", ...}, "sha256":
//! "<hex>", "signature": "<hex>"}`. The hash covers every file in path order (path, a zero byte,
//! text, a zero byte); the signature signs the 32 hash bytes. Keys are hex: 32 bytes each.
//!
//! Format `huimin-rules/2` adds `"compiled": "<hex>"`, the files' compiled form
//! ([`crate::compiled`]), which the resident's package loads (it has no rule-file reader); the
//! hash is then the SHA-256 of the files' hash followed by the compiled bytes.

use crate::error::{Error, InputError};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use std::collections::BTreeMap;

/// The bundle format of rule files alone.
pub const FORMAT: &str = "huimin-rules/1";

/// The bundle format of rule files with their compiled form.
pub const FORMAT_COMPILED: &str = "huimin-rules/2";

fn refused(code: &'static str, path: &str, msg: impl Into<String>) -> Error {
    Error::Input(InputError::new(code, path, msg))
}

/// Lower-case hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string of exactly `N` bytes.
fn from_hex<const N: usize>(s: &str, path: &str) -> Result<[u8; N], Error> {
    let s = s.trim();
    let bad = || {
        refused(
            "bad_key",
            path,
            format!("expected {} hexadecimal digits", N.saturating_mul(2)),
        )
    };
    if s.len() != N.saturating_mul(2) || !s.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        let pair = s
            .get(i.saturating_mul(2)..i.saturating_mul(2).saturating_add(2))
            .ok_or_else(bad)?;
        *b = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// SHA-256 over the files in path order.
pub fn digest(files: &BTreeMap<String, String>) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (path, text) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// The public key (hex) of a secret key (hex).
pub fn public_key(secret_hex: &str) -> Result<String, Error> {
    let key = SigningKey::from_bytes(&from_hex::<32>(secret_hex, "key")?);
    Ok(to_hex(key.verifying_key().as_bytes()))
}

/// The hash a bundle signs: the files', then with the compiled form after it.
fn bundle_digest(files: &BTreeMap<String, String>, compiled: Option<&[u8]>) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let hash = digest(files);
    match compiled {
        None => hash,
        Some(c) => {
            let mut h = Sha256::new();
            h.update(hash);
            h.update(c);
            h.finalize().into()
        }
    }
}

/// Signs `files` with a secret key (hex) into bundle JSON.
pub fn sign(files: BTreeMap<String, String>, secret_hex: &str) -> Result<String, Error> {
    sign_with(files, None, secret_hex)
}

/// Signs `files` and, when given, their compiled form with a secret key (hex) into bundle JSON.
pub fn sign_with(
    files: BTreeMap<String, String>,
    compiled: Option<&[u8]>,
    secret_hex: &str,
) -> Result<String, Error> {
    let key = SigningKey::from_bytes(&from_hex::<32>(secret_hex, "key")?);
    let hash = bundle_digest(&files, compiled);
    let signature = key.sign(&hash);
    let mut doc = serde_json::json!({
        "format": if compiled.is_some() { FORMAT_COMPILED } else { FORMAT },
        "files": files,
        "sha256": to_hex(&hash),
        "signature": to_hex(&signature.to_bytes()),
    });
    if let (Some(c), Some(o)) = (compiled, doc.as_object_mut()) {
        o.insert("compiled".into(), serde_json::Value::String(to_hex(c)));
    }
    Ok(doc.to_string())
}

/// Bytes of a hex string of any even length.
fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    s.chunks(2)
        .map(|p| match p {
            [a, b] => Some(digit(*a)?.wrapping_shl(4) | digit(*b)?),
            _ => None,
        })
        .collect()
}

/// A bundle document's fields.
#[derive(Default)]
struct BundleDoc {
    format: Option<String>,
    files: Option<BTreeMap<String, String>>,
    sha256: Option<String>,
    signature: Option<String>,
    compiled: Option<String>,
}

/// Reads a bundle document through `deserialize_any`, in the reader's own words for a value of
/// the wrong kind ([`crate::kinds`]): a derived `Deserialize` would have serde format the value,
/// which puts float printing and string escaping into the `.wasm` for an error message. Fields
/// it does not know are skipped.
impl<'de> serde::Deserialize<'de> for BundleDoc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<BundleDoc, D::Error> {
        d.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> serde::de::Visitor<'de> for DocVisitor {
    type Value = BundleDoc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a rule bundle object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<BundleDoc, A::Error> {
        use crate::kinds::{AnyStr, AnyStrOrNull};
        let mut doc = BundleDoc::default();
        while let Some(key) = map.next_key_seed(AnyStr)? {
            let text = |s: Option<std::borrow::Cow<'_, str>>| s.map(|s| s.into_owned());
            match &*key {
                "format" => doc.format = text(map.next_value_seed(AnyStrOrNull)?),
                "sha256" => doc.sha256 = text(map.next_value_seed(AnyStrOrNull)?),
                "signature" => doc.signature = text(map.next_value_seed(AnyStrOrNull)?),
                "compiled" => doc.compiled = text(map.next_value_seed(AnyStrOrNull)?),
                "files" => doc.files = Some(map.next_value_seed(Files)?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(doc)
    }

    refuse_others!(BundleDoc; unit bool u64 i64 f64 str seq);
}

/// The `files` object: file names to text.
struct Files;

impl<'de> serde::de::DeserializeSeed<'de> for Files {
    type Value = BTreeMap<String, String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Files {
    type Value = BTreeMap<String, String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object of file names to text")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use crate::kinds::AnyStr;
        let mut files = BTreeMap::new();
        while let Some(name) = map.next_key_seed(AnyStr)? {
            let text = map.next_value_seed(AnyStr)?;
            files.insert(name.into_owned(), text.into_owned());
        }
        Ok(files)
    }

    refuse_others!(Self::Value; unit bool u64 i64 f64 str seq);
}

/// Checks a bundle against the public key (hex) and returns its files. Refused, with a code:
/// `malformed_bundle`, `unsigned` (no hash or signature), `hash_mismatch` (the files are not
/// the ones hashed), `bad_signature` (the hash was not signed by this key), `bad_key`.
pub fn verify(bundle: &str, public_hex: &str) -> Result<BTreeMap<String, String>, Error> {
    verify_all(bundle, public_hex).map(|(files, _)| files)
}

/// A verified bundle: its files and, in format `huimin-rules/2`, their compiled form.
pub type Verified = (BTreeMap<String, String>, Option<Vec<u8>>);

/// Checks a bundle as [`verify`] does and returns its files and, in format
/// `huimin-rules/2`, their compiled form.
pub fn verify_all(bundle: &str, public_hex: &str) -> Result<Verified, Error> {
    let key = VerifyingKey::from_bytes(&from_hex::<32>(public_hex, "public_key")?)
        .map_err(|_| refused("bad_key", "public_key", "not an Ed25519 public key"))?;
    let doc: BundleDoc = serde_json::from_str(bundle).map_err(|e| {
        refused(
            "malformed_bundle",
            "bundle",
            format!("not a rule bundle: {e}"),
        )
    })?;
    let format = doc
        .format
        .ok_or_else(|| refused("malformed_bundle", "format", "missing field `format`"))?;
    let files = doc
        .files
        .ok_or_else(|| refused("malformed_bundle", "files", "missing field `files`"))?;
    let compiled = match (format.as_str(), &doc.compiled) {
        (FORMAT, None) => None,
        (FORMAT_COMPILED, Some(c)) => Some(hex_bytes(c.trim()).ok_or_else(|| {
            refused(
                "malformed_bundle",
                "compiled",
                "the compiled rules are not hex",
            )
        })?),
        _ => {
            return Err(refused(
                "malformed_bundle",
                "format",
                format!(
                    "format \"{}\" is not {FORMAT}, or {FORMAT_COMPILED} with compiled rules",
                    format.chars().take(40).collect::<String>()
                ),
            ))
        }
    };
    let (Some(hash), Some(signature)) = (doc.sha256, doc.signature) else {
        return Err(refused(
            "unsigned",
            "signature",
            "the rule bundle is not signed",
        ));
    };
    let actual = bundle_digest(&files, compiled.as_deref());
    if to_hex(&actual) != hash.trim() {
        return Err(refused(
            "hash_mismatch",
            "sha256",
            "the rule files do not match the bundle's hash: the bundle was altered",
        ));
    }
    let sig = Signature::from_bytes(&from_hex::<64>(&signature, "signature")?);
    key.verify(&actual, &sig).map_err(|_| {
        refused(
            "bad_signature",
            "signature",
            "the signature does not verify with the configured public key",
        )
    })?;
    Ok((files, compiled))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    fn files() -> BTreeMap<String, String> {
        [(
            "000000/pack.toml".to_string(),
            "[pack]\nregion = \"000000\"\n".to_string(),
        )]
        .into()
    }

    #[test]
    fn a_signed_bundle_verifies_and_any_change_is_refused() {
        let public = public_key(SECRET).unwrap();
        // RFC 8032 test 1: this secret key's public key.
        assert_eq!(
            public,
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let b = sign(files(), SECRET).unwrap();
        assert_eq!(verify(&b, &public).unwrap(), files());
        let code = |r: Result<BTreeMap<String, String>, Error>| match r {
            Err(Error::Input(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(verify(&b.replace("000000\\\"", "000001\\\""), &public)),
            "hash_mismatch"
        );
        let other = public_key(&SECRET.replace("9", "8")).unwrap();
        assert_eq!(code(verify(&b, &other)), "bad_signature");
        let v: serde_json::Value = serde_json::from_str(&b).unwrap();
        let mut unsigned = v.clone();
        unsigned.as_object_mut().unwrap().remove("signature");
        assert_eq!(code(verify(&unsigned.to_string(), &public)), "unsigned");
        assert_eq!(code(verify(&b, "00")), "bad_key");
        assert_eq!(code(verify("{", &public)), "malformed_bundle");
        // With the compiled form: both are covered by the signature.
        let b = sign_with(files(), Some(&[1, 2, 0xab]), SECRET).unwrap();
        assert_eq!(
            verify_all(&b, &public).unwrap(),
            (files(), Some(vec![1, 2, 0xab]))
        );
        assert_eq!(
            code(verify(&b.replace("0102ab", "0102ac"), &public)),
            "hash_mismatch"
        );
        assert_eq!(
            code(verify(&b.replace("0102ab", "0102a"), &public)),
            "malformed_bundle"
        );
    }

    #[test]
    fn a_bundle_of_the_wrong_shape_is_refused() {
        let public = public_key(SECRET).unwrap();
        let b: serde_json::Value = serde_json::from_str(&sign(files(), SECRET).unwrap()).unwrap();
        let with = |key: &str, v: serde_json::Value| {
            let mut d = b.clone();
            d[key] = v;
            d.to_string()
        };
        let without = |key: &str| {
            let mut d = b.clone();
            d.as_object_mut().unwrap().remove(key);
            d.to_string()
        };
        let cases = [
            (
                "[]".to_string(),
                "bundle",
                "invalid type: sequence, expected a rule bundle object",
            ),
            (
                "1.5".to_string(),
                "bundle",
                "invalid type: a number with a fraction",
            ),
            (
                with("format", serde_json::json!(2.5)),
                "bundle",
                "expected a string or null",
            ),
            (without("format"), "format", "missing field `format`"),
            (
                with("files", serde_json::json!(["x"])),
                "bundle",
                "expected an object of file names",
            ),
            (
                with("files", serde_json::json!({ "a.toml": 1.5 })),
                "bundle",
                "expected a string",
            ),
            (without("files"), "files", "missing field `files`"),
            (
                with("sha256", serde_json::json!(true)),
                "bundle",
                "boolean `true`",
            ),
            (
                with("compiled", serde_json::json!({})),
                "bundle",
                "invalid type: map",
            ),
        ];
        for (doc, path, message) in cases {
            match verify(&doc, &public) {
                Err(Error::Input(e)) => {
                    assert_eq!(
                        (e.code, e.path.as_str()),
                        ("malformed_bundle", path),
                        "{doc}"
                    );
                    assert!(e.message.contains(message), "{doc}: {}", e.message);
                }
                other => panic!("{doc}: {other:?}"),
            }
        }
        // Fields it does not know are skipped, as before.
        assert_eq!(
            verify(&with("note", serde_json::json!([1.5, {}])), &public).unwrap(),
            files()
        );
    }
}
