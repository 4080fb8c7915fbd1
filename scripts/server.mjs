// A static file server for the self-check: serves a directory on 127.0.0.1 only, as a production
// server would, with each file compressed once (brotli, else gzip) for clients that accept it and
// a validator (ETag, with `cache-control: no-cache`), so that a file asked for again (the service
// worker's install copies the files the first visit has just loaded) is answered 304 with no body
// when it has not changed; and records every path requested and how it was answered (for the
// tests). `scripts/serve` runs it on www/.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ts': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg']);

/**
 * Starts serving `dir` on `port` (0: any free one); resolves to `{ url, requests, responses,
 * close() }`: the paths requested, and for each `{ path, status, bytes }` (the body's bytes sent).
 */
export function serve(dir, port = 0) {
  const root = normalize(resolve(dir));
  const requests = [];
  const responses = [];
  const packed = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const ext = extname(file);
    const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', vary: 'accept-encoding' };
    const accept = String(req.headers['accept-encoding'] || '');
    const encoding = !COMPRESSIBLE.has(ext) ? null : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
    if (encoding) {
      const key = `${encoding} ${file}`;
      let cached = packed.get(key);
      if (!cached || !cached.source.equals(body)) {
        const data = encoding === 'br'
          ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
          : gzipSync(body, { level: 9 });
        cached = { source: body, data };
        packed.set(key, cached);
      }
      headers['content-encoding'] = encoding;
      body = cached.data;
    }
    // One validator per file and encoding: the body's digest.
    headers.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}${encoding ? `-${encoding}` : ''}"`;
    headers['cache-control'] = 'no-cache';
    const known = String(req.headers['if-none-match'] || '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (known.includes(headers.etag)) {
      responses.push({ path, status: 304, bytes: 0 });
      res.writeHead(304, { etag: headers.etag, 'cache-control': headers['cache-control'], vary: headers.vary }).end();
      return;
    }
    responses.push({ path, status: 200, bytes: body.length });
    res.writeHead(200, headers).end(body);
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      done({ url: `http://127.0.0.1:${p}`, requests, responses, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'www', port = '8080'] = process.argv.slice(2);
  const s = await serve(dir, Number(port));
  console.log(`huimin: serving the self-check page at ${s.url}/ (Ctrl-C to stop)`);
}
