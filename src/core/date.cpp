#include "core/date.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/json_read.h"
#include "core/limits.h"

namespace referral {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the whole proleptic calendar.
int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct Ymd { int y; unsigned m; unsigned d; };

Ymd civil_from_days(int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

int days_in_month(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

// What is wrong with a date's text, in the order it is checked.
enum class Fault { kNone, kForm, kNoSuchDay, kYear };

// "YYYY-MM-DD": its form, then that the day exists, then the year's range.
Fault check_day(std::string_view s, int& y, int& m, int& d) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return Fault::kForm;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return Fault::kForm;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return Fault::kNoSuchDay;
    if (y < limits::kMinYear || y > limits::kMaxYear) return Fault::kYear;
    return Fault::kNone;
}

// Why `text` was refused as `form`: the fault of its day when the rest has the form asked for.
Fault fault_of(std::string_view text, DateForm form) {
    int y, m, d;
    const Fault day = check_day(text.substr(0, std::min<size_t>(text.size(), 10)), y, m, d);
    if (day == Fault::kForm) return Fault::kForm;
    if (text.size() == 10) return form == DateForm::kDateTime ? Fault::kForm : day;
    if (form == DateForm::kDay) return Fault::kForm;
    // The time and offset are well formed when they parse after a day that exists.
    return DateTime::parse("2000-01-01" + std::string(text.substr(10))) ? day : Fault::kForm;
}

Error date_error(std::string_view text, const std::string& pointer, DateForm form, Fault fault) {
    // Quoted only when short and plain (an argument of the command line is not checked as UTF-8).
    const bool plain = text.size() <= 40 && !invalid_utf8_offset(text) &&
                       std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    const std::string quoted = plain ? "“" + std::string(text) + "”" : std::string("该值");
    std::string message;
    switch (fault) {
        case Fault::kNoSuchDay: message = quoted + "这一天不存在 / no such day"; break;
        case Fault::kYear:
            message = quoted + "的年份不在 " + std::to_string(limits::kMinYear) + "–" + std::to_string(limits::kMaxYear) +
                      " 之间 / year out of range";
            break;
        default:
            message = form == DateForm::kDay ? quoted + "不是日期，应如 2026-03-02 / not a date YYYY-MM-DD"
                      : form == DateForm::kDateTime
                          ? quoted + "不是带时区的有效日期时间，应如 2026-03-02T09:30:00+08:00 / not an ISO 8601 date-time with offset"
                          : quoted + "不是日期，应如 2026-03-02 或 2026-03-02T09:30:00+08:00 / not a date";
    }
    return make_error(ErrorCode::kInvalidDate, pointer, message);
}

}  // namespace

Date Date::from_ymd(int y, int m, int d) {
    return Date{days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))};
}

std::optional<Date> Date::parse(std::string_view s) {
    int y, m, d;
    if (check_day(s, y, m, d) != Fault::kNone) return std::nullopt;
    return from_ymd(y, m, d);
}

int Date::year() const { return civil_from_days(days).y; }
int Date::month() const { return static_cast<int>(civil_from_days(days).m); }
int Date::day() const { return static_cast<int>(civil_from_days(days).d); }

int Date::weekday() const {
    // 1970-01-01 was a Thursday (4).
    const int w = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
    return w + 1;
}

std::string Date::iso() const {
    const Ymd c = civil_from_days(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
    return buf;
}

const char* weekday_zh(int iso_weekday) {
    static const char* kNames[] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
    return iso_weekday >= 1 && iso_weekday <= 7 ? kNames[iso_weekday - 1] : "";
}

std::optional<DateTime> DateTime::parse(std::string_view s) {
    if (s.size() < 17 || s[10] != 'T') return std::nullopt;
    const auto date = Date::parse(s.substr(0, 10));
    if (!date) return std::nullopt;
    int hh, mm, ss = 0;
    if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm)) return std::nullopt;
    size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, ss)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            const size_t start = pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
            if (pos == start) return std::nullopt;
        }
    }
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    int offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om) || oh > 14 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;  // an offset is required
    }
    if (pos != s.size()) return std::nullopt;
    return DateTime{*date, hh * 3600 + mm * 60 + ss, offset};
}

int64_t DateTime::epoch_seconds() const {
    return static_cast<int64_t>(date.days) * 86400 + seconds - static_cast<int64_t>(offset_minutes) * 60;
}

DateTime DateTime::plus_hours(int hours) const {
    const int64_t local = static_cast<int64_t>(date.days) * 86400 + seconds + static_cast<int64_t>(hours) * 3600;
    int64_t day = local / 86400;
    int64_t sec = local % 86400;
    if (sec < 0) { sec += 86400; --day; }
    return DateTime{Date{static_cast<int32_t>(day)}, static_cast<int32_t>(sec), offset_minutes};
}

std::string DateTime::iso() const {
    char buf[40];
    const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", date.iso().c_str(), seconds / 3600,
                  (seconds / 60) % 60, seconds % 60, offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
}

Result<Date> read_date(std::string_view text, const std::string& pointer, DateForm form) {
    if (form != DateForm::kDateTime)
        if (auto d = Date::parse(text)) return *d;
    if (form != DateForm::kDay)
        if (auto dt = DateTime::parse(text)) return dt->date;
    return date_error(text, pointer, form, fault_of(text, form));
}

Result<DateTime> read_date_time(std::string_view text, const std::string& pointer) {
    if (auto dt = DateTime::parse(text)) return *dt;
    return date_error(text, pointer, DateForm::kDateTime, fault_of(text, DateForm::kDateTime));
}

Date today_in_china() {
    const auto now = std::chrono::system_clock::now();
    const long long seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() + 8 * 3600;
    return Date{static_cast<int32_t>(seconds / 86400)};
}

std::string Date::zh() const {
    return std::to_string(year()) + "年" + std::to_string(month()) + "月" + std::to_string(day()) + "日";
}

std::string DateTime::zh() const {
    std::string out = date.zh() + std::to_string(seconds / 3600) + "时";
    if (seconds / 60 % 60) out += std::to_string(seconds / 60 % 60) + "分";
    return out;
}

}  // namespace referral
