#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rules/clause_text.h"

namespace {

nlohmann::json rows() {
    std::ifstream in(std::string(REFERRAL_SOURCE_DIR) + "/tests/text/clause-ids.json");
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
}

}  // namespace

TEST(ClauseText, WritesIdsAsTheDocumentNumbersThem) {
    const nlohmann::json data = rows();
    ASSERT_TRUE(data.is_object());
    ASSERT_FALSE(data["ids"].empty());
    for (const auto& r : data["ids"]) {
        const std::string id = r["id"].get<std::string>();
        EXPECT_EQ(referral::clause_label(id), r["label"].get<std::string>()) << id;
        EXPECT_EQ(referral::clause_in_sentence(id), r["sentence"].get<std::string>()) << id;
    }
}

TEST(ClauseText, RewritesOnlyClauseIdsInsideText) {
    const nlohmann::json data = rows();
    ASSERT_FALSE(data["texts"].empty());
    for (const auto& r : data["texts"])
        EXPECT_EQ(referral::clause_ids_as_printed(r["text"].get<std::string>()), r["printed"].get<std::string>());
}
