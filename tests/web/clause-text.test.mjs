// The page's clause formats against the same rows as the engine's (tests/text/clause-ids.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { clauseText, plainText } from '../../web/js/dom.js';

const data = JSON.parse(readFileSync(new URL('../text/clause-ids.json', import.meta.url), 'utf8'));

test('clause ids read as the document numbers them, as the engine writes them', () => {
  assert.ok(data.ids.length > 0);
  for (const r of data.ids) assert.equal(clauseText(r.id), r.label, r.id);
});

test('clause ids inside a text are rewritten, nothing else', () => {
  assert.ok(data.texts.length > 0);
  for (const r of data.texts) assert.equal(plainText(r.text), r.printed);
});

// Hostile text: a long run of numerals with no clause in it is read once. Run in a child process that
// is stopped after 20 s, since a regular expression that backtracks cannot be interrupted (the
// quadratic form ran for minutes on this; the limit only stops a hang, it is not a speed target).
test('a run of 500,000 numerals is copied whole', () => {
  const script = `
    const { plainText } = await import(${JSON.stringify(new URL('../../web/js/dom.js', import.meta.url).href)});
    const run = '一二三四五六七八九十'.repeat(50000);
    const ok = plainText(run + '(四与二(四)1¶3') === run + '(四与二（四）1' && plainText('二(' + run) === '二(' + run;
    process.exit(ok ? 0 : 1);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 20000 });
  assert.equal(r.signal, null, 'still reading after 20 s');
  assert.equal(r.status, 0, String(r.stderr));
});
