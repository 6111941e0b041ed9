#include "rules/clause_text.h"

#include <array>

namespace referral {

namespace {

constexpr std::string_view kParagraph = "¶";

// The document's part and item numbers: the Chinese numerals one to ten (each 3 bytes of UTF-8).
constexpr std::array<std::string_view, 10> kNumerals = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

size_t numerals_at(std::string_view s, size_t i) {
    size_t j = i;
    for (bool more = true; more;) {
        more = false;
        for (std::string_view n : kNumerals)
            if (s.substr(j, n.size()) == n) { j += n.size(); more = true; break; }
    }
    return j - i;
}

size_t digits_at(std::string_view s, size_t i) {
    size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    return j - i;
}

struct ClauseId {
    std::string_view part, item, point;
    size_t length = 0;  // 0: no clause id here
};

// A clause id at s[i]: part "(" item ")" point? ("¶" paragraph)?
ClauseId clause_at(std::string_view s, size_t i) {
    ClauseId c;
    const size_t part = numerals_at(s, i);
    if (part == 0 || i + part >= s.size() || s[i + part] != '(') return c;
    const size_t item_at = i + part + 1;
    const size_t item = numerals_at(s, item_at);
    if (item == 0 || item_at + item >= s.size() || s[item_at + item] != ')') return c;
    size_t end = item_at + item + 1;
    const size_t point = digits_at(s, end);
    c.part = s.substr(i, part);
    c.item = s.substr(item_at, item);
    c.point = s.substr(end, point);
    end += point;
    if (s.substr(end, kParagraph.size()) == kParagraph) {
        const size_t para = digits_at(s, end + kParagraph.size());
        if (para > 0) end += kParagraph.size() + para;
    }
    c.length = end - i;
    return c;
}

std::string label(const ClauseId& c) {
    return std::string(c.part) + "（" + std::string(c.item) + "）" + std::string(c.point);
}

}  // namespace

std::string clause_label(std::string_view clause) {
    const ClauseId c = clause_at(clause, 0);
    if (c.length == 0) return std::string(clause.substr(0, clause.find(kParagraph)));
    return label(c);
}

std::string clause_in_sentence(std::string_view clause) {
    const ClauseId c = clause_at(clause, 0);
    if (c.length == 0) return std::string(clause.substr(0, clause.find(kParagraph)));
    std::string out = "第" + std::string(c.part) + "部分第（" + std::string(c.item) + "）项";
    if (!c.point.empty()) out += "第" + std::string(c.point) + "点";
    return out;
}

std::string clause_ids_as_printed(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const ClauseId c = clause_at(text, i);
        if (c.length > 0) {
            out += label(c);
            i += c.length;
            continue;
        }
        // No id starts here. Nor can one start later in the same run of numerals: each such start reads
        // to the same end of the run and fails there alike. The run is copied whole, so that a long run
        // ("一一一…") is read once, not once per numeral.
        const size_t run = numerals_at(text, i);
        const size_t n = run > 0 ? run : 1;
        out.append(text.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace referral
