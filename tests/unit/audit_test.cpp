// The supervisor's audit on a small ledger whose statuses were computed by hand on the working-day
// calendar (tests/audit/ledger-small.jsonl, matters M1–M8; the table below is that computation,
// with the reason beside the lines that are not plain).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "audit/audit.h"
#include "test_support.h"

using namespace referral;

namespace {

struct Expect {
    const char* id;
    const char* actor;
    const char* action;
    const char* due;     // "" = none
    const char* done;    // "" = none
    const char* status;
    int late_by;
};

const Expect kExpected[] = {
    {"M1", "dept:urban", "transfer", "2026-06-08", "2026-06-05", "on_time", 0},
    {"M1", "town:huilong", "acknowledge", "2026-06-12", "2026-06-15", "late", 1},
    {"M2", "dept:urban", "transfer", "2026-06-08", "", "missing", 0},
    {"M2", "town:huilong", "acknowledge", "", "", "pending", 0},                  // never transferred: not owed yet
    {"M3", "town:beixin", "transfer", "2026-10-12", "2026-10-09", "on_time", 0},  // across National Day
    {"M3", "dept:ecology", "acknowledge", "2026-10-15", "", "missing", 0},
    {"M4", "town:huilong", "acknowledge", "2026-07-09", "2026-07-03", "on_time", 0},
    {"M4", "town:huilong", "transfer", "", "2026-07-06", "not_owed", 0},          // a re-transfer
    {"M5", "town:haifu", "transfer", "2026-06-08", "", "missing", 0},
    {"M5", "dept:ecology", "acknowledge", "", "", "pending", 0},                  // never transferred
    {"M5", "town:haifu", "decide_penalty", "", "2026-06-20", "not_owed", 0},      // without the power
    {"M6", "dept:urban", "transfer", "2026-02-27", "2026-03-02", "late", 2},      // Spring Festival, make-up Saturdays
    {"M6", "town:nanyang", "acknowledge", "2026-03-09", "2026-03-04", "on_time", 0},
    {"M7", "dept:ecology", "reply_cooperation", "2026-06-04", "2026-06-05", "late", 1},
};

std::vector<std::string> ledger_lines() {
    std::ifstream in(test::source_path("tests/audit/ledger-small.jsonl"));
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

}  // namespace

TEST(Audit, StatusesAsComputedByHand) {
    const Date today = *Date::parse("2026-11-27");
    std::map<std::string, CaseAudit> audits;
    AuditSummary summary;
    size_t errors = 0;
    for (const auto& line : ledger_lines()) {
        auto a = audit_case(test::bundled(), json::parse(line), today, "");
        if (!a.ok()) {
            ++errors;
            EXPECT_EQ(a.error().path, "/events/0/date");  // M8: 2026-02-30
            continue;
        }
        summary.add(a.value());
        audits[a.value().id] = a.value();
    }
    EXPECT_EQ(errors, 1u);
    ASSERT_EQ(audits.size(), 7u);
    for (const Expect& e : kExpected) {
        SCOPED_TRACE(std::string(e.id) + " " + e.actor + " " + e.action);
        const auto& steps = audits[e.id].steps;
        auto it = std::find_if(steps.begin(), steps.end(), [&](const StepAudit& s) { return s.actor == e.actor && s.action == e.action; });
        ASSERT_NE(it, steps.end());
        EXPECT_EQ(it->due ? it->due->iso() : "", e.due);
        EXPECT_EQ(it->done ? it->done->iso() : "", e.done);
        EXPECT_EQ(it->status, e.status);
        EXPECT_EQ(it->late_by_working_days, e.late_by);
    }
    EXPECT_TRUE(audits["M4"].re_transfer);
    EXPECT_TRUE(audits["M5"].penalized_without_power);
    EXPECT_FALSE(audits["M1"].re_transfer || audits["M1"].penalized_without_power);

    const auto& offices = summary.offices();
    const OfficeTally& urban = offices.at("dept:urban");  // M1 on time, M2 missing, M6 late
    EXPECT_EQ(urban.owed, 3u);
    EXPECT_EQ(urban.on_time, 1u);
    EXPECT_EQ(urban.late_transfers, 2u);
    const OfficeTally& huilong = offices.at("town:huilong");  // M1 late ack, M4 on-time ack (M2 never reached it)
    EXPECT_EQ(huilong.owed, 2u);
    EXPECT_EQ(huilong.late, 1u);
    EXPECT_EQ(huilong.missing_acknowledgements, 0u);
    EXPECT_EQ(huilong.re_transfers, 1u);
    EXPECT_EQ(offices.at("town:haifu").penalized_without_power, 1u);
    EXPECT_EQ(offices.at("dept:ecology").missing_acknowledgements, 1u);  // M3 (M5 was never transferred)
}

// The thirty matters of tests/audit/ledger-30.jsonl against the results worked out by hand in
// tests/audit/ledger-30.md (ledger-30.expected.json): every step with a due or a done day, every
// transfer, acknowledgement and cooperation reply, the flags, and the summary of each office.
TEST(Audit, ThirtyMattersAsComputedByHand) {
    std::ifstream ein(test::source_path("tests/audit/ledger-30.expected.json"));
    std::stringstream es;
    es << ein.rdbuf();
    const json expected = json::parse(es.str());
    const Date today = *Date::parse(expected["today"].get<std::string>());
    std::ifstream in(test::source_path("tests/audit/ledger-30.jsonl"));
    AuditSummary summary;
    std::vector<json> seen;  // [id, actor, action, due, done, status, late_by] for each step that must be listed
    std::vector<std::string> re_transfer, without_power;
    size_t cases = 0;
    for (std::string line; std::getline(in, line);) {
        auto a = audit_case(test::bundled(), json::parse(line), today, "");
        ASSERT_TRUE(a.ok()) << a.error().path << " " << a.error().message;
        ++cases;
        summary.add(a.value());
        const CaseAudit& c = a.value();
        if (c.re_transfer) re_transfer.push_back(c.id);
        if (c.penalized_without_power) without_power.push_back(c.id);
        for (const StepAudit& s : c.steps) {
            const bool listed = s.due || s.done || s.action == "transfer" || s.action == "acknowledge" || s.action == "reply_cooperation";
            if (!listed) continue;
            seen.push_back(json::array({c.id, s.actor, s.action, s.due ? s.due->iso() : "", s.done ? s.done->iso() : "",
                                        s.status, s.late_by_working_days}));
        }
    }
    EXPECT_EQ(cases, expected["cases"].get<size_t>());
    // Every hand row is in the audit, and the audit lists nothing the hand table does not.
    for (const json& row : expected["steps"])
        EXPECT_EQ(std::count(seen.begin(), seen.end(), row), 1) << "hand row not in the audit: " << row.dump();
    for (const json& row : seen)
        EXPECT_EQ(std::count(expected["steps"].begin(), expected["steps"].end(), row), 1) << "audit row not in the hand table: " << row.dump();
    EXPECT_EQ(json(re_transfer), expected["re_transfer"]);
    EXPECT_EQ(json(without_power), expected["penalized_without_power"]);

    const auto& offices = summary.offices();
    EXPECT_EQ(offices.size(), expected["offices"].size());
    for (const auto& [id, want] : expected["offices"].items()) {
        SCOPED_TRACE(id);
        ASSERT_TRUE(offices.count(id));
        const OfficeTally& t = offices.at(id);
        const std::pair<const char*, size_t> got[] = {
            {"cases", t.cases}, {"owed", t.owed}, {"on_time", t.on_time}, {"late", t.late}, {"missing", t.missing},
            {"pending", t.pending}, {"late_transfers", t.late_transfers}, {"missing_acknowledgements", t.missing_acknowledgements},
            {"re_transfers", t.re_transfers}, {"penalized_without_power", t.penalized_without_power}};
        for (const auto& [key, value] : got) EXPECT_EQ(value, want.at(key).get<size_t>()) << key;
    }
}

TEST(Audit, BadLinesAreErrorsWithPointers) {
    const Date today = *Date::parse("2026-11-27");
    const json base = json::parse(R"({"date":"2026-06-01T10:00:00+08:00","finder":"dept","town":"huilong",
        "item":"urban-street-stall","source":"supervision"})");
    struct Bad { json events; const char* path; ErrorCode code; };
    const Bad bad[] = {
        {json::parse(R"([{"action":"fly","actor":"dept:urban","date":"2026-06-02"}])"), "/events/0/action", ErrorCode::kUnknownValue},
        {json::parse(R"([{"action":"transfer","actor":"dept:nowhere","date":"2026-06-02"}])"), "/events/0/actor", ErrorCode::kUnknownReference},
        {json::parse(R"([{"action":"transfer","actor":"dept:urban"}])"), "/events/0/date", ErrorCode::kMissingField},
        // Impossible histories (#25 F5, #23): an act before the matter was found, in the future, or
        // outside the years any date may have.
        {json::parse(R"([{"action":"transfer","actor":"dept:urban","date":"2026-05-29"}])"), "/events/0/date", ErrorCode::kInvalidDate},
        {json::parse(R"([{"action":"transfer","actor":"dept:urban","date":"2026-11-28"}])"), "/events/0/date", ErrorCode::kInvalidDate},
        {json::parse(R"([{"action":"transfer","actor":"dept:urban","date":"9999-12-31"}])"), "/events/0/date", ErrorCode::kInvalidDate},
        {json::parse(R"([{"action":"transfer","actor":"dept:urban","date":"2026-06-02","by":"x"}])"), "/events/0/by", ErrorCode::kUnknownField},
        {json::parse(R"("x")"), "/events", ErrorCode::kWrongType},
    };
    for (const Bad& b : bad) {
        json line = base;
        line["events"] = b.events;
        auto a = audit_case(test::bundled(), line, today, "1");
        ASSERT_FALSE(a.ok()) << b.path;
        EXPECT_EQ(a.error().path, b.path);
        EXPECT_EQ(a.error().code, b.code) << b.path;
    }
    json no_finder = base;
    no_finder.erase("finder");
    auto a = audit_case(test::bundled(), no_finder, today, "1");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().path, "/finder");
}

