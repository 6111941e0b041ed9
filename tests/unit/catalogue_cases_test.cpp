// Behaviour cases under an imported catalogue (tests/catalogue-cases): the same matter routes
// differently when the office's list devolves, does not devolve or has taken back the item, and
// every plan names the catalogue that decided and cites the row its handler turned on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "import/catalogue.h"
#include "core/sha256.h"
#include "studio_model/case_check.h"
#include "test_support.h"

using namespace referral;
namespace fs = std::filesystem;

namespace {

const char* kDir = "tests/catalogue-cases";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The bundled engine with its catalogue replaced by office-list.csv, imported as the CLI does.
const Engine& imported() {
    static const Engine engine = [] {
        const std::string csv = read(test::source_path(std::string(kDir) + "/office-list.csv"));
        CatalogueImport r = import_catalogue(parse_csv(csv), test::bundled().pack(), "office-list.csv", {},
                                             CatalogueSource{"office-list.csv", sha256_hex(csv), "2026-11-27"});
        if (!r.ok) test::die("office-list.csv does not import: " + row_errors_json(r.errors).dump());
        auto e = Engine::load_with_office_data(embedded_pack_files(), embedded_calendar_files(), {{"catalogue", r.catalogue}});
        if (!e.ok()) test::die(describe(e.error()));
        return std::move(e).value();
    }();
    return engine;
}

std::vector<std::string> case_files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(test::source_path(kDir)))
        if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string test_name(const std::string& file) {
    std::string n;
    for (char c : file) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

}  // namespace

class ImportedCatalogueCase : public testing::TestWithParam<std::string> {};

TEST_P(ImportedCatalogueCase, RoutesByTheImportedListAndCitesItsRow) {
    json tc = json::parse(read(test::source_path(std::string(kDir) + "/" + GetParam())));
    SCOPED_TRACE(tc["name"].get<std::string>());
    const json bundled_handler = tc["bundled_handler"];
    const json want_row = tc["catalogue_row"];
    tc.erase("bundled_handler");
    tc.erase("catalogue_row");

    // Under the imported list: the case's expectations (the shared checker of tests/cases).
    const studio::CaseResult r = studio::check_case(imported(), GetParam(), tc.dump());
    EXPECT_EQ(studio::case_outcome_id(r.outcome), std::string("passed")) << studio::describe(r);

    // The plan names the imported catalogue and cites the row.
    const json plan = imported().plan(tc["input"])["plan"];
    ASSERT_TRUE(plan.is_object());
    EXPECT_EQ(plan["catalogue"]["title"], "office-list.csv");
    EXPECT_EQ(plan["catalogue"]["sample"], false);
    EXPECT_EQ(plan["catalogue"]["source"]["file"], "office-list.csv");
    EXPECT_EQ(plan["catalogue"]["source"]["sha256"], sha256_hex(read(test::source_path(std::string(kDir) + "/office-list.csv"))));
    EXPECT_EQ(plan["catalogue"]["items"], 3);
    if (want_row.is_null()) {
        EXPECT_FALSE(plan["handler"].contains("catalogue_row")) << plan["handler"].dump(2);
    } else {
        ASSERT_TRUE(plan["handler"].contains("catalogue_row")) << plan["handler"].dump(2);
        for (const auto& [k, v] : want_row.items()) EXPECT_EQ(plan["handler"]["catalogue_row"][k], v) << k;
    }

    // The same matter under the bundled sample (its item found by name) goes elsewhere.
    const Engine& b = test::bundled();
    const CatalogueItem* mine = imported().pack().item(tc["input"]["item"]);
    ASSERT_NE(mine, nullptr);
    json input = tc["input"];
    for (const auto& i : b.pack().catalogue)
        if (i.name == mine->name) input["item"] = i.id;
    ASSERT_NE(input["item"], tc["input"]["item"]) << "no item of that name in the sample catalogue";
    const json sample_plan = b.plan(input)["plan"];
    EXPECT_EQ(sample_plan["handler"]["authority"], bundled_handler);
    EXPECT_NE(sample_plan["handler"]["authority"], plan["handler"]["authority"]) << "the import must change the handler";
    EXPECT_EQ(sample_plan["catalogue"]["sample"], true);
    EXPECT_EQ(sample_plan["catalogue"]["title"], b.pack().catalogue_info.title);
    EXPECT_NE(sample_plan["catalogue"]["sha256"], plan["catalogue"]["sha256"]);
    EXPECT_FALSE(sample_plan["catalogue"].contains("source"));
    if (sample_plan["handler"].contains("catalogue_row")) {
        EXPECT_FALSE(sample_plan["handler"]["catalogue_row"].contains("row")) << "the sample has no spreadsheet rows";
    }
}

