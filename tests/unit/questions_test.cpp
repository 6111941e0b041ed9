// The wizard's questions (forms/qidong-2020-38/questions.json): every condition compiles against the
// case facts, and relevance follows the answers given so far.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.h"

using namespace referral;

namespace {

std::vector<std::string> relevant(const json& partial) {
    const json r = test::bundled().relevant_questions(partial);
    EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
    return r["relevant"].get<std::vector<std::string>>();
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST(Questions, EveryConditionCompilesAndEveryQuestionSetsACaseMember) {
    const json d = test::bundled().describe_pack();
    ASSERT_TRUE(d["questions"].is_object());
    const auto& questions = d["questions"]["questions"];
    ASSERT_GT(questions.size(), 5u);
    // An empty case compiles every condition (a broken one would be an error envelope).
    const json r = test::bundled().relevant_questions(json::object());
    ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
    for (const auto& q : questions) EXPECT_TRUE(q.contains("sets") && q["sets"].get<std::string>().rfind('/', 0) == 0) << q.dump();
}

TEST(Questions, AnEmptyCaseAsksTheBasicsOnly) {
    const auto ids = relevant(json::object());
    for (const char* id : {"finder", "town", "date", "source", "item", "verification"}) EXPECT_TRUE(has(ids, id)) << id;
    for (const char* id : {"received", "pre_devolution_status", "dept", "category", "devolved"}) EXPECT_FALSE(has(ids, id)) << id;
}

TEST(Questions, AnItemOutsideTheCatalogueAsksForDepartmentCategoryAndDevolution) {
    const auto ids = relevant({{"item", ""}});
    for (const char* id : {"dept", "category", "devolved"}) EXPECT_TRUE(has(ids, id)) << id;
    const auto with_item = relevant({{"item", "market-food-stall-unregistered"}});
    EXPECT_FALSE(has(with_item, "dept"));
    // The item's category (unlicensed) brings in the question on abandoned licensing.
    EXPECT_TRUE(has(with_item, "licence_abandoned"));
}

TEST(Questions, TheSourceDecidesTheFollowUpQuestions) {
    EXPECT_TRUE(has(relevant({{"source", "transfer_in"}}), "received"));
    EXPECT_TRUE(has(relevant({{"source", "transfer_in"}}), "receiver_disputes_jurisdiction"));
    EXPECT_TRUE(has(relevant({{"source", "pre_devolution"}}), "pre_devolution_status"));
    EXPECT_FALSE(has(relevant({{"source", "patrol"}}), "received"));
    // The transfer extension (二(四)1¶3) is asked where a transfer to the other side is owed, not
    // because of an appraisal; the reply extension (二(三)2) where the town asks for an appraisal.
    const json town_without_power = {{"finder", "town"}, {"source", "patrol"}, {"date", "2026-06-01T10:00:00+08:00"},
                                     {"item", "ecology-discharge-permit-missing"}};
    EXPECT_TRUE(has(relevant(town_without_power), "extension_requested"));
    EXPECT_FALSE(has(relevant({{"flags", {{"needs_appraisal", true}}}}), "extension_requested"));
    json town_with_power = {{"finder", "town"}, {"source", "patrol"}, {"date", "2026-06-01T10:00:00+08:00"},
                            {"item", "urban-street-stall"}, {"flags", {{"needs_appraisal", true}}}};
    EXPECT_FALSE(has(relevant(town_with_power), "extension_requested"));
    EXPECT_TRUE(has(relevant(town_with_power), "reply_extension"));
    EXPECT_TRUE(has(relevant(town_with_power), "major_difficult"));
    EXPECT_FALSE(has(relevant(town_without_power), "major_difficult"));
    // A department's matter found before devolution asks for the state of the case (二(四)1¶1).
    EXPECT_TRUE(has(relevant({{"finder", "dept"}, {"source", "supervision"}, {"date", "2020-12-15T09:00:00+08:00"},
                              {"decided", "2021-03-01"}, {"item", "urban-street-stall"}}),
                    "pre_devolution_status"));
}

TEST(Questions, MalformedMembersAreIgnoredNotFatal) {
    const json r = test::bundled().relevant_questions({{"finder", 3}, {"source", "nonsense"}, {"flags", "x"}});
    EXPECT_TRUE(r["ok"].get<bool>());
    EXPECT_TRUE(test::bundled().relevant_questions(json::array())["ok"].get<bool>());
}

TEST(Questions, LoadedAndTypeCheckedWithThePack) {
    // questions.json is part of the pack: each question compiled once at load, in file order, with
    // its relevance as a condition (a typo in one is a load error: tests/bad/packs/question-*.json).
    const Pack& pack = test::bundled().pack();
    const json file = json::parse(pack.questions_json);
    ASSERT_EQ(pack.questions.size(), file["questions"].size());
    for (size_t i = 0; i < pack.questions.size(); ++i) {
        const Question& q = pack.questions[i];
        EXPECT_EQ(q.id, file["questions"][i]["id"]);
        EXPECT_EQ(q.relevant.has_value(), file["questions"][i].contains("relevant")) << q.id;
        if (q.relevant) {
            EXPECT_EQ(q.relevant->source(), file["questions"][i]["relevant"]) << q.id;
        }
    }
    const auto source = std::find_if(pack.questions.begin(), pack.questions.end(), [](const Question& q) { return q.id == "source"; });
    ASSERT_NE(source, pack.questions.end());
    EXPECT_EQ(source->options, pack.schema.at(pack.schema.find("source")).values);
}

// #23: the dates that now matter are asked only where they apply. The decision day, where the item's
// power begins or ends after the matter was found (whatever day the official plans on, and whatever
// decision day is typed: the question does not come and go with its own answer); the day the police
// declined, where they did; the 24 hours' start, for a suspected crime still with the police.
TEST(Questions, TheDatesThatDecideAreAskedWhereTheyApply) {
    json c = {{"date", "2025-06-16T09:00:00+08:00"}, {"finder", "town"}, {"town", "huilong"},
              {"item", "agriculture-tractor-driver-unlicensed"}};
    EXPECT_TRUE(has(relevant(c), "decided"));  // taken back on 2025-07-01, after it was found
    c["decided"] = "2025-06-27T10:00:00+08:00";
    EXPECT_TRUE(has(relevant(c), "decided"));  // still asked once answered
    c["item"] = "market-food-stall-unregistered";
    c.erase("decided");
    EXPECT_FALSE(has(relevant(c), "decided"));  // a power that does not change
    EXPECT_FALSE(has(relevant(c), "police_declined_on"));
    c["flags"] = {{"suspected_crime", true}};
    EXPECT_TRUE(has(relevant(c), "crime_transfer_decided_on"));
    EXPECT_FALSE(has(relevant(c), "police_declined_on"));
    c["flags"]["police_declined"] = true;
    EXPECT_TRUE(has(relevant(c), "police_declined_on"));
    EXPECT_FALSE(has(relevant(c), "crime_transfer_decided_on"));
}

TEST(Questions, ADateQuestionMustNameAnEventThatSetsAnAnchor) {
    PackFiles files = embedded_pack_files();
    json q = json::parse(files.at("questions.json"));
    q["questions"].push_back({{"id", "x_on"}, {"group", "circumstances"}, {"type", "date-time"}, {"sets", "/dates/file_case"},
                              {"required", false}, {"label", {{"zh", "x"}, {"en", "x"}}}});
    files.at("questions.json") = q.dump();
    std::vector<Error> errors;
    EXPECT_FALSE(load_pack(files, &errors).ok());
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front().file, "questions.json");
    EXPECT_EQ(errors.front().path, "/questions/" + std::to_string(q["questions"].size() - 1) + "/sets");
}
