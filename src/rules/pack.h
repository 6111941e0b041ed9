// pack.h — a rule pack: one jurisdiction's mechanism as data.
//
// [SECTION] Authorities and catalogue
// [SECTION] Rules: conditions, handler, steps, deadlines, citations
// [SECTION] Sentence ledger: every sentence of the document, classified
// [SECTION] Wizard questions
// [SECTION] Pack and loading
//
// A pack is a folder: pack.json (metadata), authorities.json, catalogue.json, rules.json,
// documents.json (what each document must carry) and its mustache template,
// questions.json (the wizard's questions), sentences.json (the sentence ledger) and the document
// text it quotes (document.md).
// The loader checks everything it can before a case is ever planned: every condition compiles,
// every role and action exists, every quoted sentence occurs verbatim in the document text and
// inside the clause it is cited under, every sentence of the ledger's scope is classified.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "core/date.h"
#include "core/json_read.h"
#include "core/result.h"
#include "rules/expr.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Authorities and catalogue
//-----------------------------------------------------------------------------
struct Authority {
    std::string id;        // "town:huilong", "dept:market", "police", …
    std::string name;      // 汇龙镇人民政府
    std::string kind;      // town | dept | police | court | government | office
    std::string short_id;  // "huilong" for town:huilong, "market" for dept:market, else id
};

struct CatalogueItem {
    std::string id;
    std::string name;
    std::string dept;          // dept short id
    std::string category;      // default category of the matter
    std::string statute;
    bool devolved = false;
    std::optional<Date> devolved_from;
    std::string licensed_by;   // "approval", a dept short id, or ""
    std::vector<std::string> keywords;
    // 收回日期: from this day the power is back with the department (devolved_from < revoked_from).
    std::optional<Date> revoked_from;
    int row = 0;               // the row of the imported list (the header is row 1); 0 = none
};

// Which catalogue is in force, as plans and packets name it (`catalogue` of referral-plan/1).
struct CatalogueInfo {
    std::string title;          // the bundled sample's title, or the imported list's (its file name)
    std::string version, date;  // as the catalogue states them ("" when it does not)
    bool sample = false;
    std::string sha256;         // of catalogue.json exactly as loaded
    std::string source_file, source_sha256;  // the spreadsheet an imported catalogue was read from
    std::string imported;       // the day it was imported (YYYY-MM-DD), "" for the bundled one
    size_t items = 0;
};

// category-rules.json (`referral-category-rules/1`, optional): how an imported catalogue row's
// category is inferred from the item's name when the list has no 类别 column, and the Chinese
// labels a 类别 cell may use. The first rule whose every word occurs in the name wins.
struct CategoryRule {
    std::vector<std::string> all;  // every one of these occurs in the name
    std::string category;
    std::string source;            // the clause or reason, shown with the inferred category
};
struct CategoryRules {
    std::vector<CategoryRule> rules;
    std::map<std::string, std::vector<std::string>> labels;  // category → labels (应批未批 …)
};

//-----------------------------------------------------------------------------
// [SECTION] Vocabulary: the facts of a matter the pack asks for (vocabulary.json)
//-----------------------------------------------------------------------------
// A member of referral-case/1 with a closed set of values (source, category …): the pack's word.
struct EnumFact {
    std::string id, label;
    std::vector<std::string> values, labels;  // value ids and their Chinese labels, in order
    bool required = false;                    // the case must give it
    bool from_item = false;                   // a catalogue item's `category` gives it (one enum at most)
    std::string default_value;                // taken when the case does not give it, "" = none
    std::optional<Condition> required_when;   // required when this holds (compiled against the facts)
};

// A yes/no circumstance of a matter, given under /flags.
struct FlagFact {
    std::string id, label;
};

// A field of referral-packet-input/1 as the pack words it (vocabulary.json → fields): the member is
// the engine's (document_field_names()), its label, hint and place on the page are the pack's.
struct FieldWords {
    std::string id;        // "contact.phone"
    std::string label;     // 联系电话
    std::string hint;      // what to write, for the form
    std::string section;   // the page's section it stands in
    int min = 0;           // a list (parties, officers): at least this many, 0 = the engine's own minimum
    json en;               // {label, hint} for the English page, or null
};
struct FieldSection {
    std::string id, title;
    json en;               // the English title, or null
};

