// model.js — the wizard's state: answers keyed by question id, and what follows from them
// (which questions apply, the referral-case/1 document, which question an error path names).
// No law here: the engine decides relevance and plans; this only moves answers into the case's shape.

function place(doc, pointer, value) {
  const parts = pointer.split('/').slice(1);
  let at = doc;
  for (const p of parts.slice(0, -1)) at = at[p] ??= {};
  at[parts[parts.length - 1]] = value;
}

// Every answer at its case pointer, relevant or not (the item question's "" = not in the catalogue).
export function partialCaseOf(answers, pack) {
  const doc = { schema: 'referral-case/1' };
  for (const q of pack.questions.questions) if (answers[q.id] !== undefined && answers[q.id] !== null) place(doc, q.sets, answers[q.id]);
  return doc;
}

// The questions to ask now, in order, as the engine's relevantQuestions decides. One change of an
// answer asks this several times for the same answers (before/after, the case, the page): the last
// answer is remembered per engine.
let remembered = { engine: null, key: null, questions: null };
export function relevantQuestions(answers, pack, engine) {
  const partial = partialCaseOf(answers, pack);
  const key = JSON.stringify(partial);
  if (remembered.engine === engine && remembered.key === key) return remembered.questions;
  const r = engine.relevantQuestions(partial);
  if (!r.ok) throw new Error(r.error.message);
  const ids = new Set(r.relevant);
  const questions = pack.questions.questions.filter((q) => ids.has(q.id));
  remembered = { engine, key, questions };
  return questions;
}

export function groupsWithQuestions(answers, pack, engine) {
  const relevant = relevantQuestions(answers, pack, engine);
  return pack.questions.groups
    .map((g) => ({ ...g, questions: relevant.filter((q) => q.group === g.id) }))
    .filter((g) => g.questions.length > 0);
}

const isEmpty = (v) => v === undefined || v === null || v === '';

// referral-case/1 from the relevant answers. The item question's "" means "not in the catalogue".
export function caseOf(answers, pack, engine) {
  const doc = { schema: 'referral-case/1' };
  for (const q of relevantQuestions(answers, pack, engine)) {
    const v = answers[q.id];
    if (!isEmpty(v)) place(doc, q.sets, v);
  }
  if (doc.flags) for (const [k, v] of Object.entries(doc.flags)) if (v !== true) delete doc.flags[k];
  return doc;
}

//-----------------------------------------------------------------------------
// A matter handed over by a portal (the element's `value`, components/portal-api.js)
//-----------------------------------------------------------------------------
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const clone = (v) => JSON.parse(JSON.stringify(v));

function getAt(doc, pointer) {
  let at = doc;
  for (const p of pointer.split('/').slice(1)) { if (!isObject(at)) return undefined; at = at[p]; }
  return at;
}

// Removes the member at `pointer`, and an object above it that it leaves empty.
function removeAt(doc, pointer) {
  const parts = pointer.split('/').slice(1);
  const chain = [doc];
  for (const p of parts.slice(0, -1)) { const next = chain[chain.length - 1][p]; if (!isObject(next)) return; chain.push(next); }
  delete chain[chain.length - 1][parts[parts.length - 1]];
  for (let i = chain.length - 1; i > 0; i -= 1) if (!Object.keys(chain[i]).length) delete chain[i - 1][parts[i - 1]];
}

// The same JSON, whatever the order of the members.
export function sameJson(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

// `carried` laid under the case of the answers: the answers win where both have a member.
export function withCarried(caseDoc, carried) {
  const merge = (under, over) => {
    const out = clone(under);
    for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
    return out;
  };
  return carried && Object.keys(carried).length ? merge(carried, caseDoc) : caseDoc;
}

// Splits a referral-case/1 a portal hands over into the wizard's answers (by question id, at each
// question's `sets`) and `carried`: every member no question that applies holds (the portal's `note`,
// `id`, `events`, `decided`, a member of a question this matter does not ask …), kept as given and
// passed to the engine with the answers, so that the engine, not the wizard, judges the whole matter.
// An absent item-picker answer is read as its "" (not in the catalogue) when that makes more of the
// matter's members apply (a matter without a catalogue item, with its dept, category and devolved).
export function splitMatter(doc, pack, engine) {
  let answers = {};
  for (const q of pack.questions.questions) {
    const v = getAt(doc, q.sets);
    if (v !== undefined && v !== null) answers[q.id] = v;
  }
  const applying = (a) => relevantQuestions(a, pack, engine).filter((q) => a[q.id] !== undefined);
  for (const q of pack.questions.questions) {
    if (q.type !== 'item-picker' || answers[q.id] !== undefined) continue;
    const tried = { ...answers, [q.id]: '' };
    if (applying(tried).length > applying(answers).length + 1) answers = tried;
  }
  const held = applying(answers);
  const carried = clone(doc);
  delete carried.schema;
  for (const q of held) removeAt(carried, q.sets);
  return { answers: Object.fromEntries(held.map((q) => [q.id, answers[q.id]])), carried };
}

// Once the official's answers make a question apply whose member the portal's matter carried, the
// member becomes that question's answer (shown on its page) instead of riding along unseen.
export function adoptCarried(answers, carried, pack, engine) {
  if (!carried || !Object.keys(carried).length) return false;
  let moved = false;
  for (const q of relevantQuestions(answers, pack, engine)) {
    const v = getAt(carried, q.sets);
    if (v === undefined || answers[q.id] !== undefined || isObject(v)) continue;
    answers[q.id] = v;
    removeAt(carried, q.sets);
    moved = true;
  }
  return moved;
}

// Questions of a group that are required and still unanswered (the item question's "" counts).
export function missingIn(group, answers) {
  return group.questions.filter((q) => q.required && (answers[q.id] === undefined || answers[q.id] === null ||
    (answers[q.id] === '' && q.type !== 'item-picker')));
}

// The question an engine error names: the longest `sets` pointer that prefixes the error path.
export function questionForPath(path, pack) {
  let best = null;
  for (const q of pack.questions.questions) {
    if ((path === q.sets || path.startsWith(`${q.sets}/`)) && (!best || q.sets.length > best.sets.length)) best = q;
  }
  return best;
}

// Now, China time, as the value of <input type=datetime-local>: "2026-09-29T10:30".
export function nowLocalChina(now = Date.now()) {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 16);
}
// "2026-09-29T10:30" → "2026-09-29T10:30:00+08:00"; the engine validates the rest.
export function withChinaOffset(local) {
  if (!local) return '';
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}
export function withoutOffset(iso) {
  return iso ? iso.replace(/(:00)?\+08:00$/, '').slice(0, 16) : '';
}
