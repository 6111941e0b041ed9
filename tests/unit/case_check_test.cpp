// The studio's case runner (studio_model/case_check): every Qidong behaviour case passes; a case
// with deliberately wrong expectations (tests/studio/cases/wrong-expectations.json) fails with
// the exact pointer, expected and actual value of each difference; malformed case files are
// error entries naming what and where, never a crash.
#include <gtest/gtest.h>

#include "studio_model/case_check.h"
#include "test_support.h"

using namespace referral;
using namespace referral::studio;

namespace {

CaseFiles fixture_cases() {
    auto files = read_case_folder(test::source_path("tests/studio/cases"));
    EXPECT_TRUE(files.ok()) << describe(files.error());
    return files.ok() ? files.value() : CaseFiles{};
}

const CaseDiff* diff_at(const CaseResult& r, const std::string& pointer) {
    for (const CaseDiff& d : r.diffs)
        if (d.pointer == pointer) return &d;
    return nullptr;
}

// A case built in the test: the street-stall complaint a town verifies (tests/cases/二四2) with
// `expected` as given.
std::string stall_case(const json& expected) {
    json tc = {{"name", "built in the test"},
               {"input", {{"date", "2026-05-12T09:30:00+08:00"}, {"finder", "town"}, {"town", "haifu"},
                          {"item", "urban-street-stall"}, {"source", "complaint"}, {"verification", "unverified"}}},
               {"expected", expected}};
    return tc.dump();
}

TEST(CaseCheck, EveryQidongCasePasses) {
    auto files = read_case_folder(test::source_path("tests/cases"));
    ASSERT_TRUE(files.ok()) << describe(files.error());
    ASSERT_GE(files.value().size(), 50u);
    const CaseRun run = run_cases(test::bundled(), files.value());
    EXPECT_EQ(run.results.size(), files.value().size());
    EXPECT_EQ(run.passed, files.value().size());
    EXPECT_EQ(run.failed, 0u);
    EXPECT_EQ(run.errors, 0u);
    for (const CaseResult& r : run.results) {
        EXPECT_EQ(r.outcome, CaseOutcome::kPassed) << r.id << "\n" << describe(r);
        EXPECT_FALSE(r.name.empty()) << r.id;
        EXPECT_GT(r.checks, 0) << r.id;
        EXPECT_TRUE(r.plan.is_object()) << r.id;
    }
    // Ids are paths relative to the folder, '/'-separated, in order.
    EXPECT_TRUE(files.value().count("二四2/complaint-first-receiver-verifies.json"));
}

TEST(CaseCheck, WrongExpectationsFailWithExactPointersAndValues) {
    const CaseFiles files = fixture_cases();
    ASSERT_TRUE(files.count("wrong-expectations.json"));
    const CaseResult r = check_case(test::bundled(), "wrong-expectations.json", files.at("wrong-expectations.json"));
    ASSERT_EQ(r.outcome, CaseOutcome::kFailed) << describe(r);
    EXPECT_EQ(r.checks, 6);
    EXPECT_EQ(r.input["town"], "haifu");

    const CaseDiff* handler = diff_at(r, "/expected/handler");
    ASSERT_NE(handler, nullptr) << describe(r);
    EXPECT_EQ(handler->expected, "dept:urban");
    EXPECT_EQ(handler->actual, "town:haifu");
    EXPECT_EQ(handler->plan_pointer, "/handler/authority");

    // A wanted step no plan step matches: the members that differ from the closest step.
    const CaseDiff* due = diff_at(r, "/expected/steps/0/due/rule");
    ASSERT_NE(due, nullptr) << describe(r);
    EXPECT_EQ(due->expected, "working_days");
    EXPECT_EQ(due->actual, "promptly");
    EXPECT_EQ(due->plan_pointer, "/steps/0/due/rule");
    const CaseDiff* to = diff_at(r, "/expected/steps/1/to");
    ASSERT_NE(to, nullptr) << describe(r);
    EXPECT_EQ(to->expected, "dept:market");
    EXPECT_EQ(to->actual, "dept:urban");
    EXPECT_EQ(to->plan_pointer, "/steps/3/to");
    EXPECT_NE(to->note.find("closest is step 3"), std::string::npos) << to->note;

    const CaseDiff* absent = diff_at(r, "/expected/absent_steps/0");
    ASSERT_NE(absent, nullptr) << describe(r);
    EXPECT_EQ(absent->expected, json({{"action", "file_case"}}));
    EXPECT_EQ(absent->actual, json({{"actor", "town:haifu"}, {"action", "file_case"}, {"to", nullptr}}));
    EXPECT_EQ(absent->plan_pointer, "/steps/1");

    const CaseDiff* warning = diff_at(r, "/expected/warnings/0");
    ASSERT_NE(warning, nullptr) << describe(r);
    EXPECT_EQ(warning->expected, "no_handler");
    EXPECT_EQ(warning->actual, json::array());

    const CaseDiff* count = diff_at(r, "/expected/step_count");
    ASSERT_NE(count, nullptr) << describe(r);
    EXPECT_EQ(count->expected, 3);
    EXPECT_EQ(count->actual, 4);

    EXPECT_EQ(r.diffs.size(), 6u) << describe(r);  // nothing else differs
    EXPECT_NE(describe(r).find("/expected/handler: expected \"dept:urban\", actual \"town:haifu\""), std::string::npos)
        << describe(r);
}

TEST(CaseCheck, MalformedFileIsAnErrorEntryNotACrash) {
    const CaseFiles files = fixture_cases();
    ASSERT_TRUE(files.count("malformed.json"));
    const CaseRun run = run_cases(test::bundled(), files);
    EXPECT_EQ(run.results.size(), 2u);
    EXPECT_EQ(run.errors, 1u);
    EXPECT_EQ(run.failed, 1u);
    EXPECT_EQ(run.passed, 0u);
    const CaseResult& r = run.results.front();  // in id order: malformed.json first
    ASSERT_EQ(r.id, "malformed.json");
    EXPECT_EQ(r.outcome, CaseOutcome::kError);
    EXPECT_EQ(r.error.code, ErrorCode::kMalformedJson);
    EXPECT_EQ(r.error.file, "malformed.json");
    EXPECT_FALSE(r.error.message.empty());
    EXPECT_TRUE(r.diffs.empty());
    EXPECT_TRUE(r.plan.is_null());
}

TEST(CaseCheck, FormatErrorsNameTheirPointer) {
    struct Row {
        std::string text;
        ErrorCode code;
        std::string path;
    };
    const std::vector<Row> rows = {
        {"[1, 2]", ErrorCode::kWrongType, ""},
        {R"({"input": {}, "expected": {"handler": null}})", ErrorCode::kMissingField, "/name"},
        {R"({"name": 7, "input": {}, "expected": {"handler": null}})", ErrorCode::kWrongType, "/name"},
        {R"({"name": "n", "expected": {"handler": null}})", ErrorCode::kMissingField, "/input"},
        {R"({"name": "n", "input": {}})", ErrorCode::kMissingField, "/expected"},
        {R"({"name": "n", "input": {}, "expected": {}})", ErrorCode::kInvalidValue, "/expected"},
        {R"({"name": "n", "input": {}, "expected": {"handler": 3}})", ErrorCode::kWrongType, "/expected/handler"},
        {R"({"name": "n", "input": {}, "expected": {"steps": {}}})", ErrorCode::kWrongType, "/expected/steps"},
        {R"({"name": "n", "input": {}, "expected": {"steps": [{}, "x"]}})", ErrorCode::kWrongType, "/expected/steps/1"},
        {R"({"name": "n", "input": {}, "expected": {"warnings": ["a", 1]}})", ErrorCode::kWrongType, "/expected/warnings/1"},
        {R"({"name": "n", "input": {}, "expected": {"step_count": -1}})", ErrorCode::kWrongType, "/expected/step_count"},
    };
    for (const Row& row : rows) {
        const CaseResult r = check_case(test::bundled(), "x.json", row.text);
        EXPECT_EQ(r.outcome, CaseOutcome::kError) << row.text;
        EXPECT_EQ(error_code_id(r.error.code), std::string(error_code_id(row.code))) << row.text;
        EXPECT_EQ(r.error.path, row.path) << row.text;
        EXPECT_EQ(r.error.file, "x.json") << row.text;
    }
}

TEST(CaseCheck, InputThePackRefusesFailsAtItsPointer) {
    json tc = json::parse(stall_case({{"handler", "town:haifu"}}));
    tc["input"]["town"] = "nowhere";
    const CaseResult r = check_case(test::bundled(), "x.json", tc.dump());
    ASSERT_EQ(r.outcome, CaseOutcome::kFailed);
    ASSERT_EQ(r.diffs.size(), 1u);
    EXPECT_EQ(r.diffs[0].pointer, "/input/town");
    EXPECT_EQ(r.diffs[0].actual["code"], "unknown_reference");
    EXPECT_TRUE(r.plan.is_null());
}

TEST(CaseCheck, MatchingSemantics) {
    const Engine& e = test::bundled();
    // "to": null matches a step without a receiver; a member the plan lacks does not.
    EXPECT_EQ(check_case(e, "a", stall_case({{"steps", {{{"action", "determine"}, {"to", nullptr}}}}})).outcome,
              CaseOutcome::kPassed);
    const CaseResult extra = check_case(e, "b", stall_case({{"steps", {{{"action", "determine"}, {"to_name", "x"}}}}}));
    ASSERT_EQ(extra.outcome, CaseOutcome::kFailed);
    ASSERT_EQ(extra.diffs.size(), 1u);
    EXPECT_EQ(extra.diffs[0].pointer, "/expected/steps/0/to_name");
    EXPECT_TRUE(extra.diffs[0].actual.is_null());
    // Expected handler null against a plan that names one.
    const CaseResult nobody = check_case(e, "c", stall_case({{"handler", nullptr}}));
    ASSERT_EQ(nobody.outcome, CaseOutcome::kFailed);
    EXPECT_EQ(nobody.diffs[0].actual, "town:haifu");
    // Every step of the plan that matches an absent step is listed; warnings and ambiguities by code/id.
    const CaseResult absent = check_case(e, "d", stall_case({{"absent_steps", {{{"actor", "town:haifu"}}}}}));
    EXPECT_EQ(absent.diffs.size(), 4u) << describe(absent);
    EXPECT_EQ(check_case(e, "e", stall_case({{"absent_warnings", {"no_handler"}}, {"step_count", 4}})).outcome,
              CaseOutcome::kPassed);
    const CaseResult amb = check_case(e, "f", stall_case({{"ambiguities", {"A1"}}}));
    ASSERT_EQ(amb.outcome, CaseOutcome::kFailed);
    EXPECT_EQ(amb.diffs[0].pointer, "/expected/ambiguities/0");
}

TEST(CaseCheck, MissingFolderIsAnIoError) {
    auto files = read_case_folder(test::source_path("tests/no-such-folder"));
    ASSERT_FALSE(files.ok());
    EXPECT_EQ(files.error().code, ErrorCode::kIoError);
    EXPECT_NE(files.error().file.find("no-such-folder"), std::string::npos);
}

}  // namespace

