// A pack in one file (#24: packs without a rebuild): `referral pack-file DIR` writes it, `--pack FILE`
// reads it; the file carries every file of the pack and their SHA-256, and is refused with its pointer
// when damaged. The pack inside is then loaded and checked in full like a folder.
#include <gtest/gtest.h>

#include <algorithm>

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
