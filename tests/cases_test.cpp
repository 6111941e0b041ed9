// The data-driven suites: behaviour cases (tests/cases/**.json), malformed cases and packs
// (tests/bad/**.json). One parametrised driver; the same files run natively and under node.
//
// Behaviour case:  {"name": sentence, "input": referral-case/1, "expected": {handler, steps, …}};
//     the format and what "passes" means: src/studio_model/case_check.h.
// Bad case:   {"name", "input": object or "text", "expected": {"code", "path"}}
// Bad pack:   {"name", "file", "pointer", "value" | "remove": true | "text", "expected": {"code", "path", "file"}}
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "studio_model/case_check.h"
#include "test_support.h"

using namespace referral;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> json_files(const std::string& dir) {
    std::vector<std::string> out;
    const fs::path root = test::source_path(dir);
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(fs::relative(e.path(), root).string());
    std::sort(out.begin(), out.end());
    return out;
}

json load(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    auto j = parse_json(s.str(), path);
    if (!j.ok()) test::die(path + ": " + describe(j.error()));
    return j.value();
}

std::string test_name(const std::string& rel) {
    std::string n;
    for (char c : rel) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// What "passes" means lives in studio_model/case_check (the studio's pack-checks panel runs the
// same check); this driver only reports it.
class BehaviourCase : public testing::TestWithParam<std::string> {};

TEST_P(BehaviourCase, PlanMatches) {
    const std::string path = test::source_path("tests/cases/" + GetParam());
    const studio::CaseResult r = studio::check_case(test::bundled(), GetParam(), read_text(path));
    SCOPED_TRACE(r.name);
    EXPECT_EQ(studio::case_outcome_id(r.outcome), std::string("passed")) << path << "\n" << studio::describe(r);
}

INSTANTIATE_TEST_SUITE_P(Cases, BehaviourCase, testing::ValuesIn(json_files("tests/cases")),
                         [](const auto& info) { return test_name(info.param); });

// Rules no behaviour case applies yet, because the coordinator is rewriting them with their cases
// (issue #9 items 1–2). Empty it as those cases land: the test fails when a rule listed here is
// applied by some case, so the list cannot go stale.
const std::set<std::string> kRulesAwaitingCases = {};

TEST(RuleCoverage, EveryRuleIsAppliedByABehaviourCase) {
    std::set<std::string> applied;
    for (const auto& rel : json_files("tests/cases")) {
        const studio::CaseResult r =
            studio::check_case(test::bundled(), rel, read_text(test::source_path("tests/cases/" + rel)));
        applied.insert(r.rules_applied.begin(), r.rules_applied.end());
    }
    for (const auto& rule : test::bundled().pack().rules)
        EXPECT_TRUE(applied.count(rule.id) || kRulesAwaitingCases.count(rule.id))
            << "no behaviour case in tests/cases applies rule " << rule.id << " (" << rule.clause << ")";
    for (const auto& id : kRulesAwaitingCases) {
        EXPECT_TRUE(test::bundled().pack().rule(id)) << id << " is no rule of the pack: remove it from kRulesAwaitingCases";
        EXPECT_FALSE(applied.count(id)) << id << " is applied by a case now: remove it from kRulesAwaitingCases";
    }
}

class BadCase : public testing::TestWithParam<std::string> {};

TEST_P(BadCase, GivesTheExpectedError) {
    const json tc = load(test::source_path("tests/bad/cases/" + GetParam()));
    SCOPED_TRACE(tc["name"].get<std::string>());
    const json reply = tc["input"].is_string() ? json::parse(test::bundled().plan_text(tc["input"].get<std::string>()))
                                               : test::bundled().plan(tc["input"]);
    ASSERT_FALSE(reply["ok"].get<bool>()) << reply.dump(2);
    EXPECT_FALSE(reply.contains("plan")) << "no partial plan on bad input";
    EXPECT_EQ(reply["error"]["code"], tc["expected"]["code"]) << reply.dump(2);
    EXPECT_EQ(reply["error"]["path"], tc["expected"]["path"]) << reply.dump(2);
    EXPECT_FALSE(reply["error"]["message"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(Bad, BadCase, testing::ValuesIn(json_files("tests/bad/cases")),
                         [](const auto& info) { return test_name(info.param); });

class BadPack : public testing::TestWithParam<std::string> {};

TEST_P(BadPack, GivesTheExpectedError) {
    const json tc = load(test::source_path("tests/bad/packs/" + GetParam()));
    SCOPED_TRACE(tc["name"].get<std::string>());
    PackFiles files = embedded_pack_files();
    const std::string file = tc["file"];
    if (tc.contains("text")) {
        files[file] = tc["text"].get<std::string>();
    } else if (tc.contains("delete_file")) {
        files.erase(file);
    } else {
        json doc = json::parse(files.at(file));
        const json::json_pointer ptr(tc["pointer"].get<std::string>());
        // The member changed must exist (its parent at least): a stale pointer would otherwise
        // create a new member and test something else.
        ASSERT_TRUE(doc.contains(ptr.parent_pointer())) << "stale pointer " << ptr.to_string();
        json& parent = doc[ptr.parent_pointer()];
        if (tc.value("remove", false) && parent.is_array()) parent.erase(std::stoul(ptr.back()));
        else if (tc.value("remove", false)) parent.erase(ptr.back());
        else doc[ptr] = tc["value"];
        files[file] = doc.dump();
    }
    std::vector<Error> errors;
    auto pack = load_pack(files, &errors);
    ASSERT_FALSE(pack.ok());
    bool found = false;
    for (const auto& e : errors)
        found = found || (error_code_id(e.code) == tc["expected"]["code"] && e.path == tc["expected"]["path"] &&
                          e.file == tc["expected"].value("file", file));
    std::string all;
    for (const auto& e : errors) all += "\n  " + describe(e);
    EXPECT_TRUE(found) << "expected " << tc["expected"].dump() << ", got:" << all;
}

INSTANTIATE_TEST_SUITE_P(Bad, BadPack, testing::ValuesIn(json_files("tests/bad/packs")),
                         [](const auto& info) { return test_name(info.param); });

}  // namespace
