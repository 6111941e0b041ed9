#include <gtest/gtest.h>

#include "rules/case.h"
#include "rules/expr.h"
#include "rules/plan.h"
#include "test_support.h"

using namespace referral;

namespace {
json base() {
    return json::parse(R"({"date":"2026-03-02T09:30:00+08:00","finder":"dept","town":"huilong",
        "item":"market-food-unlicensed","source":"supervision","verification":"violation"})");
}
}  // namespace

TEST(Case, TheItemGivesDepartmentCategoryAndDevolution) {
    auto c = parse_case(base(), test::bundled().pack());
    ASSERT_TRUE(c.ok()) << describe(c.error());
    EXPECT_EQ(c.value().dept, "market");
    EXPECT_EQ(c.value().value("category"), "unlicensed");
    EXPECT_EQ(c.value().value("verification"), "violation");
}

TEST(Case, CollectsEveryProblemWithItsPointer) {
    json doc = base();
    doc["town"] = "shanghai";
    doc["finder"] = "county";
    doc["flags"] = {{"urgent", "yes"}, {"urgnet", true}};
    doc["extra"] = 1;
    std::vector<Error> errors;
    auto c = parse_case(doc, test::bundled().pack(), &errors);
    ASSERT_FALSE(c.ok());
    std::vector<std::string> paths;
    for (const auto& e : errors) paths.push_back(e.path);
    for (const char* p : {"/extra", "/finder", "/town", "/flags/urgent", "/flags/urgnet"})
        EXPECT_NE(std::find(paths.begin(), paths.end(), p), paths.end()) << p;
}

TEST(Case, ADepartmentThatContradictsTheItemIsRejected) {
    json doc = base();
    doc["dept"] = "ecology";
    auto c = parse_case(doc, test::bundled().pack());
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().path, "/dept");
}

TEST(Case, RoundTripsThroughJson) {
    json doc = base();
    doc["flags"] = {{"urgent", true}};
    auto c = parse_case(doc, test::bundled().pack());
    ASSERT_TRUE(c.ok());
    auto again = parse_case(case_to_json(c.value()), test::bundled().pack());
    ASSERT_TRUE(again.ok()) << describe(again.error());
    EXPECT_EQ(case_to_json(again.value()), case_to_json(c.value()));
    EXPECT_TRUE(again.value().flag("urgent"));
}

// 收回: a power taken back before the decision date is the department's again; an open case goes
// back to it (reading A6, the mirror of 二(四)1¶1). The bundled sample has no revoked item, so the
// test revokes one in a copy of the pack.
TEST(Case, APowerTakenBackIsJudgedOnTheDecisionDate) {
    PackFiles files = embedded_pack_files();
    json catalogue = json::parse(files.at("catalogue.json"));
    for (auto& item : catalogue["items"])
        if (item["id"] == "urban-street-stall") item["revoked_from"] = "2025-07-01";
    files["catalogue.json"] = catalogue.dump();
    std::vector<Error> errors;
    auto engine = Engine::load(files, embedded_calendar_files(), &errors);
    ASSERT_TRUE(engine.ok()) << (errors.empty() ? "" : describe(errors.front()));
    auto plan = [&](const char* decided) {
        json c = json::parse(R"({"date":"2025-06-10T10:00:00+08:00","finder":"town","town":"huilong",
            "item":"urban-street-stall","source":"patrol","verification":"violation"})");
        c["decided"] = decided;
        const json r = engine.value().plan(c);
        EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
        return r["plan"];
    };
    const json before = plan("2025-06-20");
    EXPECT_EQ(before["handler"]["authority"], "town:huilong");
    const json after = plan("2025-08-01");
    EXPECT_EQ(after["handler"]["authority"], "dept:urban");
    std::vector<std::string> codes, readings;
    for (const auto& w : after["warnings"]) codes.push_back(w["code"].get<std::string>());
    for (const auto& a : after["ambiguities"]) readings.push_back(a["id"].get<std::string>());
    EXPECT_NE(std::find(codes.begin(), codes.end(), "power_revoked"), codes.end());
    EXPECT_EQ(std::find(codes.begin(), codes.end(), "not_yet_devolved"), codes.end());
    EXPECT_NE(std::find(readings.begin(), readings.end(), "A6"), readings.end());
}

// #24: a pack may declare as many yes/no facts as its mechanism needs (no fixed-width set in the
// engine): a copy of the pack with 40 more flags, one of them read by a rule's condition, plans a case
// that sets all of them, and the plan's facts carry every one.
TEST(Case, FortyMoreFlagsThanTheEngineKnows) {
    PackFiles files = embedded_pack_files();
    json vocabulary = json::parse(files.at("vocabulary.json"));
    for (int i = 0; i < 40; ++i)
        vocabulary["facts"]["flags"].push_back({{"id", "extra_flag_" + std::to_string(i)}, {"label", "附加情形 " + std::to_string(i)}});
    files.at("vocabulary.json") = vocabulary.dump();
    std::vector<Error> errors;
    auto engine = Engine::load(files, embedded_calendar_files(), &errors);
    ASSERT_TRUE(engine.ok()) << (errors.empty() ? "" : describe(errors.front()));
    json c = base();
    for (int i = 0; i < 40; ++i) c["flags"]["extra_flag_" + std::to_string(i)] = true;
    c["flags"]["urgent"] = true;  // a pack flag a rule reads, beside the forty
    // Every one is read, and a condition can test the last.
    const Pack& pack = engine.value().pack();
    auto parsed = parse_case(c, pack);
    ASSERT_TRUE(parsed.ok()) << describe(parsed.error());
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(parsed.value().flag("extra_flag_" + std::to_string(i))) << i;
    auto last = Condition::compile("extra_flag_39 and extra_flag_0 and urgent", pack.schema);
    ASSERT_TRUE(last.ok()) << describe(last.error());
    EXPECT_TRUE(last.value().evaluate(derive_facts(pack, parsed.value())));
    c["flags"].erase("extra_flag_39");
    EXPECT_FALSE(last.value().evaluate(derive_facts(pack, parse_case(c, pack).value())));
    c["flags"]["extra_flag_39"] = true;
    const json r = engine.value().plan(c);
    ASSERT_FALSE(r.contains("ok") && r["ok"] == false) << r.dump();
    const json& plan = r.contains("plan") ? r["plan"] : r;
    // The pack's own flag still decides: the transfer is due in hours.
    bool hours = false;
    for (const json& s : plan["steps"])
        if (s["action"] == "transfer") hours = s["due"]["rule"] == "hours";
    EXPECT_TRUE(hours) << plan.dump();
}
