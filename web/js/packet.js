// packet.js — the transfer packet in the wizard, without the DOM: which transfers a plan has, the
// packet input (referral-packet-input/1) a draft's answers make, the fields the wizard asks for,
// and the ZIP (fflate) that is exported and read back. The engine judges completeness, names the
// files and re-checks a packet; nothing here decides what the law requires.
import { zipSync } from 'fflate';
import { proposedNumber } from './components/office-profile/numbering.js';
import { expectedEntries, manifestProblems } from './read/packet-read.js';
import { ReadRefused } from './read/zip-read.js';

// How each member of referral-packet-input/1 is typed in (the engine's contract); its label, hint
// and section are the pack's (vocabulary.json → fields, sections; describePack().vocabulary).
const INPUT_TYPES = {
  document_number: 'text', sent_on: 'date', 'summary.party': 'text', 'summary.facts': 'textarea', 'summary.time': 'datetime',
  'summary.place': 'text', 'summary.measures': 'textarea', 'contact.unit': 'text', 'contact.person': 'text', 'contact.phone': 'tel',
  'approval.leader': 'text', 'approval.date': 'date',
};

// The fields the packet page asks for one by one, in the pack's order, each at its JSON Pointer in
// the packet input (lists — parties, officers — and the sender and receiver have pages of their own).
export function packetFields(vocabulary) {
  return (vocabulary?.fields ?? []).filter((f) => INPUT_TYPES[f.id]).map((f) => ({
    section: f.section, pointer: `/${f.id.replace('.', '/')}`, label: f.label, hint: f.hint || undefined, type: INPUT_TYPES[f.id],
    en: f.en ?? undefined,
  }));
}

// The page's sections, in the pack's order: {id, title, en}.
export const packetSections = (vocabulary) => vocabulary?.sections ?? [];

export function getAt(doc, pointer) {
  let at = doc;
  for (const p of pointer.split('/').slice(1)) { if (at == null) return undefined; at = at[p]; }
  return at;
}

export function setAt(doc, pointer, value) {
  const parts = pointer.split('/').slice(1);
  let at = doc;
  for (const p of parts.slice(0, -1)) at = at[p] ??= {};
  at[parts[parts.length - 1]] = value;
}

