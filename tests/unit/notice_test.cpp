// The holiday-notice reader against the real notices of 2017 and 2020–2026 (tests/import/notices/,
// each with its source address) and against notices with a wrong weekday or count.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "calendar/calendar.h"
#include "import/notice.h"
#include "test_support.h"

using namespace referral;

namespace {
std::string read(const std::string& relative) {
    std::ifstream in(test::source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
NoticeResult from(const std::vector<std::string>& files) {
    std::vector<NoticeInput> in;
    for (const auto& f : files) in.push_back({read("tests/import/notices/" + f), f});
    return calendar_from_notices(in);
}
std::string all_errors(const NoticeResult& r) {
    std::string s;
    for (const auto& e : r.errors) s += describe(e) + "\n";
    return s;
}
}  // namespace

// Each row: the notice file(s) of a year; the result must equal the bundled forms/calendars/YEAR.json
// day for day and name for name, and load into the calendar.
TEST(Notice, RealNoticesReproduceTheBundledYears) {
    struct Row { int year; std::vector<std::string> files; };
    const Row rows[] = {
        {2020, {"2020.txt", "2020-extension.txt"}},
        {2021, {"2021.txt"}},
        {2022, {"2022.txt"}},
        {2023, {"2023.txt"}},
        {2024, {"2024.txt"}},
        {2025, {"2025.txt"}},
        {2026, {"2026.txt"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.year);
        const NoticeResult r = from(row.files);
        ASSERT_TRUE(r.ok) << all_errors(r);
        const json bundled = json::parse(read("forms/calendars/" + std::to_string(row.year) + ".json"));
        EXPECT_EQ(r.calendar["year"], row.year);
        EXPECT_EQ(r.calendar["holidays"], bundled["holidays"]);
        EXPECT_EQ(r.calendar["workdays"], bundled["workdays"]);
        ASSERT_EQ(r.calendar["sources"].size(), bundled["sources"].size());
        for (size_t i = 0; i < bundled["sources"].size(); ++i) {
            EXPECT_EQ(r.calendar["sources"][i]["title"], bundled["sources"][i]["title"]);
            EXPECT_EQ(r.calendar["sources"][i]["published"], bundled["sources"][i]["published"]);
            // The number where the pasted copy carries it (the 2026 copy found does not).
            if (r.calendar["sources"][i]["number"] != "") {
                EXPECT_EQ(r.calendar["sources"][i]["number"], bundled["sources"][i]["number"]);
            }
        }
        WorkCalendar cal;
        std::vector<Error> errors;
        EXPECT_TRUE(cal.add_year_json(r.text, "notice", errors)) << (errors.empty() ? "" : describe(errors[0]));
    }
}

// The text is the bundled file's own layout, byte for byte, where the pasted notices carry all the
// bundled file says (2020 with its amendment, 2024; the 2025 and 2026 copies lack the number).
TEST(Notice, TextIsTheBundledFileByteForByte) {
    for (const auto& [year, files] : std::vector<std::pair<int, std::vector<std::string>>>{
             {2020, {"2020.txt", "2020-extension.txt"}}, {2024, {"2024.txt"}}}) {
        SCOPED_TRACE(year);
        const NoticeResult r = from(files);
        ASSERT_TRUE(r.ok) << all_errors(r);
        std::string bundled = read("forms/calendars/" + std::to_string(year) + ".json");
        while (!bundled.empty() && bundled.back() == '\n') bundled.pop_back();
        EXPECT_EQ(r.text, bundled);
    }
}

// 2017's wording: "1月2日（星期一）补休", "与周末连休" and no weekdays on the ranges.
TEST(Notice, OlderWordingGivesTheDaysTheNoticeStates) {
    const NoticeResult r = from({"2017.txt"});
    ASSERT_TRUE(r.ok) << all_errors(r);
    const json expected_holidays = json::parse(R"([
      {"name":"元旦","dates":["2017-01-01","2017-01-02"]},
      {"name":"春节","dates":["2017-01-27","2017-01-28","2017-01-29","2017-01-30","2017-01-31","2017-02-01","2017-02-02"]},
      {"name":"清明节","dates":["2017-04-02","2017-04-03","2017-04-04"]},
      {"name":"劳动节","dates":["2017-04-29","2017-04-30","2017-05-01"]},
      {"name":"端午节","dates":["2017-05-28","2017-05-29","2017-05-30"]},
      {"name":"中秋节、国庆节","dates":["2017-10-01","2017-10-02","2017-10-03","2017-10-04","2017-10-05","2017-10-06","2017-10-07","2017-10-08"]}
    ])");
    const json expected_workdays = json::parse(R"([
      {"name":"春节调休上班","dates":["2017-01-22","2017-02-04"]},
      {"name":"清明节调休上班","dates":["2017-04-01"]},
      {"name":"端午节调休上班","dates":["2017-05-27"]},
      {"name":"中秋节、国庆节调休上班","dates":["2017-09-30"]}
    ])");
    EXPECT_EQ(r.calendar["holidays"], expected_holidays);
    EXPECT_EQ(r.calendar["workdays"], expected_workdays);
    EXPECT_EQ(r.calendar["sources"][0]["number"], "国办发明电〔2016〕17号");
    EXPECT_EQ(r.calendar["sources"][0]["published"], "2016-12-01");
}

TEST(Notice, AWrongWeekdayIsRefusedNamingTheLine) {
    const NoticeResult r = from({"bad-weekday.txt"});
    ASSERT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
    EXPECT_EQ(r.errors[0].file, "bad-weekday.txt");
    EXPECT_EQ(r.errors[0].path, "/line/8");  // "一、元旦：1月1日（周五）至3日（周六）…"
    EXPECT_NE(r.errors[0].message.find("2026-01-01"), std::string::npos) << r.errors[0].message;
    EXPECT_NE(r.errors[0].message.find("周四"), std::string::npos) << r.errors[0].message;
}

TEST(Notice, AWrongCountIsRefusedNamingTheLine) {
    const NoticeResult r = from({"bad-count.txt"});
    ASSERT_FALSE(r.ok);
    ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
    EXPECT_EQ(r.errors[0].path, "/line/10");
    EXPECT_NE(r.errors[0].message.find("共8天"), std::string::npos) << r.errors[0].message;
}

// Wordings a paste may bring, each checked on a small text.
TEST(Notice, RefusesWhatItCannotRead) {
    struct Row { const char* text; const char* fragment; const char* why; };
    const Row rows[] = {
        {"国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）放假。1月5日（周一）上班。\n国务院办公厅\n2025年11月4日\n",
         "不是周末", "a make-up working day on a weekday"},
        {"国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：2月30日放假。\n国务院办公厅\n2025年11月4日\n",
         "不存在", "an impossible date"},
        {"国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。\n", "落款日期", "no date under the signature"},
        {"今年元旦放假三天。\n", "找不到通知标题", "not a notice"},
        {"国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：放假调休。\n国务院办公厅\n2025年11月4日\n", "找不到", "no date in a paragraph"},
        {"\xff\xfe国务院", "UTF-8", "not UTF-8 (a GBK or UTF-16 file)"},
    };
    for (const auto& row : rows) {
        const NoticeResult r = calendar_from_notices({{row.text, "t.txt"}});
        EXPECT_FALSE(r.ok) << row.why;
        EXPECT_NE(all_errors(r).find(row.fragment), std::string::npos) << row.why << ": " << all_errors(r);
    }
}

// The 2026 notice's lines from its title on (comments left out), each changed by `change`.
std::string notice_2026(const std::function<std::string(const std::string&)>& change) {
    std::istringstream in(read("tests/import/notices/2026.txt"));
    std::string out, line;
    while (std::getline(in, line))
        if (line.rfind("#", 0) != 0) out += change(line);
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
}

TEST(Notice, AllParagraphsOnOneLineAndHalfWidthPunctuation) {
    // Title and paragraphs run together on one line, in ASCII punctuation; the signature below.
    std::string text = notice_2026([](const std::string& l) {
        std::string h = l;
        for (auto [full, half] : {std::pair<const char*, const char*>{"（", "("}, {"）", ")"}, {"：", ":"}, {"，", ","}, {"　", ""}})
            h = replace_all(h, full, half);
        return h.rfind("国务院办公厅", 0) == 0 && h.size() < 20 ? "\n" + h + "\n" : h.rfind("2025年", 0) == 0 ? h + "\n" : h + " ";
    });
    const NoticeResult r = calendar_from_notices({{text, ""}});
    ASSERT_TRUE(r.ok) << all_errors(r) << text;
    EXPECT_EQ(r.calendar["holidays"].size(), 7u);
    EXPECT_EQ(r.calendar["holidays"][1]["dates"].size(), 9u);
    EXPECT_EQ(r.calendar["workdays"][0]["dates"], json::parse(R"(["2026-01-04"])"));
}

TEST(Notice, APasteWithoutItsTitleIsReadFromItsFirstSentence) {
    const std::string text = notice_2026([](const std::string& l) {
        return l.find("部分节假日安排的通知") != std::string::npos ? std::string() : l + "\n";
    });
    ASSERT_EQ(text.find("部分节假日安排的通知"), std::string::npos);
    const NoticeResult r = calendar_from_notices({{text, ""}});
    ASSERT_TRUE(r.ok) << all_errors(r);
    EXPECT_EQ(r.calendar["sources"][0]["title"], "国务院办公厅关于2026年部分节假日安排的通知");
    EXPECT_EQ(r.calendar["year"], 2026);
}

// Issue #25: a holiday is read through whatever invisible characters a paste brings into its
// paragraph (each of them once lost 元旦, and 1–3 January became working days), and a notice that
// does not give all seven holidays is refused naming the one missing.
TEST(Notice, InvisibleCharactersAreNormalisedAndEveryHolidayIsRequired) {
    const NoticeResult clean = from({"2026.txt"});
    ASSERT_TRUE(clean.ok) << all_errors(clean);
    for (const char* inserted : {"\u200b", "\u00a0", "\u3000", " ", "\ufeff", "\u2060", "\u00ad", "\u200d"}) {
        for (const char* where : {"一、元旦", "元旦："}) {
            const std::string at = where;
            const std::string bent = std::string(where) == "一、元旦" ? "一" + std::string(inserted) + "、元" + inserted + "旦"
                                                                   : "元旦" + std::string(inserted) + "：";
            const NoticeResult r = calendar_from_notices({{replace_all(read("tests/import/notices/2026.txt"), at, bent), ""}});
            ASSERT_TRUE(r.ok) << inserted << " in " << where << ": " << all_errors(r);
            EXPECT_EQ(r.calendar, clean.calendar) << inserted << " in " << where;
        }
    }
    std::string with_nul = replace_all(read("tests/import/notices/2026.txt"), "一、元旦", "一、");
    with_nul.insert(with_nul.find("一、") + std::string("一、").size(), std::string("\0元旦", 7));
    const NoticeResult nul = calendar_from_notices({{with_nul, ""}});
    ASSERT_TRUE(nul.ok) << all_errors(nul);
    EXPECT_EQ(nul.calendar, clean.calendar);

    // A paragraph the reader cannot take as 元旦's: refused, naming 元旦, nothing written.
    const NoticeResult lost = calendar_from_notices({{replace_all(read("tests/import/notices/2026.txt"), "一、元旦", "一、元-旦"), "n.txt"}});
    ASSERT_FALSE(lost.ok);
    ASSERT_EQ(lost.errors.size(), 1u) << all_errors(lost);
    EXPECT_EQ(lost.errors[0].code, ErrorCode::kMissingField);
    EXPECT_EQ(lost.errors[0].file, "n.txt");
    EXPECT_NE(lost.errors[0].message.find("“元旦”"), std::string::npos) << lost.errors[0].message;
    EXPECT_TRUE(lost.text.empty());
    // Two paragraphs missing: both named.
    const NoticeResult two = calendar_from_notices(
        {{replace_all(replace_all(read("tests/import/notices/2026.txt"), "三、清明节", "三、清明"), "七、国庆节", "七、国庆"), ""}});
    ASSERT_EQ(two.errors.size(), 2u) << all_errors(two);
    EXPECT_NE(two.errors[0].message.find("“清明节”"), std::string::npos);
    EXPECT_NE(two.errors[1].message.find("“国庆节”"), std::string::npos);
}

TEST(Notice, AnAmendmentMustFollowItsYearsArrangement) {
    EXPECT_FALSE(from({"2020-extension.txt"}).ok);
    EXPECT_FALSE(from({"2021.txt", "2020-extension.txt"}).ok);
    EXPECT_FALSE(from({"2021.txt", "2022.txt"}).ok);
}
