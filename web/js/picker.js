// picker.js — the catalogue item picker: a search box and radio list. With nothing typed every item
// is listed, grouped by department; typed words rank the items by what they share with the item's
// name, keywords, statute and department — whole words, the synonyms officials use for them
// (forms/<pack>/synonyms.json: 无证 = 未取得许可 …), then pairs of characters, since Chinese is
// typed without spaces ("无证经营食品" finds 未取得食品经营许可从事食品经营活动). The chosen item
// stays listed and in view. Waits for an IME to finish composing before it searches.
import synonymData from '../../forms/qidong-2020-38/synonyms.json';

const SYNONYMS = (synonymData.groups ?? []).map((g) => g.map((w) => w.toLowerCase()));
const squeeze = (s) => String(s ?? '').toLowerCase().replace(/[\s《》〈〉（）()“”"、，,。·;；:：]+/g, '');
const bigrams = (s) => { const out = new Set(); for (let i = 0; i + 1 < s.length; i += 1) out.add(s.slice(i, i + 2)); return out; };

// A filtered list draws this many rows, then a button for the rest.
const FIRST_MATCHES = 50;

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
export function renderPicker(container, { items, deptNames, value, idBase, onPick, describedBy }) {
  const doc = container.ownerDocument;
  const filterId = `${idBase}-filter`;
  const wrap = doc.createElement('div');
  wrap.className = 'picker';
  const label = doc.createElement('label');
  label.htmlFor = filterId;
  label.className = 'label-small';
  label.textContent = '查找（事项名称、关键词、法律依据或部门，如“无证经营食品”）';
  const input = doc.createElement('input');
  input.type = 'search';
  input.id = filterId;
  input.autocomplete = 'off';
  input.className = 'picker-filter';
  const count = doc.createElement('p');
  count.className = 'picker-count';
  count.setAttribute('role', 'status');
  const list = doc.createElement('div');
  list.className = 'picker-list';
  wrap.append(label, input, count, list);
  container.append(wrap);

  let composing = false;
  let first = true;
  let showAll = false;
  const radio = (id, text, hint) => {
    const row = doc.createElement('div');
    row.className = 'radio';
    const r = doc.createElement('input');
    r.type = 'radio';
    r.name = idBase;
    r.value = id;
    r.id = first ? idBase : `${idBase}-${id || 'none'}`;
    first = false;
    r.checked = value === id;
    if (describedBy) r.setAttribute('aria-describedby', describedBy);
    r.addEventListener('change', () => { value = id; onPick(id); });
    const l = doc.createElement('label');
    l.htmlFor = r.id;
    l.textContent = text;
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
  const itemRow = (i) => radio(i.id, i.name, `${deptNames[i.dept] || i.dept} · ${i.statute}${i.devolved ? ' · 已赋权镇' : ''}`);
  const draw = () => {
    first = true;
    const q = readQuery(input.value);
    const chosen = items.find((i) => i.id === value);
    const rows = [];
    let shown;
    if (!q.flat) {
      // Everything, by department in the catalogue's order.
      shown = items;
      const depts = [...new Set(items.map((i) => i.dept))];
      for (const d of depts) {
        const group = doc.createElement('div');
        group.className = 'picker-group';
        group.setAttribute('role', 'group');
        const title = doc.createElement('p');
        title.className = 'picker-group-title';
        title.id = `${idBase}-group-${d}`;
        title.textContent = deptNames[d] || d;
        group.setAttribute('aria-labelledby', title.id);
        group.append(title, ...items.filter((i) => i.dept === d).map(itemRow));
        rows.push(group);
      }
    } else {
      shown = items.map((i, k) => ({ i, s: scorePrepared(prepared[k], q) })).filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s).map((x) => x.i);
      if (chosen && shown.indexOf(chosen) < 0) rows.push(itemRow(chosen));
      // The best matches first; a long tail (a common word over thousands of items) waits for a
      // press, so a keystroke draws tens of rows, not hundreds.
      const drawn = showAll || shown.length <= FIRST_MATCHES + 10 ? shown : shown.slice(0, FIRST_MATCHES);
      rows.push(...drawn.map(itemRow));
      if (drawn.length < shown.length) {
        const more = doc.createElement('button');
        more.type = 'button';
        more.className = 'button secondary picker-more';
        more.textContent = `显示其余 ${shown.length - drawn.length} 项`;
        more.addEventListener('click', () => { showAll = true; draw(); });
        rows.push(more);
      }
    }
    rows.push(radio('', '目录中没有此事项', '选择后请回答下面的问题'));
    list.replaceChildren(...rows);
    count.textContent = q.flat ? `共 ${shown.length} 项匹配，最接近的在前` : `共 ${shown.length} 项，按部门列出`;
    // The chosen item stays in view.
    const picked = list.querySelector('input:checked')?.closest('.radio');
    if (picked && (picked.offsetTop < list.scrollTop || picked.offsetTop + picked.offsetHeight > list.scrollTop + list.clientHeight))
      list.scrollTop = Math.max(0, picked.offsetTop - 8);
  };
  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => { composing = false; showAll = false; draw(); });
  input.addEventListener('input', (e) => { if (!composing && !e.isComposing) { showAll = false; draw(); } });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  draw();
  return input;
}
