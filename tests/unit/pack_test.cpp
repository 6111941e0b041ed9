#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "test_support.h"

using namespace referral;

TEST(Pack, BundledPackLoadsCleanly) {
    std::vector<Error> errors;
    auto pack = load_pack(embedded_pack_files(), &errors);
    std::string all;
    for (const auto& e : errors) all += "\n" + describe(e);
    ASSERT_TRUE(pack.ok()) << all;
    EXPECT_EQ(pack.value().meta.number, "启政办发〔2020〕38号");
}

// Independent of the loader: scan rules.json for every "quote" string and find it in document.md.
TEST(Pack, EveryQuotedSentenceIsVerbatimInTheDocument) {
    const auto& files = embedded_pack_files();
    const std::string& text = files.at("document.md");
    const json rules = json::parse(files.at("rules.json"));
    size_t quotes = 0;
    auto visit = [&](auto&& self, const json& v, const std::string& path) -> void {
        if (v.is_object()) {
            for (auto it = v.begin(); it != v.end(); ++it) {
                const std::string p = path + "/" + it.key();
                if (it.key() == "quote") {
                    const json list = it->is_array() ? *it : json::array({*it});
                    for (const auto& q : list) {
                        ++quotes;
                        // A quote is a sentence, or {clause, quote} for one standing in another clause.
                        const std::string t = q.is_object() ? q["quote"].get<std::string>() : q.get<std::string>();
                        EXPECT_NE(text.find(t), std::string::npos) << p << ": " << q;
                    }
                } else {
                    self(self, *it, p);
                }
            }
        } else if (v.is_array()) {
            for (size_t i = 0; i < v.size(); ++i) self(self, v[i], path + "/" + std::to_string(i));
        }
    };
    visit(visit, rules, "");
    EXPECT_GT(quotes, 40u);
}

// DOMAIN.md's duty tables: each clause named there has at least one rule.
TEST(Pack, EveryDutyClauseHasARule) {
    const Pack& pack = test::bundled().pack();
    std::set<std::string> clauses;
    for (const auto& r : pack.rules) {
        std::string c = r.clause;
        if (auto pilcrow = c.find("¶"); pilcrow != std::string::npos) c = c.substr(0, pilcrow);
        clauses.insert(c);
        for (const auto& s : r.steps)
            for (const auto& d : s.due)
                if (!d.clause.empty()) clauses.insert(d.clause);
    }
    for (const char* c : {"二(一)1", "二(一)2", "二(一)3", "二(一)4", "二(三)1", "二(三)2", "二(四)1", "二(四)2",
                          "二(四)3", "二(四)4", "二(四)5"})
        EXPECT_TRUE(clauses.count(c)) << c;
}

TEST(Pack, EveryActionIsUsedByARule) {
    const Pack& pack = test::bundled().pack();
    std::set<std::string> used;
    for (const auto& r : pack.rules)
        for (const auto& s : r.steps) used.insert(s.action);
    for (const auto& a : pack.actions) EXPECT_TRUE(used.count(a.id)) << a.id;
}

TEST(Pack, AuthoritiesAndCatalogueMeetTheContract) {
    const Pack& pack = test::bundled().pack();
    for (const char* t : {"huilong", "nanyang", "beixin", "wangbao", "hezuo", "haifu", "jinhai", "yinyang", "huiping",
                          "donghai", "lvsigang", "qilong"})
        EXPECT_NE(pack.authority(std::string("town:") + t), nullptr) << t;
    for (const char* d : {"market", "ecology", "housing", "urban", "transport", "agriculture", "water", "resources",
                          "culture", "health", "emergency", "approval"})
        EXPECT_NE(pack.authority(std::string("dept:") + d), nullptr) << d;
    for (const char* o : {"police", "court", "city_government", "city_government_office", "establishment_office",
                          "justice_bureau"})
        EXPECT_NE(pack.authority(o), nullptr) << o;
    EXPECT_GE(pack.catalogue.size(), 40u);
    std::set<std::string> depts;
    for (const auto& i : pack.catalogue) depts.insert(i.dept);
    EXPECT_GE(depts.size(), 10u);
    EXPECT_TRUE(pack.catalogue_is_sample);
}
