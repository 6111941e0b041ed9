// calendar.h — the working-day calendar: statutory holidays and make-up working days (调休上班).
//
// [SECTION] DayKind and WorkCalendar
// [SECTION] Deadline arithmetic
//
// A working day is Monday–Friday that is not a statutory holiday, plus the weekend days the State
// Council declares working days. Counting excludes the start day (民法典 art.201). Years outside the
// data are counted on weekdays only and the answer says so: a guessed deadline must not look certain.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] DayKind and WorkCalendar
//-----------------------------------------------------------------------------
enum class DayKind : uint8_t {
    kWorkday,       // an ordinary Monday–Friday
    kWeekend,       // an ordinary Saturday or Sunday
    kHoliday,       // a statutory holiday (法定节假日), whatever the weekday
    kMakeupWorkday, // a weekend day declared a working day (调休上班)
};

struct CalendarSource {
    std::string title;
    std::string number;  // e.g. 国办发明电〔2023〕7号; empty when unknown
    std::string published;
};

struct CalendarYear {
    int year = 0;
    std::vector<CalendarSource> sources;
    std::map<int32_t, std::string> holidays;   // day number → holiday name
    std::map<int32_t, std::string> workdays;   // day number → name of the make-up arrangement
};

class WorkCalendar {
public:
    // Adds one year's data (`referral-calendar/1`), recording every problem with its path.
    // Returns false when the year was rejected.
    bool add_year_json(const std::string& text, const std::string& file, std::vector<Error>& errors);

    bool covers(int year) const;
    DayKind kind(Date day) const;
    bool is_working_day(Date day) const;
    // The holiday or make-up name of `day`, or "" for an ordinary day.
    std::string day_name(Date day) const;

    int first_year() const;  // 0 when empty
    int last_year() const;
    const std::map<int, CalendarYear>& years() const { return years_; }

    //-------------------------------------------------------------------------
    // [SECTION] Deadline arithmetic
    //-------------------------------------------------------------------------
    struct Count {
        Date due;
        bool covered = true;            // false if any counted or skipped day lay outside the data
        std::vector<Date> counted;      // the working days counted, in order (only when traced)
    };
    // The date `n` working days after `start` (the start day itself is not counted). n >= 0;
    // n == 0 returns `start`.
    Count add_working_days(Date start, int n, bool trace = false) const;

private:
    std::map<int, CalendarYear> years_;
    // Dense lookup for the covered span: index = day - span_start_. Rebuilt on add.
    int32_t span_start_ = 0;
    std::vector<DayKind> span_;
    void rebuild_span();
};

}  // namespace referral
