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
    {"M2", "town:huilong", "acknowledge", "2026-06-15", "", "missing", 0},
    {"M3", "town:beixin", "transfer", "2026-10-12", "2026-10-09", "on_time", 0},  // across National Day
    {"M3", "dept:ecology", "acknowledge", "2026-10-15", "", "missing", 0},
    {"M4", "town:huilong", "acknowledge", "2026-07-09", "2026-07-03", "on_time", 0},
    {"M4", "town:huilong", "transfer", "", "2026-07-06", "not_owed", 0},          // a re-transfer
    {"M5", "town:haifu", "transfer", "2026-06-08", "", "missing", 0},
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
    const OfficeTally& huilong = offices.at("town:huilong");  // M1 late ack, M2 missing ack, M4 on-time ack
    EXPECT_EQ(huilong.owed, 3u);
    EXPECT_EQ(huilong.late, 1u);
    EXPECT_EQ(huilong.missing_acknowledgements, 1u);
    EXPECT_EQ(huilong.re_transfers, 1u);
    EXPECT_EQ(offices.at("town:haifu").penalized_without_power, 1u);
    EXPECT_EQ(offices.at("dept:ecology").missing_acknowledgements, 2u);  // M3, M5
}

TEST(Audit, BadLinesAreErrorsWithPointers) {
    const Date today = *Date::parse("2026-11-27");
    const json base = json::parse(R"({"date":"2026-06-01T10:00:00+08:00","finder":"dept","town":"huilong",
        "item":"urban-street-stall","source":"supervision"})");
    struct Bad { json events; const char* path; ErrorCode code; };
    const Bad bad[] = {
        {json::parse(R"([{"action":"fly","actor":"dept:urban","date":"2026-06-02"}])"), "/events/0/action", ErrorCode::kUnknownValue},
        {json::parse(R"([{"action":"transfer","actor":"dept:nowhere","date":"2026-06-02"}])"), "/events/0/actor", ErrorCode::kUnknownReference},
        {json::parse(R"([{"action":"transfer","actor":"dept:urban"}])"), "/events/0/date", ErrorCode::kInvalidDate},
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
