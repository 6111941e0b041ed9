// The data-driven suites: behaviour cases (tests/cases/**.json), malformed cases and packs
// (tests/bad/**.json). One parametrised driver; the same files run natively and under node.
//
// Behaviour case:  {"name": sentence, "input": referral-case/1, "expected": {
//     "handler": "town:huilong" | null,
//     "steps": [ {actor, action, to?, due?: {rule?, date?, datetime?, calendar_covered?}} ],  each must occur
//     "absent_steps": [ {actor?, action, to?} ],          none may occur
//     "warnings": ["code", …], "absent_warnings": ["code", …], "ambiguities": ["A1", …],
//     "step_count": N }}
// Bad case:   {"name", "input": object or "text", "expected": {"code", "path"}}
// Bad pack:   {"name", "file", "pointer", "value" | "remove": true | "text", "expected": {"code", "path", "file"}}
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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
    if (!j.ok()) throw std::runtime_error(path + ": " + describe(j.error()));
    return j.value();
}

std::string test_name(const std::string& rel) {
    std::string n;
    for (char c : rel) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

// True when every member of `want` equals the same member of `have` (recursively for objects).
bool matches(const json& have, const json& want) {
    if (!want.is_object()) return have == want;
    if (!have.is_object()) return false;
    for (auto it = want.begin(); it != want.end(); ++it) {
        if (!have.contains(it.key())) {
            if (it.value().is_null()) continue;  // "to": null matches an absent or null member
            return false;
        }
        if (!matches(have[it.key()], it.value())) return false;
    }
    return true;
}

std::string brief(const json& steps) {
    std::string out;
    for (const auto& s : steps)
        out += "\n  " + s["actor"].get<std::string>() + " " + s["action"].get<std::string>() + " -> " +
               (s["to"].is_null() ? "∅" : s["to"].get<std::string>()) + " " + s["due"].dump();
    return out;
}

class BehaviourCase : public testing::TestWithParam<std::string> {};

TEST_P(BehaviourCase, PlanMatches) {
    const json tc = load(test::source_path("tests/cases/" + GetParam()));
    ASSERT_TRUE(tc.contains("name") && tc["name"].is_string()) << "each case needs a sentence name";
    SCOPED_TRACE(tc["name"].get<std::string>());
    const json reply = test::bundled().plan(tc["input"]);
    ASSERT_TRUE(reply["ok"].get<bool>()) << reply.dump(2);
    const json& plan = reply["plan"];
    const json& want = tc["expected"];
    int checks = 0;
    if (want.contains("handler")) {
        ++checks;
        if (want["handler"].is_null()) EXPECT_TRUE(plan["handler"].is_null()) << plan["handler"].dump();
        else {
            ASSERT_FALSE(plan["handler"].is_null()) << "expected handler " << want["handler"];
            EXPECT_EQ(plan["handler"]["authority"], want["handler"]);
        }
    }
    for (const auto& s : want.value("steps", json::array())) {
        ++checks;
        bool found = false;
        for (const auto& have : plan["steps"]) found = found || matches(have, s);
        EXPECT_TRUE(found) << "missing step " << s.dump() << "\nplan steps:" << brief(plan["steps"]);
    }
    for (const auto& s : want.value("absent_steps", json::array())) {
        ++checks;
        for (const auto& have : plan["steps"])
            EXPECT_FALSE(matches(have, s)) << "unexpected step " << have.dump();
    }
    auto codes = [&] {
        std::vector<std::string> c;
        for (const auto& w : plan["warnings"]) c.push_back(w["code"]);
        return c;
    }();
    for (const auto& w : want.value("warnings", json::array())) {
        ++checks;
        EXPECT_NE(std::find(codes.begin(), codes.end(), w.get<std::string>()), codes.end())
            << "missing warning " << w << " in " << plan["warnings"].dump();
    }
    for (const auto& w : want.value("absent_warnings", json::array())) {
        ++checks;
        EXPECT_EQ(std::find(codes.begin(), codes.end(), w.get<std::string>()), codes.end()) << "unexpected warning " << w;
    }
    for (const auto& a : want.value("ambiguities", json::array())) {
        ++checks;
        bool found = false;
        for (const auto& have : plan["ambiguities"]) found = found || have["id"] == a;
        EXPECT_TRUE(found) << "missing ambiguity " << a;
    }
    if (want.contains("step_count")) {
        ++checks;
        EXPECT_EQ(plan["steps"].size(), want["step_count"].get<size_t>()) << brief(plan["steps"]);
    }
    EXPECT_GT(checks, 0) << "a case must expect something";
}

INSTANTIATE_TEST_SUITE_P(Cases, BehaviourCase, testing::ValuesIn(json_files("tests/cases")),
                         [](const auto& info) { return test_name(info.param); });

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
        if (tc.value("remove", false)) doc[ptr.parent_pointer()].erase(ptr.back());
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
