// referral-assistant.d.ts — TypeScript types of the <referral-assistant> element (the embed build,
// dist/embed/referral-assistant.js) for the pages that host it. Shipped as
// dist/embed/referral-assistant.d.ts; described in web/EMBEDDING.md.
//
//   import type { ReferralAssistantElement } from './referral-assistant';
//   const el = document.querySelector('referral-assistant')!;   // typed through HTMLElementTagNameMap
//   el.addEventListener('referral-packet-exported', (e) => file(e.detail.blob));

/** A dated act or milestone of the matter (the ledger line's shape): a plan action id of the pack
 *  (transfer, acknowledge, decide_penalty …) or a milestone the pack declares (receive, consent_given …). */
export interface ReferralMatterEvent {
  action: string;
  /** Authority id, e.g. "dept:market". */
  actor: string;
  to?: string;
  /** YYYY-MM-DD, or an ISO date-time with offset. */
  date: string;
  note?: string;
}

/** A referral-case/1 document (the matter as the engine reads it), with the members the portal may add:
 *  its own `id` and the matter's `events`. Exactly the members the engine accepts: any other is refused
 *  (an `error` event, invalid-value, at its JSON Pointer). Any member may be missing while the case is
 *  being answered. Passed through untouched: note, decided, received, id, events, dates, and a member of a
 *  question this matter does not ask. */
export interface ReferralCase {
  schema: 'referral-case/1';
  /** Who found the matter: a town government or a city department. */
  finder?: 'town' | 'dept';
  /** Town id without the kind, e.g. "huilong". */
  town?: string;
  /** Department id without the kind, e.g. "market"; given by `item` when there is one. */
  dept?: string;
  /** When it was found, ISO 8601 with +08:00, e.g. "2026-09-29T10:30:00+08:00". */
  date?: string;
  source?: 'patrol' | 'complaint' | 'supervision' | 'transfer_in' | 'pre_devolution';
  /** When a transferred matter arrived (ISO 8601 with offset). */
  received?: string;
  /** The day the decision is (to be) made, YYYY-MM-DD (or a date-time with offset): who holds the penalty power is judged on it. */
  decided?: string;
  pre_devolution_status?: 'closed' | 'open' | 'not_filed';
  /** Catalogue item id. Without one: `dept`, `category` and `devolved` say what the catalogue would. */
  item?: string;
  category?: 'licensed_violation' | 'unlicensed' | 'prohibited' | 'liability_without_licence' | 'overdue_obligation' | 'qualification';
  devolved?: boolean;
  verification?: 'unverified' | 'violation' | 'no_violation' | 'management_issue';
  /** Special circumstances, named by the pack; only `true` members are kept. */
  flags?: { [flag: string]: boolean };
  /** Free text for people (the portal's own remark); carried, never shown in an event unless event-detail="full". */
  note?: string;
  /** The portal's id of the matter: a value with an id has a draft of its own. */
  id?: string;
  /** What has been done and when. */
  events?: ReferralMatterEvent[];
  /** The days of milestones known without a record, by event id (e.g. police_declined): each fixes the
   *  deadlines counted from it. */
  dates?: { [event: string]: string };
}

/** 本单位设置: the office's own profile, kept per storage-key (data.office). Its `authority` is the
 *  office attribute's when that is set. */
export interface ReferralOffice {
  /** Authority id, e.g. "dept:market". */
  authority?: string;
  /** 文号机关代字, e.g. "启市监移". */
  prefix?: string;
  /** The next 文号 序号 (a positive integer); goes up by one after each packet exported. */
  next_number?: number;
  contact_unit?: string;
  contact_person?: string;
  contact_phone?: string;
  /** The leader who usually approves transfers. */
  leader?: string;
}

/** A party as the packet names it: a person (公民身份号码) or an organisation (统一社会信用代码). */
export type ReferralParty =
  | { kind: 'person'; name: string; id_number?: string; identity_pending?: string }
  | { kind: 'organisation'; name: string; credit_code?: string; identity_pending?: string };

