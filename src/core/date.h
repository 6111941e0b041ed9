// date.h — civil dates and offset date-times, std only.
//
// [SECTION] Date: a proleptic Gregorian calendar day, as a serial day number
// [SECTION] DateTime: a local wall-clock time with its UTC offset (ISO 8601)
// [SECTION] read_date: the one check of a date entering the engine, with the error it gives
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Date
//-----------------------------------------------------------------------------
struct Date {
    int32_t days = 0;  // days since 1970-01-01

    static Date from_ymd(int y, int m, int d);
    // Parses exactly "YYYY-MM-DD"; nullopt for anything else, an impossible day (2023-02-29) or a
    // year outside limits::kMinYear–kMaxYear (1900–2200: 9999-12-31 + 1 would print as 10000-01-01).
    // Every date parsed anywhere goes through here; read_date below says which of these it was.
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
    // "24 hours from now" is meaningless without knowing whose clock. The day as Date::parse.
    static std::optional<DateTime> parse(std::string_view text);

    int64_t epoch_seconds() const;
    // Same offset, `hours` later by the clock (holidays and nights included).
    DateTime plus_hours(int hours) const;
    std::string iso() const;  // "YYYY-MM-DDTHH:MM:SS+08:00"
    std::string zh() const;   // "2026年4月30日9时30分" (minutes only when not on the hour), on its own clock
};

//-----------------------------------------------------------------------------
// [SECTION] read_date
//-----------------------------------------------------------------------------
// What may be given where a date is read.
enum class DateForm {
    kDay,             // YYYY-MM-DD only (--today, a catalogue's dates once normalised)
    kDayOrDateTime,   // YYYY-MM-DD, or a date-time with offset whose calendar day is taken (events, decided, workdays)
    kDateTime,        // a date-time with offset only (a case's date and received)
};

// The one check of a date entering the engine from outside: a case, a ledger event, a catalogue
// cell, --today, workdays. The date, or invalid_date at `pointer` saying which of three things is
// wrong: not the form asked for, a day that does not exist (2026-02-30), or a year outside
// limits::kMinYear–kMaxYear. The text is quoted in the message only when short.
Result<Date> read_date(std::string_view text, const std::string& pointer, DateForm form = DateForm::kDay);
Result<DateTime> read_date_time(std::string_view text, const std::string& pointer);

// Today on the clock of 启东 (UTC+8), which is what "today" and "not in the future" mean for its
// documents and decisions. Reads the system clock: callers at the edge (CLI, bindings) pass it in.
Date today_in_china();

}  // namespace referral
