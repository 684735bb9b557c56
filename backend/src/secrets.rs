//! Target passwords at rest: sealed with XChaCha20-Poly1305 under a key that never enters the
//! store, so a copy of `joinery.db` (or of the PostgreSQL store) holds no usable password.
//!
//! The key is 32 random bytes, read from `JOINERY_SECRET_KEY` (64 hex digits or base64) or from
//! `<data-dir>/secret.key` (created 0600 on first start). Sealed values look like
//! `x1:<base64(nonce || ciphertext)>`; the random 192-bit nonce needs no bookkeeping.
//!
//! Target URLs are stored without their password ([`split_password`]); the password is put back
//! into the URL in memory only when connecting ([`with_password`]).

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// The environment variable that may carry the key instead of the key file.
pub const KEY_ENV: &str = "JOINERY_SECRET_KEY";
/// The key file inside the data directory.
pub const KEY_FILE: &str = "secret.key";
const PREFIX: &str = "x1:";

/// Why a secret could not be loaded, sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `JOINERY_SECRET_KEY` or the key file does not hold 32 bytes in hex or base64.
    #[error("{0} does not hold a 32-byte key (64 hex digits or base64)")]
    BadKey(String),
    /// The key file could not be read or written.
    #[error("cannot read or write the key file {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A sealed value does not open with this key (another key, or a damaged store).
    #[error(
        "a stored password cannot be decrypted with this key (was {KEY_ENV} or {KEY_FILE} \
         changed?); re-enter the target's password"
    )]
    Undecryptable,
    /// A URL could not be parsed to take its password out.
    #[error("invalid database URL: {0}")]
    BadUrl(String),
}

/// The key that seals target passwords.
#[derive(Clone)]
pub struct SecretKey {
    cipher: XChaCha20Poly1305,
    /// Where it came from, for messages (`JOINERY_SECRET_KEY` or the file's path).
    pub source: String,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({})", self.source)
    }
}

impl SecretKey {
    /// A key from 32 raw bytes.
    pub fn from_bytes(bytes: &[u8; 32], source: impl Into<String>) -> SecretKey {
        SecretKey {
            cipher: XChaCha20Poly1305::new(bytes.into()),
            source: source.into(),
        }
    }

    /// A fresh random key (not saved anywhere).
    pub fn generate(source: impl Into<String>) -> Result<(SecretKey, [u8; 32]), SecretError> {
        let bytes = random_bytes::<32>();
        Ok((SecretKey::from_bytes(&bytes, source), bytes))
    }

    /// Parses 64 hex digits or base64 of 32 bytes.
    pub fn parse(text: &str, source: &str) -> Result<SecretKey, SecretError> {
        let text = text.trim();
        let bytes = hex::decode(text)
            .ok()
            .or_else(|| BASE64.decode(text).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| SecretError::BadKey(source.to_string()))?;
        Ok(SecretKey::from_bytes(&bytes, source))
    }

