// plan-panel — 移送计划: the live plan beside the questions. Redrawn from its inputs on every change;
// it keeps no state of its own and reports nothing (it has no controls but <details>).
//
// Inputs: renderPlanPanel({panel, announce, result, questions, t, catalogueRow, calendarNote})
//   panel      the <aside> to fill
//   announce   a role=status element: gets one short line when the plan changes (not the whole panel)
//   result     the engine's plan() result: {ok, plan} or {ok:false, errors}
//   questions  the pack's questions (labels of the facts a decision rests on)
//   t          the page's strings (strings.js) in the chosen language
//   catalogueRow  (row) → the line citing the catalogue row the handler turned on (office-data.js)
//   calendarNote  (plan) → a note on deadlines counted with a year the office added, or ''
// Engine texts (steps, due dates, warnings, quotes) are the plan's own, in Chinese.
import { clauseText, dueText, h, plainText, quoteText, zh } from '../../dom.js';

// "发现方：镇人民政府": a fact the decision rests on, by its question's label and option.
function factLabel(questions, fact, value, t) {
  const q = questions.find((x) => x.id === fact);
  const raw = value.replace(/^'|'$/g, '');
  let shown = raw;
  if (q?.options) shown = t.label(q.options.find((o) => String(o.value) === raw)?.label) ?? raw;
  else if (raw === 'true') shown = t('yes');
  else if (raw === 'false') shown = t('no');
  return `${q ? t.label(q.label) : fact}${t('colon')}${shown}`;
}

export function planTitle(t) {
  return h('h2', { id: 'plan-title', tabindex: '-1' }, t('planTitle'));
}

export function renderPlanPanel({ panel, announce, result: r, questions, t, catalogueRow = null, calendarNote = () => '' }) {
  const title = planTitle(t);
  if (!r.ok) {
    panel.replaceChildren(title, h('p', { class: 'hint' }, t('planPending', r.errors.length)));
    return;
  }
  const p = r.plan;
  const line = p.handler ? t('planAnnounce', p.handler.name, p.steps.length) : t('planAnnounceNoHandler');
  if (announce.textContent !== line) announce.textContent = line;
  const handler = p.handler
    ? h('div', { class: 'handler' },
      h('p', {}, t('handlerLabel'), h('strong', { id: 'plan-handler', lang: 'zh-CN', 'data-engine-text': '' }, p.handler.name)),
      p.handler.catalogue_row && catalogueRow ? h('p', { class: 'hint', id: 'plan-catalogue-row', lang: 'zh-CN' }, catalogueRow(p.handler.catalogue_row)) : '',
      h('details', {}, h('summary', {}, t('why'), h('span', { lang: 'zh-CN', 'data-engine-text': '' }, clauseText(p.handler.clause))),
        h('ul', {}, p.handler.because.filter((b) => !b.derived).map((b) => h('li', {}, factLabel(questions, b.fact, b.value, t)))),
        h('blockquote', { lang: 'zh-CN', 'data-engine-text': '' }, quoteText(p.handler.quote))))
    : h('p', { class: 'warning' }, t('noHandler'));
  // The steps, due dates, warnings and readings are the engine's, in Chinese (as the law is).
  const steps = h('ol', { class: 'steps', lang: 'zh-CN', 'data-engine-text': '' }, p.steps.map((s) => h('li', { class: 'step', 'data-action': s.action },
    h('p', { class: 'step-head' }, h('span', { class: 'actor' }, s.actor_name), s.to_name ? ` → ${s.to_name}` : '', '：', h('strong', {}, s.action_label)),
    h('p', { class: `due due-${s.due.rule}` }, '期限：', dueText(s.due), s.due.calendar_covered === false ? '（超出节假日数据范围，须核对）' : ''),
    h('details', {}, h('summary', {}, `依据 ${clauseText(s.clause)}`), h('blockquote', {}, quoteText(s.quote)), h('p', {}, plainText(s.explanation))))));
  const warnings = p.warnings.length
    ? h('div', { class: 'warnings' }, h('h3', {}, t('warnings')), h('ul', { lang: 'zh-CN', 'data-engine-text': '' }, p.warnings.map((w) => h('li', {}, w.clause ? `（${clauseText(w.clause)}）` : '', plainText(w.message))))) : '';
  const ambiguities = p.ambiguities.length
    ? h('div', { class: 'ambiguities' }, h('h3', {}, t('ambiguities')), h('div', { lang: 'zh-CN', 'data-engine-text': '' }, p.ambiguities.map((a) => h('details', {}, h('summary', {}, `${clauseText(a.clause)}`), h('blockquote', {}, quoteText(a.quote)), h('p', {}, plainText(a.reading)))))) : '';
  const note = calendarNote(p);
  if (note) note.lang = 'zh-CN';
  panel.replaceChildren(title, handler, h('h3', {}, t('steps')), steps, note, warnings, ambiguities,
    h('p', { class: 'small' }, zh(p.pack.number), ` · ${t('version', p.pack.version)}`));
}
