// The trust the web module places in the build's check of its built-in pack (issue #28) is narrow:
// only the text checks (quotes verbatim, quotes within their clauses, the sentence ledger) are skipped,
// only for the exact bytes the build checked, and only when the loader is given that digest. Any other
// bytes — a pack from a folder, a file, an edited copy — are checked in full.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.h"

using namespace referral;

namespace {
std::string first_error(const std::vector<Error>& errors) { return errors.empty() ? "" : describe(errors.front()); }
}  // namespace

TEST(PackTrust, TheBuildsDigestIsTheEnginesDigestOfTheEmbeddedText) {
    // cmake/pack_digest.py (at build time) and pack_text_sha256 (at run time) agree byte for byte.
    EXPECT_EQ(pack_text_sha256(embedded_pack_files()), embedded_pack_text_sha256());
    EXPECT_EQ(embedded_pack_text_sha256().size(), 64u);
}

TEST(PackTrust, TheBuiltInPackWithItsDigestSkipsOnlyTheTextChecks) {
    std::vector<Error> errors;
    auto trusted = load_pack(embedded_pack_files(), &errors, LoadOptions{embedded_pack_text_sha256()});
    ASSERT_TRUE(trusted.ok()) << first_error(errors);
    EXPECT_TRUE(trusted.value().text_checked_at_build);
    EXPECT_TRUE(trusted.value().sentences.empty());  // the ledger is the studio's and the CLI's, checked in full

    auto full = load_pack(embedded_pack_files(), &errors);
    ASSERT_TRUE(full.ok()) << first_error(errors);
    EXPECT_FALSE(full.value().text_checked_at_build);
    EXPECT_FALSE(full.value().sentences.empty());
    // The same rules either way: the trusted load plans as the full one.
    EXPECT_EQ(trusted.value().rules.size(), full.value().rules.size());
}

TEST(PackTrust, BytesThatDifferFromTheCheckedOnesAreCheckedInFull) {
    // A quote the rules cite, taken out of the document: with the built-in digest offered, the pack is
    // not the one the build checked, so the quote is looked for and missed.
    PackFiles files = embedded_pack_files();
    const std::string quote = "应在 5 个工作日内移送有管辖权的一方处理";
    std::string& doc = files.at("document.md");
    const size_t at = doc.find(quote);
    ASSERT_NE(at, std::string::npos) << "the test's quote must be in the document";
    doc.replace(at, quote.size(), "应及时移送有管辖权的一方处理");
    std::vector<Error> errors;
    auto pack = load_pack(files, &errors, LoadOptions{embedded_pack_text_sha256()});
    ASSERT_FALSE(pack.ok());
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const Error& e) { return e.code == ErrorCode::kQuoteNotFound; }))
        << first_error(errors);

    // One byte of a rule's wording is enough: a trusted digest never covers an edited rules.json.
    PackFiles edited = embedded_pack_files();
    edited.at("rules.json") += " ";
    auto again = load_pack(edited, &errors, LoadOptions{embedded_pack_text_sha256()});
    ASSERT_TRUE(again.ok()) << first_error(errors);
    EXPECT_FALSE(again.value().text_checked_at_build);
}

TEST(PackTrust, AnEditedTemplateIsParsedOnLoadUnderTheBuiltInDigest) {
    // The template's mustache is not parsed at load for the bytes the build checked; any other bytes are.
    PackFiles files = embedded_pack_files();
    const std::string name = "document.html.mustache";
    ASSERT_TRUE(files.count(name)) << "the built-in pack's template";
    files.at(name) += "{{#unclosed}}";
    std::vector<Error> errors;
    auto pack = load_pack(files, &errors, LoadOptions{embedded_pack_text_sha256()});
    ASSERT_FALSE(pack.ok());
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const Error& e) { return e.file == "documents.json" && e.path == "/template"; }))
        << first_error(errors);
}

TEST(PackTrust, AnOfficesCatalogueIsCheckedInFullUnderTheTrustedText) {
    // The catalogue is not part of the text's digest (an office replaces it): the text stays trusted,
    // the catalogue is read and checked as always.
    PackFiles files = embedded_pack_files();
    json catalogue = json::parse(files.at("catalogue.json"));
    catalogue["items"][0]["devolved_from"] = "not a date";
    files.at("catalogue.json") = catalogue.dump();
    std::vector<Error> errors;
    auto pack = load_pack(files, &errors, LoadOptions{embedded_pack_text_sha256()});
    ASSERT_FALSE(pack.ok());
    EXPECT_EQ(errors.front().file, "catalogue.json") << first_error(errors);
}

// The text the build checked is parsed without the pass over its encoding and nesting depth
// (parse_checked_json); everything else keeps it. An office's catalogue under the trusted text, and
// the text itself once its bytes differ from the checked ones, are refused for bytes that are not UTF-8.
TEST(PackTrust, TheEncodingPassIsSkippedForTheCheckedTextAlone) {
    const std::string bad = "\xC3\x28";  // a lead byte without its continuation
    PackFiles office = embedded_pack_files();
    json catalogue = json::parse(office.at("catalogue.json"));
    catalogue["items"][0]["name"] = "X";
    std::string text = catalogue.dump();
    text.replace(text.find("\"X\""), 3, "\"" + bad + "\"");
    office.at("catalogue.json") = text;
    std::vector<Error> errors;
    ASSERT_FALSE(load_pack(office, &errors, LoadOptions{embedded_pack_text_sha256()}).ok());
    EXPECT_EQ(errors.front().code, ErrorCode::kBadEncoding) << first_error(errors);
    EXPECT_EQ(errors.front().file, "catalogue.json");

    PackFiles edited = embedded_pack_files();
    std::string& rules = edited.at("rules.json");
    const size_t quote = rules.find("\"quote\":\"");
    ASSERT_NE(quote, std::string::npos) << "the built-in rules quote their clauses";
    rules.insert(quote + 9, bad);
    ASSERT_NE(pack_text_sha256(edited), embedded_pack_text_sha256());
    ASSERT_FALSE(load_pack(edited, &errors, LoadOptions{embedded_pack_text_sha256()}).ok());
    EXPECT_EQ(errors.front().code, ErrorCode::kBadEncoding) << first_error(errors);
    EXPECT_EQ(errors.front().file, "rules.json");
}