//-----------------------------------------------------------------------------
// [SECTION] Rules
//-----------------------------------------------------------------------------
// The warning codes the engine itself raises (a pack's rules may raise these and their own).
const std::vector<std::string>& engine_warnings();
// The messages the engine says in the pack's words: key → the placeholders its template may use.
const std::vector<std::pair<std::string, std::vector<std::string>>>& engine_messages();
// {name} → value in a template (deadline_text, messages).
std::string fill_template(std::string text, const std::vector<std::pair<std::string, std::string>>& values);

struct DueSpec {
    std::optional<Condition> when;  // variant applies when this holds (absent = always)
    // The variant applies only if the step with this id was done on time: a late notice of
    // extension extends nothing (二(四)1¶3 "应事先告知"). Recorded late, or (with a record) not
    // recorded by a due day that has passed, the next variant applies. "" = no such condition.
    std::string unless_late;
    std::string rule = "none";      // working_days | hours | immediately | promptly | none
    int count = 0;
    std::string from;               // anchor: found | received | step:<id> | a declared anchor
    std::string clause;             // optional override of the step's citation for this variant
    std::string quote;
    std::string basis;              // another instrument the figure comes from, e.g. 国务院令第310号第五条
};

struct StepSpec {
    std::string id;                 // unique in the pack when given; needed for step: anchors
    std::string actor;              // role or authority id
    std::string action;
    std::string to;                 // role or authority id, "" = nobody
    std::vector<DueSpec> due;       // first variant whose `when` holds
    std::vector<std::string> documents;
    std::string explanation;
    std::optional<Condition> when;  // extra condition for this step only
};

struct WarningSpec {
    std::string code;
    std::string message;
};

struct Rule {
    std::string id;
    std::string clause;
    std::vector<std::string> quotes;         // the first is cited with `clause` in plans
    std::vector<std::string> quote_clauses;  // the clause each quote stands in: `clause`, or its own
    std::optional<Date> effective_from, effective_to;
    Condition when;
    std::optional<std::string> handler;  // role, or "none"; absent = rule says nothing of the handler
    std::vector<StepSpec> steps;
    std::vector<WarningSpec> warnings;
    std::string reading;                  // id of an ambiguity reading this rule follows, or ""
    std::string note;
};

struct Reading {
    std::string id;        // "A1"
    std::string clause;
    std::string quote;
    std::string reading;   // how this pack reads it (Chinese)
    // The reading lets a side act without the catalogue's power (二(四)1¶4: a major case the town
    // moves to the department is decided by the department): rules following it may assign filing
    // and deciding to a side that lacks the power on that day.
    bool grants_power = false;
};

// While `when` holds, steps of these actions by authorities of these kinds are held back, whatever
// rule asked for them: e.g. 二(四)4 不得以罚代刑 — no penalty step beside a suspected crime until the
// police decline the case.
struct Suspension {
    std::string id;
    std::string clause;
    std::string quote;
    Condition when;
    std::vector<std::string> actions;
    std::vector<std::string> actor_kinds;  // town | dept | police | court | government | office
    std::string message;                   // the warning shown while it holds (Chinese)
    std::string reading;                   // the reading the pack follows in holding them back, or ""
};

struct ActionInfo {
    std::string id;
    std::string label;     // Chinese label
    int phase = 50;        // display order in a plan
    // What the action means for who holds the penalty power on the day it is done (rules.json →
    // actions[].power): "actor" — its actor must hold the power that day (立案, 作出处罚决定);
    // "to" — it passes the case file to `to`, who must hold the power that day (移送); "" — neither.
    std::string power;
    bool acknowledges = false;  // it acknowledges a transfer received (the audit's missing acknowledgements)
    std::string column;         // the heading of the 台账 workbook's column of the day it was done ("" none)
};

// A milestone a ledger records that is no step of any plan (rules.json → events): the police's
// decision not to file, the department's consent to take a major case … Recorded like a step done:
// {"action": <event id>, "actor", "to"?, "date"}.
struct EventKind {
    std::string id;
    std::string label;     // 公安机关决定不予立案
    std::string fact;      // a yes/no fact of the case the event makes true (police_declined), or ""
};

struct Definition {
    std::string name;      // a derived boolean fact, usable by later definitions and by rules
    int fact = -1;         // its index in the pack's FactSchema
    Condition when;
    std::string note;
};

