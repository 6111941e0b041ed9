// picker.js — the catalogue item picker: a search box and radio list. With nothing typed every item
// is listed, grouped by department; typed words rank the items by what they share with the item's
// name, keywords, statute and department — whole words, the synonyms officials use for them
// (forms/<pack>/synonyms.json: 无证 = 未取得许可 …), then pairs of characters, since Chinese is
// typed without spaces ("无证经营食品" finds 未取得食品经营许可从事食品经营活动). The chosen item
// stays listed and in view. Waits for an IME to finish composing before it searches.
import { makeStrings } from './strings.js';
import synonymData from '../../forms/qidong-2020-38/synonyms.json';

const SYNONYMS = (synonymData.groups ?? []).map((g) => g.map((w) => w.toLowerCase()));
const squeeze = (s) => String(s ?? '').toLowerCase().replace(/[\s《》〈〉（）()“”"、，,。·;；:：]+/g, '');
const bigrams = (s) => { const out = new Set(); for (let i = 0; i + 1 < s.length; i += 1) out.add(s.slice(i, i + 2)); return out; };

// A filtered list draws this many rows, then a button for the rest.
const FIRST_MATCHES = 50;
// The longest search, in characters.
const QUERY_LIMIT = 100;

// The query read once: its words; the query with each synonym group's words standing for one another
// (for whole-phrase hits); and its parts: the synonym groups it names, and pairs of characters of the rest.
export function readQuery(query) {
  const words = String(query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const flat = squeeze(query);
  const variants = new Set([flat]);
  for (const g of SYNONYMS) for (const w of g) if (flat.includes(w)) for (const other of g) variants.add(flat.split(w).join(other));
  const concepts = [];
  let rest = flat;
  for (const g of SYNONYMS) {
    for (const w of [...g].sort((a, b) => b.length - a.length)) {
      if (!rest.includes(w)) continue;
      concepts.push(g);
      rest = rest.split(w).join(' ');
      break;
    }
  }
  const grams = new Set();
  for (const piece of rest.split(' ').filter(Boolean)) {
    if (piece.length === 1) grams.add(piece);
    for (const g of bigrams(piece)) grams.add(g);
  }
  return { words, flat, variants: [...variants], concepts, grams };
}

// The item's text as the search reads it, squeezed once per list rather than once per keystroke
// (5,000 items are searched on every key).
export function prepare(item, deptName) {
  return {
    name: squeeze(item.name),
    hay: squeeze([item.name, ...(item.keywords || []), item.statute, deptName, item.id].join('|')),
  };
}

// How well `item` answers query `q` (readQuery); 0 = not at all.
export function score(item, deptName, q) {
  return scorePrepared(prepare(item, deptName), q);
}

// score() on an item already prepared.
function scorePrepared({ name, hay }, q) {
  if (!q.flat) return 1;
  let s = 0;
  if (q.variants.some((v) => name.includes(v))) s += 100;
  else if (q.variants.some((v) => hay.includes(v))) s += 60;
  if (q.words.length > 1 && q.words.every((w) => hay.includes(squeeze(w)))) s += 50;
  // The parts shared: a synonym group or a pair of characters counts 2 in the name, 1 elsewhere.
  const parts = q.concepts.length + q.grams.size;
  let hit = 0;
  for (const g of q.concepts) hit += g.some((w) => name.includes(w)) ? 2 : g.some((w) => hay.includes(w)) ? 1 : 0;
  for (const g of q.grams) hit += name.includes(g) ? 2 : hay.includes(g) ? 1 : 0;
  const share = parts ? hit / (2 * parts) : 0;
  // Enough of the query must be there: half of its parts, unless the whole phrase is.
  if (s === 0 && share < 0.5) return 0;
  return s + share * 40;
}

// The back-compatible yes/no test: does the item match the query?
export function matches(item, deptName, query) {
  return score(item, deptName, readQuery(query)) > 0;
}

// Renders into `container` (a fieldset); calls onPick(id) with an item id, or '' for "not listed".
// `t`: the page's strings (strings.js); item names, departments and statutes are the pack's, in Chinese.
// `kept`: a Map the caller keeps between redraws of its page. The picker keeps there, by idBase, what
// is typed in its search box, so that a redrawn page (an answer that changes which questions follow)
// shows the same matches. The rows themselves are made again: putting 5,000 rows made before into the
// new page took longer (280 ms) than making them (100 ms).
export function renderPicker(container, { items, deptNames, value, idBase, onPick, describedBy, kept, t = makeStrings('zh') }) {
  const doc = container.ownerDocument;
  const state = kept?.get(idBase) ?? { query: '' };
  kept?.set(idBase, state);
  const filterId = `${idBase}-filter`;
  const wrap = doc.createElement('div');
  wrap.className = 'picker';
  const label = doc.createElement('label');
  label.htmlFor = filterId;
  label.className = 'label-small';
  label.textContent = t('pickerFind');
  const input = doc.createElement('input');
  input.type = 'search';
  input.id = filterId;
  input.autocomplete = 'off';
  input.className = 'picker-filter';
  // A search is a few words: a page pasted in would be scored pair by pair against every item.
  input.maxLength = QUERY_LIMIT;
  input.value = state.query;
  const count = doc.createElement('p');
  count.className = 'picker-count';
  count.setAttribute('role', 'status');
  const list = doc.createElement('div');
  list.className = 'picker-list';
  wrap.append(label, input, count, list);
  container.append(wrap);

  let composing = false;
  let showAll = false;
  const radio = (id, text, hint, packText = false) => {
    const row = doc.createElement('div');
    row.className = 'radio';
    const r = doc.createElement('input');
    r.type = 'radio';
    r.name = idBase;
    r.value = id;
    r.id = `${idBase}-${id || 'none'}`;
    r.checked = value === id;
    if (describedBy) r.setAttribute('aria-describedby', describedBy);
    const l = doc.createElement('label');
    l.htmlFor = r.id;
    l.textContent = text;
    if (packText) l.lang = 'zh-CN';
    if (hint) {
      const h = doc.createElement('span');
      h.className = 'hint';
      h.textContent = hint;
      l.append(h);
    }
    row.append(r, l);
    return row;
  };
  const prepared = items.map((i) => prepare(i, deptNames[i.dept] || ''));
  // Every item's row is made with the picker, listed by department in the catalogue's order (`all`). A
  // query lends the rows it draws to `found`, drawn before it, and sets `all` aside (content-visibility:
  // hidden, not display: none, so its 5,000 rows keep their layout); the next draw puts them back where
  // they were. Nothing is rebuilt or removed per keystroke: removing, or un-hiding, 5,000 rows took
  // 20–250 ms.
  const found = doc.createElement('div');
  found.className = 'picker-found';
  const all = doc.createElement('div');
  all.className = 'picker-all';
  const rowOf = new Map();
  for (const d of new Set(items.map((i) => i.dept))) {
    const group = doc.createElement('div');
    group.className = 'picker-group';
    group.setAttribute('role', 'group');
    const title = doc.createElement('p');
    title.className = 'picker-group-title';
    title.id = `${idBase}-group-${d}`;
    title.textContent = deptNames[d] || d;
    title.lang = 'zh-CN';
    group.setAttribute('aria-labelledby', title.id);
    group.append(title);
    for (const i of items) {
      if (i.dept !== d || rowOf.has(i.id)) continue;
      // A power taken back (收回) is the department's again from that day: never labelled 已赋权镇.
      const power = i.revoked_from ? t('pickerRevoked', i.revoked_from) : i.devolved ? t('pickerDevolved') : '';
      const row = radio(i.id, i.name, `${deptNames[i.dept] || i.dept} · ${i.statute}${power}`, true);
      rowOf.set(i.id, row);
      group.append(row);
    }
    all.append(group);
  }
  const none = radio('', t('pickerNone'), t('pickerNoneHint'));
  list.append(found, all, none);
  let lent = [];
  // The first radio drawn carries the question's own id (idBase), which its label and the error
  // summary point at.
  let firstRadio = null;
  const markFirst = (r) => {
    if (firstRadio === r) return;
    if (firstRadio) { firstRadio.id = `${idBase}-${firstRadio.value || 'none'}`; firstRadio.nextElementSibling.htmlFor = firstRadio.id; }
    firstRadio = r;
    r.id = idBase;
    r.nextElementSibling.htmlFor = idBase;
  };
  const draw = () => {
    const q = readQuery(input.value);
    for (const [row, parent, next] of lent.reverse()) parent.insertBefore(row, next);
    lent = [];
    found.replaceChildren();
    const lend = (row) => {
      if (!row || row.parentNode === found) return;
      lent.push([row, row.parentNode, row.nextSibling]);
      found.append(row);
    };
    let shown;
    if (!q.flat) {
      shown = items;
    } else {
      shown = items.map((i, k) => ({ i, s: scorePrepared(prepared[k], q) })).filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s).map((x) => x.i);
      const chosen = items.find((i) => i.id === value);
      if (chosen && shown.indexOf(chosen) < 0) lend(rowOf.get(chosen.id));
      // The best matches first; a long tail (a common word over thousands of items) waits for a
      // press, so a keystroke draws tens of rows, not hundreds.
      const drawn = showAll || shown.length <= FIRST_MATCHES + 10 ? shown : shown.slice(0, FIRST_MATCHES);
      for (const i of drawn) lend(rowOf.get(i.id));
      if (drawn.length < shown.length) {
        const more = doc.createElement('button');
        more.type = 'button';
        more.className = 'button secondary picker-more';
        more.textContent = t('pickerMore', shown.length - drawn.length);
        more.addEventListener('click', () => { showAll = true; draw(); });
        found.append(more);
      }
    }
    all.classList.toggle('picker-aside', !!q.flat);
    markFirst((q.flat ? found : all).querySelector('input') ?? none.firstChild);
    count.textContent = q.flat ? t('pickerMatches', shown.length) : t('pickerAll', shown.length);
    // The chosen item stays in view.
    const picked = [found, all, none].find((part) => !part.classList.contains('picker-aside') && part.querySelector('input:checked'))
      ?.querySelector('input:checked').closest('.radio');
    if (picked && (picked.offsetTop < list.scrollTop || picked.offsetTop + picked.offsetHeight > list.scrollTop + list.clientHeight))
      list.scrollTop = Math.max(0, picked.offsetTop - 8);
  };
  list.addEventListener('change', (e) => {
    if (e.target.name !== idBase) return;
    value = e.target.value;
    onPick(value);
  });
  const typed = () => { showAll = false; state.query = input.value; draw(); };
  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => { composing = false; typed(); });
  input.addEventListener('input', (e) => { if (!composing && !e.isComposing) typed(); });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  draw();
  return input;
}
