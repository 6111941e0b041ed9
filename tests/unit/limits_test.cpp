// Limits of core/limits.h and the non-throwing reads (issue #14): each limit is an error value with
// its code and place, just past the limit; just under it, the input is accepted.
#include <gtest/gtest.h>

#include <string>

#include "core/json_read.h"
#include "core/limits.h"
#include "rules/expr.h"
#include "rules/pack.h"
#include "test_support.h"

using namespace referral;

namespace {
const FactSchema& schema() {
    static const FactSchema s = test::bundled().pack().schema;
    return s;
}
std::string code(const Error& e) { return error_code_id(e.code); }
}  // namespace

TEST(ParseJson, RefusesInvalidUtf8WithTheByteOffsetAndNoInputBytes) {
    const std::string text = "{\"a\": \"x\xff\"}";
    auto r = parse_json(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(code(r.error()), "bad_encoding");
    EXPECT_NE(r.error().message.find("第 8 字节"), std::string::npos) << r.error().message;
    EXPECT_FALSE(invalid_utf8_offset(r.error().message).has_value()) << "the message is UTF-8";
    for (const char* bad : {"\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xe4\xb8\""})
        EXPECT_EQ(code(parse_json(bad).error()), "bad_encoding") << bad;
    EXPECT_TRUE(parse_json("\"\xe4\xb8\xad\xf0\x9f\x98\x80\"").ok()) << "CJK and astral characters are fine";
    EXPECT_EQ(code(parse_json(std::string("\xff\xfe{\0}\0", 6)).error()), "bad_encoding") << "UTF-16";
}

TEST(ParseJson, MalformedMessagesNeverQuoteTheInput) {
    auto r = parse_json("{\"a\": secretvalue}");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(code(r.error()), "malformed_json");
    EXPECT_EQ(r.error().message.find("secret"), std::string::npos) << r.error().message;
}

TEST(ParseJson, RefusesAnythingAfterTheDocumentIncludingNul) {
    EXPECT_EQ(code(parse_json(std::string("{}\0junk", 7)).error()), "malformed_json");
    EXPECT_EQ(code(parse_json("{} {}").error()), "malformed_json");
    EXPECT_TRUE(parse_json("{} \n").ok());
}

TEST(ParseJson, CapsNestingDepthAndSize) {
    const int d = limits::kJsonDepth;
    EXPECT_TRUE(parse_json(std::string(d, '[') + std::string(d, ']')).ok());
    auto deep = parse_json(std::string(d + 1, '[') + std::string(d + 1, ']'));
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(code(deep.error()), "too_large");
    EXPECT_TRUE(parse_json("\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"").ok())
        << "brackets inside strings are not nesting";
    EXPECT_EQ(code(parse_json(std::string(1000000, '[')).error()), "too_large");
    EXPECT_EQ(code(parse_json("[1, 2, 3]", "", 4).error()), "too_large");
}

TEST(Reader, IntegerOutOfRangeIsRefusedNotTruncated) {
    std::vector<Error> errors;
    Reader r(errors);
    for (const char* text : {"{\"n\": 4294967297}", "{\"n\": 2147483648}", "{\"n\": -2147483649}", "{\"n\": 18446744073709551615}"}) {
        errors.clear();
        EXPECT_FALSE(r.integer(json::parse(text), "", "n", true).has_value()) << text;
        ASSERT_EQ(errors.size(), 1u) << text;
        EXPECT_EQ(errors[0].path, "/n");
    }
    errors.clear();
    EXPECT_EQ(r.integer(json::parse("{\"n\": 2147483647}"), "", "n", true), 2147483647);
}

TEST(SafeReads, NeverFailOnAbsentOrWrongTypedMembers) {
    const json j = json::parse(R"({"a": 1, "s": "x", "l": [true]})");
    EXPECT_TRUE(member_or_null(j, "missing").is_null());
    EXPECT_TRUE(member_or_null(json::array(), "a").is_null());
    EXPECT_TRUE(element_or_null(member_or_null(j, "l"), 5).is_null());
    EXPECT_EQ(string_or(member_or_null(j, "a"), "d"), "d");
    EXPECT_EQ(string_or(member_or_null(j, "s")), "x");
    EXPECT_EQ(integer_or(member_or_null(j, "s"), -1), -1);
    EXPECT_EQ(integer_or(json::parse("18446744073709551615"), -1), -1);
}

TEST(ConditionLimits, DepthLengthAndTermsAreBoundedWithColumns) {
    const int d = limits::kConditionDepth;
    EXPECT_TRUE(Condition::compile(std::string(d, '(') + "urgent" + std::string(d, ')'), schema()).ok());
    auto deep = Condition::compile(std::string(10000, '(') + "urgent" + std::string(10000, ')'), schema());
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(code(deep.error()), "too_large");
    std::string nots;
    for (int i = 0; i < 200; ++i) nots += "not ";
    auto deep_not = Condition::compile(nots + "urgent", schema());
    ASSERT_FALSE(deep_not.ok());
    EXPECT_EQ(code(deep_not.error()), "too_large");
    EXPECT_NE(deep_not.error().message.find("第 " + std::to_string(4 * d + 1) + " 列"), std::string::npos) << deep_not.error().message;

    std::string chain = "urgent";
    for (size_t i = 1; i < limits::kConditionTerms; ++i) chain += " or urgent";
    EXPECT_TRUE(Condition::compile(chain, schema()).ok()) << "exactly the limit";
    auto longer = Condition::compile(chain + " or urgent", schema());
    ASSERT_FALSE(longer.ok());
    EXPECT_EQ(code(longer.error()), "too_large");
    auto huge = Condition::compile(std::string(limits::kConditionChars + 1, ' ') + "urgent", schema());
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(code(huge.error()), "too_large");
}

TEST(PackLimits, DueCountAndCalendarYearRangesAreCheckedAtLoad) {
    PackFiles files = embedded_pack_files();
    json rules = json::parse(files["rules.json"]);
    std::string pointer;
    for (size_t i = 0; i < rules["rules"].size() && pointer.empty(); ++i)
        for (size_t j = 0; j < rules["rules"][i].value("steps", json::array()).size() && pointer.empty(); ++j) {
            json& due = rules["rules"][i]["steps"][j]["due"];
            if (due.is_object() && due.contains("count")) {
                due["count"] = 2147483647;
                pointer = "/rules/" + std::to_string(i) + "/steps/" + std::to_string(j) + "/due/count";
            }
        }
    ASSERT_FALSE(pointer.empty());
    files["rules.json"] = rules.dump();
    std::vector<Error> errors;
    EXPECT_FALSE(load_pack(files, &errors).ok());
    bool found = false;
    for (const auto& e : errors) found = found || (code(e) == "invalid_value" && e.path == pointer);
    EXPECT_TRUE(found) << pointer;

    WorkCalendar calendar;
    errors.clear();
    json year = json::parse(embedded_calendar_files().at("2026.json"));
    year["year"] = 2147483647;
    EXPECT_FALSE(calendar.add_year_json(year.dump(), "2026.json", errors));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].path, "/year");
}