namespace {

TEST(CaseCheck, UnknownMembersAreErrorsNotSilentPasses) {
    // A typo in an expectation (absent_step for absent_steps, acton for action, cout for count)
    // must not check nothing.
    const struct { json expected; json top; const char* path; } bad[] = {
        {{{"handler", "town:haifu"}, {"absent_step", json::array({{{"action", "transfer"}}})}}, nullptr, "/expected/absent_step"},
        {{{"absent_steps", json::array({{{"acton", "transfer"}}})}}, nullptr, "/expected/absent_steps/0/acton"},
        {{{"steps", json::array({{{"action", "determine"}, {"due", {{"cout", 5}}}}})}}, nullptr, "/expected/steps/0/due/cout"},
        {{{"handler", "town:haifu"}}, {{"cover", json::array({"complaint-first-receiver"})}}, "/cover"},
    };
    for (const auto& b : bad) {
        json tc = json::parse(stall_case(b.expected));
        if (b.top.is_object()) tc.update(b.top);
        const CaseResult r = check_case(test::bundled(), "typo.json", tc.dump());
        EXPECT_EQ(r.outcome, CaseOutcome::kError) << b.path << ": " << describe(r);
        EXPECT_EQ(error_code_id(r.error.code), std::string("unknown_field")) << b.path;
        EXPECT_EQ(r.error.path, b.path);
    }
}

TEST(CaseCheck, CoversNamesRulesAndClausesThePlanApplies) {
    json tc = json::parse(stall_case({{"handler", "town:haifu"}}));
    tc["covers"] = {"complaint-first-receiver", "二(四)2"};
    CaseResult r = check_case(test::bundled(), "covers.json", tc.dump());
    EXPECT_EQ(r.outcome, CaseOutcome::kPassed) << describe(r);
    EXPECT_EQ(r.checks, 3);
    EXPECT_NE(std::find(r.rules_applied.begin(), r.rules_applied.end(), "complaint-first-receiver"), r.rules_applied.end());

    tc["covers"] = {"suspected-crime", "二(四)5", "no-such-rule"};
    r = check_case(test::bundled(), "covers.json", tc.dump());
    ASSERT_EQ(r.outcome, CaseOutcome::kFailed);
    ASSERT_NE(diff_at(r, "/covers/0"), nullptr);  // a rule the plan does not apply
    ASSERT_NE(diff_at(r, "/covers/1"), nullptr);  // a clause no applied rule is filed under
    ASSERT_NE(diff_at(r, "/covers/2"), nullptr);  // neither a rule nor a clause: a typo
    EXPECT_EQ(diff_at(r, "/covers/2")->note, "neither a rule id nor a clause of the pack (a typo?)");

    tc["covers"] = json::array();
    r = check_case(test::bundled(), "covers.json", tc.dump());
    EXPECT_EQ(r.outcome, CaseOutcome::kError);
    EXPECT_EQ(r.error.path, "/covers");
}

}  // namespace