/** What the portal knows beyond the case (the element's `data`): the office profile, and for the current
 *  draft the packet's members in the packet input's own shape (referral-packet-input/1) and the portal's
 *  own reference, which travels into packet.json as `reference`. */
export interface ReferralData {
  office?: ReferralOffice;
  reference?: string;
  document_number?: string;
  /** YYYY-MM-DD. */
  sent_on?: string;
  summary?: { party?: string; facts?: string; time?: string; place?: string; measures?: string };
  parties?: ReferralParty[];
  contact?: { unit?: string; person?: string; phone?: string };
  approval?: { leader?: string; date?: string };
  /** Text only one kind of document carries: document kind → detail id → text. */
  details?: { [documentKind: string]: { [detail: string]: string } };
}

/** A stored draft, as the drafts API lists it. */
export interface ReferralDraftInfo {
  /** The draft's own id (never derived from its name). */
  id: string;
  /** The name the official gave it (may name a party). */
  name: string;
  /** ISO 8601 time of the last save. */
  saved: string;
  /** The `id` of the portal's matter, when its value had one. */
  matter: string | null;
}

/** The element's drafts (per storage-key). */
export interface ReferralDrafts {
  /** Every stored draft, the most recently saved first; [] before referral-ready. */
  list(): ReferralDraftInfo[];
  /** The id of the draft on the page (stored once anything is answered); null before referral-ready. */
  readonly current: string | null;
  /** Opens a stored draft; false if there is none with this id. */
  open(id: string): Promise<boolean>;
  /** Starts a blank draft (the office applied), with `value` on it when given; resolves to its id. */
  new(value?: ReferralCase): Promise<string | null>;
}

/** An error as the engine reports it: a code and the JSON Pointer of the offending case member; its
 *  message for people (which may repeat what was typed) only with event-detail="full". */
export interface EngineError {
  code: string;
  path: string;
  message?: string;
  citation?: string;
  file?: string;
}

/** A step's deadline (dates are computed by the engine on the working-day calendar). */
export interface Due {
  rule: 'working_days' | 'hours' | 'immediately' | 'promptly' | 'none' | string;
  count?: number;
  date?: string;
  datetime?: string;
  weekday?: string;
  from_label?: string;
  calendar_covered?: boolean;
  [member: string]: unknown;
}

export interface PlanStep {
  action: string;
  action_label: string;
  actor: string;
  actor_name: string;
  to?: string;
  to_name?: string;
  due: Due;
  clause: string;
  quote: string;
  explanation: string;
  documents?: string[];
  [member: string]: unknown;
}

/** A referral-plan/1 document: who handles the matter, every step with its deadline and clause. */
export interface ReferralPlan {
  schema: 'referral-plan/1';
  handler: { authority: string; name: string; rule: string; clause: string; quote: string; because: unknown[] } | null;
  steps: PlanStep[];
  warnings: { message: string; clause?: string }[];
  ambiguities: { id: string; clause: string; quote: string; reading: string }[];
  /** The calendar years the working-day deadlines ran through, with the State Council notices that set
   *  them; `office` is true for a year the office added from a notice (节假日设置) over the bundled one. */
  calendar: { year: number; sources: { title: string; number: string; published: string }[]; office: boolean }[];
  pack: { id: string; version: string; number: string };
  [member: string]: unknown;
}

/** One item of the packet's completeness report: what is missing or wrong, where. */
export interface CompletenessItem {
  /** JSON Pointer into the packet input, e.g. "/parties/0/id_number". */
  pointer: string;
  status: 'missing' | 'invalid';
  /** The attachment kind an item about attachments concerns. */
  kind?: string;
  clause?: string;
  /** The engine's words (may repeat what was typed): only with event-detail="full". */
  message?: string;
  [member: string]: unknown;
}

/** What verify() reports for a packet ZIP. */
export interface VerificationReport {
  /** True when packet.json's digest, every document and every attachment match. */
  ok: boolean;
  /** The packet.json read from the ZIP (referral-packet/1), when there was one. */
  packet?: { [member: string]: unknown };
  /** Why the ZIP could not be checked at all (not a ZIP, no packet.json …). */
  problems: string[];
  /** One line per file of the ZIP. */
  checks: { name: string; ok: boolean; message: string }[];
}

