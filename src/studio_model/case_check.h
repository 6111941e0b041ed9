// case_check.h — behaviour cases (tests/cases/**.json) checked against an engine, with a diff.
//
// [SECTION] Case files: reading a folder of cases
// [SECTION] Checking: one case, or a whole set, against an engine
//
// The one implementation of what "a behaviour case passes" means: the GoogleTest driver
// (tests/cases_test.cpp) and the studio's pack-checks panel both call check_case.
//
// A behaviour case: {"name": sentence, "today"?: "YYYY-MM-DD" (the day it is planned on; default the
// day its matter was found), "input": referral-case/1 (with `events` for a matter with a record), "expected": {
//     "decision_day": "YYYY-MM-DD",                  the day the power is judged for the decision
//     "unmatched_events": [index, …],                recorded events no owed step accounts for
//     "handler": "town:huilong" | null,               the plan's handler authority (null: nobody)
//     "steps": [ {actor, action, to?, due?: {…}} ],   each must match some step of the plan
//     "absent_steps": [ {actor?, action, to?} ],      none may match a step of the plan
//     "warnings": ["code", …], "absent_warnings": ["code", …], "ambiguities": ["A1", …],
//     "step_count": N }}
// A step matches when every member the case gives equals the plan step's member (recursively for
// objects); a member given as null also matches an absent one ("to": null). A case must expect
// at least one thing. A case may also name what it covers: "covers": ["rule-id" | "二(四)1¶3", …]
// — each rule must be applied by the plan, each clause cited by a rule it applies. Unknown members
// of the case, of `expected`, of an expected step or of its due are errors (unknown_field).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_read.h"
#include "engine/engine.h"

namespace referral::studio {

//-----------------------------------------------------------------------------
// [SECTION] Case files
//-----------------------------------------------------------------------------
// Case id (its path relative to the cases folder, '/'-separated, e.g. "二一1/town-finds….json")
// → the file's text.
using CaseFiles = std::map<std::string, std::string>;

// Every *.json file under `dir`, recursively. A missing folder is an io_error naming it.
Result<CaseFiles> read_case_folder(const std::string& dir);

//-----------------------------------------------------------------------------
// [SECTION] Checking
//-----------------------------------------------------------------------------
enum class CaseOutcome {
    kPassed,  // the plan meets every expectation
    kFailed,  // the case is well-formed and the plan misses at least one expectation (see diffs)
    kError,   // the case file itself is malformed (see error); nothing was planned
};

// "passed", "failed", "error".
const char* case_outcome_id(CaseOutcome outcome);

// One unmet expectation. `pointer` is the JSON Pointer into the case file of what was expected
// (down to the member that differs, e.g. /expected/steps/1/due/date); `actual` is what the plan
// has there (null when it has nothing), found at `plan_pointer` in the plan when there is one place
// (for a step that must not occur: its actor, action, to and the members the case names).
struct CaseDiff {
    std::string pointer;
    json expected;
    json actual;
    std::string plan_pointer;  // e.g. "/steps/3", "/handler/authority"; "" when no single place
    std::string note;          // why this is a difference, e.g. "no step of the plan matches"
};

struct CaseResult {
    std::string id;    // the case's path, as given
    std::string name;  // the sentence naming the case ("" when the file has none)
    CaseOutcome outcome = CaseOutcome::kError;
    std::vector<CaseDiff> diffs;  // kFailed: every unmet expectation, in the file's order
    Error error;                  // kError: what is malformed and where (path; file = id)
    json input;                   // the case's input (null when the file is not readable)
    json plan;                    // the plan made for it (null when none was made)
    int checks = 0;               // expectations checked
    std::vector<std::string> rules_applied;  // the plan's rules_applied (empty when none was made)
};

// Checks one case file's text against `engine`. Never throws.
CaseResult check_case(const Engine& engine, const std::string& id, std::string_view text);

struct CaseRun {
    std::vector<CaseResult> results;  // in id order
    size_t passed = 0, failed = 0, errors = 0;
};

// Checks every case of `files` against `engine`.
CaseRun run_cases(const Engine& engine, const CaseFiles& files);

// "/expected/handler: expected \"town:haifu\", actual \"dept:market\" (…)" — one line per diff,
// or the error as describe() gives it; for test failures and logs.
std::string describe(const CaseResult& result);

}  // namespace referral::studio
