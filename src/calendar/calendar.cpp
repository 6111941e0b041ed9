#include "calendar/calendar.h"

#include <algorithm>

#include "core/json_read.h"
#include "core/limits.h"

namespace referral {

static DayKind plain_kind(Date day) {
    return day.weekday() >= 6 ? DayKind::kWeekend : DayKind::kWorkday;
}

bool WorkCalendar::add_year_json(const std::string& text, const std::string& file, std::vector<Error>& errors) {
    const size_t before = errors.size();
    auto parsed = parse_json(text, file);
    if (!parsed.ok()) {
        errors.push_back(parsed.error());
        return false;
    }
    const json& doc = parsed.value();
    if (doc.is_object() && doc.contains("schema") && doc["schema"] == "referral-statutory-holidays/1")
        return add_statutory_json(doc, file, errors);
    Reader r(errors, file);
    if (!r.expect_object(doc, "")) return false;
    r.reject_unknown(doc, "", {"schema", "year", "sources", "holidays", "workdays", "note"});
    auto schema = r.string(doc, "", "schema", true);
    if (schema && *schema != "referral-calendar/1")
        r.fail(ErrorCode::kSchemaMismatch, "/schema", "应为 referral-calendar/1，实为“" + *schema + "”");
    CalendarYear year;
    if (auto y = r.integer(doc, "", "year", true)) {
        if (*y < limits::kMinYear || *y > limits::kMaxYear)
            r.fail(ErrorCode::kInvalidValue, "/year", "年份应在 " + std::to_string(limits::kMinYear) + "–" +
                                                         std::to_string(limits::kMaxYear) + " 之间 / year out of range");
        else
            year.year = *y;
    }
    if (const json* sources = r.member(doc, "", "sources", true); sources && r.expect_array(*sources, "/sources")) {
        if (sources->empty()) r.fail(ErrorCode::kInvalidValue, "/sources", "每年须注明所依据的国务院办公厅通知");
        for (size_t i = 0; i < sources->size(); ++i) {
            const std::string p = pointer_append("/sources", i);
            const json& s = (*sources)[i];
            if (!r.expect_object(s, p)) continue;
            CalendarSource src;
            src.title = r.string(s, p, "title", true).value_or("");
            if (const json* n = r.member(s, p, "number", true); n && n->is_string()) src.number = n->get<std::string>();
            src.published = r.string(s, p, "published", true).value_or("");
            year.sources.push_back(std::move(src));
        }
    }
    auto read_days = [&](const char* key, std::map<int32_t, std::string>& into, bool weekend_only) {
        const json* list = r.member(doc, "", key, true);
        const std::string base = std::string("/") + key;
        if (!list || !r.expect_array(*list, base)) return;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append(base, i);
            const json& period = (*list)[i];
            if (!r.expect_object(period, p)) continue;
            const std::string name = r.string(period, p, "name", true).value_or("");
            const json* dates = r.member(period, p, "dates", true);
            if (!dates || !r.expect_array(*dates, p + "/dates")) continue;
            for (size_t j = 0; j < dates->size(); ++j) {
                const std::string dp = pointer_append(p + "/dates", j);
                const json& d = (*dates)[j];
                auto date = d.is_string() ? Date::parse(d.get<std::string>()) : std::nullopt;
                if (!date) {
                    r.fail(ErrorCode::kInvalidDate, dp, "应为 YYYY-MM-DD 格式的有效日期");
                    continue;
                }
                if (year.year && date->year() != year.year)
                    r.fail(ErrorCode::kInvalidValue, dp, "日期 " + date->iso() + " 不在本年度 " + std::to_string(year.year) + " 内");
                if (weekend_only && date->weekday() < 6)
                    r.fail(ErrorCode::kInvalidValue, dp, "调休上班日 " + date->iso() + " 不是周六或周日");
                into[date->days] = name;
            }
        }
    };
    read_days("holidays", year.holidays, false);
    read_days("workdays", year.workdays, true);
    for (const auto& [day, name] : year.workdays)
        if (year.holidays.count(day))
            r.fail(ErrorCode::kInvalidValue, "/workdays", Date{day}.iso() + " 同时列为节假日和调休上班日");
    if (year.year && years_.count(year.year))
        r.fail(ErrorCode::kDuplicateId, "/year", std::to_string(year.year) + " 年的日历重复");
    if (errors.size() != before) return false;
    years_[year.year] = std::move(year);
    rebuild_span();
    return true;
}

void WorkCalendar::rebuild_span() {
    span_.clear();
    if (years_.empty()) return;
    const Date first = Date::from_ymd(years_.begin()->first, 1, 1);
    const Date last = Date::from_ymd(years_.rbegin()->first, 12, 31);
    span_start_ = first.days;
    span_.resize(static_cast<size_t>(last.days - first.days + 1));
    for (int32_t d = first.days; d <= last.days; ++d) span_[d - span_start_] = plain_kind(Date{d});
    for (const auto& [y, data] : years_) {
        for (const auto& [day, name] : data.holidays) span_[day - span_start_] = DayKind::kHoliday;
        for (const auto& [day, name] : data.workdays) span_[day - span_start_] = DayKind::kMakeupWorkday;
    }
}

void WorkCalendar::mark_office_year(int year) {
    const auto it = years_.find(year);
    if (it != years_.end()) it->second.office = true;
}

bool WorkCalendar::covers(int year) const { return years_.count(year) != 0; }

int WorkCalendar::first_year() const { return years_.empty() ? 0 : years_.begin()->first; }
int WorkCalendar::last_year() const { return years_.empty() ? 0 : years_.rbegin()->first; }

