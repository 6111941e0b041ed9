// The WebAssembly module answers exactly as the native CLI does, in both link variants, and so does
// the JavaScript engine (the same C++ through wasm2js, -sWASM=0), the fallback without WebAssembly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { root, wasmDir } from './support.mjs';

const require = createRequire(import.meta.url);
// Case examples only (packet inputs, referral-packet-input/1, live beside them).
const examples = readdirSync(`${root}/tests/examples`)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => JSON.parse(readFileSync(`${root}/tests/examples/${f}`, 'utf8')).schema !== 'referral-packet-input/1');
const cli = `${root}/build/native/bin/referral`;
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = `${dir}/${f}`;
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
});

async function load(variant) {
  if (variant === 'single') return require(`${wasmDir}/referral-engine-single.js`)();
  if (variant === 'js') return require(`${wasmDir}/referral-engine-js.js`)();
  // Hand the split variant its bytes: node's fetch cannot load a file path.
  const wasmBinary = readFileSync(`${wasmDir}/referral-engine.wasm`);
  return require(`${wasmDir}/referral-engine.js`)({ wasmBinary });
}

for (const variant of ['single', 'split', 'js']) {
  test(`${variant}: packet() gives the golden packets' files byte for byte, and verifyPacket() accepts them`, async () => {
    const engine = await load(variant);
    const goldens = readdirSync(`${root}/tests/golden/packet`);
    assert.ok(goldens.length >= 10);
    for (const name of goldens) {
      const input = readFileSync(`${root}/tests/examples/packet-${name}.json`, 'utf8');
      const r = JSON.parse(engine.packet(input, '2026-06-01'));
      assert.equal(r.ok, true, name);
      const golden = `${root}/tests/golden/packet/${name}`;
      const texts = r.files.filter((f) => f.attachment === undefined);
      assert.deepEqual(texts.map((f) => f.name).sort(), readdirSync(golden).sort(), name);
      for (const f of texts) assert.equal(f.text, readFileSync(`${golden}/${f.name}`, 'utf8'), `${name}/${f.name}`);
      assert.deepEqual(r.files.filter((f) => f.attachment !== undefined).map((f) => f.attachment), r.packet.attachments.map((_, i) => i));
      const v = JSON.parse(engine.verifyPacket(readFileSync(`${golden}/packet.json`, 'utf8')));
      assert.equal(v.ok && v.sha256.match, true, name);
    }
    const bad = JSON.parse(engine.packet('{"schema":"referral-packet-input/1"}', '2026-06-01'));
    assert.equal(bad.ok, false);
    assert.equal(bad.error.path, '/case');
    assert.equal(JSON.parse(engine.packet('{}', 'tomorrow')).ok, false);
  });

  test(`${variant}: plans equal the native CLI's for tests/examples`, async () => {
    const engine = await load(variant);
    assert.ok(examples.length > 0);
    for (const name of examples) {
      const file = `${root}/tests/examples/${name}`;
      const native = JSON.parse(execFileSync(cli, ['plan', file], { encoding: 'utf8' }));
      const envelope = JSON.parse(engine.plan(readFileSync(file, 'utf8')));
      assert.equal(envelope.ok, true, name);
      assert.deepEqual(envelope.plan, native, name);
    }
  });

  test(`${variant}: behaviour cases (tests/cases) and broken inputs (tests/bad/cases) answer as natively`, async () => {
    const engine = await load(variant);
    const files = [...walk(`${root}/tests/cases`), ...walk(`${root}/tests/bad/cases`)];
    assert.ok(files.length > 0);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      const input = JSON.stringify(doc.input ?? doc);
      // The CLI prints the plan, or the error envelope, for stdin; the module returns the envelope.
      let native;
      try {
        native = JSON.parse(execFileSync(cli, ['plan', '-'], { input, encoding: 'utf8' }));
      } catch (e) {
        native = JSON.parse(e.stdout);
      }
      const envelope = JSON.parse(engine.plan(input));
      assert.deepEqual(envelope.ok ? envelope.plan : envelope, native, file);
    }
  });

  test(`${variant}: errors come back as values with a JSON Pointer`, async () => {
    const engine = await load(variant);
    const bad = JSON.parse(engine.plan('{"schema":"referral-case/1","date":"2026-09-29T10:30:00+08:00",' +
      '"finder":"town","town":"nowhere","item":"market-food-stall-unregistered","source":"patrol"}'));
    assert.equal(bad.ok, false);
    assert.equal(bad.error.path, '/town');
    assert.equal(JSON.parse(engine.plan('{')).error.code, 'malformed_json');
    const d = JSON.parse(engine.workdays('2026-09-30', 1));
    assert.equal(d.due, '2026-10-08');
    assert.equal(JSON.parse(engine.workdays('2026-02-30', 1)).ok, false);
    const pack = JSON.parse(engine.describePack());
    assert.equal(pack.pack.id, 'qidong-2020-38');
    assert.ok(pack.questions.questions.length > 5);
    const native = JSON.parse(execFileSync(cli, ['describe'], { encoding: 'utf8' }));
    assert.deepEqual(pack.questions, native.questions);
    const rel = JSON.parse(engine.relevantQuestions('{"item":"","source":"transfer_in"}'));
    assert.ok(rel.relevant.includes('dept') && rel.relevant.includes('received'));
    assert.equal(JSON.parse(engine.relevantQuestions('{')).ok, false);
  });

  test(`${variant}: importCatalogue, calendarFromNotice and configure answer as the CLI's check-catalogue, calendar-from-notice and --catalogue`, async () => {
    const engine = await load(variant);
    const csvPath = `${root}/tests/catalogue-cases/office-list.csv`;
    const csv = readFileSync(csvPath, 'utf8');
    const r = JSON.parse(engine.importCatalogue(JSON.stringify({ csv, file: 'office-list.csv' })));
    assert.equal(r.ok, true, JSON.stringify(r));
    const summary = JSON.parse(execFileSync(cli, ['check-catalogue', csvPath], { encoding: 'utf8' }));
    for (const k of ['items', 'devolved', 'revoked', 'inferred_categories', 'mapping', 'ignored_columns']) assert.deepEqual(r[k], summary[k], k);
    // The same cells as rows give the same catalogue.
    const rows = csv.trim().split('\n').map((l) => l.split(','));
    assert.deepEqual(JSON.parse(engine.importCatalogue(JSON.stringify({ rows, file: 'office-list.csv' }))).catalogue, r.catalogue);
    // Every bad row with its row and column, as the CLI reports them.
    const badPath = `${root}/tests/import/catalogue-bad.csv`;
    const bad = JSON.parse(engine.importCatalogue(JSON.stringify({ csv: readFileSync(badPath, 'utf8'), file: 'catalogue-bad.csv' })));
    let nativeBad;
    try { execFileSync(cli, ['check-catalogue', badPath], { encoding: 'utf8' }); } catch (e) { nativeBad = JSON.parse(e.stdout); }
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.errors, nativeBad.errors);
    // A notice: the year the CLI gives; a wrong weekday: the error with its line.
    const notice = `${root}/tests/import/notices/2026.txt`;
    const year = JSON.parse(engine.calendarFromNotice(readFileSync(notice, 'utf8')));
    assert.deepEqual(year.calendar, JSON.parse(execFileSync(cli, ['calendar-from-notice', notice], { encoding: 'utf8' })));
    const wrong = JSON.parse(engine.calendarFromNotice(readFileSync(`${root}/tests/import/notices/bad-weekday.txt`, 'utf8')));
    assert.equal(wrong.ok, false);
    assert.match(wrong.error.path, /^\/line\/\d+$/);
    // configure: plans under the imported list equal `referral --catalogue`'s (but for the import day).
    const input = JSON.stringify({ schema: 'referral-case/1', date: '2026-03-02T09:30:00+08:00', finder: 'dept', town: 'haifu',
      item: 'item-b-01', source: 'supervision', verification: 'violation' });
    assert.equal(JSON.parse(engine.plan(input)).ok, false);  // no such item in the sample
    assert.equal(JSON.parse(engine.configure(JSON.stringify({ catalogue: r.catalogue }))).ok, true);
    const plan = JSON.parse(engine.plan(input)).plan;
    const native = JSON.parse(execFileSync(cli, ['--catalogue', csvPath, 'plan', '-'], { input, encoding: 'utf8' }));
    delete native.catalogue.source; delete plan.catalogue.source;
    delete native.catalogue.sha256; delete plan.catalogue.sha256;
    assert.deepEqual(plan, native);
    assert.equal(plan.handler.catalogue_row.row, 3);
    // A catalogue the engine refuses changes nothing; {} returns to the bundled data.
    assert.equal(JSON.parse(engine.configure(JSON.stringify({ catalogue: { schema: 'referral-catalogue/1', items: 'x' } }))).ok, false);
    assert.equal(JSON.parse(engine.plan(input)).plan.handler.authority, 'town:haifu');
    assert.equal(JSON.parse(engine.configure('{}')).ok, true);
    assert.equal(JSON.parse(engine.plan(input)).ok, false);
  });

  test(`${variant}: usePack takes a .referral-pack in full, plans as \`referral --pack FILE\`, refuses a damaged one unchanged, and composes with configure`, async () => {
    const engine = await load(variant);
    // The template county's pack file, written by the one writer (the CLI) into the build folder.
    mkdirSync(`${root}/build/tmp`, { recursive: true });
    const packFile = `${root}/build/tmp/wasm-test-template-county.referral-pack`;
    const text = execFileSync(cli, ['pack-file', `${root}/forms/template-county`], { encoding: 'utf8', maxBuffer: 1 << 26 });
    writeFileSync(packFile, text);
    const builtIn = JSON.parse(engine.describePack()).pack;
    const r = JSON.parse(engine.usePack(text));
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    assert.equal(r.built_in, false);
    assert.deepEqual(r.pack, { ...JSON.parse(engine.describePack()).pack });
    assert.equal(r.pack.number, JSON.parse(text).number);
    const cases = walk(`${root}/forms/template-county/tests/cases`);
    assert.ok(cases.length > 5);
    for (const file of cases.slice(0, 4)) {
      const input = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).input);
      const native = JSON.parse(execFileSync(cli, ['--pack', packFile, 'plan', '-'], { input, encoding: 'utf8' }));
      const mine = JSON.parse(engine.plan(input));
      assert.equal(mine.ok, true, file);
      assert.deepEqual(mine.plan, native, file);
      assert.equal(mine.plan.pack.id, r.pack.id);
    }
    // The office's years lay over the imported pack, which stays in force.
    const year = JSON.parse(engine.calendarFromNotice(readFileSync(`${root}/tests/import/notices/2026.txt`, 'utf8'))).calendar;
    assert.equal(JSON.parse(engine.configure(JSON.stringify({ calendars: [year] }))).ok, true);
    assert.equal(JSON.parse(engine.describePack()).pack.id, r.pack.id);
    // A byte of a file changed: its digest fails (/sha256), and the pack in force is unchanged; bad JSON too.
    const doc = JSON.parse(text);
    doc.files['rules.json'] = doc.files['rules.json'].replace('3', '4');
    const damaged = JSON.parse(engine.usePack(JSON.stringify(doc)));
    assert.equal(damaged.ok, false);
    assert.ok(damaged.errors.some((e) => e.path === '/sha256'), JSON.stringify(damaged.errors));
    assert.equal(JSON.parse(engine.usePack(text.slice(0, 100))).ok, false);
    assert.equal(JSON.parse(engine.describePack()).pack.id, r.pack.id);
    // Back to the built-in pack, the office's years still over it; configure({}) keeps the pack.
    const back = JSON.parse(engine.useBuiltInPack());
    assert.equal(back.ok, true);
    assert.equal(back.built_in, true);
    assert.deepEqual(back.pack, builtIn);
    assert.equal(JSON.parse(engine.configure('{}')).ok, true);
    assert.equal(JSON.parse(engine.usePack(text)).ok, true);
    assert.equal(JSON.parse(engine.configure('{}')).ok, true);
    assert.equal(JSON.parse(engine.describePack()).pack.id, r.pack.id);
    assert.equal(JSON.parse(engine.useBuiltInPack()).ok, true);
  });
}
