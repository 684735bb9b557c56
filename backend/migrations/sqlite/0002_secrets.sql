-- Target passwords leave the URL: sealed (XChaCha20-Poly1305, key outside the store) or read
-- from a server environment variable. Existing plain-text passwords are sealed by the server at
-- start-up (it holds the key; SQL cannot).
ALTER TABLE targets ADD COLUMN password_sealed TEXT;
ALTER TABLE targets ADD COLUMN password_env TEXT;

-- One-time login links: the nonces already used, until the link would have expired anyway.
CREATE TABLE login_links_used (
    nonce TEXT PRIMARY KEY NOT NULL,
    expires_at INTEGER NOT NULL
);
