// plan.h — from a case to a routing plan `referral-plan/1`.
//
// [SECTION] Plan: handler, steps with due dates, warnings, ambiguities, trace
// [SECTION] Planning and serialisation
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "rules/case.h"
#include "rules/pack.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Plan
//-----------------------------------------------------------------------------
struct Due {
    std::string rule = "none";  // working_days | hours | immediately | promptly | none
    int count = 0;
    std::string from;           // anchor id
    std::string from_label;     // 发现之日 …
    std::optional<Date> date;           // working_days, when the anchor is known
    std::optional<DateTime> datetime;   // hours, when the anchor is known
    bool calendar_covered = true;
    std::string basis;
};

struct Step {
    std::string actor, to;       // authority ids ("" = nobody)
    std::string action;
    std::string clause, quote, explanation;
    std::string rule;            // id of the rule that produced it
    std::string id;              // step id in the pack, or ""
    Due due;
    std::vector<std::string> documents;
    int phase = 50;
};

struct Warning {
    std::string code, message, clause;
};

struct Ambiguity {
    std::string id, clause, quote, reading;
};

struct Because {
    std::string fact, value;
    bool derived = false;  // a pack definition, or a fact read only through one
};

struct Handler {
    std::string authority;  // authority id
    std::string rule, clause, quote;
    std::vector<Because> because;  // the facts the deciding rule read, with this case's values
};

// A calendar year a plan's working-day deadlines were counted on, with the State Council notices
// that set its holidays and make-up working days (the year's file, bundled or the office's own).
struct CalendarBasis {
    int year = 0;
    std::vector<CalendarSource> sources;
    bool office = false;  // the office's own year (CalendarYear::office)
};

struct Plan {
    std::optional<Handler> handler;
    std::vector<Step> steps;
    std::vector<CalendarBasis> calendar;  // the years with data that working-day counts ran through, in order
    std::vector<Warning> warnings;
    std::vector<Ambiguity> ambiguities;
    std::vector<std::string> rules_applied;
    bool devolved = false;       // the derived fact used for routing
    std::vector<std::string> conflicting_handlers;  // non-empty when rules disagree
};

//-----------------------------------------------------------------------------
// [SECTION] Planning and serialisation
//-----------------------------------------------------------------------------
// What the derivation of a case's facts noticed about the penalty power, for the plan's warnings.
struct PowerNotes {
    Date decision_date;                   // the day on which the power is judged
    bool not_yet_devolved = false;        // the item is devolved only after the decision date
    bool predates_devolution = false;     // found before devolution, decided after it
    bool revoked = false;                 // the power was taken back (收回) before the decision date
    const CatalogueItem* item = nullptr;
};

// The facts of a case as the rules see them — the one place they are derived, for planning,
// question relevance and the page (describe/relevant). Who holds the penalty power (`devolved`) is
// judged on the decision date (Case::decided, else the day found); `predates_devolution` when the
// matter was found before the item was devolved and is decided after. A `devolved` answer given for
// an item outside the catalogue stands as given.
Facts derive_facts(const Pack& pack, const Case& c, PowerNotes* notes = nullptr);
// The same for answers still being given: unanswered members leave their facts unset.
Facts derive_facts(const Pack& pack, const CaseAnswers& answers);

// Plans a validated case. Total: never fails; problems become warnings.
Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c);

// Plans from precomputed facts (the coverage matrix varies facts directly).
Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c, const Facts& facts);

// Appends the plan as referral-plan/1 JSON text to `out` (the fast path for the CLI and wasm).
void write_plan(std::string& out, const Pack& pack, const Case& c, const Plan& plan);
// The same as a json value (tests, tools).
json plan_to_json(const Pack& pack, const Case& c, const Plan& plan);

}  // namespace referral
