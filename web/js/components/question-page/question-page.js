// question-page — one page of the questionnaire (a group of the pack's questions): a label per
// question in the chosen language only, its hint, the error at the field, and 上一步 / 下一步.
// It keeps no state of its own: the answers and errors come in, every change goes out by a callback,
// and what the official did with a catalogue picker is kept by the caller (`pickers`) for a redraw.
//
// Inputs: questionPage({group, answers, errors, first, t, pack, deptNames, pickers, onAnswer, onType, onNext, onBack})
//   group      {id, title, questions} (model.js groupsWithQuestions)
//   answers    the answers so far (read only here)
//   errors     [{question, message, code?}] shown at their fields (with a code: the engine's, in Chinese)
//   first      no 上一步 on the first page
//   t          the page's strings (strings.js): t.label() picks a pack label in the chosen language
//   pack       the pack description (authorities, catalogue)
//   deptNames  {dept id: name} for the catalogue picker
//   pickers    a Map the caller keeps for the catalogue pickers (picker.js `kept`): a redraw (an answer
//              that changes which questions apply) shows the same search and matches
//   onAnswer(id, value)  an answer chosen (value undefined: cleared): save and re-plan
//   onType(id, value)    a date being typed: save only (the plan follows at `change`)
//   onNext(), onBack()
// Dates are typed as text and kept as typed; a date that does not exist is named at the field.
import { h, zh } from '../../dom.js';
import { dateDoubt, isoOf, readDate, shownDate } from '../../dates.js';
import { nowLocalChina } from '../../model.js';
import { renderPicker } from '../../picker.js';

export function questionPage({ group, answers, errors, first, t, pack, deptNames, pickers, onAnswer, onType, onNext, onBack }) {
  const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); onNext(); } });
  form.append(h('h1', { tabindex: '-1' }, t.label(group.title)));
  for (const q of group.questions) {
    form.append(question(q, { value: answers[q.id], error: errors.find((e) => e.question === q.id), t, pack, deptNames, pickers, onAnswer, onType }));
  }
  form.append(h('div', { class: 'nav' },
    first ? '' : h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => onBack() }, t('back')),
    h('button', { type: 'submit', class: 'button', id: 'next' }, t('next'))));
  return form;
}

function question(q, { value: v, error: err, t, pack, deptNames, pickers, onAnswer, onType }) {
  const id = `q-${q.id}`;
  const errId = `${id}-error`;
  const helpId = `${id}-help`;
  const help = q.help ? t.label(q.help) : null;
  const describedBy = [help ? helpId : '', err ? errId : ''].filter(Boolean).join(' ') || undefined;
  const helpEl = help ? h('p', { class: 'hint', id: helpId }, help) : '';
  const errEl = err ? h('p', { class: 'error-message', id: errId }, h('span', { class: 'visually-hidden' }, t('errorPrefix')), err.code ? zh(err.message) : err.message) : '';
  const label = (forId) => h(forId ? 'label' : 'legend', { for: forId, class: 'label' }, t.label(q.label));
  const box = (...c) => h('div', { class: `question${err ? ' has-error' : ''}`, 'data-question': q.id }, ...c);

  if (q.type === 'choice' || (q.type === 'boolean' && q.required)) {
    const options = q.type === 'boolean'
      ? [{ value: true, label: { zh: '是', en: 'Yes' } }, { value: false, label: { zh: '否', en: 'No' } }]
      : q.options;
    return box(h('fieldset', { 'aria-describedby': describedBy }, label(null), helpEl, errEl,
      options.map((o, n) => {
        const oid = n === 0 ? id : `${id}-${String(o.value)}`;
        return h('div', { class: 'radio' },
          h('input', { type: 'radio', name: id, id: oid, value: String(o.value), checked: v === o.value, onchange: () => onAnswer(q.id, o.value) }),
          h('label', { for: oid }, t.label(o.label)));
      })));
  }
  if (q.type === 'boolean') {
    return box(h('div', { class: 'checkbox' },
      h('input', { type: 'checkbox', id, checked: v === true, 'aria-describedby': describedBy, onchange: (e) => onAnswer(q.id, e.target.checked ? true : undefined) }),
      h('label', { for: id }, t.label(q.label))), helpEl, errEl);
  }
  if (q.type === 'date-time') {
    const doubtId = `${id}-doubt`;
    const doubt = h('p', { class: 'warning-message', id: doubtId, hidden: true });
    const showDoubt = (text) => {
      const reading = readDate(text, { withTime: true, lang: t.lang });
      const message = reading.ok === false ? reading.message : dateDoubt(reading, nowLocalChina(), t.lang);
      doubt.hidden = !message || !!err;
      doubt.textContent = message ?? '';
    };
    const valueOf = (text) => { const r = readDate(text, { withTime: true }); return r.empty ? '' : (isoOf(r) ?? text); };
    const input = h('input', { type: 'text', id, class: 'input input-date', value: shownDate(v), inputmode: 'numeric',
      autocomplete: 'off', spellcheck: 'false', placeholder: t('example', '2026-09-29 10:30'), 'aria-describedby': [describedBy, doubtId].filter(Boolean).join(' '),
      oninput: (e) => { onType(q.id, valueOf(e.target.value)); showDoubt(e.target.value); },
      onchange: (e) => onAnswer(q.id, valueOf(e.target.value)) });
    showDoubt(input.value);
    return box(label(id), helpEl, errEl, doubt, h('div', { class: 'datetime' }, input, h('span', { class: 'suffix' }, t('beijingTime'))));
  }
  if (q.type === 'town' || q.type === 'dept') {
    // Authority names are the pack's, in Chinese (they are names).
    const list = pack.authorities.filter((a) => a.kind === q.type);
    const select = h('select', { id, class: 'input', 'aria-describedby': describedBy, onchange: (e) => onAnswer(q.id, e.target.value || undefined) },
      h('option', { value: '' }, t('choose')),
      list.map((a) => { const short = a.id.slice(a.id.indexOf(':') + 1); return h('option', { value: short, selected: v === short, lang: 'zh-CN' }, a.name); }));
    return box(label(id), helpEl, errEl, select);
  }
  if (q.type === 'item-picker') {
    const fs = h('fieldset', { 'aria-describedby': describedBy }, label(null), helpEl, errEl);
    renderPicker(fs, { items: pack.catalogue.items, deptNames, value: v, idBase: id, describedBy, t, kept: pickers,
      onPick: (itemId) => onAnswer(q.id, itemId) });
    return box(fs);
  }
  return box(h('p', {}, t('unsupportedType', q.type)));
}
