#include "import/notice.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "core/date.h"
#include "core/limits.h"

namespace referral {

namespace {

// One code point of well-formed UTF-8 at `i` (the text was checked before); its length in `len`.
char32_t code_point(const std::string& s, size_t i, size_t& len) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > s.size()) len = s.size() - i;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

// Characters a paste from a web page or a word processor may carry that mean nothing to the
// notice's words: every space (ASCII, no-break, ideographic, the U+2000 block …), format characters
// (zero-width space and joiners, byte-order mark, soft hyphen, direction marks, variation selectors)
// and control characters (NUL …). Dropped, so that "一 、元旦", "元\u200B旦" or "一、\0元旦" read as
// "一、元旦": Chinese text has no spaces between its words, and a holiday must never be lost to an
// invisible character (issue #25: 元旦 was dropped and 1–3 January became working days).
bool invisible(char32_t cp) {
    return cp < 0x20 || cp == ' ' || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || cp == 0x34F ||
           cp == 0x61C || cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202F) ||
           (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

// The text as the reader matches it, line by line: full-width ASCII forms (digits, parentheses,
// colon, comma …) as the government site prints them → ASCII, so that one reader handles a paste
// from any page; invisible characters (above) dropped; line and paragraph separators as newlines.
// Newlines are kept, so line numbers stay the reader's.
std::string normalize(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0, len = 1; i < in.size(); i += len) {
        const char32_t cp = code_point(in, i, len);
        if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) out += '\n';
        else if (invisible(cp)) continue;
        else if (cp >= 0xFF01 && cp <= 0xFF5E) out += static_cast<char>(cp - 0xFEE0);
        else out.append(in, i, len);
    }
    return out;
}

// Well-formed UTF-8 as the JSON writer wants it (no surrogates, overlong forms or code points past
// U+10FFFF: the shape-only check this replaced let them through to an abort in the writer).
bool valid_utf8(const std::string& s) { return !invalid_utf8_offset(s); }

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

bool starts_with(const std::string& s, size_t at, const std::string& what) { return s.compare(at, what.size(), what) == 0; }
bool ends_with(const std::string& s, const std::string& what) {
    return s.size() >= what.size() && s.compare(s.size() - what.size(), what.size(), what) == 0;
}

// Reads ASCII digits at `at`; returns the value and advances, or nullopt.
std::optional<int> digits(const std::string& s, size_t& at) {
    size_t i = at;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - at < 5) v = v * 10 + (s[i++] - '0');
    if (i == at) return std::nullopt;
    at = i;
    return v;
}

const std::vector<std::pair<std::string, int>>& weekday_words() {
    static const std::vector<std::pair<std::string, int>> words = {
        {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6}, {"日", 7}, {"天", 7}};
    return words;
}

// A date as the notice writes it: [YYYY年][M月]D日[(…)]; missing parts come from the context.
struct DateToken {
    int year = 0, month = 0, day = 0;
    bool has_year = false, has_month = false;
    std::string note;  // the parenthesis after it, without the parentheses
    size_t begin = 0, end = 0;
};

std::optional<DateToken> read_date(const std::string& s, size_t& at) {
    size_t i = at;
    while (i < s.size() && s[i] == ' ') ++i;
    DateToken t;
    t.begin = i;
    auto n = digits(s, i);
    if (!n) return std::nullopt;
    if (starts_with(s, i, "年")) {
        t.has_year = true;
        t.year = *n;
        i += 3;
        n = digits(s, i);
        if (!n) return std::nullopt;
    }
    if (starts_with(s, i, "月")) {
        t.has_month = true;
        t.month = *n;
        i += 3;
        n = digits(s, i);
        if (!n) return std::nullopt;
    }
    if (!starts_with(s, i, "日")) return std::nullopt;
    t.day = *n;
    i += 3;
    if (i < s.size() && s[i] == '(') {
        size_t close = s.find(')', i);
        if (close != std::string::npos) {
            t.note = s.substr(i + 1, close - i - 1);
            i = close + 1;
        }
    }
    t.end = i;
    at = i;
    return t;
}

