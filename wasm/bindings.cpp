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

// The engine with the office's own catalogue and calendar years (configure), once one was accepted.
std::unique_ptr<Engine>& configured() {
    static std::unique_ptr<Engine> e;
    return e;
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
        if (!day) return referral::error_envelope({referral::make_error(referral::ErrorCode::kInvalidValue, "", "today 应为 YYYY-MM-DD / today wants YYYY-MM-DD")});
        if (jsonl.size() > referral::limits::kPacketInputBytes * 8)
            return referral::error_envelope({referral::make_error(referral::ErrorCode::kInvalidValue, "", "台账超过 64 MiB / ledger larger than 64 MiB")});
        return referral::audit_ledger_text(e, jsonl, *day);
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
// once an engine with the office's data over the bundled pack has loaded
// (Engine::load_with_office_data); every later call uses it, and {} gives the bundled data again.
// On an error envelope nothing changes: the engine in force stays.
std::string configure(const std::string& config_json) {
    auto doc = referral::parse_json(config_json, "", referral::limits::kCatalogueBytes * 2);
    if (!doc.ok()) return dump(referral::error_envelope({doc.error()}));
    if (Engine::no_office_data(doc.value())) {  // the bundled engine, already loaded: no second load
        configured().reset();
        return dump(json{{"ok", true}});
    }
    std::vector<referral::Error> errors;
    auto e = Engine::load_with_office_data(referral::embedded_pack_files(), referral::embedded_calendar_files(), doc.value(), &errors,
                                          referral::LoadOptions{referral::embedded_pack_text_sha256()});
    if (!e.ok()) return dump(referral::error_envelope(errors));
    configured() = std::make_unique<Engine>(std::move(e).value());
    return dump(json{{"ok", true}});
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
}
