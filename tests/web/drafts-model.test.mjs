// web/js/drafts.js under node: a draft records the catalogue in force when it is saved, and one
// made under another catalogue says so when it is imported (or opened: element.js uses the same
// catalogueNote), in either language; the same catalogue, or a draft from before drafts recorded
// theirs, says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DraftStore } from '../../web/js/drafts.js';

const memory = () => {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => { m.set(k, String(v)); }, removeItem: (k) => { m.delete(k); } };
};
const A = { sha256: 'a'.repeat(64), title: '赋权事项目录（示例，非正式数据）' };
const B = { sha256: 'b'.repeat(64), title: 'office-list.csv' };

test('a draft names its catalogue; imported under another one it says so, in Chinese or English', () => {
  const store = new DraftStore({ id: 'qidong-2020-38', version: '1.0.0' }, memory());
  store.useCatalogue({ ...A, items: [], sample: true });
  const saved = store.save('案一', { finder: 'dept' }, 0);
  assert.deepEqual(saved.catalogue, A);
  const text = store.exportText('案一', { finder: 'dept' }, 0);
  assert.deepEqual(JSON.parse(text).catalogue, A);

  store.catalogue = B;
  const r = store.parseImport(text, ['finder']);
  assert.equal(r.ok, true);
  assert.equal(r.versionNote, '注意：此草稿按事项目录“赋权事项目录（示例，非正式数据）”（SHA-256 aaaaaaaaaaaa…）填写，' +
    '现行目录为“office-list.csv”（SHA-256 bbbbbbbbbbbb…），处理机关及其依据可能随之不同，请核对移送计划。');
  assert.equal(store.catalogueNote(saved), r.versionNote);
  assert.match(store.parseImport(text, ['finder'], 'en').versionNote, /^Note: this draft was made under the catalogue “赋权事项目录（示例，非正式数据）”.* the catalogue in force is “office-list\.csv”/);

  store.catalogue = A;
  assert.equal(store.parseImport(text, ['finder']).versionNote, '');
  store.catalogue = B;
  const older = JSON.parse(text);
  delete older.catalogue;
  assert.equal(store.parseImport(JSON.stringify(older), ['finder']).versionNote, '');
  // A hand-edited file: a catalogue of the wrong shape says nothing; a title that is not text is left out.
  for (const catalogue of ['x', 7, null, [], { sha256: 7, title: 'A' }])
    assert.equal(store.parseImport(JSON.stringify({ ...older, catalogue }), ['finder']).versionNote, '');
  assert.match(store.parseImport(JSON.stringify({ ...older, catalogue: { sha256: 'c'.repeat(64), title: { x: 1 } } }), ['finder']).versionNote,
    /^注意：此草稿按事项目录“”（SHA-256 cccccccccccc…）填写/);
});

test('a draft names its pack; opened under another pack (id or version) it is named beside the pack in force, unchanged', () => {
  const storage = memory();
  const county = new DraftStore({ id: 'template-county', version: '0.1.0', number: '示政办发〔2024〕1号', title: '示例办法' }, storage);
  const saved = county.save('案一', { finder: 'town' }, 0);
  assert.deepEqual(saved.pack, { id: 'template-county', version: '0.1.0', number: '示政办发〔2024〕1号', title: '示例办法' });
  assert.equal(county.otherPack(saved), null);
  const builtIn = new DraftStore({ id: 'qidong-2020-38', version: '1.0.0', number: '启政办发〔2020〕38号' }, storage);
  const other = builtIn.otherPack(builtIn.get('案一'));
  assert.deepEqual(other.was, saved.pack);
  assert.equal(other.is.number, '启政办发〔2020〕38号');
  assert.deepEqual(builtIn.get('案一').answers, { finder: 'town' });
  const newer = new DraftStore({ id: 'template-county', version: '0.2.0' }, storage);
  assert.equal(newer.otherPack(saved).was.version, '0.1.0');
  // A draft from before drafts named their pack's 文号: named by id and version.
  assert.deepEqual(builtIn.otherPack({ pack: { id: 'x', version: '1' } }).was, { id: 'x', version: '1', number: '', title: '' });
});
