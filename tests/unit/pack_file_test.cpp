// A pack in one file (#24: packs without a rebuild): `referral pack-file DIR` writes it, `--pack FILE`
// reads it; the file carries every file of the pack and their SHA-256, and is refused with its pointer
// when damaged. The pack inside is then loaded and checked in full like a folder.
#include <gtest/gtest.h>

#include <algorithm>

#include "host/folder.h"
#include "test_support.h"

using namespace referral;

namespace {
std::string pack_file_text() { return pack_file_json(embedded_pack_files(), test::bundled().pack().meta).dump(); }
bool has_error(const std::vector<Error>& errors, ErrorCode code, const std::string& path) {
    return std::any_of(errors.begin(), errors.end(), [&](const Error& e) { return e.code == code && e.path == path; });
}
}  // namespace

TEST(PackFile, RoundTripGivesTheSameFilesAndTheSamePlans) {
    const json doc = json::parse(pack_file_text());
    EXPECT_EQ(doc["schema"], "referral-pack-file/1");
    EXPECT_EQ(doc["pack"], test::bundled().pack().meta.id);
    EXPECT_EQ(doc["number"], test::bundled().pack().meta.number);  // named with its 文号 for people
    std::vector<Error> errors;
    auto files = read_pack_file(pack_file_text(), &errors);
    ASSERT_TRUE(files.ok()) << describe(errors.front());
    EXPECT_EQ(files.value(), embedded_pack_files());
    auto engine = Engine::load(files.value(), embedded_calendar_files(), &errors);
    ASSERT_TRUE(engine.ok());
    EXPECT_FALSE(engine.value().pack().text_checked_at_build);  // a pack from a file is checked in full
}

TEST(PackFile, ADamagedFileIsRefusedWithItsPointer) {
    std::vector<Error> errors;
    json doc = json::parse(pack_file_text());
    // One character of a rule changed, the digest left: the files do not match it.
    std::string rules = doc["files"]["rules.json"];
    rules[rules.find("5")] = '3';
    doc["files"]["rules.json"] = rules;
    EXPECT_FALSE(read_pack_file(doc.dump(), &errors).ok());
    EXPECT_TRUE(has_error(errors, ErrorCode::kInvalidValue, "/sha256")) << describe(errors.front());

    json named = json::parse(pack_file_text());
    named["files"]["../rules.json"] = "{}";
    EXPECT_FALSE(read_pack_file(named.dump(), &errors).ok());
    EXPECT_TRUE(has_error(errors, ErrorCode::kInvalidValue, "/files/..~1rules.json")) << describe(errors.front());

    json other = json::parse(pack_file_text());
    other["schema"] = "referral-case/1";
    EXPECT_FALSE(read_pack_file(other.dump(), &errors).ok());
    EXPECT_TRUE(has_error(errors, ErrorCode::kSchemaMismatch, "/schema"));

    EXPECT_FALSE(read_pack_file("{\"schema\": \"referral-pack-file/1\", \"files\": ", &errors).ok());
    EXPECT_FALSE(errors.empty());
}

// Engine::load_pack_file: what the page's usePack() loads (wasm/bindings.cpp). The template county's
// pack as a file, checked in full, with the office's data over it; a damaged file or a bad pack inside
// a good file refused with every problem's file and pointer.
namespace {
std::string template_county_file() {
    auto files = read_folder(test::source_path("forms/template-county"));
    if (!files.ok()) test::die(describe(files.error()));
    auto pack = load_pack(files.value());
    if (!pack.ok()) test::die(describe(pack.error()));
    return pack_file_json(files.value(), pack.value().meta).dump();
}
}  // namespace

TEST(PackFile, LoadPackFileChecksThePackInFullUnderTheOfficeData) {
    std::vector<Error> errors;
    auto e = Engine::load_pack_file(template_county_file(), embedded_calendar_files(), json::object(), &errors);
    ASSERT_TRUE(e.ok()) << describe(errors.front());
    EXPECT_EQ(e.value().pack().meta.id, "template-county");
    EXPECT_FALSE(e.value().pack().text_checked_at_build);
    EXPECT_EQ(e.value().pack_summary(), e.value().describe_pack()["pack"]);
    EXPECT_EQ(e.value().pack_summary()["number"], e.value().pack().meta.number);

    // The office's years lay over it as over the built-in pack; a member of the wrong type is named.
    const json year = json::parse(embedded_calendar_files().at("2026.json"));
    auto with_year = Engine::load_pack_file(template_county_file(), embedded_calendar_files(), {{"calendars", json::array({year})}}, &errors);
    ASSERT_TRUE(with_year.ok()) << describe(errors.front());
    EXPECT_FALSE(Engine::load_pack_file(template_county_file(), embedded_calendar_files(), {{"catalogue", 3}}, &errors).ok());
    EXPECT_TRUE(has_error(errors, ErrorCode::kWrongType, "/catalogue"));
}

TEST(PackFile, LoadPackFileRefusesADamagedFileAndABadPackInsideAGoodOne) {
    std::vector<Error> errors;
    json doc = json::parse(template_county_file());
    std::string rules = doc["files"]["rules.json"];
    rules[rules.find("3")] = '4';
    doc["files"]["rules.json"] = rules;
    EXPECT_FALSE(Engine::load_pack_file(doc.dump(), embedded_calendar_files(), json::object(), &errors).ok());
    EXPECT_TRUE(has_error(errors, ErrorCode::kInvalidValue, "/sha256"));

    EXPECT_FALSE(Engine::load_pack_file("{\"schema\": ", embedded_calendar_files(), json::object(), &errors).ok());
    ASSERT_FALSE(errors.empty());

    // A file whose digest is right but whose pack is wrong: the pack's own check names the file.
    PackFiles files;
    for (auto it = doc["files"].begin(); it != doc["files"].end(); ++it) files[it.key()] = it->get<std::string>();
    files["rules.json"] = "{";
    json wrong = json::parse(template_county_file());
    wrong["files"]["rules.json"] = "{";
    wrong["sha256"] = pack_files_sha256(files);
    EXPECT_FALSE(Engine::load_pack_file(wrong.dump(), embedded_calendar_files(), json::object(), &errors).ok());
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const Error& e) { return e.file == "rules.json"; }))
        << describe(errors.front());
}
