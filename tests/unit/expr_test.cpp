#include <gtest/gtest.h>

#include "rules/expr.h"
#include "rules/pack.h"
#include "test_support.h"

using namespace referral;

namespace {
const FactSchema& schema() {
    static const FactSchema s = test::bundled().pack().schema;
    return s;
}
}  // namespace

// {source, canonical dump}: the parser's view of each condition.
TEST(Condition, CompilesToCanonicalForm) {
    struct Row { const char* source; const char* dump; };
    const Row rows[] = {
        {"urgent", "urgent"},
        {"finder == 'town'", "(finder == 'town')"},
        {"'town' == finder", "(finder == 'town')"},
        {"not urgent and devolved", "((not urgent) and devolved)"},
        {"urgent or ongoing and devolved", "(urgent or (ongoing and devolved))"},
        {"(urgent or ongoing) and devolved", "((urgent or ongoing) and devolved)"},
        {"category in ['prohibited', \"unlicensed\"]", "(category in ['prohibited', 'unlicensed'])"},
        {"source not in ['patrol']", "(source not in ['patrol'])"},
        {"pre_devolution_status == null", "(pre_devolution_status == null)"},
        {"devolved == false", "(devolved == false)"},
        {"true", "true"},
    };
    for (const auto& r : rows) {
        auto c = Condition::compile(r.source, schema());
        ASSERT_TRUE(c.ok()) << r.source << ": " << c.error().message;
        EXPECT_EQ(c.value().dump(schema()), r.dump) << r.source;
    }
}

// {source, error code, message fragment naming the column}.
TEST(Condition, ReportsErrorsWithTheirColumn) {
    struct Row { const char* source; ErrorCode code; const char* fragment; };
    const Row rows[] = {
        {"finder = 'town'", ErrorCode::kExpressionSyntax, "第 8 列"},
        {"finder == 'twon'", ErrorCode::kExpressionType, "第 11 列"},
        {"urgnet", ErrorCode::kExpressionSyntax, "未知的事实名“urgnet”"},
        {"(urgent", ErrorCode::kExpressionSyntax, "缺少“)”"},
        {"urgent and", ErrorCode::kExpressionSyntax, "第 11 列"},
        {"category", ErrorCode::kExpressionType, "不是布尔事实"},
        {"devolved == 'yes'", ErrorCode::kExpressionType, "true/false"},
        {"finder in 'town'", ErrorCode::kExpressionSyntax, "取值列表"},
        {"'紧急' == finder", ErrorCode::kExpressionType, "不是“finder”的取值"},
        {"urgent && devolved", ErrorCode::kExpressionSyntax, "无法识别的字符“&”"},
        {"finder == 'town", ErrorCode::kExpressionSyntax, "结束引号"},
        {"   ", ErrorCode::kExpressionSyntax, "为空"},
        {"category < 3", ErrorCode::kExpressionType, "须与字符串比较"},
    };
    for (const auto& r : rows) {
        auto c = Condition::compile(r.source, schema());
        ASSERT_FALSE(c.ok()) << r.source;
        EXPECT_EQ(c.error().code, r.code) << r.source << ": " << c.error().message;
        EXPECT_NE(c.error().message.find(r.fragment), std::string::npos) << r.source << ": " << c.error().message;
    }
}

TEST(Condition, EvaluatesAgainstFacts) {
    Facts f(schema());
    ASSERT_TRUE(f.set_enum("finder", "town"));
    ASSERT_TRUE(f.set_bool("urgent", true));
    EXPECT_FALSE(f.set_enum("finder", "county"));
    EXPECT_FALSE(f.set_bool("no_such_flag", true));
    auto eval = [&](const char* src) {
        auto c = Condition::compile(src, schema());
        EXPECT_TRUE(c.ok()) << src;
        return c.ok() && c.value().evaluate(f);
    };
    EXPECT_TRUE(eval("finder == 'town' and urgent"));
    EXPECT_FALSE(eval("finder == 'dept'"));
    EXPECT_TRUE(eval("finder != 'dept'"));
    EXPECT_FALSE(eval("ongoing"));                      // unset boolean is false
    EXPECT_TRUE(eval("category == null"));              // unset compares equal to null only
    EXPECT_FALSE(eval("category in ['unlicensed']"));
    EXPECT_TRUE(eval("category not in ['unlicensed']"));
    EXPECT_TRUE(eval("not (finder == 'dept' or ongoing)"));
}

TEST(Condition, RecordsTheFactsItReads) {
    auto c = Condition::compile("finder == 'town' and (urgent or finder == 'dept')", schema());
    ASSERT_TRUE(c.ok());
    ASSERT_EQ(c.value().reads().size(), 2u);
    EXPECT_EQ(schema().at(c.value().reads()[0]).name, "finder");
    EXPECT_EQ(schema().at(c.value().reads()[1]).name, "urgent");
}
