// One matter, one answer (issue #23): plan, packet and audit are views of the same engine function
// (src/matter, assess). Over matters built from the pack itself — one catalogue item per routing
// signature, each finder and source, discovery days before, across and after the 2021 devolution
// and the sample item's 2025 收回, the circumstances one at a time — and over the recorded
// histories of the behaviour cases and the hand-computed ledger, for a fixed today:
//  - the audit of a ledger line and the plan of the same line name the same handler, the same
//    steps (actor, action, addressee), the same due days and statuses;
//  - a packet for every step of the plan that produces a document carries the same plan (handler,
//    actors, due dates), and judges a send on the due day as on time;
//  - no step that needs the penalty power (filing, deciding; or receiving a transfer) is given to
//    a side on a day it lacks the power.
// The same suite runs natively and compiled to WebAssembly (ctest in build/wasm).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "audit/audit.h"
#include "core/json_read.h"
#include "matter/matter.h"
#include "studio_model/case_check.h"
#include "test_support.h"

using namespace referral;

namespace {

const Date kToday = Date::from_ymd(2026, 12, 1);

// The matters: built from the pack, then the recorded ones of the test data.
std::vector<json> matters() {
    const Pack& pack = test::bundled().pack();
    std::vector<json> out;
    std::set<std::string> seen;
    std::vector<const CatalogueItem*> items;
    for (const auto& it : pack.catalogue) {
        const std::string sig = it.category + "|" + (it.devolved ? "d" : "n") + "|" +
                                (it.devolved_from ? it.devolved_from->iso() : "") + "|" +
                                (it.revoked_from ? it.revoked_from->iso() : "") + "|" + it.licensed_by;
        if (seen.insert(sig).second) items.push_back(&it);
    }
    const char* dates[] = {"2020-12-01T10:00:00+08:00", "2021-01-20T10:00:00+08:00", "2021-01-25T10:00:00+08:00",
                           "2025-06-10T10:00:00+08:00", "2025-06-26T10:00:00+08:00", "2026-09-29T10:00:00+08:00"};
    const char* flags[] = {"", "urgent", "ongoing", "needs_appraisal", "extension_requested", "suspected_crime",
                           "major_difficult", "receiver_disputes_jurisdiction", "dept_needs_town"};
    for (const CatalogueItem* it : items)
        for (const char* finder : {"town", "dept"})
            for (const char* source : {"patrol", "supervision", "complaint", "transfer_in"})
                for (const char* date : dates)
                    for (const char* flag : flags) {
                        json m = {{"date", date}, {"finder", finder}, {"town", "huilong"}, {"item", it->id}, {"source", source},
                                  {"verification", "violation"}};
                        if (std::string(source) == "transfer_in") m["received"] = date;
                        if (*flag) m["flags"][flag] = true;
                        out.push_back(std::move(m));
                    }
    // Recorded histories: the behaviour cases that carry events, and the hand-computed ledger.
    auto files = studio::read_case_folder(test::source_path("tests/cases"));
    if (files.ok())
        for (const auto& [id, text] : files.value()) {
            const json tc = json::parse(text, nullptr, false);
            if (tc.is_object() && tc["input"].contains("events")) out.push_back(tc["input"]);
        }
    std::ifstream in(test::source_path("tests/audit/ledger-30.jsonl"));
    for (std::string line; std::getline(in, line);) {
        json m = json::parse(line, nullptr, false);
        if (m.is_object()) out.push_back(std::move(m));
    }
    return out;
}

std::string str(const json& v) { return v.is_string() ? v.get<std::string>() : ""; }
std::string due_day(const json& due) {
    if (due.contains("date")) return str(due["date"]);
    if (due.contains("datetime")) return str(due["datetime"]).substr(0, 10);
    return "";
}
// A step as the three views must agree on it.
std::string brief(const json& s) {
    return str(s["actor"]) + " " + str(s["action"]) + " → " + str(s["to"]) + " due " + due_day(s["due"]);
}

}  // namespace

