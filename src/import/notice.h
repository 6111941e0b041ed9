// notice.h — the State Council's yearly holiday notice, as text, to a `referral-calendar/1` year.
//
// [SECTION] NoticeInput and calendar_from_notices
//
// Input: the text of a 国务院办公厅关于YYYY年部分节假日安排的通知 as pasted from a web page
// (full-width or half-width punctuation, the title on one or two lines, the numbered paragraphs
// 一、元旦：… one per line or all run together), optionally followed by notices that amend the
// same year (国务院办公厅关于延长2020年春节假期的通知). Lines beginning with '#' are comments.
//
// Every weekday the notice states — "1月1日（周四）", "1月2日（星期一）", "（农历除夕、周二）" — is
// checked against the date, every "共N天" against the days of its range, and every 上班 day must
// be a Saturday or Sunday. Any disagreement, and any paragraph that cannot be read, is an error
// naming the file and line (path "/line/N", N counted from 1); nothing is guessed.
//
// The wordings of 2017–2026 are understood: "A至B放假调休，共N天", "A放假，共1天", "A放假1天，不调休",
// "A放假，B（星期一）补休", "A放假，与周末连休" (the adjacent Saturday and Sunday become part of the
// holiday), "A（周日）、B（周六）上班", and "延长YYYY年春节假期至D" in an amending notice. Days of
// a range that fall in another year (2023's 元旦 from 2022-12-31) are checked but not listed.
#pragma once

#include <string>
#include <vector>

#include "core/json_read.h"
#include "core/result.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] NoticeInput and calendar_from_notices
//-----------------------------------------------------------------------------
struct NoticeInput {
    std::string text;  // UTF-8
    std::string file;  // shown in errors (Error::file); may be empty
};

struct NoticeResult {
    bool ok = false;
    json calendar;              // the referral-calendar/1 document when ok
    std::string text;           // the same, pretty-printed with the bundled files' key order
    std::vector<Error> errors;  // every problem found, when not ok
};

// The first notice must be a year's arrangement (部分节假日安排的通知); any further ones must amend
// the same year. Pure function: no I/O, no clock.
NoticeResult calendar_from_notices(const std::vector<NoticeInput>& notices);

}  // namespace referral
