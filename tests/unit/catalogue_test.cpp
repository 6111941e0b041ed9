// The catalogue importer: a 60-item list in the city's table shape (tests/import/catalogue-city.csv,
// columns 序号/职权名称/实施依据/原实施部门/承接主体/赋权时间/收回日期 …), the template's shape, and
// bad rows each reported with row and column.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "import/catalogue.h"
#include "test_support.h"

using namespace referral;

namespace {
std::string read(const std::string& relative) {
    std::ifstream in(test::source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
CatalogueImport import_file(const std::string& name, const std::map<int, std::string>& categories = {}) {
    return import_catalogue(parse_csv(read("tests/import/" + name)), test::bundled().pack(), name, categories);
}
std::string all_errors(const CatalogueImport& r) {
    std::string s;
    for (const auto& e : r.errors) s += std::to_string(e.row) + " " + e.column + " " + e.code + " " + e.message + "\n";
    return s;
}
// The pack with its catalogue replaced by `catalogue` (what --catalogue does).
Result<Pack> pack_with(const json& catalogue) {
    PackFiles files = embedded_pack_files();
    files["catalogue.json"] = catalogue.dump();
    std::vector<Error> errors;
    return load_pack(files, &errors);
}
}  // namespace

TEST(Catalogue, CityListImportsWithMappingAndInferredCategories) {
    // The expected categories, departments and devolution of each row (from the sample catalogue the
    // list was drawn from). Every name is covered by a rule of category-rules.json (#26: an office is
    // asked only for what the name does not tell), and each inferred category must be the expected
    // one; `overrides` holds the official's choices for any row no rule covers (none today).
    const json expected = json::parse(read("tests/import/catalogue-city.expected.json"));
    std::map<int, std::string> chosen;
    for (const auto& [row, category] : expected["overrides"].items()) chosen[std::stoi(row)] = category.get<std::string>();
    const CatalogueImport r = import_file("catalogue-city.csv", chosen);
    ASSERT_TRUE(r.ok) << all_errors(r);
    EXPECT_EQ(r.items, 60);
    EXPECT_EQ(r.inferred, 60 - static_cast<int>(chosen.size()));
    EXPECT_EQ(r.revoked, 2);
    EXPECT_EQ(r.mapping.at("name"), "职权名称");
    EXPECT_EQ(r.mapping.at("dept"), "原实施部门");
    EXPECT_EQ(r.mapping.at("statute"), "实施依据");
    EXPECT_EQ(r.mapping.at("towns"), "承接主体");
    EXPECT_EQ(r.mapping.at("devolved_from"), "赋权时间");
    EXPECT_EQ(r.mapping.at("revoked_from"), "收回日期");
    EXPECT_EQ(r.mapping.at("id"), "序号");
    EXPECT_EQ(r.ignored_columns, (std::vector<std::string>{"职权类型"}));
    const json& items = r.catalogue["items"];
    ASSERT_EQ(items.size(), expected["expected"].size());
    for (size_t i = 0; i < items.size(); ++i) {
        const json& want = expected["expected"][i];
        SCOPED_TRACE(items[i]["name"].get<std::string>());
        EXPECT_EQ(items[i]["row"], want["row"]);
        EXPECT_EQ(items[i]["category"], want["category"]);
        EXPECT_EQ(items[i]["dept"], want["dept"]);
        EXPECT_EQ(items[i]["devolved"], want["devolved"]);
        if (want["devolved"].get<bool>()) {
            EXPECT_EQ(items[i]["devolved_from"], "2021-01-28");  // four date formats
        }
    }
    // The result is a catalogue the pack loader accepts, revocations included.
    auto pack = pack_with(r.catalogue);
    ASSERT_TRUE(pack.ok()) << describe(pack.error());
    EXPECT_EQ(pack.value().catalogue.size(), 60u);
    EXPECT_FALSE(pack.value().catalogue_is_sample);
    int revoked = 0;
    for (const auto& item : pack.value().catalogue) revoked += item.revoked_from.has_value();
    EXPECT_EQ(revoked, 2);
}

TEST(Catalogue, NamesNoRuleCoversAreAskedForRowByRowNotGuessed) {
    // Two names no rule covers: each is a row error the page turns into a question (field "category",
    // with the item's name, so a choice survives a corrected file); the third row is inferred.
    const std::string csv = "事项名称,业务主管部门,是否赋权镇\n违反规定的其他行为,城市管理局,否\n未经批准临时占用城市道路,城市管理局,否\n其他违法行为,城市管理局,否\n";
    const CatalogueImport r = import_catalogue(parse_csv(csv), test::bundled().pack(), "a.csv", {});
    ASSERT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 2u) << all_errors(r);
    EXPECT_EQ(r.errors[0].row, 2);
    EXPECT_EQ(r.errors[0].field, "category");
    EXPECT_EQ(r.errors[0].name, "违反规定的其他行为");
    EXPECT_EQ(r.errors[1].name, "其他违法行为");
    const CatalogueImport chosen = import_catalogue(parse_csv(csv), test::bundled().pack(), "a.csv", {{2, "liability_without_licence"}, {4, "prohibited"}});
    EXPECT_TRUE(chosen.ok) << all_errors(chosen);
}

// Each kind of bad row with its row (header = 1) and column as written in the file.
TEST(Catalogue, EveryBadRowIsReportedWithRowAndColumn) {
    const CatalogueImport r = import_file("catalogue-bad.csv");
    ASSERT_FALSE(r.ok);
    struct Want { int row; const char* column; const char* code; };
    const Want want[] = {
        {3, "事项名称", "missing_field"},        // empty name
        {4, "业务主管部门", "unknown_reference"}, // 启东市水利局 is no department of the pack
        {5, "赋权日期", "invalid_date"},         // 2021-02-30
        {6, "事项名称", "duplicate_id"},         // the same item as row 2
        {7, "是否赋权镇", "invalid_value"},      // “可能”
        {8, "收回日期", "invalid_value"},        // taken back before it was devolved
        {9, "类别", "missing_field"},            // 违反规定的其他行为: no rule infers a category
    };
    ASSERT_EQ(r.errors.size(), std::size(want)) << all_errors(r);
    for (size_t i = 0; i < std::size(want); ++i) {
        EXPECT_EQ(r.errors[i].row, want[i].row) << i;
        EXPECT_EQ(r.errors[i].column, want[i].column) << i;
        EXPECT_EQ(r.errors[i].code, want[i].code) << i;
    }
    EXPECT_TRUE(r.catalogue.is_null());  // nothing half-imported
}

TEST(Catalogue, TemplateShapeWithLabelsYesNoAndDateForms) {
    const CatalogueImport r = import_file("catalogue-template-shape.csv");
    ASSERT_TRUE(r.ok) << all_errors(r);
    const json& items = r.catalogue["items"];
    ASSERT_EQ(items.size(), 8u);
    struct Want { const char* id; const char* dept; const char* category; bool devolved; const char* from; const char* back; };
    const Want want[] = {
        {"item-m-01", "market", "unlicensed", true, "2021-01-28", ""},
        {"item-m-02", "market", "prohibited", true, "2021-01-28", ""},              // √, 2021/1/28
        {"item-w-01", "water", "prohibited", true, "2021-01-28", "2024-07-01"},     // 1, 2021年1月28日, 收回
        {"item-w-02", "water", "unlicensed", true, "2021-01-28", ""},               // Excel serial 44224; inferred
        {"item-u-01", "urban", "liability_without_licence", true, "2021-01-28", ""},
        {"item-u-02", "urban", "unlicensed", false, "", ""},                        // 0; inferred
        {"item-h-01", "housing", "qualification", false, "", ""},                   // ×, 资格、资质类
        {"item-h-02", "housing", "overdue_obligation", false, "", ""},              // 否; inferred
    };
    for (size_t i = 0; i < std::size(want); ++i) {
        SCOPED_TRACE(want[i].id);
        EXPECT_EQ(items[i]["id"], want[i].id);
        EXPECT_EQ(items[i]["dept"], want[i].dept);
        EXPECT_EQ(items[i]["category"], want[i].category);
        EXPECT_EQ(items[i]["devolved"], want[i].devolved);
        EXPECT_EQ(items[i].value("devolved_from", ""), want[i].from);
        EXPECT_EQ(items[i].value("revoked_from", ""), want[i].back);
    }
    EXPECT_EQ(items[0]["licensed_by"], "approval");  // 行政审批局
    EXPECT_EQ(items[0]["keywords"], json::parse(R"(["食品","无证经营","小餐饮"])"));
    EXPECT_EQ(items[5]["keywords"], json::parse(R"(["户外广告","招牌"])"));  // quoted cell
    EXPECT_NE(items[3]["note"].get<std::string>().find("二(一)2"), std::string::npos);  // the inference cites its rule
    EXPECT_EQ(r.inferred, 3);
}

// Issue #25: dates outside the engine's years, cells that are no dates, a control character in a
// cell and a recognised column written twice are each refused with their row and column.
TEST(Catalogue, HostileCellsAreRefusedWithRowAndColumn) {
    const auto base = parse_csv(read("tests/import/catalogue-template-shape.csv"));
    ASSERT_EQ(base[0][5], "赋权日期");
    struct Row { const char* value; const char* fragment; };
    const Row dates[] = {{"0000-01-01", "年份不在 1900–2200 之间"}, {"9999-12-31", "年份不在 1900–2200 之间"},
                         {"2201-01-01", "年份不在 1900–2200 之间"}, {"-1", "不是日期"}, {"99999999", "不是日期"},
                         {"2021--1-28", "不是日期"}, {"2021/1/28/", "不是日期"}, {"2958466", "不是日期"}};
    for (const auto& d : dates) {
        auto rows = base;
        rows[1][5] = d.value;
        const CatalogueImport r = import_catalogue(rows, test::bundled().pack(), "t");
        ASSERT_FALSE(r.ok) << d.value;
        ASSERT_EQ(r.errors.size(), 1u) << d.value << ": " << all_errors(r);
        EXPECT_EQ(r.errors[0].row, 2);
        EXPECT_EQ(r.errors[0].column, "赋权日期");
        EXPECT_EQ(r.errors[0].code, "invalid_date");
        EXPECT_NE(r.errors[0].message.find(d.fragment), std::string::npos) << d.value << ": " << r.errors[0].message;
    }
    // 收回日期 too, and an Excel serial past 2200 (2958465 is 9999-12-31).
    auto revoked = base;
    revoked[3][6] = "2958465";
    const CatalogueImport back = import_catalogue(revoked, test::bundled().pack(), "t");
    ASSERT_EQ(back.errors.size(), 1u) << all_errors(back);
    EXPECT_EQ(back.errors[0].column, "收回日期");
    EXPECT_NE(back.errors[0].message.find("9999-12-31"), std::string::npos) << back.errors[0].message;

    auto nul = base;
    nul[2][1] += std::string("\0x", 2);
    const CatalogueImport n = import_catalogue(nul, test::bundled().pack(), "t");
    ASSERT_FALSE(n.ok);
    ASSERT_EQ(n.errors.size(), 1u) << all_errors(n);
    EXPECT_EQ(n.errors[0].row, 3);
    EXPECT_EQ(n.errors[0].column, "事项名称");
    EXPECT_NE(n.errors[0].message.find("控制字符"), std::string::npos);

    auto twice = base;
    for (auto& row : twice) row.push_back(row[1]);  // a second 事项名称 column, K
    const CatalogueImport t = import_catalogue(twice, test::bundled().pack(), "t");
    ASSERT_FALSE(t.ok);
    ASSERT_EQ(t.errors.size(), 1u) << all_errors(t);
    EXPECT_EQ(t.errors[0].row, 1);
    EXPECT_EQ(t.errors[0].column, "事项名称");
    EXPECT_NE(t.errors[0].message.find("第 B 列和第 K 列"), std::string::npos) << t.errors[0].message;
    // Two columns of one field under different names (序号 and 事项编码) stay a list officials keep.
    auto two_ids = base;
    two_ids[0].push_back("序号");
    for (size_t i = 1; i < two_ids.size(); ++i) two_ids[i].push_back(std::to_string(i));
    EXPECT_TRUE(import_catalogue(two_ids, test::bundled().pack(), "t").ok);
}

TEST(Catalogue, HeaderWithoutNameOrDepartmentIsRefused) {
    const CatalogueImport r = import_catalogue({{"序号", "实施依据"}, {"1", "《水法》"}}, test::bundled().pack(), "t");
    ASSERT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 2u);
    EXPECT_EQ(r.errors[0].row, 1);
}