// One thing a document must carry, and the sentence that demands it (documents.json).
struct Requirement {
    std::string field;     // a name of document_field_names(), e.g. "contact.phone"
    std::string clause;    // "二(四)1¶2"
    std::string quote;     // verbatim in document.md
};

// A material that must travel with a document when its condition holds for the case.
struct AttachmentRequirement {
    std::string kind;      // "inspection_record"
    std::string label;     // 现场检查记录
    std::optional<Condition> when;  // absent = always
    bool required = true;  // false: listed for the sender's convenience, never reported missing
    std::string clause, quote;
    std::string basis;     // another instrument the list comes from, e.g. 国务院令第310号第六条
    // A group of kinds of which one suffices ("现场检查记录、现场照片、举报投诉材料等" are examples of
    // 案源材料): its label; the members are then not required one by one. "" = not in a group.
    std::string any_of;
};

// A piece of text only this kind of document carries (the 受理情况 of an acceptance notice, the
// opinion of a cooperation reply), written by the official: packet input /details/<kind>/<id>.
struct DetailField {
    std::string id;        // "acceptance"
    std::string label;     // 受理情况
    std::string hint;      // what to write, for the form
    bool required = true;
    std::string clause, quote;
    // Filled, for the receiver of a transfer, from the packet received: "document_number" (the 文号 of the
    // letter this one answers) or "sent_on"; "" = typed by the official.
    std::string from;
};

struct DocumentKind {
    std::string id;        // "transfer_letter"
    std::string label;     // 涉嫌违法案件移送函（附回执）
    // From documents.json:
    std::string title;     // 涉嫌违法案件移送函
    std::string receipt;   // title of the tear-off receipt (回执), "" = none
    std::vector<Requirement> fields;
    std::vector<AttachmentRequirement> attachments;
    std::vector<DetailField> details;
    // How the template prints it (documents.json; the renderer names no document id):
    std::string layout = "document";  // GB/T 9704-2012 layout: "document" (文件格式) or "letter" (信函格式, a 函)
    std::string body;      // the template's body section for this kind ("transfer", "acceptance" …), "" = the general one
    std::string heading;   // the heading as a mustache template over the document's view, "" = the title
    std::string replies_to;  // the document kind this one answers (its title is cited), "" = none
    // Deadlines it prints, by name: "own" (the deadline of the step it serves) or the action id of
    // another step between the same two authorities (the extension notice: own = the original
    // transfer deadline, "transfer" = the extended one).
    std::vector<std::pair<std::string, std::string>> deadlines;
};

// The field names a document may require: the members of referral-packet-input/1 it reads.
const std::vector<std::string>& document_field_names();

// Where a deadline counts from. Three anchors the engine knows itself: "found" (the case's `date`),
// "received" (the case's `received`) and "power_changed" (the day the penalty power of the item
// passed from one side to the other while the matter was open). Every other anchor is fixed by a
// recorded event (set_by, the first that matches, earliest first); until one is recorded its date is
// unknown and named, never guessed — or, with `estimate`, the latest day of another step.
struct AnchorSource {
    std::string event;     // an action or an event id
    // Which event of that kind, relative to the step whose deadline counts: "" any; "actor" one the
    // step's actor did; "to" one the step's addressee did; "to_actor" one addressed to the step's
    // actor (a transfer the actor received).
    std::string party;
};
struct Anchor {
    std::string id;
    std::string label;     // 收到移送材料之日
    std::vector<AnchorSource> set_by;
    // Until recorded: the latest day of the first of these steps ("step:<id>") the plan has; none = unknown.
    std::vector<std::string> estimate;
};

// The pack's time words (rules.json → time): which anchor is the decision (its recorded event
// fixes the day on which the power is judged for the decision), and the reading the engine shows
// when the power passed between the sides while a matter was open.
struct TimeSpec {
    std::string decision_anchor;       // "decision_made"
    std::string receipt_event;         // the event a receiver records on the day a transfer arrives, or ""
    std::string power_change_reading;  // a reading id, "" = none
};

//-----------------------------------------------------------------------------
// [SECTION] Sentence ledger
//-----------------------------------------------------------------------------
// One sentence of the document text. The unit is the sentence ending in 。 (a ； does not end
// one); headings are not sentences; the last sentence of a paragraph may lack its 。.
struct DocSentence {
    std::string clause;  // the heading clause it stands under: 二(一) (a section's opening), 二(四)1 …
    std::string text;    // verbatim
    size_t offset = 0;   // byte offset in the document text
};

