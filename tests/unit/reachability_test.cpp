// Reachability (issue #9.13): every rule of the bundled pack is produced by some set of answers the
// wizard can give. The search walks questions.json in order, as the page asks it: a question is
// answered only when the engine says it is relevant (Engine::relevant_questions, the questions' own
// conditions), each choice over its options (and "unanswered" when not required), each flag
// question true or unanswered. It is bounded: the catalogue is reduced to one item per routing
// signature, two discovery dates (before and after the 2021 devolution) and at most kMaxFlags
// circumstance flags set at once. The plans are made as the page makes them (referral-case/1 →
// parse_matter → assess, on a fixed today), so a matter found before the 2021 devolution is planned
// period by period of who held the power.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "matter/matter.h"
#include "rules/case.h"
#include "rules/plan.h"
#include "test_support.h"

using namespace referral;

namespace {

// Rules that no answers of the wizard produce today (what this search found). questions.json is
// to be fixed until this is empty; the test fails when a rule listed here becomes reachable, so
// the list cannot go stale.
// Empty since the legal review of 2026-11: complaint-outside-function is reached through the question
// on jurisdiction, now asked for complaints too.
const std::set<std::string> kKnownUnreachable = {};

constexpr int kMaxFlags = 2;  // circumstance flags set at once
const Date kToday = Date::from_ymd(2026, 12, 1);  // the day every answer set is planned on

// The answers a question may get in the search; "" = unanswered (only for optional questions).
std::vector<json> answers_for(const Question& q, const Pack& pack, const json& partial) {
    std::vector<json> out;
    if (q.type == "choice") {
        for (const auto& v : q.options) out.push_back(v);
    } else if (q.type == "town") {
        for (const auto& a : pack.authorities)
            if (a.kind == "town") return {a.short_id};
    } else if (q.type == "dept") {
        for (const auto& a : pack.authorities)
            if (a.kind == "dept") return {a.short_id};
    } else if (q.type == "date-time") {
        if (q.sets == "/date") {
            out = {"2020-12-01T10:00:00+08:00", "2026-05-12T10:00:00+08:00"};
        } else {  // received: the transfer arrives when it is found
            out = {partial.value("date", std::string("2026-05-12T10:00:00+08:00"))};
        }
    } else if (q.type == "item-picker") {
        // One item per routing signature: category, devolved (from when, until when), licensed by 审批局.
        std::set<std::string> seen;
        for (const auto& it : pack.catalogue) {
            const std::string sig = it.category + "|" + (it.devolved ? "d" : "n") + "|" +
                                    (it.devolved_from ? it.devolved_from->iso() : "") + "|" +
                                    (it.revoked_from ? it.revoked_from->iso() : "") + "|" + it.licensed_by;
            if (seen.insert(sig).second) out.push_back(it.id);
        }
        out.push_back("");  // not in the catalogue: the category and devolved questions follow
    } else if (q.type == "boolean") {
        out = {true, false};
    }
    if (!q.required && q.type != "boolean") out.push_back(nullptr);
    return out;
}

void set_member(json& doc, const std::string& pointer, const json& value) {
    if (value.is_null()) return;
    doc[json::json_pointer(pointer)] = value;
}

bool is_flag(const Question& q) { return q.sets.rfind("/flags/", 0) == 0; }

std::set<std::string> relevant(const Engine& e, const json& doc) {
    std::set<std::string> out;
    const json reply = e.relevant_questions(doc, kToday);
    for (const auto& id : reply["relevant"]) out.insert(id.get<std::string>());
    return out;
}

struct Search {
    const Engine& e;
    std::vector<const Question*> base, flags;
    std::map<std::string, json> found;  // rule id → the first case that produced it
    size_t plans = 0;
    std::string refused;  // the first answer set the engine refused, for the failure message

    void plan(const json& doc) {
        auto m = parse_matter(doc, e.pack());
        if (!m.ok()) {  // an answer set the engine refuses produces no rule
            if (refused.empty()) refused = describe(m.error()) + " in " + doc.dump();
            return;
        }
        ++plans;
        const Plan p = assess(e.pack(), e.calendar(), m.value(), kToday);
        for (const auto& r : p.rules_applied) found.emplace(r, doc);
    }

    // Flags: every subset of at most kMaxFlags flag questions, each relevant given the whole case.
    void with_flags(const json& doc) {
        std::vector<size_t> chosen;
        std::function<void(size_t)> pick = [&](size_t from) {
            json d = doc;
            for (size_t i : chosen) set_member(d, flags[i]->sets, true);
            const auto rel = relevant(e, d);
            bool ok = true;
            for (size_t i : chosen) ok = ok && rel.count(flags[i]->id);
            for (const Question* q : base)  // an answer given earlier must still be asked
                ok = ok && (!d.contains(json::json_pointer(q->sets)) || rel.count(q->id));
            if (!ok) return;  // the page would not ask (nor send) one of these
            plan(d);
            if (static_cast<int>(chosen.size()) == kMaxFlags) return;
            for (size_t i = from; i < flags.size(); ++i) {
                chosen.push_back(i);
                pick(i + 1);
                chosen.pop_back();
            }
        };
        pick(0);
    }

    void walk(size_t at, const json& doc) {
        if (at == base.size()) return with_flags(doc);
        const Question& q = *base[at];
        if (!q.relevant || relevant(e, doc).count(q.id)) {
            for (const json& a : answers_for(q, e.pack(), doc)) {
                json d = doc;
                set_member(d, q.sets, a);
                walk(at + 1, d);
            }
        } else {
            walk(at + 1, doc);
        }
    }
};

TEST(Reachability, EveryRuleIsProducedBySomeAnswersOfTheWizard) {
    const Engine& e = test::bundled();
    ASSERT_FALSE(e.pack().questions.empty());
    Search s{e, {}, {}, {}, 0, ""};
    for (const auto& q : e.pack().questions) (is_flag(q) ? s.flags : s.base).push_back(&q);
    s.walk(0, json{{"schema", "referral-case/1"}});
    ASSERT_GT(s.plans, 1000u) << "the search planned too few answer sets to mean anything; first refused: " << s.refused;

    std::vector<std::string> unreachable;
    for (const auto& r : e.pack().rules)
        if (!s.found.count(r.id)) unreachable.push_back(r.id);
    for (const auto& id : unreachable)
        EXPECT_TRUE(kKnownUnreachable.count(id)) << "no answers of the wizard produce rule " << id;
    for (const auto& id : kKnownUnreachable)
        EXPECT_TRUE(s.found.count(id) == 0) << id << " is reachable now (e.g. " << s.found[id].dump()
                                            << "): remove it from kKnownUnreachable";
    std::string list;
    for (const auto& id : unreachable) list += " " + id;
    RecordProperty("plans", static_cast<int>(s.plans));
    RecordProperty("unreachable", list);
    std::cout << "[reachability] " << s.plans << " answer sets planned; unreachable:" << (list.empty() ? " none" : list) << "\n";
}

}  // namespace
