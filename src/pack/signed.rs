//! Signed rule bundles: the rule files a page loads from a server, with a SHA-256 content hash
//! and an Ed25519 signature over it, so that a tampered bundle (a compromised CDN) is refused
//! rather than telling residents wrong entitlements.
//!
//! A bundle is JSON: `{"format": "huimin-rules/1", "files": {"path": "text", ...}, "sha256":
//! "<hex>", "signature": "<hex>"}`. The hash covers every file in path order (path, a zero byte,
//! text, a zero byte); the signature signs the 32 hash bytes. Keys are hex: 32 bytes each.

use crate::error::{Error, InputError};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use std::collections::BTreeMap;

/// The bundle format this engine reads.
pub const FORMAT: &str = "huimin-rules/1";

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

/// Signs `files` with a secret key (hex) into bundle JSON.
pub fn sign(files: BTreeMap<String, String>, secret_hex: &str) -> Result<String, Error> {
    let key = SigningKey::from_bytes(&from_hex::<32>(secret_hex, "key")?);
    let hash = digest(&files);
    let signature = key.sign(&hash);
    let doc = serde_json::json!({
        "format": FORMAT,
        "files": files,
        "sha256": to_hex(&hash),
        "signature": to_hex(&signature.to_bytes()),
    });
    Ok(doc.to_string())
}

#[derive(serde::Deserialize)]
struct BundleDoc {
    format: String,
    files: BTreeMap<String, String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    signature: Option<String>,
}

/// Checks a bundle against the public key (hex) and returns its files. Refused, with a code:
/// `malformed_bundle`, `unsigned` (no hash or signature), `hash_mismatch` (the files are not
/// the ones hashed), `bad_signature` (the hash was not signed by this key), `bad_key`.
pub fn verify(bundle: &str, public_hex: &str) -> Result<BTreeMap<String, String>, Error> {
    let key = VerifyingKey::from_bytes(&from_hex::<32>(public_hex, "public_key")?)
        .map_err(|_| refused("bad_key", "public_key", "not an Ed25519 public key"))?;
    let doc: BundleDoc = serde_json::from_str(bundle).map_err(|e| {
        refused(
            "malformed_bundle",
            "bundle",
            format!("not a rule bundle: {e}"),
        )
    })?;
    if doc.format != FORMAT {
        return Err(refused(
            "malformed_bundle",
            "format",
            format!(
                "format \"{}\" is not {FORMAT}",
                doc.format.chars().take(40).collect::<String>()
            ),
        ));
    }
    let (Some(hash), Some(signature)) = (doc.sha256, doc.signature) else {
        return Err(refused(
            "unsigned",
            "signature",
            "the rule bundle is not signed",
        ));
    };
    let actual = digest(&doc.files);
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
    Ok(doc.files)
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
    }
}