// The plan's steps that send documents, one per sender → receiver → action, in plan order: each is
// a packet of its own (a transfer and, say, a later copy of an approval are sent at different times).
export function transfersOf(plan) {
  const seen = new Set();
  const out = [];
  for (const s of plan?.steps ?? []) {
    if (!s.to || !s.documents?.length) continue;
    const key = `${s.actor}>${s.to}>${s.action}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, step: s });
  }
  return out;
}

// The 文号 this office would give a letter sent `today` (its profile's next, never one issued), or ''.
const numberFor = (transfer, today, office) => (office?.authority && office.authority === transfer.step.actor ? proposedNumber(office, today.slice(0, 4)) : '');

// A new packet draft for a transfer, pre-filled from the case, the plan and, when this office is the
// sender, its profile (本单位设置: 文号, contact, approving head). `today` is YYYY-MM-DD.
export function freshPacket(transfer, caseDoc, pack, today, office = null) {
  const ours = office?.authority && office.authority === transfer.step.actor ? office : null;
  const town = pack.authorities.find((a) => a.id === `town:${caseDoc.town}`);
  const item = pack.catalogue.items.find((i) => i.id === caseDoc.item);
  return {
    transfer: transfer.key,
    fields: {
      document_number: numberFor(transfer, today, office),
      sent_on: today,
      summary: {
        party: '',
        facts: item ? `当事人涉嫌${item.name}。` : '',
        time: caseDoc.date ?? '',
        place: town ? town.name.replace(/人民政府$/, '') : '',
        measures: '',
      },
      parties: [{ kind: 'organisation', name: '', credit_code: '' }],
      contact: { unit: ours?.contact_unit ?? transfer.step.actor_name, person: ours?.contact_person ?? '', phone: ours?.contact_phone ?? '' },
      approval: { leader: ours?.leader ?? '', date: today },
    },
    attachments: [],
  };
}

// The letter fields of each of a matter's packets are its own: a 移送函 made after a 延期移送告知函 gets its
// own 文号 and 发送日期. Switching the draft to `transfer` keeps the letter being left (under
// `letters[key]`) and takes the new one's back, or a fresh number and today's date for a letter not yet
// begun. What the packets share (the facts, parties, contact, attachments) stays.
export const LETTER_FIELDS = ['document_number', 'sent_on'];
export function switchTransfer(packet, transfer, today, office = null) {
  if (packet.transfer === transfer.key) return packet;
  packet.letters ??= {};
  packet.letters[packet.transfer] = Object.fromEntries(LETTER_FIELDS.map((k) => [k, packet.fields[k] ?? '']));
  const kept = packet.letters[transfer.key];
  packet.transfer = transfer.key;
  packet.fields.document_number = kept?.document_number ?? numberFor(transfer, today, office);
  packet.fields.sent_on = kept?.sent_on ?? today;
  return packet;
}

// referral-packet-input/1 from the case and a packet draft. `documents` (the step's document kinds)
// limits the details sent to those this packet prints.
export function packetInput(caseDoc, packet, documents = null) {
  const [sender, receiver, action] = packet.transfer.split('>');
  const f = packet.fields;
  return {
    schema: 'referral-packet-input/1',
    case: caseDoc,
    sender,
    receiver,
    ...(action ? { action } : {}),
    document_number: f.document_number ?? '',
    sent_on: f.sent_on ?? '',
    summary: { party: f.summary?.party ?? '', facts: f.summary?.facts ?? '', time: f.summary?.time ?? '', place: f.summary?.place ?? '', measures: f.summary?.measures ?? '' },
    parties: (f.parties ?? []).map((p) => ({
      ...(p.kind === 'person'
        ? { kind: 'person', name: p.name ?? '', id_number: p.id_number ?? '' }
        : { kind: 'organisation', name: p.name ?? '', credit_code: p.credit_code ?? '' }),
      ...(typeof p.identity_pending === 'string' ? { identity_pending: p.identity_pending } : {}) })),
    contact: { ...f.contact },
    approval: { ...f.approval },
    attachments: packet.attachments.map(({ kind, file_name, size, sha256 }) => ({ kind, file_name, size, sha256 })),
    ...detailsOf(f.details, documents),
  };
}

function detailsOf(details, documents) {
  const out = {};
  for (const [doc, values] of Object.entries(details ?? {})) {
    if (documents && !documents.includes(doc)) continue;
    const kept = Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => typeof v === 'string'));
    if (Object.keys(kept).length) out[doc] = kept;
  }
  return Object.keys(out).length ? { details: out } : {};
}

// Checks the `packet` member of an imported draft. Returns an error message or null.
export function packetDraftProblem(p) {
  if (p === undefined || p === null) return null;
  const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(p) || typeof p.transfer !== 'string' || !isObj(p.fields) || !Array.isArray(p.attachments))
    return '草稿中的移送材料部分已损坏';
  for (const a of p.attachments)
    if (!isObj(a) || typeof a.kind !== 'string' || typeof a.file_name !== 'string' || !/^[0-9a-f]{64}$/.test(a.sha256 ?? '') || !Number.isInteger(a.size))
      return '草稿中的附件记录已损坏';
  return null;
}

const utf8 = new TextEncoder();

// The ZIP of an assembled packet: the engine's file list, attachments' bytes from `bytesOf(index)`.
// Throws with the file name when the bytes of an attachment are not available.
export async function packetZip(files, manifest, bytesOf) {
  const entries = {};
  for (const f of files) {
    if (f.attachment === undefined) { entries[f.name] = utf8.encode(f.text); continue; }  // documents and JSON: deflated
    const bytes = await bytesOf(f.attachment);
    if (!bytes) throw new Error(`附件“${manifest[f.attachment].file_name}”的文件不在本浏览器中，请删除后重新添加`);
    // Attachments (PDF, JPEG, ZIP) are usually compressed already: stored as they are, which keeps
    // a large file from blocking the page while it is deflated for nothing.
    entries[f.name] = [bytes, { level: 0 }];
  }
  return zipSync(entries, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

let jobs = 0;

// Reads an exported packet ZIP back and checks it, as `referral verify` does (web/js/read/packet-read.js:
// the ZIP's directory and declared sizes before anything is inflated, no entry twice, none the
// manifest does not list), with the file read by `reader` (web/js/read/reader.js: in its worker, or
// on the page in steps): the digest of packet.json (engine), every document against a fresh rendering
// (engine), every attachment against its manifest SHA-256 and size (WebCrypto). Returns {ok, packet?,
// problems:[…], checks:[{name, ok, message}]}; rejects with ReadCancelled when `signal` aborts.
// `owned`: the bytes were read for this alone and may be moved to the worker.
export async function verifyPacketZip(zipBytes, engine, reader, { signal, owned = false } = {}) {
  const job = `packet-${++jobs}`;
  let opened;
  try {
    opened = await reader.openPacket(job, zipBytes, { signal, owned });
  } catch (e) {
    if (!(e instanceof ReadRefused)) throw e;
    return { ok: false, problems: [e.message], checks: [] };
  }
  const v = engine.verifyPacket(opened.packetJson);
  if (!v.ok) {
    reader.close(job);
    return { ok: false, problems: [`材料包清单无法核验：${v.error.message}`], checks: [] };
  }
  const packet = JSON.parse(opened.packetJson);
  const checks = [{ name: '材料包清单', ok: v.sha256.match,
    message: v.sha256.match ? `摘要一致（SHA-256 ${v.sha256.computed.slice(0, 16)}…）` : '内容与记录的 SHA-256 摘要不符，材料包已被改动' }];
  const expected = expectedEntries(v);
  // Every entry against the manifest from the ZIP's directory; one that disagrees is reported and never
  // inflated, the others are checked by their contents.
  const wrong = manifestProblems(opened.directory, expected, reader.limits);
  const skip = new Set(wrong.map((w) => w.name));
  let contents;
  try {
    contents = await reader.packetContents(job, expected.filter((f) => !skip.has(f.name)), { signal });
  } catch (e) {
    if (!(e instanceof ReadRefused)) throw e;
    return { ok: false, packet, problems: [e.message], checks: [...checks, ...wrong] };
  }
  const byName = new Map([...contents, ...wrong].map((c) => [c.name, c]));
  const listed = new Set(expected.map((f) => f.name));
  contents = [...expected.map((f) => byName.get(f.name)), ...wrong.filter((w) => !listed.has(w.name))];
  const all = [...checks, ...contents];
  return { ok: all.every((c) => c.ok), packet, problems: [], checks: all };
}