TEST(OneAnswer, PlanPacketAndAuditAgreeOnEveryMatter) {
    const Engine& e = test::bundled();
    const Pack& pack = e.pack();
    size_t planned = 0, packets = 0, audited = 0;
    for (json m : matters()) {
        if (!m.contains("events")) m["events"] = json::array();  // as the audit reads a ledger line
        SCOPED_TRACE(m.dump());
        const json reply = e.plan(m, kToday);
        if (reply["ok"] != true) continue;  // an answer set the engine refuses (e.g. a flag not asked)
        ++planned;
        const json& plan = reply["plan"];

        // The audit of the same line.
        auto a = audit_case(e, m, kToday, "x");
        ASSERT_TRUE(a.ok()) << describe(a.error());
        ++audited;
        EXPECT_EQ(a.value().handler, plan["handler"].is_null() ? "" : str(plan["handler"]["authority"]));
        EXPECT_EQ(a.value().decision.iso(), str(plan["timeline"]["decision"]["date"]));
        size_t owed = 0;
        for (const StepAudit& s : a.value().steps) {
            if (s.status == "not_owed") continue;
            ASSERT_LT(owed, plan["steps"].size());
            const json& p = plan["steps"][owed++];
            EXPECT_EQ(s.actor, str(p["actor"]));
            EXPECT_EQ(s.action, str(p["action"]));
            EXPECT_EQ(s.to, str(p["to"]));
            EXPECT_EQ(s.due ? s.due->iso() : "", due_day(p["due"])) << brief(p);
            EXPECT_EQ(s.status, str(p["status"])) << brief(p);
        }
        EXPECT_EQ(owed, plan["steps"].size());
        EXPECT_EQ(a.value().warnings.size(), plan["unmatched_events"].size());

        // A packet for each step that produces a document: the same plan, and a send on the due day is on time.
        for (const json& s : plan["steps"]) {
            if (s["documents"].empty() || s["to"].is_null()) continue;
            json input = {{"schema", "referral-packet-input/1"}, {"case", m}, {"sender", s["actor"]}, {"receiver", s["to"]},
                          {"action", s["action"]}};
            const json packet = e.packet(input, kToday);
            ASSERT_EQ(packet["ok"], true) << packet.dump();
            ++packets;
            const json& pp = packet["packet"]["plan"];
            EXPECT_EQ(pp["handler"], plan["handler"]) << brief(s);
            ASSERT_EQ(pp["steps"].size(), plan["steps"].size()) << brief(s);
            for (size_t i = 0; i < pp["steps"].size(); ++i) EXPECT_EQ(brief(pp["steps"][i]), brief(plan["steps"][i]));
            const std::string day = due_day(s["due"]);
            if (day.empty() || s.contains("done") || Date::parse(day).value_or(kToday) < *Date::parse(str(m["date"]).substr(0, 10)))
                continue;
            input["sent_on"] = s["due"].contains("datetime") ? s["due"]["datetime"] : json(day);
            if (kToday < *Date::parse(day)) continue;  // a send still to come is refused, not judged
            const json sent = e.packet(input, kToday);
            ASSERT_EQ(sent["ok"], true);
            for (const json& t : sent["packet"]["timeliness"]) {
                if (t["action"] == s["action"]) {
                    EXPECT_EQ(t["late"], false) << brief(s) << " sent " << input["sent_on"];
                }
            }
        }

        // Nobody is told to file, decide or receive on a day it lacks the power.
        for (const json& s : plan["steps"]) {
            const ActionInfo* info = pack.action(str(s["action"]));
            if (!info || info->power.empty()) continue;
            const std::string who = info->power == "actor" ? str(s["actor"]) : str(s["to"]);
            if (who.rfind("town:", 0) != 0 && who.rfind("dept:", 0) != 0) continue;
            std::string day = s.contains("done") ? str(s["done"]).substr(0, 10) : due_day(s["due"]);
            if (day.empty()) day = s.contains("on_or_after") ? str(s["on_or_after"]) : str(plan["timeline"]["decision"]["date"]);
            if (s.contains("status") && str(s["status"]) == "missing") continue;  // owed and missed: the record says so
            Matter matter = parse_matter(m, pack).value();
            const std::string holder = power_holder(pack, matter.facts, *Date::parse(day));
            if (holder.empty()) continue;
            // A suspended matter names who will handle it once the police decline (reading A9); a
            // rule may assign the power where a declared reading says so (A12, 二(四)1¶4).
            if (plan["warnings"].dump().find("penalty_suspended") != std::string::npos) continue;
            auto grants = [&](const std::string& rule) {
                const Rule* r = pack.rule(rule);
                return r && pack.reading(r->reading) && pack.reading(r->reading)->grants_power;
            };
            if (grants(str(s["rule"]))) continue;
            if (!plan["handler"].is_null() && str(plan["handler"]["authority"]) == who && grants(str(plan["handler"]["rule"]))) continue;
            EXPECT_EQ(holder, who) << brief(s) << " on " << day;
        }
    }
    EXPECT_GT(planned, 5000u);
    EXPECT_GT(packets, 1000u);
    std::printf("[one answer] %zu matters planned and audited, %zu packets assembled\n", planned, packets);
    (void)audited;
}
