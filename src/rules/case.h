// case.h — the case input contract `referral-case/1`: parsing and validation.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/json_read.h"
#include "rules/pack.h"

namespace referral {

struct Case {
    DateTime date;                       // when the matter was found, or received
    std::optional<DateTime> received;    // when a transferred matter arrived
    std::string finder;                  // town | dept
    std::string town;                    // town short id (authority town:<id>)
    std::string dept;                    // dept short id (authority dept:<id>)
    std::string item;                    // catalogue id, or ""
    std::optional<bool> devolved_override;
    std::string source;
    std::string category;
    std::string verification = "unverified";
    std::string pre_devolution_status;   // "" when not given
    std::bitset<32> flags;               // indexed like case_flag_names()

    bool flag(const std::string& name) const;
};

// Validates `doc` against referral-case/1 and the pack's towns, departments and catalogue.
// Collects every problem in `all_errors` (when given); returns the first on failure.
Result<Case> parse_case(const json& doc, const Pack& pack, std::vector<Error>* all_errors = nullptr);

// Serialises a case back to referral-case/1 (canonical member order).
json case_to_json(const Case& c);

}  // namespace referral
