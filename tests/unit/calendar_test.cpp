#include <gtest/gtest.h>

#include <fstream>

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

// Past the last notice the statutory holidays (forms/calendars/statutory-holidays.json) are off,
// with their 补假 (a holiday on a weekend made up on the following weekdays, 办法第六条) and no 调休,
// and the count says it is not covered by a notice.
TEST(Calendar, BeyondTheNoticesCountsStatutoryHolidaysAndSaysSo) {
    bool covered = true;
    // 2026-12-30 (Wed) 1, 12-31 2, 2027-01-01 (Fri, 元旦) off, 01-04 3, 01-05 4, 01-06 5.
    EXPECT_EQ(due("2026-12-29", 5, &covered), "2027-01-06");
    EXPECT_FALSE(covered);
    EXPECT_EQ(due("2026-12-21", 5, &covered), "2026-12-28");
    EXPECT_TRUE(covered);
    const WorkCalendar& cal = test::bundled().calendar();
    EXPECT_FALSE(cal.is_working_day(*Date::parse("2027-01-01")));
    EXPECT_TRUE(cal.provisional(2027));
    EXPECT_FALSE(cal.provisional(2026));
    EXPECT_FALSE(cal.covers(2027));
    // 春节 2027: 除夕 02-05 (Fri) and 初一–初三 02-06..08, two of them on the weekend: 补假 02-09 and 02-10;
    // 劳动节 05-01/02 (Sat, Sun): 补假 05-03, 05-04; 国庆节 10-01..03 (Fri–Sun): 补假 10-04, 10-05; 元旦
    // 2028-01-01 (Sat): 补假 01-03. No 调休: 2027-02-11 is a working day.
    struct Row { const char* day; bool working; };
    const Row rows[] = {{"2027-02-04", true},  {"2027-02-05", false}, {"2027-02-08", false}, {"2027-02-09", false},
                        {"2027-02-10", false}, {"2027-02-11", true},  {"2027-04-05", false}, {"2027-05-03", false},
                        {"2027-05-04", false}, {"2027-05-05", true},  {"2027-06-09", false}, {"2027-09-15", false},
                        {"2027-10-01", false}, {"2027-10-04", false}, {"2027-10-05", false}, {"2027-10-06", true},
                        {"2028-01-03", false}, {"2028-01-04", true},  {"2030-01-01", false}};
    for (const auto& r : rows) EXPECT_EQ(cal.is_working_day(*Date::parse(r.day)), r.working) << r.day;
    EXPECT_EQ(cal.day_name(*Date::parse("2027-02-06")), "春节（法定节假日，暂算）");
    EXPECT_EQ(cal.day_name(*Date::parse("2027-05-03")), "劳动节补假（法定节假日，暂算）");
    // Beyond the statutory data too (2051): Monday–Friday.
    EXPECT_TRUE(cal.is_working_day(*Date::parse("2051-01-02")));
}

// Where a notice exists it wins over the statutory data: 2026-02-16 (除夕) was off by the notice
// anyway, 2026-02-14 (Sat) is a make-up working day only the notice knows.
TEST(Calendar, NoticeYearsIgnoreTheStatutoryData) {
    const WorkCalendar& cal = test::bundled().calendar();
    EXPECT_TRUE(cal.is_working_day(*Date::parse("2026-02-14")));
    EXPECT_FALSE(cal.is_working_day(*Date::parse("2026-02-23")));
    EXPECT_EQ(cal.day_name(*Date::parse("2026-02-16")), "春节");
}

// The generated statutory days of the years that have a notice all lie inside that notice's
// holidays: a check of the lunar dates, and of the 补假 rule, against the State Council's own
// arrangement (2025: 端午节 on a Saturday, made up on Monday 06-02; 2026: 清明节, 劳动节 and 国庆节
// each with one day on a weekend).
TEST(Calendar, StatutoryDataAgreesWithThePublishedNotices) {
    const json doc = json::parse(std::ifstream(test::source_path("forms/calendars/statutory-holidays.json")));
    const WorkCalendar& cal = test::bundled().calendar();
    int checked = 0;
    for (const auto& y : doc["years"]) {
        if (!cal.covers(y["year"].get<int>())) continue;
        for (const auto& h : y["holidays"])
            for (const auto& d : h["dates"]) {
                EXPECT_EQ(cal.kind(*Date::parse(d.get<std::string>())), DayKind::kHoliday) << h["name"] << " " << d;
                ++checked;
            }
    }
    EXPECT_EQ(checked, 2 * 13 + 1 + 3);  // 2025 and 2026, 13 statutory days each, and their 补假
}

TEST(Calendar, StatutoryDataIsCheckedOnLoad) {
    WorkCalendar cal;
    std::vector<Error> errors;
    EXPECT_FALSE(cal.add_year_json(R"({"schema":"referral-statutory-holidays/1","source":{"title":"t"},"rule":"r",
        "years":[{"year":2030,"holidays":[{"name":"元旦","dates":["2031-01-01","2030-02-30"]}]}]})", "s.json", errors));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].path, "/years/0/holidays/0/dates/0");
    EXPECT_EQ(errors[1].path, "/years/0/holidays/0/dates/1");
}

TEST(Calendar, NotCoveredMessageNamesTheYear) {
    const WorkCalendar& cal = test::bundled().calendar();
    const std::string m = cal.not_covered_message({2027});
    EXPECT_NE(m.find("本工具未载入2027年的节假日安排（国务院办公厅的通知），期限按法定节假日及补假（不含调休）暂算"), std::string::npos) << m;
    EXPECT_NE(m.find("节假日设置"), std::string::npos) << "says where to add the year: " << m;
    EXPECT_NE(cal.not_covered_message({2060}).find("已按周一至周五推算"), std::string::npos);
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

// A plan names the years its working-day counts ran through, with the notices that set them: a
// transfer counted from the last days of 2025 into 2026 names both years' notices; a count wholly
// in a year without a notice names none (the warning calendar_not_covered says so instead).
TEST(Calendar, PlansNameTheNoticesTheirWorkingDaysRestOn) {
    const json found_dec_2025 = {{"schema", "referral-case/1"}, {"finder", "dept"}, {"town", "huilong"},
                                 {"date", "2025-12-29T10:30:00+08:00"}, {"source", "patrol"},
                                 {"item", "market-food-stall-unregistered"}, {"verification", "violation"}};
    const json reply = test::bundled().plan(found_dec_2025);
    ASSERT_TRUE(reply["ok"].get<bool>()) << reply.dump();
    const json& cal = reply["plan"]["calendar"];
    ASSERT_EQ(cal.size(), 2u) << cal.dump();
    EXPECT_EQ(cal[0]["year"], 2025);
    EXPECT_EQ(cal[0]["sources"][0]["title"], "国务院办公厅关于2025年部分节假日安排的通知");
    EXPECT_EQ(cal[1]["year"], 2026);
    EXPECT_EQ(cal[1]["sources"][0]["number"], "国办发明电〔2025〕7号");

    json found_2030 = found_dec_2025;
    found_2030["date"] = "2030-03-04T10:30:00+08:00";
    const json later = test::bundled().plan(found_2030);
    ASSERT_TRUE(later["ok"].get<bool>()) << later.dump();
    EXPECT_TRUE(later["plan"]["calendar"].empty()) << later["plan"]["calendar"].dump();
    bool warned = false;
    for (const json& w : later["plan"]["warnings"]) warned = warned || w["code"] == "calendar_not_covered";
    EXPECT_TRUE(warned);
}
