// The page's clause formats against the same rows as the engine's (tests/text/clause-ids.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
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