// The weekday a note such as "农历除夕、周二" or "星期一" states; 0 when it states none.
int stated_weekday(const std::string& note) {
    for (const std::string prefix : {"星期", "周"}) {
        for (size_t p = note.find(prefix); p != std::string::npos; p = note.find(prefix, p + 1)) {
            for (const auto& [word, wd] : weekday_words())
                if (starts_with(note, p + prefix.size(), word)) return wd;
        }
    }
    return 0;
}

const char* kWeekdayShort[] = {"", "周一", "周二", "周三", "周四", "周五", "周六", "周日"};

// Splits on `sep` outside parentheses.
std::vector<std::string> split_outside_parens(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '(') ++depth;
        else if (s[i] == ')' && depth > 0) --depth;
        if (depth == 0 && starts_with(s, i, sep)) {
            out.push_back(s.substr(start, i - start));
            i += sep.size();
            start = i;
            continue;
        }
        ++i;
    }
    out.push_back(s.substr(start));
    return out;
}

// The seven holidays every State Council notice arranges (全国年节及纪念日放假办法), in its order: an
// arrangement notice must give each, or it is refused naming the one it could not read.
const std::vector<std::string>& required_holidays() {
    static const std::vector<std::string> names = {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"};
    return names;
}

const std::set<std::string>& holiday_names() {
    static const std::set<std::string> names(required_holidays().begin(), required_holidays().end());
    return names;
}

const std::vector<std::string>& numerals() {
    static const std::vector<std::string> n = {"十一", "十二", "十", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    return n;
}

// A numbered paragraph header "三、清明节:" at `at`: returns the holiday name and the offset of
// the paragraph's text, or nullopt.
std::optional<std::pair<std::string, size_t>> section_header(const std::string& line, size_t at) {
    size_t i = at;
    bool numeral = false;
    for (const auto& n : numerals())
        if (starts_with(line, i, n)) {
            i += n.size();
            numeral = true;
            break;
        }
    if (!numeral || !starts_with(line, i, "、")) return std::nullopt;
    i += 3;
    const size_t colon = line.find(':', i);
    if (colon == std::string::npos || colon - i > 40) return std::nullopt;
    const std::string name = trim(line.substr(i, colon - i));
    for (const auto& part : split_outside_parens(name, "、"))
        if (!holiday_names().count(trim(part))) return std::nullopt;
    return std::make_pair(name, colon + 1);
}

struct Group {
    std::string name;
    std::set<int32_t> days;  // all days, including those in another year
};

struct Year {
    int year = 0;
    std::vector<Group> holidays;
    std::vector<Group> workdays;
    json sources = json::array();
};

class NoticeReader {
public:
    NoticeReader(const NoticeInput& in, std::vector<Error>& errors) : file_(in.file), errors_(errors) {
        const std::string text = normalize(in.text);
        size_t start = 0;
        while (start <= text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string::npos) nl = text.size();
            lines_.push_back(text.substr(start, nl - start));
            start = nl + 1;
        }
    }

    void fail(size_t line, const std::string& message) {
        Error e = make_error(ErrorCode::kInvalidValue, "/line/" + std::to_string(line + 1),
                             "第" + std::to_string(line + 1) + "行：" + message);
        e.file = file_;
        errors_.push_back(std::move(e));
    }
    void fail_doc(ErrorCode code, const std::string& message) {
        Error e = make_error(code, "", message);
        e.file = file_;
        errors_.push_back(std::move(e));
    }

    // The whole text without comment lines, for the year, number and kind.
    // Spaces are dropped: a title pasted as "关于2021年 部分节假日安排的通知" still reads.
    std::string body() const {
        std::string b;
        for (const auto& l : lines_)
            if (trim(l).rfind("#", 0) != 0)
                for (char c : l)
                    if (c != ' ' && c != '\t') b += c;
        return b;
    }

    // "国办发明电〔2024〕12号", or "" when the paste lacks it.
    std::string number() const {
        const std::string b = body();
        const size_t p = b.find("国办发明电");
        if (p == std::string::npos) return "";
        const size_t q = b.find("号", p);
        if (q == std::string::npos || q - p > 40) return "";
        return b.substr(p, q + 3 - p);
    }

    // The date under the signature: the last line that is only a date, "2024年11月12日".
    std::string published(std::optional<size_t>* where = nullptr) {
        for (size_t k = lines_.size(); k-- > 0;) {
            std::string l = trim(lines_[k]);
            // A signature run together with its date: "国务院办公厅2022年12月8日".
            if (l.rfind("国务院办公厅", 0) == 0) l = trim(l.substr(std::string("国务院办公厅").size()));
            size_t at = 0;
            auto d = read_date(l, at);
            if (d && d->has_year && d->has_month && trim(l.substr(at)).empty()) {
                if (where) *where = k;
                if (auto date = valid(*d, 0, 0)) return date->iso();
            }
        }
        return "";
    }

    // The date of a token, completing year and month from the context; nullopt if impossible.
    static std::optional<Date> valid(const DateToken& t, int year, int month) {
        const int y = t.has_year ? t.year : year;
        const int m = t.has_month ? t.month : month;
        if (y < 1900 || y > 2200 || m < 1 || m > 12 || t.day < 1 || t.day > 31) return std::nullopt;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, t.day);
        return Date::parse(buf);
    }

    // Checks the weekday a token states; returns the date or nullopt (error recorded).
    std::optional<Date> resolve(size_t line, const DateToken& t, int& year, int& month) {
        auto d = valid(t, year, month);
        if (!d) {
            fail(line, "日期“" + describe_token(t, year, month) + "”不存在或缺少月份");
            return std::nullopt;
        }
        year = d->year();
        month = d->month();
        if (const int wd = stated_weekday(t.note); wd && wd != d->weekday()) {
            fail(line, d->iso() + " 通知标注为" + kWeekdayShort[wd] + "，实为" + kWeekdayShort[d->weekday()] + "（星期与日期不符）");
            return std::nullopt;
        }
        return d;
    }
    static std::string describe_token(const DateToken& t, int year, int month) {
        return std::to_string(t.has_year ? t.year : year) + "年" + std::to_string(t.has_month ? t.month : month) + "月" +
               std::to_string(t.day) + "日";
    }

    // Reads "A" or "A至B" at the start of `s`; the days of the range, or empty (error recorded).
    std::vector<Date> read_range(size_t line, const std::string& s, int year) {
        size_t at = 0;
        int y = year, m = 0;
        auto a = read_date(s, at);
        if (!a) {
            fail(line, "“" + trim(s) + "”中找不到放假起始日期");
            return {};
        }
        auto from = resolve(line, *a, y, m);
        if (!from) return {};
        Date to = *from;
        while (at < s.size() && s[at] == ' ') ++at;
        if (starts_with(s, at, "至")) {
            at += 3;
            auto b = read_date(s, at);
            if (!b) {
                fail(line, "“" + trim(s) + "”中“至”后找不到结束日期");
                return {};
            }
            auto end = resolve(line, *b, y, m);
            if (!end) return {};
            to = *end;
        }
        if (to < *from || to.days - from->days > 31) {
            fail(line, "放假区间 " + from->iso() + " 至 " + to.iso() + " 不合理");
            return {};
        }
        std::vector<Date> days;
        for (Date d = *from; d <= to; d = d + 1) days.push_back(d);
        return days;
    }

    // Reads "A、B、C" (each with its note) at the start of `s`.
    std::vector<Date> read_list(size_t line, const std::string& s, int year, bool& ok) {
        std::vector<Date> out;
        int y = year, m = 0;
        ok = true;
        for (const auto& part : split_outside_parens(s, "、")) {
            size_t at = 0;
            auto t = read_date(part, at);
            if (!t) {
                fail(line, "“" + trim(part) + "”不是日期");
                ok = false;
                continue;
            }
            auto d = resolve(line, *t, y, m);
            if (!d) {
                ok = false;
                continue;
            }
            out.push_back(*d);
        }
        return out;
    }

    static std::optional<int> count_of(const std::string& clause) {
        // "共3天" or "放假1天"
        size_t p = clause.find("共");
        size_t at = p == std::string::npos ? std::string::npos : p + 3;
        if (at == std::string::npos) {
            p = clause.find("放假");
            if (p == std::string::npos) return std::nullopt;
            at = p + 6;
        }
        auto n = digits(clause, at);
        if (!n || !starts_with(clause, at, "天")) return std::nullopt;
        return n;
    }

    // One numbered paragraph of an arrangement notice.
    void read_section(size_t line, const std::string& name, const std::string& text, Year& out) {
        Group holiday{name, {}};
        Group work{name + "调休上班", {}};
        std::vector<Date> last_range;
        bool any = false;
        const size_t errors_before = errors_.size();  // one error per cause: no follow-ups of a bad date
        auto quiet = [&] { return errors_.size() != errors_before; };
        for (const auto& sentence : split_outside_parens(text, "。")) {
            for (const auto& raw : split_outside_parens(sentence, ",")) {
                const std::string clause = trim(raw);
                if (clause.empty()) continue;
                if (clause.find("放假") != std::string::npos && clause.find("放假") > 0 &&
                    clause.find("日") < clause.find("放假")) {
                    last_range = read_range(line, clause.substr(0, clause.find("放假")), out.year);
                    for (Date d : last_range) holiday.days.insert(d.days);
                    any = any || !last_range.empty();
                    if (auto n = count_of(clause.substr(clause.find("放假"))); n && !last_range.empty() &&
                                                                             static_cast<size_t>(*n) != last_range.size())
                        fail(line, name + "：通知称共" + std::to_string(*n) + "天，" + last_range.front().iso() + " 至 " +
                                       last_range.back().iso() + " 实为 " + std::to_string(last_range.size()) + " 天");
                } else if (clause.rfind("共", 0) == 0) {
                    auto n = count_of(clause);
                    if (!n) fail(line, "无法读取天数“" + clause + "”");
                    else if (last_range.empty()) {
                        if (!quiet()) fail(line, "“" + clause + "”前没有放假日期");
                    }
                    else if (static_cast<size_t>(*n) != last_range.size())
                        fail(line, name + "：通知称共" + std::to_string(*n) + "天，" + last_range.front().iso() + " 至 " +
                                       last_range.back().iso() + " 实为 " + std::to_string(last_range.size()) + " 天");
                } else if (clause.find("与周末连休") != std::string::npos) {
                    if (last_range.empty()) {
                        if (!quiet()) fail(line, "“与周末连休”前没有放假日期");
                        continue;
                    }
                    const Date first = last_range.front(), last = last_range.back();
                    if (first.weekday() == 1) {
                        holiday.days.insert((first + -1).days);
                        holiday.days.insert((first + -2).days);
                    } else if (last.weekday() == 5) {
                        holiday.days.insert((last + 1).days);
                        holiday.days.insert((last + 2).days);
                    } else {
                        fail(line, name + "：" + first.iso() + " 至 " + last.iso() + " 不与周末相连，无法“与周末连休”");
                    }
                } else if (ends_with(clause, "补休")) {
                    bool ok = true;
                    auto days = read_list(line, clause.substr(0, clause.size() - 6), out.year, ok);
                    for (Date d : days) holiday.days.insert(d.days);
                    any = any || !days.empty();
                } else if (ends_with(clause, "上班") && clause.find("正常上班") == std::string::npos) {
                    bool ok = true;
                    auto days = read_list(line, clause.substr(0, clause.size() - 6), out.year, ok);
                    for (Date d : days) {
                        if (d.weekday() < 6) fail(line, name + "：调休上班日 " + d.iso() + " 是" + kWeekdayShort[d.weekday()] + "，不是周末");
                        else work.days.insert(d.days);
                    }
                }
                // Other clauses ("不调休", "鼓励……休息") state no day off or working day.
            }
        }
        if (!any && !quiet()) fail(line, name + "：找不到放假日期");
        if (!holiday.days.empty()) out.holidays.push_back(std::move(holiday));
        if (!work.days.empty()) out.workdays.push_back(std::move(work));
    }

    // An arrangement notice (部分节假日安排的通知).
    void read_arrangement(Year& out) {
        std::set<std::string> seen;
        for (size_t k = 0; k < lines_.size(); ++k) {
            const std::string& line = lines_[k];
            if (trim(line).rfind("#", 0) == 0) continue;
            // Every header on the line: a paste may run all paragraphs together.
            std::vector<std::pair<size_t, std::pair<std::string, size_t>>> headers;
            for (size_t at = 0; at < line.size(); ++at)
                if (auto h = section_header(line, at)) headers.push_back({at, *h});
            for (size_t h = 0; h < headers.size(); ++h) {
                const auto& [name, text_at] = headers[h].second;
                const size_t end = h + 1 < headers.size() ? headers[h + 1].first : line.size();
                if (!seen.insert(name).second) fail(k, name + "：同一节日出现两次");
                read_section(k, name, line.substr(text_at, end - text_at), out);
            }
        }
        if (seen.empty()) {
            fail_doc(ErrorCode::kInvalidValue, "找不到“一、元旦：……”这样的放假安排段落 / no arrangement paragraphs found");
            return;
        }
        // Every holiday of the notice, also where one paragraph gives two ("六、中秋节、国庆节").
        std::set<std::string> given;
        for (const auto& name : seen)
            for (const auto& part : split_outside_parens(name, "、")) given.insert(trim(part));
        for (const auto& name : required_holidays())
            if (!given.count(name))
                fail_doc(ErrorCode::kMissingField, "通知中找不到“" + name + "”的放假安排（国务院的通知每年都安排元旦、春节、清明节、劳动节、端午节、"
                                                   "中秋节和国庆节），未导入 / no arrangement for " + name);
    }

    // An amending notice: "延长2020年春节假期至2月2日(农历正月初九,星期日),2月3日(星期一)起正常上班".
    void read_extension(Year& out) {
        for (size_t k = 0; k < lines_.size(); ++k) {
            const std::string& line = lines_[k];
            const size_t p = line.find("延长");
            if (p == std::string::npos || trim(line).rfind("#", 0) == 0) continue;
            const size_t to = line.find("假期至", p);
            const size_t nian = line.find("年", p);
            if (to == std::string::npos || nian == std::string::npos || nian > to) continue;
            const std::string name = line.substr(nian + 3, to - nian - 3);
            size_t at = to + 9;
            auto t = read_date(line, at);
            if (!t) {
                fail(k, "“假期至”后找不到日期");
                return;
            }
            int y = out.year, m = 0;
            auto end = resolve(k, *t, y, m);
            if (!end) return;
            auto g = std::find_if(out.holidays.begin(), out.holidays.end(), [&](const Group& g) { return g.name == name; });
            if (g == out.holidays.end() || g->days.empty()) {
                fail(k, "要延长的“" + name + "”假期在原通知中不存在");
                return;
            }
            const int32_t last = *g->days.rbegin();
            if (end->days <= last) {
                fail(k, "延长后的最后一天 " + end->iso() + " 不晚于原假期最后一天 " + Date{last}.iso());
                return;
            }
            for (int32_t d = last + 1; d <= end->days; ++d) {
                g->days.insert(d);
                for (auto& w : out.workdays) w.days.erase(d);
            }
            out.workdays.erase(std::remove_if(out.workdays.begin(), out.workdays.end(), [](const Group& w) { return w.days.empty(); }),
                               out.workdays.end());
            // "2月3日(星期一)起正常上班": checked, no day changes.
            const size_t back = line.find("起正常上班", at);
            if (back != std::string::npos) {
                for (const auto& part : split_outside_parens(line.substr(at, back - at), ",")) {
                    size_t a = 0;
                    if (auto r = read_date(trim(part), a)) resolve(k, *r, y, m);
                }
            }
            return;
        }
        fail_doc(ErrorCode::kInvalidValue, "找不到“延长……假期至……”的安排 / no extension found");
    }

    json source(const std::string& title) {
        return json{{"title", title}, {"number", number()}, {"published", published()}};
    }

    const std::vector<std::string>& lines() const { return lines_; }

private:
    std::string file_;
    std::vector<Error>& errors_;
    std::vector<std::string> lines_;
};