TEST(Catalogue, TownsOfTheReceivingColumnMustExist) {
    const CatalogueImport r = import_catalogue(
        {{"事项名称", "原实施部门", "承接主体", "赋权时间"}, {"未经批准擅自取水", "水务局", "汇龙镇、海底镇", "2021-01-28"}},
        test::bundled().pack(), "t");
    ASSERT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
    EXPECT_EQ(r.errors[0].column, "承接主体");
    EXPECT_NE(r.errors[0].message.find("海底镇"), std::string::npos);
}

TEST(Catalogue, CsvQuotingAndLineEnds) {
    const auto rows = parse_csv("\xEF\xBB\xBF" "a,\"b,c\",\"d \"\"e\"\"\"\r\n1,2\n\n\n");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b,c", "d \"e\""}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2"}));
}

TEST(Catalogue, PackLoaderChecksRevocationAndCategoryRules) {
    json c = json::parse(R"({"schema":"referral-catalogue/1","sample":false,"items":[
      {"id":"a","name":"n","dept":"water","category":"prohibited","statute":"s","devolved":true,
       "devolved_from":"2021-01-28","revoked_from":"2020-01-01","licensed_by":null,"keywords":[]}]})");
    auto p = pack_with(c);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().path, "/items/0/revoked_from");
    EXPECT_FALSE(test::bundled().pack().category_rules.rules.empty());
    EXPECT_EQ(test::bundled().pack().category_rules.labels.size(), 6u);
}
