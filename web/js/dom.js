// dom.js — the DOM helper and text formats the wizard's views share.

// Offers `data` (text or bytes) as a file download, through a link appended to `parent` for the click.
export function download(parent, data, name, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name });
  parent.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// h('p', {class: 'x'}, 'text', child) — attributes starting with "on" are listeners.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const DUE_RULES = { immediately: '立即', promptly: '及时', none: '无明确期限' };

// A step's deadline as the plan panel and the packet page show it (dates are the engine's).
export function dueText(due) {
  if (due.text) return due.text;  // the plan's own wording, where the pack gives it
  if (due.rule === 'hours' && !due.datetime) return `${due.count}小时内${due.from_label ? `（自${due.from_label}起）` : ''}`;
  if (due.rule === 'working_days' && due.date)
    return `${due.date}（${due.weekday}）前 · ${due.count} 个工作日${due.from_label ? `，自${due.from_label}起算` : ''}`;
  if (due.rule === 'hours' && due.datetime)
    return `${due.datetime.replace('T', ' ').replace(/:00\+08:00$/, '')}（${due.weekday}）前 · ${due.count} 小时`;
  const base = DUE_RULES[due.rule] ?? due.rule;
  return due.from_label ? `${base}（${due.from_label}）` : base;
}

// Text in Chinese inside a page that may be English (the engine's and the pack's words, a notice's
// title): marked so, for screen readers and the language checks.
export const zh = (text) => h('span', { lang: 'zh-CN' }, text);

// A clause reference as the document numbers it: "二(四)1¶2" → "二（四）1" (full-width brackets; the
// paragraph mark is the pack's own finer address, not a number the document prints).
export function clauseText(clause) {
  return String(clause ?? '').replace(/¶\d+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

// A quotation of the document as it reads on screen: the spaces the reflowed PDF text leaves around
// figures ("在 5 个工作日内") dropped beside Chinese, as the printed documents drop them
// (src/packet/render.cpp, printed_quote); a space between two Latin letters or digits stays.
const wide = (ch) => !!ch && ch.charCodeAt(0) > 0x7f;
export const quoteText = (text) => String(text ?? '').replace(/ /g, (m, at, all) => (wide(all[at - 1]) || wide(all[at + 1]) ? '' : m));

// Text from the rules shown to officials: clause references inside it as the document numbers them,
// and the tool speaking of itself rather than of its data files.
// A run of numerals is read whole, once, with what may follow it (the bracketed part optional), so
// that a long run with no clause in it is not read again from each of its numerals (quadratic, as the
// engine's scanner was: src/rules/clause_text.cpp).
export function plainText(text) {
  return String(text ?? '')
    .replace(/[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\)\d*(?:¶\d+)?)?/g,
      (m) => m.replace(/\(([一二三四五六七八九十]+)\)(\d*)(?:¶\d+)?$/, (_, b, n) => `（${b}）${n}`))
    .replace(/本?规则包/g, '本工具');
}
