//! `joinery login-link` (a new one-time browser login for a running server) and `joinery
//! rotate-key` (re-encrypt the stored target passwords under a new key).

use crate::auth;
use crate::config::{LoginLinkArgs, RotateKeyArgs};
use crate::secrets::{SecretKey, KEY_ENV, KEY_FILE};
use crate::serve::DataDirLock;
use crate::store::Store;

/// The environment variable `rotate-key` reads the new key from when the old one came from
/// `JOINERY_SECRET_KEY` (the key file is then not Joinery's to write).
pub const NEW_KEY_ENV: &str = "JOINERY_NEW_SECRET_KEY";

/// Prints a login link signed with the data folder's token.
pub fn login_link(args: LoginLinkArgs) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = args.resolved_data_dir();
    let token = auth::read_token(&data_dir).map_err(|e| {
        format!(
            "cannot read the token in {} ({e}); is this the data folder of a server that has \
             started once? (--data-dir)",
            data_dir.display()
        )
    })?;
    let base = args
        .url
        .unwrap_or_else(|| format!("http://127.0.0.1:{}", args.port));
    if let Some(name) = args.name.as_deref().filter(|n| !auth::valid_name(n)) {
        return Err(format!(
            "--name {name:?}: use up to 40 letters, digits, _, - or @ (it names the session in \
             the apply audit trail)"
        )
        .into());
    }
    println!("{}", auth::login_link(&base, &token, args.name.as_deref()));
    Ok(())
}

/// Re-seals every stored password under a new key, with the server stopped.
pub async fn rotate_key(args: RotateKeyArgs) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = args.resolved_data_dir();
    if !data_dir.is_dir() {
        return Err(format!("no data folder at {}", data_dir.display()).into());
    }
    let _lock = DataDirLock::acquire(&data_dir)?;
    let store_url = args
        .store_url
        .clone()
        .unwrap_or_else(|| Store::sqlite_url_in(&data_dir));
    let from_env = std::env::var(KEY_ENV).is_ok();
    let key_path = data_dir.join(KEY_FILE);
    if !from_env && !key_path.is_file() {
        return Err(format!(
            "no key to rotate: {} does not exist and {KEY_ENV} is not set",
            key_path.display()
        )
        .into());
    }
    let old = SecretKey::load_or_create(&data_dir)?;
    let store = Store::open(&store_url).await?;
    if from_env {
        let text = std::env::var(NEW_KEY_ENV).map_err(|_| {
            format!(
                "the key comes from {KEY_ENV}: set {NEW_KEY_ENV} to the new key (64 hex digits, \
                 e.g. from `openssl rand -hex 32`), run rotate-key, then give the server the new \
                 value as {KEY_ENV}"
            )
        })?;
        let new = SecretKey::parse(&text, NEW_KEY_ENV)?;
        let count = store.reseal_passwords(&old, &new).await?;
        println!(
            "re-encrypted {count} target password(s); start the server with {KEY_ENV} set to \
             the value of {NEW_KEY_ENV}"
        );
        return Ok(());
    }
    let (new, bytes) = SecretKey::generate(key_path.display().to_string())?;
    // The new key is on disk before the store depends on it, so no interruption loses it.
    let pending = data_dir.join(format!("{KEY_FILE}.new"));
    auth::write_private(&pending, &hex::encode(bytes))?;
    match store.reseal_passwords(&old, &new).await {
        Ok(count) => {
            std::fs::rename(&pending, &key_path)?;
            println!(
                "re-encrypted {count} target password(s) under a new key in {}",
                key_path.display()
            );
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&pending);
            Err(format!("nothing changed: {e}").into())
        }
    }
}
