#include <gtest/gtest.h>

#include "core/date.h"

using referral::Date;
using referral::DateTime;

TEST(Date, ParsesValidDatesAndRejectsImpossibleOnes) {
    struct Row { const char* text; bool ok; };
    const Row rows[] = {{"2024-02-29", true}, {"2023-02-29", false}, {"2026-13-01", false}, {"2026-04-31", false},
                        {"2026-4-1", false},  {"2026-04-01x", false}, {"", false}, {"2000-02-29", true},
                        {"1900-02-29", false}};
    for (const auto& r : rows) EXPECT_EQ(Date::parse(r.text).has_value(), r.ok) << r.text;
}

TEST(Date, RoundTripsAndKnowsWeekdays) {
    EXPECT_EQ(Date::parse("2020-05-29")->iso(), "2020-05-29");
    EXPECT_EQ(Date::parse("2020-05-29")->weekday(), 5);  // a Friday
    EXPECT_EQ(Date::parse("1970-01-01")->weekday(), 4);
    EXPECT_EQ(Date::parse("2026-11-29")->weekday(), 7);
    EXPECT_EQ((*Date::parse("2024-12-31") + 1).iso(), "2025-01-01");
}

TEST(DateTime, RequiresAnOffset) {
    EXPECT_FALSE(DateTime::parse("2026-03-02T09:30:00").has_value());
    EXPECT_TRUE(DateTime::parse("2026-03-02T09:30:00Z").has_value());
    EXPECT_TRUE(DateTime::parse("2026-03-02T09:30+08:00").has_value());
    EXPECT_TRUE(DateTime::parse("2026-03-02T09:30:00.250+08:00").has_value());
    EXPECT_FALSE(DateTime::parse("2026-03-02T24:00:00+08:00").has_value());
    EXPECT_FALSE(DateTime::parse("2026-03-02T09:30:00+8:00").has_value());
}

TEST(DateTime, HoursRunByTheClockAcrossMidnight) {
    auto t = DateTime::parse("2026-09-30T18:15:00+08:00");
    EXPECT_EQ(t->plus_hours(24).iso(), "2026-10-01T18:15:00+08:00");
    EXPECT_EQ(t->plus_hours(6).iso(), "2026-10-01T00:15:00+08:00");
    EXPECT_EQ(DateTime::parse("2026-01-01T00:00:00Z")->epoch_seconds(), 1767225600);
}

// Issue #25: every date entering the engine is read by read_date / read_date_time (and Date::parse
// under them), which refuse a year outside limits::kMinYear–kMaxYear: 9999-12-31 + 1 day printed as
// 10000-01-01, and years 0 and 2201 reached the calendar, the audit and the catalogue.
TEST(Date, YearsOutsideTheEnginesRangeAreRefused) {
    for (const char* text : {"0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"}) {
        EXPECT_FALSE(Date::parse(text).has_value()) << text;
        EXPECT_FALSE(DateTime::parse(std::string(text) + "T09:00:00+08:00").has_value()) << text;
    }
    EXPECT_TRUE(Date::parse("1900-01-01").has_value());
    EXPECT_TRUE(Date::parse("2200-12-31").has_value());
}

TEST(Date, ReadDateSaysWhatIsWrongAtItsPointer) {
    using referral::DateForm;
    using referral::read_date;
    struct Row { const char* text; DateForm form; const char* fragment; };
    const Row rows[] = {
        {"9999-12-31", DateForm::kDay, "年份不在 1900–2200 之间"},
        {"0000-01-01", DateForm::kDay, "年份不在 1900–2200 之间"},
        {"2201-01-01T00:00:00+08:00", DateForm::kDayOrDateTime, "年份不在 1900–2200 之间"},
        {"2026-02-30", DateForm::kDay, "这一天不存在"},
        {"2026-02-30T09:00:00+08:00", DateForm::kDayOrDateTime, "这一天不存在"},
        {"2026-2-3", DateForm::kDay, "不是日期"},
        {"-1", DateForm::kDay, "不是日期"},
        {"99999999", DateForm::kDay, "不是日期"},
        {"2026-03-02T09:00:00+08:00", DateForm::kDay, "不是日期"},       // a date-time where a day is asked for
        {"2026-03-02T25:00:00+08:00", DateForm::kDayOrDateTime, "不是日期"},  // the time is wrong, not the day
    };
    for (const auto& r : rows) {
        auto d = read_date(r.text, "/today", r.form);
        ASSERT_FALSE(d.ok()) << r.text;
        EXPECT_EQ(d.error().code, referral::ErrorCode::kInvalidDate) << r.text;
        EXPECT_EQ(d.error().path, "/today") << r.text;
        EXPECT_NE(d.error().message.find(r.fragment), std::string::npos) << r.text << ": " << d.error().message;
    }
    EXPECT_EQ(read_date("2026-03-02T23:30:00-05:00", "", DateForm::kDayOrDateTime).value().iso(), "2026-03-02");
    EXPECT_FALSE(read_date("2026-03-02", "", DateForm::kDateTime).ok());
    auto t = referral::read_date_time("2201-01-01T09:00:00+08:00", "/date");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().path, "/date");
    EXPECT_NE(t.error().message.find("年份不在"), std::string::npos) << t.error().message;
    // Long or non-text input is not quoted back.
    auto long_one = read_date(std::string(100, '9'), "/x");
    EXPECT_EQ(long_one.error().message.find("999999999"), std::string::npos) << long_one.error().message;
}