// The year a notice is about, and whether it arranges or amends: 0 when neither.
int notice_year(const std::string& body, bool& arrangement, std::string& title) {
    auto year_before = [&](size_t p) {
        if (p < 4) return 0;
        int y = 0;
        for (size_t i = p - 4; i < p; ++i) {
            if (body[i] < '0' || body[i] > '9') return 0;
            y = y * 10 + (body[i] - '0');
        }
        return y;
    };
    const std::string arr = "年部分节假日安排的通知";
    if (size_t p = body.find(arr); p != std::string::npos) {
        arrangement = true;
        const int y = year_before(p);
        title = "国务院办公厅关于" + std::to_string(y) + "年部分节假日安排的通知";
        return y;
    }
    // A paste that starts below the title: "现将2026年元旦、春节……放假调休日期的具体安排通知如下".
    if (size_t p = body.find("年元旦"); p != std::string::npos && p >= 10 && body.compare(p - 10, 6, "现将") == 0) {
        arrangement = true;
        const int y = year_before(p);
        title = "国务院办公厅关于" + std::to_string(y) + "年部分节假日安排的通知";
        return y;
    }
    if (size_t p = body.find("关于延长"); p != std::string::npos) {
        const size_t nian = body.find("年", p);
        const size_t end = body.find("的通知", p);
        if (nian != std::string::npos && end != std::string::npos && nian < end) {
            arrangement = false;
            title = "国务院办公厅" + body.substr(p, end + 9 - p);
            return year_before(nian);
        }
    }
    return 0;
}

}  // namespace

