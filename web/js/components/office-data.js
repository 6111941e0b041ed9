// office-data — the office's own data the engine uses instead of the bundled one: its catalogue of
// devolved items (catalogue-import/) and the holiday years it added from the State Council's notice
// (calendar-import/), and the rules in force when this office imported another county's (pack-import/).
// All are kept in this browser per storage key; this module hands them to the
// engine (configure) when it has loaded and after every change, and gives the element its
// sections and the header line naming the catalogue in use.
import { h, zh } from '../dom.js';
import { makeStrings } from '../strings.js';
import { CalendarStore, calendarImport } from './calendar-import/calendar-import.js';
import { CatalogueStore, catalogueImport, catalogueLine } from './catalogue-import/catalogue-import.js';
import { packImport } from './pack-import/pack-import.js';

export { catalogueLine };

// Gives the engine the stored catalogue and years: the engine's reply ({ok} or the error envelope).
// `pinned` {catalogue?, calendars?}: what the portal supplies in their place (the element's
// `catalogue` and `calendars`, components/portal-api.js), used instead of the stored ones.
function applyOfficeData(engine, namespace, pinned = {}) {
  return engine.configure(officeData(namespace, pinned));
}

// What applyOfficeData gives the engine's configure: {catalogue?, calendars}.
export function officeData(namespace, pinned = {}) {
  const catalogue = pinned.catalogue ?? new CatalogueStore(undefined, namespace).get()?.catalogue;
  const calendars = pinned.calendars ?? new CalendarStore(undefined, namespace).list().map((y) => y.calendar);
  return { ...(catalogue ? { catalogue } : {}), calendars };
}

// Whether officeData lays anything over the pack (a catalogue, a calendar year).
export const laysOfficeData = (data) => !!data.catalogue || data.calendars.length > 0;

// The plan's catalogue row, beside the handler's clause.
export function catalogueRowText(row) {
  const at = row.row ? `第 ${row.row} 行` : '';
  const state = row.revoked_from ? `已于 ${row.revoked_from} 收回` : row.devolved ? `已赋权镇${row.devolved_from ? `（${row.devolved_from} 起）` : ''}` : '未赋权镇';
  return `目录依据：${row.catalogue} ${at}“${row.name}”，${state}`;
}

// Where a plan's deadlines were counted with a year the official added (节假日设置): says so, with
// the notice's title. '' when none was. Which years were counted through, and which of them were the
// office's own, is the engine's to say (plan.calendar[].office); the store adds the day each was added.
export function userCalendarNote(plan, namespace, t = makeStrings('zh')) {
  const years = new Set((plan.calendar ?? []).filter((c) => c.office).map((c) => c.year));
  const used = new CalendarStore(undefined, namespace).list().filter((y) => years.has(y.year));
  return used.length ? h('p', { class: 'hint', id: 'plan-calendar-note' },
    t('calendarPlanNote', used.map((y) => ({ year: y.year, added: y.added, title: zh(y.title) })))) : '';
}

// The two sections. `el` is the element: its engine (once loaded), its storage namespace, its pack
// description (el.pack.catalogue is replaced after a change), and `onData()` to redraw after one.
export function officeDataSections(el, { reader }) {
  const ns = el.storageNamespace();
  const apply = () => {
    const r = applyOfficeData(el.engine, ns, el.pinnedOfficeData?.());
    if (r.ok) { el.pack.catalogue = el.engine.describePack().catalogue; el.onOfficeData?.(); }
    return r;
  };
  const engine = () => el.engine ?? null;
  const categories = el.pack.questions?.questions?.find((q) => q.id === 'category')?.options ?? [];
  const catalogue = catalogueImport({ engine, store: new CatalogueStore(undefined, ns), current: () => el.pack.catalogue, reader,
    onChange: () => { const r = apply(); catalogue.refresh(); return r; }, categories, t: el.t });
  const calendar = calendarImport({ engine, store: new CalendarStore(undefined, ns), onChange: apply, t: el.t });
  // The rules in force (pack-import/) come first: the catalogue is read against them.
  const pack = el.packChoices ? packImport({ ...el.packChoices(), t: el.t }) : '';
  return { sections: h('div', { class: 'office-data' }, pack, catalogue, calendar), refresh: () => { catalogue.refresh(); pack?.refresh?.(); } };
}