INSTANTIATE_TEST_SUITE_P(Imported, ImportedCatalogueCase, testing::ValuesIn(case_files()),
                         [](const auto& info) { return test_name(info.param); });

TEST(CatalogueInPlans, TheBundledSampleIsNamedWithTheDigestOfItsContentWhateverItsLayout) {
    const Engine& b = test::bundled();
    const CatalogueInfo& info = b.pack().catalogue_info;
    EXPECT_TRUE(info.sample);
    EXPECT_FALSE(info.title.empty());
    // The pretty file in forms/ and the whitespace-free copy compiled in are the same list.
    const std::string pretty = read(test::source_path("forms/qidong-2020-38/catalogue.json"));
    const std::string compiled = embedded_pack_files().at("catalogue.json");
    EXPECT_NE(pretty, compiled);
    EXPECT_EQ(info.sha256, sha256_hex(json::parse(pretty, nullptr, false).dump()));
    EXPECT_EQ(info.sha256, sha256_hex(json::parse(compiled, nullptr, false).dump()));
    EXPECT_EQ(info.items, b.pack().catalogue.size());
}

TEST(CatalogueInPlans, NoRowIsCitedWhenTheCaseStatesDevolvedItself) {
    // An item outside the catalogue with `devolved` answered: the catalogue decided nothing.
    const json plan = test::bundled().plan(json{{"date", "2026-03-02T09:30:00+08:00"}, {"finder", "dept"}, {"town", "haifu"},
                                               {"dept", "ecology"}, {"category", "licensed_violation"}, {"devolved", true},
                                               {"source", "supervision"}, {"verification", "violation"}})["plan"];
    ASSERT_TRUE(plan["handler"].is_object()) << plan.dump(2);
    EXPECT_FALSE(plan["handler"].contains("catalogue_row"));
    EXPECT_TRUE(plan.contains("catalogue"));
}

// The office's data over the bundled pack, as the page's configure() and the CLI's --catalogue give
// it: a year of its own takes the place of the bundled one; members of the wrong type are errors
// that name them; {} is the bundled engine.
TEST(OfficeData, AYearReplacesTheBundledOneAndWrongMembersAreNamed) {
    json year = json::parse(read(test::source_path("forms/calendars/2026.json")));
    year["holidays"] = json::array({{{"name", "测试假日"}, {"dates", {"2026-03-09"}}}});  // a Monday
    year["workdays"] = json::array();
    auto e = Engine::load_with_office_data(embedded_pack_files(), embedded_calendar_files(), {{"calendars", json::array({year})}});
    ASSERT_TRUE(e.ok()) << describe(e.error());
    EXPECT_EQ(e.value().workdays("2026-03-06", 1)["due"], "2026-03-10");  // Friday + 1 skips the office's holiday
    EXPECT_EQ(test::bundled().workdays("2026-03-06", 1)["due"], "2026-03-09");
    // A plan counted through that year says it was the office's own; the bundled engine's says not.
    const json facts = {{"date", "2026-03-06T09:30:00+08:00"}, {"finder", "dept"}, {"dept", "market"}, {"town", "huilong"}, {"item", "market-food-unlicensed"},
                        {"source", "patrol"}};
    const json office_plan = e.value().plan(facts)["plan"], bundled_plan = test::bundled().plan(facts)["plan"];
    ASSERT_EQ(office_plan["calendar"].size(), 1u) << office_plan.dump(2);
    EXPECT_EQ(office_plan["calendar"][0]["year"], 2026);
    EXPECT_EQ(office_plan["calendar"][0]["office"], true);
    ASSERT_EQ(bundled_plan["calendar"].size(), 1u);
    EXPECT_EQ(bundled_plan["calendar"][0]["office"], false);

    EXPECT_TRUE(Engine::no_office_data(json::object()));
    EXPECT_TRUE(Engine::no_office_data({{"calendars", json::array()}}));
    EXPECT_FALSE(Engine::no_office_data({{"calendars", json::array({year})}}));
    EXPECT_FALSE(Engine::no_office_data(json::array()));
    auto same = Engine::load_with_office_data(embedded_pack_files(), embedded_calendar_files(), json::object());
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same.value().describe_pack().dump(), test::bundled().describe_pack().dump());

    std::vector<Error> errors;
    auto bad = Engine::load_with_office_data(embedded_pack_files(), embedded_calendar_files(),
                                             {{"catalogue", "list.csv"}, {"calendars", json::array({year, {{"year", "2027"}}})}}, &errors);
    ASSERT_FALSE(bad.ok());
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].path, "/catalogue");
    EXPECT_EQ(errors[1].path, "/calendars/1/year");
    errors.clear();
    EXPECT_FALSE(Engine::load_with_office_data(embedded_pack_files(), embedded_calendar_files(), json::array(), &errors).ok());
    EXPECT_EQ(errors.size(), 1u);
}
