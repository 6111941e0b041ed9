// #27.11: web/referral-assistant.d.ts says what the runtime does. Read with the TypeScript compiler:
// ReferralCase has exactly the members the engine accepts (no index signature: the runtime refuses any
// other member), note, decided, received, id and events among them; ReferralOffice and ReferralData
// have the members `data` takes; the attributes are those the element observes; the document's event
// map names every event that bubbles out of the element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { root, wasmDir } from './support.mjs';
import { DATA_MEMBERS, OBSERVED_ATTRIBUTES } from '../../web/js/components/portal-api.js';
import { PROFILE_MEMBERS } from '../../web/js/components/office-profile/office-profile.js';
import { BUBBLING_EVENTS } from '../../web/js/events.js';

const require = createRequire(import.meta.url);
const source = ts.createSourceFile('referral-assistant.d.ts', readFileSync(`${root}/web/referral-assistant.d.ts`, 'utf8'), ts.ScriptTarget.Latest, true);

// The members of interface `name`: {names, index: whether it has an index signature}.
function membersOf(name) {
  let found = null;
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) found = node;
    ts.forEachChild(node, visit);
  };
  visit(source);
  assert.ok(found, `interface ${name} in the .d.ts`);
  return {
    names: found.members.filter((m) => ts.isPropertySignature(m) || ts.isGetAccessor(m) || ts.isMethodSignature(m)).map((m) => m.name.getText(source).replace(/^'|'$/g, '')),
    index: found.members.some((m) => ts.isIndexSignatureDeclaration(m)),
  };
}

// Members the agreed matter contract adds to referral-case/1 (a ledger line's shape: the matter's own id
// and its dated events). The element passes them to the engine untouched; an engine that predates the
// contract refuses them (the element then reports that, tests/web/portal-data.test.mjs). Accepted or not
// by the engine built here, the .d.ts must name them.
const AGREED = ['id', 'events'];

test('#27.11 ReferralCase has exactly the members the engine accepts, and no index signature', async () => {
  const engine = await require(`${wasmDir}/referral-engine-single.js`)();
  const schema = JSON.parse(readFileSync(`${root}/docs/schemas/referral-case-1.schema.json`, 'utf8'));
  const refusesAsUnknown = (member) => {
    const r = JSON.parse(engine.plan(JSON.stringify({ schema: 'referral-case/1', [member]: 'x' })));
    return !r.ok && r.errors.some((e) => e.code === 'unknown_field' && e.path === `/${member}`);
  };
  assert.equal(refusesAsUnknown('colour'), true, 'the probe sees a refused member');
  const { names, index } = membersOf('ReferralCase');
  assert.equal(index, false, 'ReferralCase allows no other member: the engine refuses unknown ones');
  for (const m of ['note', 'decided', 'received', 'id', 'events']) assert.ok(names.includes(m), `ReferralCase.${m}`);
  const candidates = new Set([...names, ...Object.keys(schema.properties), ...AGREED]);
  const accepted = [...candidates].filter((m) => !refusesAsUnknown(m));
  assert.deepEqual(accepted.filter((m) => !names.includes(m)), [], 'accepted by the engine, missing from the .d.ts');
  assert.deepEqual(names.filter((m) => !accepted.includes(m) && !AGREED.includes(m)), [], 'in the .d.ts, refused by the engine');
});

test('#27.11 ReferralOffice, ReferralData, the attributes and the events of the .d.ts are the runtime\'s', () => {
  assert.deepEqual(membersOf('ReferralOffice').names.sort(), [...PROFILE_MEMBERS].sort());
  assert.deepEqual(membersOf('ReferralData').names.sort(), [...DATA_MEMBERS].sort());
  assert.equal(membersOf('ReferralData').index, false);
  assert.deepEqual(membersOf('ReferralAssistantAttributes').names.sort(), [...OBSERVED_ATTRIBUTES].sort());
  assert.deepEqual(membersOf('DocumentEventMap').names.sort(), [...BUBBLING_EVENTS].sort());
  assert.deepEqual(membersOf('ReferralAssistantEventMap').names.sort(), [...BUBBLING_EVENTS, 'error'].sort());
});