/** Codes of the element's `error` event. */
export type ReferralErrorCode =
  | 'engine-unavailable'  // neither the WebAssembly nor the JavaScript engine could start (`reason` says why)
  | 'storage-refused'     // localStorage or IndexedDB refused to save or to clear
  | 'invalid-office'      // the office attribute names no town or department of the pack
  | 'invalid-value'       // value was not an object, or the engine refused a member of it (`path`)
  | 'invalid-data'        // data / mergeData() was not an object, or a member of it was refused (`path`)
  | 'invalid-catalogue'   // the catalogue property was refused by the engine (`path`); the previous one stays
  | 'invalid-calendar'    // the calendars property was refused by the engine (`path`); the previous ones stay
  | 'packet-failed';      // packetBlob() or the export could not read an attachment's bytes

/** Details carry ids, codes, dates and counts. Members marked "full" are sent only with
 *  event-detail="full" (they may name a person or repeat what was typed). */
export interface ReferralReadyDetail { /** Whether the engine was already running. */ engine: boolean }
export interface ReferralPlanChangeDetail {
  ok: boolean;
  plan: ReferralPlan | null;
  errors: EngineError[];
  /** The matter: without `note`, events' notes and refused members (full: all of it). */
  case: ReferralCase;
}
export interface ReferralDraftSavedDetail {
  /** The draft's id (drafts API). */
  draft: string;
  /** ISO 8601 time of the save. */
  saved: string;
  /** full: the draft's name. */
  name?: string;
}
export interface ReferralDraftChangeDetail {
  /** The id of the draft now shown. */
  draft: string;
  /** Whether it is a stored draft (false: a blank case, stored once anything is answered). */
  stored: boolean;
  /** full: the draft's name. */
  name?: string;
}
export type ReferralPacketChangeDetail =
  | { complete: boolean; items: CompletenessItem[]; sha256: string }
  | { complete: false; items: []; errors: EngineError[] };
export interface ReferralPacketExportedDetail {
  /** The file name offered for download, e.g. "移送材料-启市监移〔2026〕7号.zip" (the letter's 文号). */
  file: string;
  /** SHA-256 of packet.json (lower-case hex). */
  sha256: string;
  /** The ZIP itself (application/zip), the same bytes as the download. */
  blob: Blob;
}
export interface ReferralErrorDetail {
  code: ReferralErrorCode;
  /** Chinese, for a log; never repeats what was typed. */
  message: string;
  /** The JSON Pointer of the refused member (invalid-value, invalid-data, invalid-catalogue, invalid-calendar). */
  path?: string;
  /** The engine's error code for it (e.g. "unknown_field"). */
  engine?: string;
  /** The attribute at fault (invalid-office). */
  attribute?: string;
  /** engine-unavailable: 'not-loaded' (files missing or refused: a deployment fault), 'unsupported' (this
   *  browser cannot run either engine), 'damaged' (the single file's own engine cannot be read). */
  reason?: 'not-loaded' | 'unsupported' | 'damaged';
  /** full: the original error (the engine's message, a file name). */
  cause?: unknown;
}

/** Every event of the element with its detail. All but `error` bubble and cross the shadow root
 *  (composed); `error` is sent on the element only (bubbling, it would reach window.onerror and a
 *  portal's error tracker), and the same detail bubbles as `referral-error`. */
export interface ReferralAssistantEventMap {
  'referral-ready': CustomEvent<ReferralReadyDetail>;
  'referral-plan-change': CustomEvent<ReferralPlanChangeDetail>;
  'referral-draft-saved': CustomEvent<ReferralDraftSavedDetail>;
  'referral-draft-change': CustomEvent<ReferralDraftChangeDetail>;
  'referral-packet-change': CustomEvent<ReferralPacketChangeDetail>;
  'referral-packet-exported': CustomEvent<ReferralPacketExportedDetail>;
  'referral-error': CustomEvent<ReferralErrorDetail>;
  'error': CustomEvent<ReferralErrorDetail>;
}

