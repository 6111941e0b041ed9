// bindings.cpp — the WebAssembly module's interface: JSON text in, JSON text out.
//
// No logic lives here: every function forwards to referral::Engine (src/engine/engine.h) and
// serialises its envelope. The module is built without exceptions (-fno-exceptions): the engine
// reports every error as a value, inputs are bounded (src/core/limits.h), and nothing can unwind
// into JavaScript. The JS API is documented in referral.d.ts.
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <type_traits>

#include "audit/audit.h"
#include "engine/embedded.h"
#include "core/limits.h"
#include "engine/engine.h"

namespace {

using referral::Engine;
using referral::json;


std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Loaded once, on first use; a pack that fails to load is reported by every call. The built-in pack
// was checked in full when this module was built (CMakeLists.txt, pack_checked): its text checks are
// not repeated for the bytes that were checked (embedded.h); the office's own catalogue (configure)
// loads it again, with the same trust, since the catalogue is not part of the text's digest.
const referral::Result<Engine>& engine() {
    static const referral::Result<Engine> e =
        Engine::load(referral::embedded_pack_files(), referral::embedded_calendar_files(), nullptr,
                     referral::LoadOptions{referral::embedded_pack_text_sha256()});
    return e;
}

// What is in force over the built-in pack: a pack file the page imported (usePack; "" = the built-in
// pack) and the office's own catalogue and calendar years (configure; {} = none). The office's data
// lays over whichever pack is in force, as it lays over the built-in one: a change of either loads one
// engine with both, and changes nothing unless that engine loaded.
struct InForce {
    std::string pack_file;
    json office = json::object();
};
InForce& in_force() {
    static InForce c;
    return c;
}

// The engine for what is in force, once anything is: nullptr while the built-in pack alone serves.
std::unique_ptr<Engine>& configured() {
    static std::unique_ptr<Engine> e;
    return e;
}

// Loads `next` and puts it in force, or leaves everything as it was and gives every problem. An
// imported pack is checked in full (Engine::load_pack_file): only the built-in pack's digest is trusted.
referral::Result<bool> put_in_force(InForce next, std::vector<referral::Error>* errors) {
    if (next.pack_file.empty() && Engine::no_office_data(next.office)) {  // the built-in engine: no second load
        configured().reset();
        in_force() = std::move(next);
        return true;
    }
    auto e = next.pack_file.empty()
                 ? Engine::load_with_office_data(referral::embedded_pack_files(), referral::embedded_calendar_files(), next.office,
                                                 errors, referral::LoadOptions{referral::embedded_pack_text_sha256()})
                 : Engine::load_pack_file(next.pack_file, referral::embedded_calendar_files(), next.office, errors);
    if (!e.ok()) return e.error();
    configured() = std::make_unique<Engine>(std::move(e).value());
    in_force() = std::move(next);
    return true;
}

// The engine is built without exceptions (-fno-exceptions): every failure is a value, so no call
// can unwind through here; bad input is an error envelope like any other.
template <typename F>
std::string guarded(F&& f) {
    if (configured()) {
        auto reply = f(*configured());
        if constexpr (std::is_same_v<decltype(reply), std::string>) return reply;
        else return dump(reply);
    }
    const auto& e = engine();
    if (!e.ok()) return dump(referral::error_envelope({e.error()}));
    auto reply = f(e.value());
    if constexpr (std::is_same_v<decltype(reply), std::string>) return reply;  // already JSON text
    else return dump(reply);
}

// plan(caseJson) → referral-plan/1 envelope, judged on today (the engine's own default).
std::string plan(const std::string& case_json) {
    return guarded([&](const Engine& e) { return e.plan_text(case_json); });
}

// relevantQuestions(partialCaseJson) → {"ok":true,"relevant":[question ids]} for the wizard.
std::string relevant_questions(const std::string& partial_case_json) {
    return guarded([&](const Engine& e) {
        auto doc = referral::parse_json(partial_case_json, "", referral::limits::kCaseBytes);
        return doc.ok() ? e.relevant_questions(doc.value()) : referral::error_envelope({doc.error()});
    });
}

// describePack() → pack metadata, authorities, catalogue, actions, readings, facts, flags, questions.
std::string describe_pack() {
    return guarded([](const Engine& e) { return e.describe_pack(); });
}

// workdays(start, n) → due date n working days after start, with what was counted and skipped.
std::string workdays(const std::string& start, double n) {
    return guarded([&](const Engine& e) {
        const int count = (n >= -1 && n <= 100000 && n == static_cast<int>(n)) ? static_cast<int>(n) : -1;
        return e.workdays(start, count);
    });
}

// packet(inputJson, today) → {"ok":true,"packet":<referral-packet/1>,"files":[…]} (see
// Engine::packet_files) or an error envelope; `today` (YYYY-MM-DD, China time) bounds the dates.
std::string packet(const std::string& input_json, const std::string& today) {
    return guarded([&](const Engine& e) {
        auto day = referral::Date::parse(today);
        if (!day) return referral::error_envelope({referral::make_error(referral::ErrorCode::kInvalidValue, "", "today 应为 YYYY-MM-DD / today wants YYYY-MM-DD")});
        auto doc = referral::parse_json(input_json, "", referral::limits::kPacketInputBytes);
        return doc.ok() ? e.packet_files(doc.value(), *day) : referral::error_envelope({doc.error()});
    });
}

// verifyPacket(packetJsonText) → {"ok":true,"sha256":{recorded,computed,match},"files":[…],"attachments":[…]}.
std::string verify_packet(const std::string& packet_json) {
    return guarded([&](const Engine& e) { return e.verify_packet(packet_json); });
}

// auditLedger(jsonlText, today) → the supervisor's audit of a ledger (src/audit/audit.h):
// {"ok":true,"schema":"referral-audit/1","today","cases":[…],"summary":{…}}, as `referral audit`.
std::string audit_ledger(const std::string& jsonl, const std::string& today) {
    return guarded([&](const Engine& e) {
        auto day = referral::Date::parse(today);
        if (!day) return dump(referral::error_envelope({referral::make_error(referral::ErrorCode::kInvalidValue, "", "today 应为 YYYY-MM-DD / today wants YYYY-MM-DD")}));
        if (jsonl.size() > referral::limits::kPacketInputBytes * 8)
            return dump(referral::error_envelope({referral::make_error(referral::ErrorCode::kInvalidValue, "", "台账超过 64 MiB / ledger larger than 64 MiB")}));
        return referral::audit_ledger_text(e, jsonl, *day);  // JSON text, written as it is made
    });
}

// importCatalogue(inputJson) → the office's list checked against the pack (Engine::import_catalogue).
std::string import_catalogue(const std::string& input_json) {
    return guarded([&](const Engine& e) {
        auto doc = referral::parse_json(input_json, "", referral::limits::kCatalogueBytes);
        return doc.ok() ? e.import_catalogue(doc.value()) : referral::error_envelope({doc.error()});
    });
}

// calendarFromNotice(text) → {"ok":true,"calendar":referral-calendar/1} or errors naming lines.
std::string calendar_from_notice(const std::string& text) {
    if (text.size() > referral::limits::kCatalogueBytes)
        return dump(referral::error_envelope({referral::make_error(referral::ErrorCode::kTooLarge, "", "通知文本过长 / text too large")}));
    return dump(Engine::calendar_from_notice(text));
}

// configure({catalogue?: referral-catalogue/1, calendars?: [referral-calendar/1, …]}) → {"ok":true}
// once an engine with the office's data over the pack in force (the built-in one, or the one usePack
// took) has loaded (Engine::load_with_office_data); every later call uses it, and {} gives the pack's
// own data again. On an error envelope nothing changes: the engine in force stays.
std::string configure(const std::string& config_json) {
    auto doc = referral::parse_json(config_json, "", referral::limits::kCatalogueBytes * 2);
    if (!doc.ok()) return dump(referral::error_envelope({doc.error()}));
    std::vector<referral::Error> errors;
    if (!put_in_force({in_force().pack_file, doc.value()}, &errors).ok()) return dump(referral::error_envelope(errors));
    return dump(json{{"ok", true}});
}

// The reply of usePack and useBuiltInPack: {"ok":true,"pack":{id, version, title, number, …},"built_in"}.
std::string pack_in_force() {
    return guarded([](const Engine& e) { return json{{"ok", true}, {"pack", e.pack_summary()}, {"built_in", in_force().pack_file.empty()}}; });
}

// usePack(packFileText) → the pack of a `.referral-pack` (referral-pack-file/1) in force from now on, the
// office's data (configure) over it: {"ok":true,"pack":{…},"built_in":false}, or the error envelope with
// every problem — the file's own with their JSON Pointer (/sha256, /files/<name>), the pack's with their
// file and pointer — and nothing changed. A catalogue of the office's that does not fit the new pack
// refuses it too (its errors under /catalogue): the office removes or replaces it first.
std::string use_pack(const std::string& pack_file_text) {
    if (pack_file_text.empty() || pack_file_text.size() > referral::limits::kPackArchiveBytes)
        return dump(referral::error_envelope({referral::make_error(referral::ErrorCode::kTooLarge, "", "规则包文件为空或过大 / the pack file is empty or too large")}));
    std::vector<referral::Error> errors;
    if (!put_in_force({pack_file_text, in_force().office}, &errors).ok()) return dump(referral::error_envelope(errors));
    return pack_in_force();
}

// useBuiltInPack() → the built-in pack in force again, under the office's data: as usePack's reply.
std::string use_built_in_pack() {
    std::vector<referral::Error> errors;
    if (!put_in_force({"", in_force().office}, &errors).ok()) return dump(referral::error_envelope(errors));
    return pack_in_force();
}

}  // namespace

EMSCRIPTEN_BINDINGS(referral) {
    emscripten::function("plan", &plan);
    emscripten::function("relevantQuestions", &relevant_questions);
    emscripten::function("describePack", &describe_pack);
    emscripten::function("workdays", &workdays);
    emscripten::function("packet", &packet);
    emscripten::function("verifyPacket", &verify_packet);
    emscripten::function("auditLedger", &audit_ledger);
    emscripten::function("importCatalogue", &import_catalogue);
    emscripten::function("calendarFromNotice", &calendar_from_notice);
    emscripten::function("configure", &configure);
    emscripten::function("usePack", &use_pack);
    emscripten::function("useBuiltInPack", &use_built_in_pack);
}
