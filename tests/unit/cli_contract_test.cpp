// The JSON envelope the CLI and the WebAssembly module share.
#include <gtest/gtest.h>

#include "test_support.h"

using namespace referral;

TEST(Envelope, MalformedJsonSaysWhere) {
    const json r = json::parse(test::bundled().plan_text("{\"date\": "));
    EXPECT_FALSE(r["ok"].get<bool>());
    EXPECT_EQ(r["error"]["code"], "malformed_json");
    EXPECT_EQ(r["error"]["path"], "");
    EXPECT_FALSE(r.contains("plan"));
}

TEST(Envelope, WorkdaysListsWhatItCountedAndSkipped) {
    const json r = test::bundled().workdays("2026-09-30", 1);
    ASSERT_TRUE(r["ok"].get<bool>());
    EXPECT_EQ(r["due"], "2026-10-08");
    EXPECT_EQ(r["counted"], json::array({"2026-10-08"}));
    EXPECT_EQ(r["skipped"].size(), 7u);  // 10-01 … 10-07
    EXPECT_EQ(test::bundled().workdays("2026-02-30", 1)["error"]["code"], "invalid_date");
}

TEST(Envelope, DescribePackCarriesTheCatalogueAndActions) {
    const json d = test::bundled().describe_pack();
    EXPECT_EQ(d["pack"]["number"], "启政办发〔2020〕38号");
    EXPECT_GE(d["catalogue"]["items"].size(), 40u);
    EXPECT_EQ(d["actions"].size(), test::bundled().pack().actions.size());
}

// "Why this handler?": the facts the deciding rule names are marked apart from pack definitions.
TEST(Envelope, HandlerExplainsTheDecidingFacts) {
    const json r = test::bundled().plan(json::parse(R"({"date":"2026-09-29T15:20:00+08:00","finder":"dept",
        "town":"huilong","item":"urban-construction-waste-dumping","source":"supervision","verification":"violation"})"));
    ASSERT_TRUE(r["ok"].get<bool>());
    std::vector<std::string> named, derived;
    for (const auto& b : r["plan"]["handler"]["because"])
        (b["derived"].get<bool>() ? derived : named).push_back(b["fact"].get<std::string>() + "=" + b["value"].get<std::string>());
    EXPECT_EQ(named, (std::vector<std::string>{"finder='dept'", "devolved=true", "category='prohibited'"}));
    EXPECT_NE(std::find(derived.begin(), derived.end(), "routine=true"), derived.end());
}
