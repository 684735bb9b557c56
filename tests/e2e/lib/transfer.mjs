// What the server sends for the built UI, byte for byte: raw HTTP (no decoding), so sizes are
// the compressed bytes on the wire. Shared by the serving test and `cargo xtask bench-ui`.
import http from 'node:http';

/// The engine worker's files: Trunk does not hash them (the app names them at run time).
export const WORKER_FILES = ['engine_loader.js', 'engine.js', 'engine_bg.wasm'];

/// GET `path` with `headers`, without decoding the body.
export function rawGet(base, path, headers = {}) {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

/// The local files index.html names (stylesheet, icon, preloads, the start-up script), as the
/// server sends the page to a browser.
export async function firstLoadPaths(base) {
  const page = await rawGet(base, '/', { 'accept-encoding': 'br, gzip' });
  const html = page.body.toString('utf8');
  const paths = new Set();
  for (const m of html.matchAll(/\b(?:href|src)=["']?([^"' >]+)/g)) {
    const p = m[1];
    if (p.startsWith('/') && !p.startsWith('//')) paths.add(p);
  }
  return { html, paths: [...paths] };
}

/// Bytes on the wire for `paths` with `Accept-Encoding: encoding`, per path and in total.
/// A missing file counts as nothing when `optional` (a build from before the engine worker).
export async function wireSizes(base, paths, encoding, { optional = false } = {}) {
  const files = [];
  let total = 0;
  for (const path of paths) {
    const res = await rawGet(base, path, { 'accept-encoding': encoding });
    if (res.status === 404 && optional) continue;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    files.push({ path, bytes: res.body.length, encoding: res.headers['content-encoding'] ?? 'identity' });
    total += res.body.length;
  }
  return { files, total };
}

/// First load (index.html and what it names) and the engine worker, in br and gzip, as sent.
export async function transferReport(base) {
  const { paths } = await firstLoadPaths(base);
  const first = ['/', ...paths];
  const worker = WORKER_FILES.map((f) => `/${f}`);
  const out = {};
  for (const encoding of ['br', 'gzip']) {
    out[encoding] = { first: await wireSizes(base, first, encoding), worker: await wireSizes(base, worker, encoding, { optional: true }) };
  }
  return out;
}

export const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
