#include <gtest/gtest.h>

#include "rules/case.h"
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
    EXPECT_EQ(c.value().category, "unlicensed");
    EXPECT_EQ(c.value().verification, "violation");
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
