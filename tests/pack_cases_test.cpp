// Every pack's own tests, run against that pack as a folder (the way `referral --pack DIR` loads it):
// for each forms/<pack>/ with a rules.json,
//   - its behaviour cases, forms/<pack>/tests/cases/**.json (the format of tests/cases: case_check.h),
//     each a parametrised test, and every rule of the pack applied by at least one of them;
//   - its golden packets: each forms/<pack>/tests/examples/packet-NAME.json assembled and compared byte
//     for byte with forms/<pack>/tests/golden/packet/NAME/ (made by scripts/regen-golden).
// The bundled pack's own cases and goldens stay in tests/cases and tests/golden (cases_test.cpp,
// packet_test.cpp); a pack without a tests/ folder simply adds nothing here. A county's pack is data:
// adding one adds its tests to this driver without a line of C++.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "host/folder.h"
#include "packet/packet.h"
#include "core/sha256.h"
#include "studio_model/case_check.h"
#include "test_support.h"

using namespace referral;
namespace fs = std::filesystem;

namespace {

constexpr const char* kGoldenToday = "2026-06-01";  // keep in step with scripts/regen-golden

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string test_name(const std::string& rel) {
    std::string n;
    for (char c : rel) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

// The packs: every folder of forms/ with a rules.json, by name.
std::vector<std::string> packs() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(test::source_path("forms")))
        if (e.is_directory() && fs::exists(e.path() / "rules.json")) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// A pack's engine, loaded from its folder with the calendars of forms/calendars; once per pack.
const Engine& pack_engine(const std::string& pack) {
    static std::map<std::string, std::unique_ptr<Engine>> engines;
    auto& slot = engines[pack];
    if (!slot) {
        auto files = read_folder(test::source_path("forms/" + pack));
        if (!files.ok()) test::die(pack + ": " + describe(files.error()));
        auto calendars = read_folder(test::source_path("forms/calendars"));
        if (!calendars.ok()) test::die("forms/calendars: " + describe(calendars.error()));
        auto e = Engine::load(files.value(), calendars.value());
        if (!e.ok()) test::die(pack + ": " + describe(e.error()));
        slot = std::make_unique<Engine>(std::move(e).value());
    }
    return *slot;
}

// "pack/relative path of a case" for every case of every pack.
std::vector<std::string> pack_cases() {
    std::vector<std::string> out;
    for (const auto& pack : packs()) {
        const fs::path root = test::source_path("forms/" + pack + "/tests/cases");
        if (!fs::exists(root)) continue;
        std::vector<std::string> files;
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() == ".json")
                files.push_back(pack + "/" + fs::relative(e.path(), root).generic_string());
        std::sort(files.begin(), files.end());
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

// "pack/NAME" for every golden packet folder of every pack.
std::vector<std::string> pack_goldens() {
    std::vector<std::string> out;
    for (const auto& pack : packs()) {
        const fs::path root = test::source_path("forms/" + pack + "/tests/golden/packet");
        if (!fs::exists(root)) continue;
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(root))
            if (e.is_directory()) names.push_back(pack + "/" + e.path().filename().string());
        std::sort(names.begin(), names.end());
        out.insert(out.end(), names.begin(), names.end());
    }
    return out;
}

std::pair<std::string, std::string> split_pack(const std::string& id) {
    const size_t slash = id.find('/');
    return {id.substr(0, slash), id.substr(slash + 1)};
}

class PackBehaviourCase : public testing::TestWithParam<std::string> {};

TEST_P(PackBehaviourCase, PlanMatches) {
    const auto [pack, rel] = split_pack(GetParam());
    const fs::path path = test::source_path("forms/" + pack + "/tests/cases/" + rel);
    const studio::CaseResult r = studio::check_case(pack_engine(pack), rel, read_text(path));
    SCOPED_TRACE(r.name);
    EXPECT_EQ(studio::case_outcome_id(r.outcome), std::string("passed")) << path << "\n" << studio::describe(r);
}

INSTANTIATE_TEST_SUITE_P(Packs, PackBehaviourCase, testing::ValuesIn(pack_cases()),
                         [](const auto& info) { return test_name(info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PackBehaviourCase);

// A pack that has cases has one for each of its rules.
TEST(PackRuleCoverage, EveryRuleOfAPackWithCasesIsAppliedByOne) {
    std::map<std::string, std::set<std::string>> applied;
    for (const auto& id : pack_cases()) {
        const auto [pack, rel] = split_pack(id);
        const studio::CaseResult r =
            studio::check_case(pack_engine(pack), rel, read_text(test::source_path("forms/" + pack + "/tests/cases/" + rel)));
        applied[pack].insert(r.rules_applied.begin(), r.rules_applied.end());
    }
    for (const auto& [pack, rules] : applied)
        for (const auto& rule : pack_engine(pack).pack().rules)
            EXPECT_TRUE(rules.count(rule.id)) << pack << ": no case in forms/" << pack << "/tests/cases applies rule " << rule.id;
}

// The template county is a pack of its own: at least a dozen cases and two golden packets, so the
// pack authors copy a folder that shows how it is tested.
TEST(PackTests, TheTemplateCountyHasItsCasesAndGoldens) {
    size_t cases = 0, goldens = 0;
    for (const auto& id : pack_cases()) cases += split_pack(id).first == "template-county";
    for (const auto& id : pack_goldens()) goldens += split_pack(id).first == "template-county";
    EXPECT_GE(cases, 12u);
    EXPECT_GE(goldens, 2u);
}

class PackGoldenPacket : public testing::TestWithParam<std::string> {};

TEST_P(PackGoldenPacket, MatchesTheCheckedInFiles) {
    const auto [pack, name] = split_pack(GetParam());
    const Engine& engine = pack_engine(pack);
    const fs::path dir = test::source_path("forms/" + pack + "/tests/golden/packet/" + name);
    const json input = json::parse(read_text(test::source_path("forms/" + pack + "/tests/examples/packet-" + name + ".json")));
    const json reply = engine.packet(input, *Date::parse(kGoldenToday));
    ASSERT_TRUE(reply["ok"].get<bool>()) << reply.dump(2);
    const json& packet = reply["packet"];
    EXPECT_EQ(packet["sha256"].get<std::string>(), sha256_hex(packet_canonical_text(packet)));
    EXPECT_EQ(packet.dump(2) + "\n", read_text(dir / "packet.json")) << "run scripts/regen-golden and review the diff";
    size_t html_files = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".html") ++html_files;
    EXPECT_EQ(html_files, packet["documents"].size());
    auto files = packet_files(engine.pack(), packet);
    ASSERT_TRUE(files.ok()) << describe(files.error());
    for (const auto& f : files.value()) {
        if (f.attachment >= 0) continue;  // the examples give digests, not files
        EXPECT_EQ(f.text, read_text(dir / f.name)) << f.name << " differs; run scripts/regen-golden and review the diff";
    }
}

INSTANTIATE_TEST_SUITE_P(Packs, PackGoldenPacket, testing::ValuesIn(pack_goldens()),
                         [](const auto& info) { return test_name(info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PackGoldenPacket);

// Completeness cases of a pack, forms/<pack>/tests/packet/*.json, in the format of tests/packet
// (packet_test.cpp): {"name", "base": an example of the pack (a path inside the pack's folder),
// "patch": a JSON merge patch, "expected": {"pointers": [every item's pointer], "complete"?,
// "clauses"?: {pointer: clause}, "documents"?: [ids]}}.
std::vector<std::string> pack_packet_cases() {
    std::vector<std::string> out;
    for (const auto& pack : packs()) {
        const fs::path root = test::source_path("forms/" + pack + "/tests/packet");
        if (!fs::exists(root)) continue;
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() == ".json") names.push_back(pack + "/" + e.path().filename().string());
        std::sort(names.begin(), names.end());
        out.insert(out.end(), names.begin(), names.end());
    }
    return out;
}

class PackPacketCase : public testing::TestWithParam<std::string> {};

TEST_P(PackPacketCase, ReportsWhatIsMissing) {
    const auto [pack, name] = split_pack(GetParam());
    const std::string folder = "forms/" + pack + "/";
    const json tc = json::parse(read_text(test::source_path(folder + "tests/packet/" + name)));
    SCOPED_TRACE(tc["name"].get<std::string>());
    json input = json::parse(read_text(test::source_path(folder + tc["base"].get<std::string>())));
    if (tc.contains("patch")) input.merge_patch(tc["patch"]);
    const json reply = pack_engine(pack).packet(input, *Date::parse(kGoldenToday));
    ASSERT_TRUE(reply["ok"].get<bool>()) << reply.dump(2);
    const json& packet = reply["packet"];
    const json& want = tc["expected"];
    const json& items = packet["completeness"]["items"];
    std::set<std::string> have, expected;
    for (const auto& i : items) {
        have.insert(i["pointer"].get<std::string>());
        EXPECT_FALSE(i["message"].get<std::string>().empty());
    }
    for (const auto& p : want.value("pointers", json::array())) expected.insert(p.get<std::string>());
    EXPECT_EQ(have, expected) << items.dump(2);
    EXPECT_EQ(packet["completeness"]["complete"], want.value("complete", expected.empty()));
    const json clauses = want.value("clauses", json::object());
    for (auto it = clauses.begin(); it != clauses.end(); ++it) {
        bool found = false;
        for (const auto& i : items) found = found || (i["pointer"] == it.key() && i["clause"] == it.value());
        EXPECT_TRUE(found) << it.key() << " should cite " << it.value() << ": " << items.dump(2);
    }
    if (want.contains("documents")) {
        json ids = json::array();
        for (const auto& d : packet["documents"]) ids.push_back(d["id"]);
        EXPECT_EQ(ids, want["documents"]);
    }
}

INSTANTIATE_TEST_SUITE_P(Packs, PackPacketCase, testing::ValuesIn(pack_packet_cases()),
                         [](const auto& info) { return test_name(info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PackPacketCase);

// Whatever an official types is shown as text in every pack's documents: its template never emits a
// raw value, and every typed text of its examples, poisoned with markup, comes out escaped.
TEST(PackDocuments, EveryPackEscapesWhatOfficialsType) {
    const std::vector<std::string> payloads = {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"};
    for (const auto& pack : packs()) {
        const Engine& engine = pack_engine(pack);
        const std::string& t = engine.pack().document_template;
        EXPECT_EQ(t.find("{{{"), std::string::npos) << pack;
        EXPECT_EQ(t.find("{{&"), std::string::npos) << pack;
        EXPECT_EQ(t.find("{{="), std::string::npos) << pack << ": changing delimiters would hide raw tags from this check";
        const fs::path examples = test::source_path("forms/" + pack + "/tests/examples");
        if (!fs::exists(examples)) continue;
        for (const auto& e : fs::directory_iterator(examples)) {
            if (e.path().extension() != ".json") continue;
            for (const auto& payload : payloads) {
                json input = json::parse(read_text(e.path()));
                auto poison = [&](auto&& self, json& v, const std::string& path) -> void {
                    if (v.is_object()) {
                        for (auto it = v.begin(); it != v.end(); ++it) self(self, it.value(), path + "/" + it.key());
                    } else if (v.is_array()) {
                        for (auto& x : v) self(self, x, path + "/*");
                    } else if (v.is_string()) {
                        static const std::set<std::string> kept = {"/schema", "/sender", "/receiver", "/action", "/sent_on",
                                                                   "/approval/date", "/parties/*/kind", "/attachments/*/kind",
                                                                   "/attachments/*/sha256"};
                        if (path.rfind("/case", 0) == 0 || kept.count(path)) return;
                        v = v.get<std::string>() + payload;
                    }
                };
                poison(poison, input, "");
                const json reply = engine.packet(input, *Date::parse(kGoldenToday));
                ASSERT_TRUE(reply["ok"].get<bool>()) << e.path() << reply.dump(2);
                const json& packet = reply["packet"];
                ASSERT_FALSE(packet["documents"].empty()) << e.path();
                for (size_t i = 0; i < packet["documents"].size(); ++i) {
                    auto html = render_document(engine.pack(), packet, i);
                    ASSERT_TRUE(html.ok()) << describe(html.error());
                    EXPECT_EQ(html.value().find(payload), std::string::npos) << e.path() << " " << payload;
                    EXPECT_EQ(html.value().find("<script"), std::string::npos) << e.path();
                    EXPECT_EQ(html.value().find("<img"), std::string::npos) << e.path();
                }
            }
        }
    }
}

}  // namespace
