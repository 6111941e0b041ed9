// case.h — the case input contract `referral-case/1`: parsing and validation.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/json_read.h"
#include "rules/pack.h"

namespace referral {

struct Case {
    DateTime date;                       // when the matter was found, or received
    std::optional<DateTime> received;    // when a transferred matter arrived
    // When the administrative decision is (to be) made. Who holds the penalty power is judged on
    // this day, not on the day the matter was found (二(四)1¶1: an open case goes to whoever holds
    // the power when it is decided). Input member `decided`; when absent the engine uses the day of
    // planning (never earlier than `date`), and without that the day the matter was found.
    std::optional<Date> decided;
    std::string finder;                  // town | dept
    std::string town;                    // town short id (authority town:<id>)
    std::string dept;                    // dept short id (authority dept:<id>)
    std::string item;                    // catalogue id, or ""
    std::optional<bool> devolved_override;
    std::map<std::string, std::string> values;  // the pack's enum facts (vocabulary.json): source → patrol …
    std::set<std::string> flags;                // the pack's yes/no facts that hold

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    // The value of one of the pack's enum facts, "" when not given.
    const std::string& value(const std::string& id) const;
};

// Validates `doc` against referral-case/1 and the pack's towns, departments and catalogue.
// Collects every problem in `all_errors` (when given); returns the first on failure.
Result<Case> parse_case(const json& doc, const Pack& pack, std::vector<Error>* all_errors = nullptr);

// The answers of a case being filled in: whatever members are well-formed, nothing validated.
// Question relevance is judged on these (Engine::relevant_questions), with the same fact
// derivation as planning (derive_facts in rules/plan.h).
struct CaseAnswers {
    Case c;
    bool has_date = false;       // `date` was given and is a valid date-time
    bool item_answered = false;  // `item` was given (the empty string = not in the catalogue)
};
CaseAnswers read_answers(const json& doc, const Pack& pack);

// Serialises a case back to referral-case/1 (canonical member order).
json case_to_json(const Case& c);

}  // namespace referral
