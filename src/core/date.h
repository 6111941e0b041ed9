// date.h — civil dates and offset date-times, std only.
//
// [SECTION] Date: a proleptic Gregorian calendar day, as a serial day number
// [SECTION] DateTime: a local wall-clock time with its UTC offset (ISO 8601)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Date
//-----------------------------------------------------------------------------
struct Date {
    int32_t days = 0;  // days since 1970-01-01

    static Date from_ymd(int y, int m, int d);
    // Parses exactly "YYYY-MM-DD"; nullopt for anything else or an impossible day (2023-02-29).
    static std::optional<Date> parse(std::string_view text);

    int year() const;
    int month() const;
    int day() const;
    int weekday() const;  // 1 = Monday … 7 = Sunday (ISO 8601)
    std::string iso() const;  // "YYYY-MM-DD"
    std::string zh() const;   // "2026年10月12日", as documents and plans print a day

    Date operator+(int n) const { return Date{days + n}; }
    friend bool operator==(Date a, Date b) { return a.days == b.days; }
    friend bool operator!=(Date a, Date b) { return a.days != b.days; }
    friend bool operator<(Date a, Date b) { return a.days < b.days; }
    friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
};

// Chinese weekday name, e.g. "星期一".
const char* weekday_zh(int iso_weekday);

//-----------------------------------------------------------------------------
// [SECTION] DateTime
//-----------------------------------------------------------------------------
struct DateTime {
    Date date;
    int32_t seconds = 0;         // seconds since local midnight
    int32_t offset_minutes = 0;  // UTC offset of the wall clock, e.g. +480 for China

    // Parses "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)". The offset is required: a deadline
    // "24 hours from now" is meaningless without knowing whose clock.
    static std::optional<DateTime> parse(std::string_view text);

    int64_t epoch_seconds() const;
    // Same offset, `hours` later by the clock (holidays and nights included).
    DateTime plus_hours(int hours) const;
    std::string iso() const;  // "YYYY-MM-DDTHH:MM:SS+08:00"
    std::string zh() const;   // "2026年4月30日9时30分" (minutes only when not on the hour), on its own clock
};

// Today on the clock of 启东 (UTC+8), which is what "today" and "not in the future" mean for its
// documents and decisions. Reads the system clock: callers at the edge (CLI, bindings) pass it in.
Date today_in_china();

}  // namespace referral
