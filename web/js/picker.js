// picker.js — the catalogue item picker: a filter box and radio list, narrowed on every keystroke
// (name, keywords, statute, department), waiting for an IME to finish composing before it filters.

const LIMIT = 40;

export function matches(item, deptName, query) {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [item.name, item.statute, item.id, item.dept, deptName, ...(item.keywords || [])].join(' ').toLowerCase();
  return q.split(/\s+/).every((word) => hay.includes(word));
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
  label.textContent = '筛选（名称、关键词、法律依据或部门）';
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
  const radio = (id, text, hint, first) => {
    const row = doc.createElement('div');
    row.className = 'radio';
    const r = doc.createElement('input');
    r.type = 'radio';
    r.name = idBase;
    r.value = id;
    r.id = first ? idBase : `${idBase}-${id || 'none'}`;
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
  const draw = () => {
    const shown = items.filter((i) => matches(i, deptNames[i.dept] || '', input.value));
    const chosen = items.find((i) => i.id === value);
    const rows = shown.slice(0, LIMIT);
    if (chosen && !rows.includes(chosen)) rows.unshift(chosen);
    list.replaceChildren(
      ...rows.map((i, n) => radio(i.id, i.name, `${deptNames[i.dept] || i.dept} · ${i.statute}${i.devolved ? ' · 已赋权镇' : ''}`, n === 0)),
      radio('', '目录中没有此事项', '选择后请回答下面的问题', rows.length === 0));
    count.textContent = shown.length > LIMIT ? `共 ${shown.length} 项匹配，显示前 ${LIMIT} 项` : `共 ${shown.length} 项匹配`;
  };
  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => { composing = false; draw(); });
  input.addEventListener('input', (e) => { if (!composing && !e.isComposing) draw(); });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  draw();
  return input;
}
