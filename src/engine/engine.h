// engine.h — the engine's one front door: JSON text in, JSON out, errors as values.
//
// [SECTION] Loading a pack and its calendar
// [SECTION] Requests (the same ones the CLI and the WebAssembly module expose)
//
// Every reply is an envelope: {"ok": true, ...} or
// {"ok": false, "error": {code, message, path, file?}, "errors": [...all problems...]}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/calendar.h"
#include "core/envelope.h"
#include "core/json_read.h"
#include "rules/pack.h"
#include "rules/plan.h"

namespace referral {

struct Matter;

//-----------------------------------------------------------------------------
// [SECTION] Loading
//-----------------------------------------------------------------------------
using CalendarFiles = std::map<std::string, std::string>;  // "2024.json" → text


class Engine {
public:
    // Loads and validates a pack and a calendar. Every problem is in `errors` on failure.
    // `options`: what of the pack's check need not be repeated (pack.h, LoadOptions; the web module's
    // built-in pack only).
    static Result<Engine> load(const PackFiles& pack, const CalendarFiles& calendar, std::vector<Error>* errors = nullptr,
                               const LoadOptions& options = {});
    // The same pack and calendar with an office's own data over them (issue #12), as the page's
    // configure() sends it and the CLI's --catalogue builds it: {"catalogue"?: referral-catalogue/1,
    // "calendars"?: [referral-calendar/1, …]}. The catalogue takes the place of the pack's
    // catalogue.json; each year is added as YEAR.json, in place of a bundled year of that number;
    // both are then checked as the pack's own files are. {} gives the files as they are. A member
    // of the wrong type is an error naming it (a JSON Pointer: /catalogue, /calendars/1/year).
    static Result<Engine> load_with_office_data(PackFiles pack, CalendarFiles calendar, const json& office,
                                                std::vector<Error>* errors = nullptr, const LoadOptions& options = {});
    // Whether `office` gives nothing to lay over the pack ({} or empty lists): the pack's own engine
    // serves, and nothing needs loading again.
    static bool no_office_data(const json& office);
    // A pack in one file (a `.referral-pack`'s text, referral-pack-file/1: read_pack_file in
    // rules/pack.h) with the office's data over it, as load_with_office_data lays it. Never trusted:
    // the file's digest, then the pack checked in full, whatever it claims to be (only the built-in
    // pack's digest is known to the build). Every problem in `errors`: the file's own with their JSON
    // Pointer (/sha256, /files/rules.json, /schema), the pack's with their file and pointer.
    static Result<Engine> load_pack_file(const std::string& text, CalendarFiles calendar, const json& office,
                                         std::vector<Error>* errors = nullptr);

    const Pack& pack() const { return pack_; }
    const WorkCalendar& calendar() const { return calendar_; }

    //-------------------------------------------------------------------------
    // [SECTION] Requests
    //-------------------------------------------------------------------------
    // Every request that depends on the day takes `today` (China time); absent, the engine reads
    // the clock (today_in_china) — the one default, here and nowhere else.
    static Date today(std::optional<Date> given);

    // A matter (referral-case/1, with `id` and `events` when it has a record) as text → the
    // envelope {"ok":true,"plan":referral-plan/1} as JSON text: assess() on `today` (src/matter).
    std::string plan_text(std::string_view case_text, std::optional<Date> today = std::nullopt) const;
    // An already-parsed matter document → the same envelope as a json value.
    json plan(const json& case_doc, std::optional<Date> today = std::nullopt) const;
    // The matter in time (src/matter/matter.h): what plan, packet and audit are views of.
    Plan assess(const Matter& matter, std::optional<Date> today = std::nullopt) const;
    // Pack description for front ends: metadata, authorities, catalogue, actions, readings, questions.
    json describe_pack() const;
    // The pack in force for people, as describe_pack's "pack": {id, version, title, number, issuer,
    // issued, effective_from}.
    json pack_summary() const;
    // referral-packet-input/1 → {"ok":true,"packet":referral-packet/1} or the error envelope.
    // `today` bounds the dates of the input (none may lie after it) and is the matter's today.
    json packet(const json& input_doc, std::optional<Date> today = std::nullopt) const;
    // The same, plus the packet's files (documents, packet.json, attachment entries; see
    // packet_files in packet/packet.h): {"ok":true,"packet":…,"files":[{name, text | attachment}]}.
    json packet_files(const json& input_doc, std::optional<Date> today = std::nullopt) const;
    // A packet.json read back from an export, checked: see verify_packet_envelope.
    json verify_packet(std::string_view packet_json) const;
    // {"ok":true,"start":…,"count":N,"due":…,"weekday":…,"calendar_covered":…,"counted":[…]}.
    json workdays(std::string_view start, int count) const;
    // Which questions of the pack's questions.json apply to a partly answered case (members may be
    // missing; nothing is validated): {"ok":true,"relevant":[question ids, in order]}. Each question's
    // `relevant` condition (compiled and type-checked when the pack loaded) is evaluated over the
    // facts given; an unanswered fact is unset. An item of "" means "not in the catalogue"
    // (has_item false). `today`, when given, is the decision date of answers that name none (as
    // for plan_text).
    json relevant_questions(const json& partial_case, std::optional<Date> today = std::nullopt) const;

    // An office's catalogue, as rows of cells (a CSV or spreadsheet reader's output, header row
    // first), checked against this engine's pack: {"rows": [[cell, …], …] | "csv": text, "file",
    // "sha256" (of the file's bytes), "imported" (YYYY-MM-DD), "categories": {"<row>": category}}
    // → {"ok":true, "catalogue": referral-catalogue/1, items, devolved, revoked,
    // inferred_categories, mapping, ignored_columns} or {"ok":false, "error", "errors": [{row,
    // column, code, message, path: "/rows/<row>"}]} (src/import/catalogue.h).
    json import_catalogue(const json& input) const;
    // The text of a State Council holiday notice → {"ok":true, "calendar": referral-calendar/1} or
    // the error envelope, each error naming its line (path "/line/N"; src/import/notice.h).
    static json calendar_from_notice(std::string_view text, const std::string& file = "");

private:
    Pack pack_;
    WorkCalendar calendar_;
};


}  // namespace referral
