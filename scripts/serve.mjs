// A small static server for dist/ on 127.0.0.1, sending the strict CSP a portal would.
// Usage: node scripts/serve.mjs [PORT] [DIR]   (defaults: 8038, dist). Prints the URL it serves.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8' };

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
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
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
  console.log(`rule-pack studio, open from disk: file://${root}/dist/studio.html`);
  console.log('Ctrl-C stops the server.');
}
