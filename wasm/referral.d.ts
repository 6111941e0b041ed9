// referral.d.ts — the JavaScript API of the WebAssembly engine (wasm/bindings.cpp).
//
// Build outputs (build/wasm/bin/, never committed):
//   referral-engine-single.js   the .wasm inlined as base64 (single-file build, works from file://)
//   referral-engine.js + .wasm  loads its .wasm from the same folder (embed build, strict CSP)
// Each defines `ReferralModule` (a global in a classic <script>, `module.exports` under node).
//
// Every function takes and returns JSON text and never throws: failures come back as
//   {"ok": false, "error": {code, message, path, file?, citation?}, "errors": [ ...every problem... ]}
// where `path` is the JSON Pointer (RFC 6901) of the offending case member, e.g. "/town".

/** Options accepted by the factory; all optional. */
export interface ReferralModuleOptions {
  /** The .wasm bytes, to skip fetching them (node, tests). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find referral-engine.wasm, given its file name. */
  locateFile?(path: string, prefix: string): string;
}

export interface ReferralEngine {
  /** referral-case/1 JSON text → {"ok":true,"plan":<referral-plan/1>} or an error envelope. */
  plan(caseJson: string): string;
  /** Which questions of the pack's questions.json apply to a partly answered case (referral-case/1
   *  members, any may be missing; item "" = not in the catalogue): {"ok":true,"relevant":[ids]}. */
  relevantQuestions(partialCaseJson: string): string;
  /** The bundled pack: {ok, pack, authorities, catalogue:{sample,notice,items,title,version,date,sha256,source:{file,sha256,imported}}, actions, readings,
   *  documents, flags, facts, calendar:{first_year,last_year}, questions:<referral-questions/1>}. */
  describePack(): string;
  /** Due date `n` working days after `start` (YYYY-MM-DD or a date-time; the start day is not
   *  counted): {ok, start, count, due, weekday, calendar_covered, counted:[…], skipped:[{date,weekday,name?}]}. */
  workdays(start: string, n: number): string;
  /** referral-packet-input/1 JSON text and today's date (YYYY-MM-DD, China time; no date of the input
   *  may lie after it) → {"ok":true, "packet":<referral-packet/1>, "files":[{name, text} | {name,
   *  attachment}]} or an error envelope. `files` is the packet as `referral packet --out` writes it:
   *  "NN-<document>.html" per document, "packet.json" (the exact bytes), then one
   *  "attachments/NN-<file name>" entry per manifest item, whose bytes the caller supplies. */
  packet(inputJson: string, today: string): string;
  /** A packet.json read back from an exported ZIP → {"ok":true, "sha256":{recorded, computed, match},
   *  "files":[…as packet() gives them…], "attachments":[manifest]}: compare each file of the ZIP with
   *  `files` and each attachment's bytes with its manifest SHA-256. Error envelope when the text is
   *  not a referral-packet/1 of this pack. */
  verifyPacket(packetJson: string): string;
  /** The supervisor's audit (`referral audit`) of a ledger: JSON Lines of referral-case/1 with `id`
   *  and `events:[{action, actor, to?, date}]`, and today's date (YYYY-MM-DD; missing vs pending) →
   *  {"ok":true, "schema":"referral-audit/1", today, "cases":[{id, handler, steps:[{actor, action,
   *  to, status, due, done, due_rule?, clause?, late_by_working_days?}], re_transfer,
   *  penalized_without_power} | error envelope with "line"], "summary":{cases, errors, offices:[…]}}. */
  auditLedger(jsonl: string, today: string): string;
  /** An office's catalogue as rows of cells, header first (what a CSV or .xlsx reader gives), checked
   *  against the pack: {"rows": [[cell, …], …] | "csv": text, "file", "sha256" (of the file's bytes),
   *  "imported" (YYYY-MM-DD), "categories": {"<row>": category id or label}} → {"ok":true,
   *  "catalogue":<referral-catalogue/1>, items, devolved, revoked, inferred_categories, mapping,
   *  ignored_columns} or {"ok":false, error, errors:[{row, column, code, message, path:"/rows/<row>"}]}
   *  with the row as the spreadsheet shows it (the header is row 1). */
  importCatalogue(inputJson: string): string;
  /** The text of a 国务院办公厅关于YYYY年部分节假日安排的通知 → {"ok":true,"calendar":<referral-calendar/1>}
   *  or an error envelope whose errors name the line (path "/line/N"). */
  calendarFromNotice(text: string): string;
  /** {catalogue?: <referral-catalogue/1>, calendars?: [<referral-calendar/1>, …]} → {"ok":true} once an
   *  engine with that catalogue (instead of the bundled one) and those years (added to, or replacing,
   *  the bundled ones) has loaded; every later call uses it ({} returns to the bundled data). On an
   *  error envelope nothing changes. */
  configure(configJson: string): string;
  /** A `.referral-pack` file's text (referral-pack-file/1, written by `referral pack-file DIR`) →
   *  `{"ok":true,"pack":{id,version,title,number,issuer,issued,effective_from},"built_in":false}` once
   *  that pack, checked in full (never trusted: only the built-in pack's digest is), is in force, with
   *  the office's data of `configure` laid over it; or the error envelope naming every problem (the
   *  file's own by JSON Pointer: /sha256, /files/<name>, /schema; the pack's by `file` and pointer).
   *  `configure` keeps laying the office's catalogue and years over whichever pack is in force; an
   *  office catalogue that does not fit the new pack refuses it (errors under /catalogue). On an error
   *  envelope nothing changes. */
  usePack(packFileText: string): string;
  /** The built-in pack in force again (the office's data still over it): as usePack's reply, `built_in` true. */
  useBuiltInPack(): string;
}

/** Instantiates the module; resolves once the .wasm is compiled and the engine can be called. */
declare function ReferralModule(options?: ReferralModuleOptions): Promise<ReferralEngine>;
export default ReferralModule;