// The sentences of the body (chapters 一, 二, …) of a document text in order, with their clauses.
std::vector<DocSentence> split_sentences(const std::string& document_text);

// Whether `clause` (二, 二(一), 二(一)1, without ¶) contains the heading clause `heading`.
bool clause_contains(const std::string& clause, const std::string& heading);

// One sentence of sentences.json: how the pack accounts for it.
struct LedgerEntry {
    std::string clause;    // its heading clause, or that clause and its paragraph: 二(四)1¶3
    std::string sentence;  // verbatim, as split_sentences gives it
    std::string status;    // encoded | institutional | not_applicable
    std::vector<std::string> rules;  // encoded: the rules quoting (a part of) it
    std::vector<std::string> documents;  // encoded: document kinds whose requirements quote it
    std::string reason;    // institutional / not_applicable: why no rule; encoded: optional note
    size_t offset = 0;     // byte offset of the sentence in the document text
};

//-----------------------------------------------------------------------------
// [SECTION] Wizard questions
//-----------------------------------------------------------------------------
// One question of questions.json, checked at load: its `relevant` condition compiles against the
// case facts, `sets` names a member of referral-case/1, a choice's options are values of its fact.
struct Question {
    std::string id, group, type;
    std::string sets;                  // JSON Pointer into referral-case/1: /finder, /flags/urgent …
    bool required = false;
    std::optional<Condition> relevant;  // absent = always asked
    std::vector<std::string> options;  // choice: the option values, in order
};

//-----------------------------------------------------------------------------
// [SECTION] Pack and loading
//-----------------------------------------------------------------------------
struct PackMeta {
    std::string id, version, title, number, issuer, issued, effective_from, effective_to, document_file, url;
};

struct Pack {
    PackMeta meta;
    std::optional<Date> effective_from, effective_to;
    std::string document_text;
    std::vector<Authority> authorities;
    std::vector<CatalogueItem> catalogue;
    bool catalogue_is_sample = false;
    std::string catalogue_notice;
    std::string catalogue_title;    // "" for the bundled sample
    CatalogueInfo catalogue_info;
    CategoryRules category_rules;
    std::vector<Rule> rules;
    std::vector<Reading> readings;
    std::vector<Suspension> suspensions;
    std::vector<ActionInfo> actions;
    std::vector<Anchor> anchors;
    std::vector<EventKind> events;
    TimeSpec time;
    // How a deadline is worded (rules.json → deadline_text): key → template with {count} {from}
    // {date} {weekday} {datetime} {year} {on_or_after} {text}. The plan carries the words (due.text);
    // the page, the CLI, the documents and the studio print them and format nothing themselves.
    std::map<std::string, std::string> deadline_text;
    std::vector<DocumentKind> documents;
    std::vector<Definition> definitions;  // evaluated in order before any rule
    std::vector<EnumFact> enums;          // vocabulary.json: the case members with values
    std::vector<FlagFact> flags;          // vocabulary.json: the yes/no circumstances, in order
    std::optional<Condition> received_matter;  // the finder received the matter by a transfer (no re-transfer)
    json received_case = json::object();       // the enum values a case made from a packet received takes
    std::vector<std::string> warning_codes;    // every code a rule of this pack may raise (its own and the engine's)
    std::vector<FieldWords> fields;            // vocabulary.json: the packet fields' words, in the page's order
    std::vector<FieldSection> field_sections;  // vocabulary.json: the page's sections, in order
    // vocabulary.json → messages: the words of what the engine itself says (key → {text, clause}),
    // templates with {placeholders} (engine_messages() lists each key and the ones it may use).
    std::map<std::string, std::pair<std::string, std::string>> messages;
    // A message filled in: its text with each {name} replaced; "" when the pack has no such message.
    std::string say(const std::string& key, const std::vector<std::pair<std::string, std::string>>& values = {}) const;
    // The clause a message cites ("" = none).
    std::string said_under(const std::string& key) const;
    std::map<std::string, std::string> role_labels;  // role → Chinese label
    // The pack's word for a role (rules.json → roles: "town" → 属地镇政府), or the role itself.
    const std::string& role_label(const std::string& role) const {
        auto it = role_labels.find(role);
        return it == role_labels.end() ? role : it->second;
    }
    std::string document_template;  // the mustache template every document renders with (HTML)
    std::string questions_json;  // questions.json verbatim (the wizard reads it), "" if absent
    std::vector<Question> questions;  // questions.json, checked
    std::vector<std::string> ledger_scope;  // the clauses whose every sentence the ledger classifies
    std::vector<LedgerEntry> sentences;     // sentences.json, in document order
    bool text_checked_at_build = false;     // loaded as the build checked it (LoadOptions): text checks not repeated
    FactSchema schema;