    /// `JOINERY_SECRET_KEY` when set, else `<data_dir>/secret.key`, created when missing.
    pub fn load_or_create(data_dir: &Path) -> Result<SecretKey, SecretError> {
        if let Ok(text) = std::env::var(KEY_ENV) {
            return SecretKey::parse(&text, KEY_ENV);
        }
        let path = data_dir.join(KEY_FILE);
        let io = |source| SecretError::Io {
            path: path.clone(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => SecretKey::parse(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let (key, bytes) = SecretKey::generate(path.display().to_string())?;
                crate::auth::write_private(&path, &hex::encode(bytes)).map_err(io)?;
                Ok(key)
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Seals `plaintext`; every call gives a different value.
    pub fn seal(&self, plaintext: &str) -> String {
        let nonce_bytes = random_bytes::<24>();
        let nonce = XNonce::from_slice(&nonce_bytes);
        let sealed = self
            .cipher
            .encrypt(nonce, plaintext.as_bytes())
            .expect("XChaCha20-Poly1305 encryption of an in-memory buffer cannot fail");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", BASE64.encode(out))
    }

    /// Opens a value made by [`SecretKey::seal`] with the same key.
    pub fn open(&self, sealed: &str) -> Result<String, SecretError> {
        let raw = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| BASE64.decode(b).ok())
            .filter(|raw| raw.len() > 24)
            .ok_or(SecretError::Undecryptable)?;
        let (nonce, body) = raw.split_at(24);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| SecretError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| SecretError::Undecryptable)
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes
}

/// Takes the password out of a PostgreSQL URL: from the user info and from a `password=` query
/// parameter. Returns the URL without it and the (percent-decoded) password.
pub fn split_password(url: &str) -> Result<(String, Option<String>), SecretError> {
    let mut parsed = url::Url::parse(url).map_err(|e| SecretError::BadUrl(e.to_string()))?;
    let mut password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    if password.is_some() {
        parsed
            .set_password(None)
            .map_err(|()| SecretError::BadUrl("the URL cannot carry a password".into()))?;
    }
    if parsed.query_pairs().any(|(k, _)| k == "password") {
        let mut kept = Vec::new();
        for (key, value) in parsed.query_pairs() {
            if key == "password" {
                password = Some(value.into_owned());
            } else {
                kept.push((key.into_owned(), value.into_owned()));
            }
        }
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Ok((parsed.to_string(), password.filter(|p| !p.is_empty())))
}

/// Puts `password` into `url` (which has none): into the user info when the URL has a host,
/// else as a `password=` query parameter.
pub fn with_password(url: &str, password: &str) -> Result<String, SecretError> {
    let mut parsed = url::Url::parse(url).map_err(|e| SecretError::BadUrl(e.to_string()))?;
    let encoded =
        percent_encoding::utf8_percent_encode(password, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    if parsed.set_password(Some(&encoded)).is_err() {
        parsed.query_pairs_mut().append_pair("password", password);
    }
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let (key, _) = SecretKey::generate("test").unwrap();
        let a = key.seal("hunter2");
        let b = key.seal("hunter2");
        assert_ne!(a, b, "nonces are random");
        assert!(!a.contains("hunter2"));
        assert_eq!(key.open(&a).unwrap(), "hunter2");
        let (other, _) = SecretKey::generate("other").unwrap();
        assert!(matches!(other.open(&a), Err(SecretError::Undecryptable)));
        assert!(matches!(
            key.open("x1:AAAA"),
            Err(SecretError::Undecryptable)
        ));
        assert!(matches!(key.open("plain"), Err(SecretError::Undecryptable)));
    }

    #[test]
    fn keys_parse_from_hex_and_base64_only_at_32_bytes() {
        let hex_key = "11".repeat(32);
        assert!(SecretKey::parse(&hex_key, "env").is_ok());
        assert!(SecretKey::parse(&BASE64.encode([7u8; 32]), "env").is_ok());
        assert!(matches!(
            SecretKey::parse("short", "env"),
            Err(SecretError::BadKey(_))
        ));
        assert!(SecretKey::parse(&"11".repeat(31), "env").is_err());
    }

    #[test]
    fn passwords_come_out_of_user_info_and_query() {
        let (url, pw) =
            split_password("postgres://alice:s3cr%40t@db.example:5432/app?sslmode=require")
                .unwrap();
        assert_eq!(url, "postgres://alice@db.example:5432/app?sslmode=require");
        assert_eq!(pw.as_deref(), Some("s3cr@t"));
        let (url, pw) =
            split_password("postgres://alice@db/app?password=p%26w&sslmode=verify-full").unwrap();
        assert_eq!(url, "postgres://alice@db/app?sslmode=verify-full");
        assert_eq!(pw.as_deref(), Some("p&w"));
        let (url, pw) = split_password("postgres://db/app").unwrap();
        assert_eq!((url.as_str(), pw), ("postgres://db/app", None));
    }

    #[test]
    fn passwords_go_back_in_encoded() {
        let url =
            with_password("postgres://alice@db:5432/app?sslmode=require", "p@ss:w/rd").unwrap();
        assert_eq!(
            url,
            "postgres://alice:p%40ss%3Aw%2Frd@db:5432/app?sslmode=require"
        );
        let (back, pw) = split_password(&url).unwrap();
        assert_eq!(back, "postgres://alice@db:5432/app?sslmode=require");
        assert_eq!(pw.as_deref(), Some("p@ss:w/rd"));
    }
}
