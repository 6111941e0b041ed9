#include <gtest/gtest.h>

#include "calendar/calendar.h"
#include "test_support.h"

using namespace referral;

namespace {
std::string due(const char* start, int n, bool* covered = nullptr) {
    auto r = test::bundled().calendar().add_working_days(*Date::parse(start), n);
    if (covered) *covered = r.covered;
    return r.due.iso();
}
}  // namespace

// Each row: start, working days, expected due date — across the holidays the issue names.
TEST(Calendar, CountsWorkingDaysAcrossHolidaysAndMakeupDays) {
    struct Row { const char* start; int n; const char* due; const char* why; };
    const Row rows[] = {
        {"2026-03-02", 5, "2026-03-09", "ordinary week: Monday + 5 = next Monday"},
        {"2026-02-12", 5, "2026-02-26", "Spring Festival 2026: 02-14 (Sat) is a make-up day, 02-15..23 holidays"},
        {"2026-02-13", 1, "2026-02-14", "the make-up Saturday 2026-02-14 is a working day"},
        {"2026-04-29", 5, "2026-05-09", "Labour Day 2026: 05-01..05 off, 05-09 (Sat) make-up counts"},
        {"2026-09-29", 5, "2026-10-12", "National Day 2026: 10-01..07 off, 10-10 (Sat) make-up counts"},
        {"2025-09-26", 3, "2025-09-30", "2025: 09-28 (Sun) is a make-up working day"},
        {"2025-09-29", 3, "2025-10-10", "2025: National Day and Mid-Autumn 10-01..08 off"},
        {"2024-02-08", 3, "2024-02-19", "Spring Festival 2024: 02-10..17 off, 02-18 (Sun) make-up"},
        {"2020-01-23", 1, "2020-02-03", "2020 Spring Festival extended to 02-02; 02-01 make-up cancelled"},
        {"2026-03-06", 0, "2026-03-06", "zero days is the start day"},
    };
    for (const auto& r : rows) EXPECT_EQ(due(r.start, r.n), r.due) << r.why;
}

TEST(Calendar, BeyondTheDataCountsWeekdaysAndSaysSo) {
    bool covered = true;
    EXPECT_EQ(due("2026-12-29", 5, &covered), "2027-01-05");
    EXPECT_FALSE(covered);
    EXPECT_EQ(due("2026-12-21", 5, &covered), "2026-12-28");
    EXPECT_TRUE(covered);
}

TEST(Calendar, KnowsDayKinds) {
    const auto& cal = test::bundled().calendar();
    EXPECT_EQ(cal.kind(*Date::parse("2026-10-01")), DayKind::kHoliday);
    EXPECT_EQ(cal.kind(*Date::parse("2026-10-10")), DayKind::kMakeupWorkday);
    EXPECT_EQ(cal.kind(*Date::parse("2026-10-11")), DayKind::kWeekend);
    EXPECT_EQ(cal.kind(*Date::parse("2026-10-12")), DayKind::kWorkday);
    EXPECT_EQ(cal.day_name(*Date::parse("2026-10-01")), "国庆节");
    EXPECT_EQ(cal.first_year(), 2020);
    EXPECT_EQ(cal.last_year(), 2026);
}

TEST(Calendar, RejectsBadYearFilesWithPaths) {
    WorkCalendar cal;
    std::vector<Error> errors;
    EXPECT_FALSE(cal.add_year_json(R"({"schema":"referral-calendar/1","year":2030,"sources":[{"title":"t","number":null,"published":"2029-11-01"}],
        "holidays":[{"name":"x","dates":["2030-02-30"]}],"workdays":[{"name":"y","dates":["2030-03-04"]}]})",
                                   "2030.json", errors));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].path, "/holidays/0/dates/0");
    EXPECT_EQ(errors[0].code, ErrorCode::kInvalidDate);
    EXPECT_EQ(errors[1].path, "/workdays/0/dates/0");  // 2030-03-04 is a Monday, not a weekend day
    EXPECT_FALSE(cal.covers(2030));
}

TEST(Calendar, EveryBundledYearCitesItsNotice) {
    for (const auto& [year, data] : test::bundled().calendar().years()) {
        ASSERT_FALSE(data.sources.empty()) << year;
        EXPECT_NE(data.sources.front().title.find(std::to_string(year) + "年部分节假日安排"), std::string::npos) << year;
    }
}