// The page's audit of a whole ledger text: the same cases and summary as audit_case line by line,
// bad lines as error envelopes with their line number, blank lines skipped, too many lines refused.
TEST(Audit, LedgerTextAsTheCliStreamsIt) {
    const Date today = *Date::parse("2026-11-27");
    const std::string text = R"({"id":"A","schema":"referral-case/1","date":"2026-06-01T10:00:00+08:00","finder":"dept","town":"huilong","item":"urban-street-stall","source":"supervision","verification":"violation","events":[{"action":"transfer","actor":"dept:urban","to":"town:huilong","date":"2026-06-05"}]}

{not json
{"id":"B","schema":"referral-case/1","finder":"dept"}
)";
    const json out = json::parse(audit_ledger_text(test::bundled(), text, today));
    ASSERT_TRUE(out["ok"].get<bool>());
    ASSERT_EQ(out["cases"].size(), 3u);
    EXPECT_EQ(out["cases"][0]["id"], "A");
    EXPECT_EQ(out["cases"][0]["steps"][0]["status"], "on_time");
    EXPECT_EQ(out["cases"][1]["line"], 3);
    EXPECT_EQ(out["cases"][1]["error"]["code"], "malformed_json");
    EXPECT_EQ(out["cases"][2]["line"], 4);
    EXPECT_FALSE(out["cases"][2]["ok"].get<bool>());
    EXPECT_EQ(out["summary"]["cases"], 1);
    EXPECT_EQ(out["summary"]["errors"], 2);
    const json refused = json::parse(audit_ledger_text(test::bundled(), std::string(200000, '\n'), today));
    EXPECT_FALSE(refused["ok"].get<bool>());
}