DayKind WorkCalendar::kind(Date day) const {
    const int32_t i = day.days - span_start_;
    if (i >= 0 && static_cast<size_t>(i) < span_.size() && covers(day.year())) return span_[i];
    if (!statutory_.empty() && statutory_.count(day.days) && !covers(day.year())) return DayKind::kHoliday;
    return plain_kind(day);
}

bool WorkCalendar::is_working_day(Date day) const {
    const DayKind k = kind(day);
    return k == DayKind::kWorkday || k == DayKind::kMakeupWorkday;
}

std::string WorkCalendar::day_name(Date day) const {
    auto y = years_.find(day.year());
    if (y == years_.end()) {
        auto s = statutory_.find(day.days);
        return s == statutory_.end() ? "" : s->second + "（法定节假日，暂算）";
    }
    if (auto h = y->second.holidays.find(day.days); h != y->second.holidays.end()) return h->second;
    if (auto w = y->second.workdays.find(day.days); w != y->second.workdays.end()) return w->second;
    return "";
}

// `referral-statutory-holidays/1`: {schema, source: {title, number, published, effective}, rule,
// generator, years: [{year, holidays: [{name, dates}]}]}. Dates must lie in their year.
bool WorkCalendar::add_statutory_json(const json& doc, const std::string& file, std::vector<Error>& errors) {
    const size_t before = errors.size();
    Reader r(errors, file);
    r.reject_unknown(doc, "", {"schema", "source", "rule", "generator", "years"});
    std::string title;
    if (const json* src = r.member(doc, "", "source", true); src && r.expect_object(*src, "/source"))
        title = r.string(*src, "/source", "title", true).value_or("");
    r.string(doc, "", "rule", true);
    std::map<int32_t, std::string> days;
    std::map<int, std::string> years;
    const json* list = r.member(doc, "", "years", true);
    if (list && r.expect_array(*list, "/years")) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/years", i);
            const json& y = (*list)[i];
            if (!r.expect_object(y, p)) continue;
            r.reject_unknown(y, p, {"year", "holidays"});
            const int year = r.integer(y, p, "year", true).value_or(0);
            if (year && years.count(year)) r.fail(ErrorCode::kDuplicateId, p + "/year", std::to_string(year) + " 年重复");
            years[year] = title;
            const json* hs = r.member(y, p, "holidays", true);
            if (!hs || !r.expect_array(*hs, p + "/holidays")) continue;
            for (size_t j = 0; j < hs->size(); ++j) {
                const std::string hp = pointer_append(p + "/holidays", j);
                const json& h = (*hs)[j];
                if (!r.expect_object(h, hp)) continue;
                const std::string name = r.string(h, hp, "name", true).value_or("");
                const json* dates = r.member(h, hp, "dates", true);
                if (!dates || !r.expect_array(*dates, hp + "/dates")) continue;
                for (size_t k = 0; k < dates->size(); ++k) {
                    const std::string dp = pointer_append(hp + "/dates", k);
                    const json& d = (*dates)[k];
                    auto date = d.is_string() ? Date::parse(d.get<std::string>()) : std::nullopt;
                    if (!date) r.fail(ErrorCode::kInvalidDate, dp, "应为 YYYY-MM-DD 格式的有效日期");
                    else if (date->year() != year)
                        r.fail(ErrorCode::kInvalidValue, dp, "日期 " + date->iso() + " 不在本年度 " + std::to_string(year) + " 内");
                    else days[date->days] = name;
                }
            }
        }
    }
    if (!statutory_years_.empty() && errors.size() == before)
        r.fail(ErrorCode::kDuplicateId, "/schema", "法定节假日数据只能有一份");
    if (errors.size() != before) return false;
    statutory_ = std::move(days);
    statutory_years_ = std::move(years);
    return true;
}

std::string WorkCalendar::not_covered_message(const std::vector<int>& years) const {
    std::vector<int> ys(years);
    std::sort(ys.begin(), ys.end());
    ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
    std::string provisional_years, plain_years;
    for (int y : ys) {
        if (covers(y)) continue;
        std::string& into = provisional(y) ? provisional_years : plain_years;
        into += (into.empty() ? "" : "、") + std::to_string(y) + "年";
    }
    std::string out;
    if (!provisional_years.empty())
        out += "本工具未载入" + provisional_years + "的节假日安排（国务院办公厅的通知），期限按法定节假日及补假（不含调休）暂算，须以当年通知核对；"
               "通知发布后，把它的全文粘贴到“节假日设置”中载入（命令行：referral calendar-from-notice）。";
    if (!plain_years.empty() || out.empty())
        out += (plain_years.empty() ? std::string("部分期限") : plain_years + "的期限") + "超出节假日数据覆盖的年份（" +
               std::to_string(first_year()) + "—" + std::to_string(last_year()) + "），已按周一至周五推算，须以国务院办公厅当年节假日安排通知核对。";
    return out;
}

WorkCalendar::Count WorkCalendar::add_working_days(Date start, int n, bool trace) const {
    Count out;
    Date day = start;
    int remaining = n;
    int cached_year = 0;
    bool cached_covered = false;
    while (remaining > 0) {
        day = day + 1;
        const int y = day.year();
        if (y != cached_year) {
            cached_year = y;
            cached_covered = covers(y);
        }
        if (!cached_covered) out.covered = false;
        if (is_working_day(day)) {
            --remaining;
            if (trace) out.counted.push_back(day);
        }
    }
    out.due = day;
    return out;
}

}  // namespace referral
