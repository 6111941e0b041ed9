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
