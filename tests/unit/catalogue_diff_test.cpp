// The studio's catalogue diff (src/studio_model/catalogue_diff.h): the office's list of
// tests/catalogue-cases against the bundled sample — items changed, added, removed, and the
// behaviour cases of tests/cases whose handler changes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "import/catalogue.h"
#include "studio_model/catalogue_diff.h"
#include "test_support.h"

using namespace referral;

namespace {
Engine imported_engine(const std::string& csv_text, const std::string& title) {
    CatalogueImport r = import_catalogue(parse_csv(csv_text), test::bundled().pack(), title);
    if (!r.ok) test::die(title + " does not import: " + row_errors_json(r.errors).dump());
    PackFiles files = embedded_pack_files();
    files["catalogue.json"] = r.catalogue.dump(2);
    auto e = Engine::load(files, embedded_calendar_files());
    if (!e.ok()) test::die(describe(e.error()));
    return std::move(e).value();
}
std::string read(const std::string& relative) {
    std::ifstream in(test::source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST(CatalogueDiff, TheOfficeListAgainstTheSample) {
    const Engine office = imported_engine(read("tests/catalogue-cases/office-list.csv"), "office-list.csv");
    auto cases = studio::read_case_folder(test::source_path("tests/cases"));
    ASSERT_TRUE(cases.ok());
    const studio::CatalogueDiff d = studio::diff_catalogues(test::bundled(), office, cases.value());
    EXPECT_EQ(d.changed, 3u);
    EXPECT_EQ(d.added, 0u);
    EXPECT_EQ(d.unchanged, 0u);
    EXPECT_EQ(d.removed, test::bundled().pack().catalogue.size() - 3);
    ASSERT_GE(d.changes.size(), 3u);
    EXPECT_EQ(d.changes[0].kind, "changed");
    EXPECT_EQ(d.changes[0].id, "item-e-01");
    EXPECT_EQ(d.changes[0].was_id, "emergency-fireworks-retail-violation");
    EXPECT_EQ(d.changes[0].row, 2);
    EXPECT_EQ(d.changes[0].fields, (std::vector<std::string>{"devolved", "devolved_from"}));
    EXPECT_EQ(d.changes[1].was_id, "ecology-discharge-over-permit");
    EXPECT_EQ(d.changes[1].fields, (std::vector<std::string>{"devolved", "devolved_from"}));
    EXPECT_EQ(d.changes[2].was_id, "market-food-unlicensed");
    EXPECT_EQ(d.changes[2].fields, (std::vector<std::string>{"revoked_from"}));
    EXPECT_EQ(d.changes.back().kind, "removed");

    // The two cases of tests/cases on the changed items change their handler; the list has none of
    // most cases' items, and those cases cannot be planned under it ("").
    auto find = [&](const std::string& id) -> const studio::HandlerChange* {
        for (const auto& c : d.cases)
            if (c.case_id == id) return &c;
        return nullptr;
    };
    const auto* fireworks = find("二一1/dept-finds-licensee-breach-devolved-national-day-2026.json");
    ASSERT_NE(fireworks, nullptr);
    EXPECT_EQ(fireworks->before, "town:lvsigang");
    EXPECT_EQ(fireworks->after, "dept:emergency");
    const auto* discharge = find("二一1/dept-finds-licensee-breach-not-devolved.json");
    ASSERT_NE(discharge, nullptr);
    EXPECT_EQ(discharge->before, "dept:ecology");
    EXPECT_EQ(discharge->after, "town:haifu");
}

TEST(CatalogueDiff, TheSampleAgainstItselfHasNoDifference) {
    const studio::CatalogueDiff d = studio::diff_catalogues(test::bundled(), test::bundled(), {});
    EXPECT_TRUE(d.changes.empty());
    EXPECT_EQ(d.unchanged, test::bundled().pack().catalogue.size());
    EXPECT_TRUE(d.cases.empty());
}
