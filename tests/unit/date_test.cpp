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