    const Authority* authority(const std::string& id) const;
    const CatalogueItem* item(const std::string& id) const;
    const ActionInfo* action(const std::string& id) const;
    const Reading* reading(const std::string& id) const;
    const DocumentKind* document(const std::string& id) const;
    const Rule* rule(const std::string& id) const;
    const Anchor* anchor(const std::string& id) const;
    // The events whose day a plan reads: those some anchor is set by (a case's `dates`, a date question).
    std::vector<std::string> dateable_events() const;
    const EnumFact* enum_fact(const std::string& id) const;
    const FlagFact* flag(const std::string& id) const;
    const FieldWords* field(const std::string& id) const;
    // A field's label, or its id when the pack gives none.
    std::string field_label(const std::string& id) const;
    // The enum a catalogue item's category fills, or nullptr.
    const EnumFact* item_enum() const;
    const EventKind* event(const std::string& id) const;
    // Whether `id` may be recorded as an event: an action or a declared event.
    bool recordable(const std::string& id) const { return action(id) || event(id); }
};

// The facts every pack has, which the engine derives: the sides (finder), the places, the catalogue's
// power on the day judged (devolved, predates_devolution, power_revoked, power_changed), has_item,
// has_received, handler_side. A pack's vocabulary.json adds its own enums and flags.
FactSchema engine_fact_schema();

// A pack's files by name ("pack.json" → text). Lets the wasm build load from embedded data.
using PackFiles = std::map<std::string, std::string>;

// The digest of a pack's text: SHA-256 over its files but the catalogue (catalogue.json, which an
// office may replace, and category-rules.json), each as name, '\n', size, '\n', bytes, in name order.
// What the build's check of the built-in pack verified against the document text lies in these files.
std::string pack_text_sha256(const PackFiles& files);

// How much of the check load_pack repeats. By default all of it: every pack read from a folder or a
// file, imported at run time, opened in the studio. `checked_text_sha256`: the digest (above) of the
// built-in pack as the build checked it (its `check-pack` ran before the module was linked; embedded.h).
// When the files' own digest equals it, the checks of the text alone — quotes verbatim in the document,
// each quote within its clause, the sentence ledger against the document, the document template and
// headings parsed as mustache — are not repeated (the ledger is then not loaded: only the studio and
// the CLI's `ledger` read it, and they check in full; the template is parsed when first rendered).
// Everything else (structure, types, references, conditions) is checked as always. A pack whose bytes
// differ in any of those files is checked in full.
struct LoadOptions {
    std::string checked_text_sha256;
};

// A pack in one file (`.referral-pack`, referral-pack-file/1): a JSON document
//   {"schema": "referral-pack-file/1", "pack": id, "version": …, "number": 文号, "title": …,
//    "files": {"rules.json": text, …}, "sha256": pack_files_sha256(files)}
// that an office can be sent and load without a rebuild (the CLI's --pack FILE). The digest covers
// every file (name, size, bytes, in name order); the header names the pack for people.
std::string pack_files_sha256(const PackFiles& files);
json pack_file_json(const PackFiles& files, const PackMeta& meta);
// Reads one: the schema, every file a plain name (no folder, no leading dot) with text of at most
// limits::kPackFileBytes, at most limits::kPackFiles files, and the digest. Each problem with its
// JSON Pointer (/files/rules.json, /sha256); the pack itself is then loaded and checked in full.
// `name`: the file's name as the official chose it (a path, a file dropped on the studio), given to
// every problem as its `file`.
Result<PackFiles> read_pack_file(const std::string& text, std::vector<Error>* all_errors = nullptr, const std::string& name = "");

// Loads and validates a pack. On failure every problem is returned, each with file and path.
Result<Pack> load_pack(const PackFiles& files, std::vector<Error>* all_errors = nullptr, const LoadOptions& options = {});

}  // namespace referral