NoticeResult calendar_from_notices(const std::vector<NoticeInput>& notices) {
    NoticeResult result;
    Year year;
    if (notices.empty()) {
        result.errors.push_back(make_error(ErrorCode::kUsage, "", "没有通知文本 / no notice given"));
        return result;
    }
    for (size_t i = 0; i < notices.size(); ++i) {
        const size_t before = result.errors.size();
        if (!valid_utf8(notices[i].text)) {
            Error e = make_error(ErrorCode::kInvalidValue, "", "通知文本不是 UTF-8 编码 / the notice is not UTF-8 text");
            e.file = notices[i].file;
            result.errors.push_back(std::move(e));
            continue;
        }
        NoticeReader reader(notices[i], result.errors);
        bool arrangement = false;
        std::string title;
        const int y = notice_year(reader.body(), arrangement, title);
        if (y == 0) {
            reader.fail_doc(ErrorCode::kInvalidValue,
                            "找不到通知标题“国务院办公厅关于YYYY年部分节假日安排的通知” / not a State Council holiday notice");
            continue;
        }
        if (y < limits::kMinYear || y > limits::kMaxYear) {
            // The calendar loader takes no other year: the document written would not load.
            reader.fail_doc(ErrorCode::kInvalidValue, "通知标题中的年份 " + std::to_string(y) + " 不在 " + std::to_string(limits::kMinYear) +
                                                          "–" + std::to_string(limits::kMaxYear) + " 之间 / year out of range");
            continue;
        }
        if (i == 0 && !arrangement) {
            reader.fail_doc(ErrorCode::kInvalidValue, "第一份通知应为“关于" + std::to_string(y) + "年部分节假日安排的通知”，“" + title + "”只能补充在其后");
            continue;
        }
        if (i > 0 && arrangement) {
            reader.fail_doc(ErrorCode::kInvalidValue, "只能有一份部分节假日安排的通知；其后只能是补充通知（如延长假期）");
            continue;
        }
        if (i > 0 && y != year.year) {
            reader.fail_doc(ErrorCode::kInvalidValue, "补充通知是 " + std::to_string(y) + " 年的，安排通知是 " + std::to_string(year.year) + " 年的");
            continue;
        }
        year.year = y;
        if (arrangement) reader.read_arrangement(year);
        else reader.read_extension(year);
        json src = reader.source(title);
        if (src["published"] == "")
            reader.fail_doc(ErrorCode::kMissingField, "找不到落款日期（如“2024年11月12日”）/ no date under the signature");
        if (result.errors.size() == before) year.sources.push_back(std::move(src));
    }
    if (!result.errors.empty()) return result;

    // The document, keys in the bundled files' order and their layout (two-space indent); days
    // outside the year are left out. Written as text: an insertion-ordered json type would be a second
    // instantiation of the whole JSON library in the WebAssembly engine for this one document.
    const auto str = [](const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); };
    // `items` already indented by `pad`; "[]" when there are none, as nlohmann's dump(2) writes it.
    const auto list = [](const std::vector<std::string>& items, const std::string& pad) {
        if (items.empty()) return std::string("[]");
        std::string out = "[\n";
        for (size_t i = 0; i < items.size(); ++i) out += pad + "  " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
        return out + pad + "]";
    };
    std::vector<std::string> sources;
    for (const auto& s : year.sources)
        sources.push_back("{\n      \"title\": " + str(s["title"].get<std::string>()) +
                          ",\n      \"number\": " + str(s["number"].get<std::string>()) +
                          ",\n      \"published\": " + str(s["published"].get<std::string>()) + "\n    }");
    auto groups = [&](const std::vector<Group>& list_of) {
        std::vector<std::string> out;
        for (const auto& g : list_of) {
            std::vector<std::string> dates;
            for (int32_t d : g.days)
                if (Date{d}.year() == year.year) dates.push_back(str(Date{d}.iso()));
            if (!dates.empty())
                out.push_back("{\n      \"name\": " + str(g.name) + ",\n      \"dates\": " + list(dates, "      ") + "\n    }");
        }
        return list(out, "  ");
    };
    const std::string text = "{\n  \"schema\": \"referral-calendar/1\",\n  \"year\": " + std::to_string(year.year) +
                             ",\n  \"sources\": " + list(sources, "  ") +
                             ",\n  \"holidays\": " + groups(year.holidays) +
                             ",\n  \"workdays\": " + groups(year.workdays) + "\n}";
    // A day both off and at work means the notice contradicts itself.
    std::set<int32_t> off;
    for (const auto& g : year.holidays) off.insert(g.days.begin(), g.days.end());
    for (const auto& w : year.workdays)
        for (int32_t d : w.days)
            if (off.count(d)) result.errors.push_back(make_error(ErrorCode::kInvalidValue, "", Date{d}.iso() + " 既是放假日又是上班日"));
    if (!result.errors.empty()) return result;
    result.text = text;
    result.calendar = json::parse(result.text);
    result.ok = true;
    return result;
}

}  // namespace referral