/** The attributes, all observed: office="town:huilong" | "dept:market" … (also 本单位设置's 单位),
 *  storage-key="any text", readonly (boolean), lang: the page's language, "en…" English or "zh…" Chinese
 *  (the default); without it, the official's last choice on the page's 中文 / English switch. In English
 *  the labels and the page's own words are English; plans, checks and documents stay Chinese (the law's
 *  language), and printed documents are always Chinese. The switch updates a lang attribute the portal
 *  set. event-detail="full": events may carry names and messages. hide="catalogue calendar office
 *  ledger storage offline receive lang pack": sections kept from view. */
export interface ReferralAssistantAttributes {
  office?: string;
  'storage-key'?: string;
  readonly?: boolean | '';
  lang?: 'zh-CN' | 'zh' | 'en' | (string & {});
  'event-detail'?: 'codes' | 'full';
  hide?: string;
}

export interface ReferralAssistantElement extends HTMLElement {
  /** The matter on the current draft. Get: the current referral-case/1 (possibly partial). Set: applied to
   *  the current draft; equal to it: nothing happens; with an `id` another draft carries: that draft;
   *  with an `id` other than the current draft's: a new draft. null / undefined: nothing is set. */
  get value(): ReferralCase;
  set value(doc: ReferralCase | null | undefined);
  /** What the portal knows beyond the case. Set: `office` into 本单位设置, the rest into the current
   *  draft's packet; equal: nothing happens; refused members: `error` (invalid-data), nothing changed. */
  data: ReferralData;
  /** Merges into `data`: objects member by member, arrays (parties) replaced. */
  mergeData(partial: ReferralData): void;
  /** The drafts of this storage-key. */
  readonly drafts: ReferralDrafts;
  /** The portal's catalogue (referral-catalogue/1) in place of the office's own; null: the office's own.
   *  While set, 事项目录's import is hidden. */
  catalogue: { schema: 'referral-catalogue/1'; [member: string]: unknown } | null;
  /** The portal's calendar years (referral-calendar/1) in place of those the office added; null: the
   *  office's own. While set, 节假日设置 is hidden. */
  calendars: { schema: 'referral-calendar/1'; year: number; [member: string]: unknown }[] | null;
  /** 'full' when the host opted in to personal data in event details (the event-detail attribute). */
  eventDetail: 'codes' | 'full';
  /** The latest plan, or null while the case is incomplete or invalid. */
  readonly plan: ReferralPlan | null;
  /** The packet ZIP the export button makes, or null while incomplete (or when nothing is sent). */
  packetBlob(): Promise<Blob | null>;
  /** Verifies a packet ZIP (as exported by this tool); never rejects: what cannot be checked is a report with a problem. */
  verify(zip: Blob | ArrayBuffer | Uint8Array): Promise<VerificationReport>;
  /** Removes every draft, attachment, the office profile and the passphrase lock stored under this
   *  element's storage-key (or, without one, the default store) and nothing else; then starts a blank case. */
  clearStorage(): Promise<void>;
  /** Starts a blank case (the office applied); stored drafts are kept. */
  reset(): void;

  addEventListener<K extends keyof ReferralAssistantEventMap>(type: K,
    listener: (this: ReferralAssistantElement, ev: ReferralAssistantEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ReferralAssistantEventMap>(type: K,
    listener: (this: ReferralAssistantElement, ev: ReferralAssistantEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's class, as customElements.get('referral-assistant') returns it. */
export interface ReferralAssistantConstructor {
  new (): ReferralAssistantElement;
  readonly observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    'referral-assistant': ReferralAssistantElement;
  }
  interface DocumentEventMap {
    'referral-ready': CustomEvent<ReferralReadyDetail>;
    'referral-plan-change': CustomEvent<ReferralPlanChangeDetail>;
    'referral-draft-saved': CustomEvent<ReferralDraftSavedDetail>;
    'referral-draft-change': CustomEvent<ReferralDraftChangeDetail>;
    'referral-packet-change': CustomEvent<ReferralPacketChangeDetail>;
    'referral-packet-exported': CustomEvent<ReferralPacketExportedDetail>;
    'referral-error': CustomEvent<ReferralErrorDetail>;
  }
}
