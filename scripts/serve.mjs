// A small static server for dist/ on 127.0.0.1, sending the strict CSP a portal would.
// Usage: node scripts/serve.mjs [PORT] [DIR]   (defaults: 8038, dist). Prints the URLs it serves.
// The one exception is the rule-pack studio (studio.html), which gets a CSP of its own.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8' };

// The studio is one file (Emscripten SINGLE_FILE: wasm, font and pack inlined) whose scripts and
// style are inline, so the portal's CSP cannot run it. Its own CSP allows exactly the inline
// <script> and <style> blocks of the file served, by hash (never 'unsafe-inline'), and compiling
// its wasm, which Emscripten reads from its inline data: URI with fetch() to compile it
// asynchronously (Chromium 86 compiles a module this large only so): connect-src data:, nothing
// else: no network, no other origin, no plugin, no form.
export const STUDIO_PAGE = 'studio.html';
export function studioCsp(html) {
  const hashes = (tag) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`).join(' ');
  return `default-src 'none'; script-src ${hashes('script')} 'wasm-unsafe-eval'; style-src ${hashes('style')}; ` +
    "connect-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

// Starts serving `dir`; resolves to {server, url}. Port 0 picks a free one.
export function serve(dir, port = 0) {
  const base = path.resolve(dir);
  const server = createServer(async (req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, `.${rel}`);
    if (!file.startsWith(base + path.sep)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      const csp = file === path.join(base, STUDIO_PAGE) ? studioCsp(body.toString('utf8')) : CSP;
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CSP }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { url } = await serve(process.argv[3] || `${root}/dist`, Number(process.argv[2] || 8038));
  // The single file inlines its scripts, which this CSP forbids by design: open it from disk.
  console.log(`embed example portal (strict CSP): ${url}embed/`);
  console.log(`single file, open from disk:      file://${root}/dist/referral-assistant.html`);
  console.log(`rule-pack studio (its own CSP):    ${url}${STUDIO_PAGE}`);
  console.log('Ctrl-C stops the server.');
}
