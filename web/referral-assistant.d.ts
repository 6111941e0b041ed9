// referral-assistant.d.ts — TypeScript types of the <referral-assistant> element (the embed build,
// dist/embed/referral-assistant.js) for the pages that host it. Shipped as
// dist/embed/referral-assistant.d.ts; described in web/EMBEDDING.md.
//
//   import type { ReferralAssistantElement } from './referral-assistant';
//   const el = document.querySelector('referral-assistant')!;   // typed through HTMLElementTagNameMap
//   el.addEventListener('referral-packet-exported', (e) => file(e.detail.blob));

/** A referral-case/1 document (the matter as the engine reads it); any member may be missing while
 *  the case is being answered. Members follow the pack's questions.json (`sets`). */
export interface ReferralCase {
  schema: 'referral-case/1';
  /** Who found the matter: a town government or a city department. */
  finder?: 'town' | 'dept';
  /** Town id without the kind, e.g. "huilong". */
  town?: string;
  /** Department id without the kind, e.g. "market". */
  dept?: string;
  /** When it was found, ISO 8601 with +08:00, e.g. "2026-09-29T10:30:00+08:00". */
  date?: string;
  source?: 'patrol' | 'complaint' | 'supervision' | 'transfer_in' | 'pre_devolution';
  received?: string;
  pre_devolution_status?: 'closed' | 'open';
  /** Catalogue item id; "" = not in the catalogue. */
  item?: string;
  category?: string;
  devolved?: boolean;
  verification?: 'unverified' | 'violation' | 'no_violation' | 'management_issue';
  /** Special circumstances; only `true` members are kept. */
  flags?: { [flag: string]: boolean };
  [member: string]: unknown;
}

/** An error as the engine reports it: a code, a message for people and the JSON Pointer of the
 *  offending case member. */
export interface EngineError {
  code: string;
  message: string;
  path: string;
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

/** One item of the packet's completeness report. */
export interface CompletenessItem {
  pointer: string;
  message: string;
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
  | 'engine-unavailable'  // neither the WebAssembly nor the JavaScript engine could start
  | 'storage-refused'     // localStorage or IndexedDB refused to save or to clear
  | 'invalid-office'      // the office attribute names no town or department of the pack
  | 'invalid-value'       // value was not an object, or has a member the engine refuses that no question holds
  | 'packet-failed';      // packetBlob() could not read an attachment's bytes

export interface ReferralReadyDetail { /** Whether the engine was already running. */ engine: boolean }
export interface ReferralPlanChangeDetail { ok: boolean; plan: ReferralPlan | null; errors: EngineError[]; case: ReferralCase }
export interface ReferralDraftSavedDetail { name: string; /** ISO 8601 time of the save. */ saved: string }
export type ReferralPacketChangeDetail =
  | { complete: boolean; items: CompletenessItem[]; sha256: string }
  | { complete: false; items: []; errors: EngineError[] };
export interface ReferralPacketExportedDetail {
  /** The file name offered for download, e.g. "移送材料-启市监移〔2026〕7号.zip". */
  file: string;
  /** SHA-256 of packet.json (lower-case hex). */
  sha256: string;
  /** The ZIP itself (application/zip), the same bytes as the download. */
  blob: Blob;
}
export interface ReferralErrorDetail { code: ReferralErrorCode; message: string; cause?: unknown }

/** Every event of the element with its detail. All but `error` bubble and cross the shadow root
 *  (composed); `error` is sent on the element only. */
export interface ReferralAssistantEventMap {
  'referral-ready': CustomEvent<ReferralReadyDetail>;
  'referral-plan-change': CustomEvent<ReferralPlanChangeDetail>;
  'referral-draft-saved': CustomEvent<ReferralDraftSavedDetail>;
  'referral-packet-change': CustomEvent<ReferralPacketChangeDetail>;
  'referral-packet-exported': CustomEvent<ReferralPacketExportedDetail>;
  'error': CustomEvent<ReferralErrorDetail>;
}

/** The attributes, all observed: office="town:huilong" | "dept:market" …, storage-key="any text",
 *  readonly (boolean), lang: the page's language, "en…" English or "zh…" Chinese (the default);
 *  without it, the official's last choice on the page's 中文 / English switch. In English the
 *  labels and the page's own words are English; plans, checks and documents stay Chinese (the law's
 *  language), and printed documents are always Chinese. The switch updates a lang attribute the
 *  portal set. */
export interface ReferralAssistantAttributes {
  office?: string;
  'storage-key'?: string;
  readonly?: boolean | '';
  lang?: 'zh-CN' | 'zh' | 'en' | (string & {});
}

export interface ReferralAssistantElement extends HTMLElement {
  /** The current case (get: possibly partial); set: prefill the answers from a case of the portal's
   *  own system, as a new draft; what the engine refuses is shown at its field. */
  value: ReferralCase;
  /** The latest plan, or null while the case is incomplete or invalid. */
  readonly plan: ReferralPlan | null;
  /** The packet ZIP the export button makes, or null while incomplete (or when nothing is sent). */
  packetBlob(): Promise<Blob | null>;
  /** Verifies a packet ZIP (as exported by this tool). */
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
    'referral-packet-change': CustomEvent<ReferralPacketChangeDetail>;
    'referral-packet-exported': CustomEvent<ReferralPacketExportedDetail>;
  }
}
