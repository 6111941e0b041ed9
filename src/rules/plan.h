// plan.h — from a case to a routing plan `referral-plan/1`.
//
// [SECTION] Record: what was done and when (events), for deadlines that count from acts
// [SECTION] Plan: handler, steps with due dates, warnings, ambiguities, trace
// [SECTION] Planning and serialisation
//
// Planning is two passes over the pack. plan_steps evaluates the rules on a case's facts: who
// handles, which steps are owed, with the deadline variants whose conditions hold. resolve_deadlines
// then dates them: it picks each step's variant, dates its anchor (the case, the record, or another
// step) and counts. The matter in time (src/matter) runs both per period of who held the power;
// make_plan runs them once, for tools that vary facts directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "rules/case.h"
#include "rules/pack.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Record
//-----------------------------------------------------------------------------
// A day, with the time of day when it is known ("2026-05-06" or "2026-05-06T09:30:00+08:00").
struct Stamp {
    Date date;
    std::optional<DateTime> at;
    std::string iso() const { return at ? at->iso() : date.iso(); }
};

// One recorded act or milestone of a matter (referral-case/1 `events`; a ledger line's events).
struct Event {
    std::string action;  // an action or an event id of the pack
    std::string actor, to;  // authority ids ("" = none)
    Stamp when;
    size_t index = 0;    // its position in /events (for pointers), or SIZE_MAX for a probe
    bool probe = false;  // not recorded: the act a packet is about to do, judged for timeliness
    bool dated = false;  // a probe from the case's `dates`: a milestone's day known without a record
};

// What deadline resolution knows of the matter's time.
struct Timing {
    std::optional<DateTime> found;      // anchor "found": the case's date
    std::optional<DateTime> received;   // anchor "received": the case's `received`
    std::optional<Date> power_changed;  // anchor "power_changed": the day this period of power began
    Date window_start{INT32_MIN};       // acts recorded before this day belong to an earlier period
    // Acts that need the power (pack.h, ActionInfo::power) recorded on or after this day belong to a
    // later period: the side that held the power before it passed did not do them in this one.
    Date window_end{INT32_MAX};
    const std::vector<Event>* events = nullptr;
    // The record is authoritative for the past (the matter carries `events`): an act it lacks by a
    // due day that has passed was not done. Without a record every step is taken as done when due.
    bool record = false;
    Date today;
};

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
    std::optional<Stamp> anchor;        // the day (and time) counted from, when known
    bool anchor_recorded = false;       // fixed by a recorded event (not the case, not an estimate)
    bool latest = false;                // counted from another step's latest day (an estimate)
    std::string text;                   // the deadline in words (the pack's deadline_text), for every renderer
    // The due day as a date: `date`, or the day of `datetime` (hours).
    std::optional<Date> day() const { return date ? date : datetime ? std::optional<Date>(datetime->date) : std::nullopt; }
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
    std::vector<std::string> ids;        // every step id of the pack merged into this step
    std::vector<const DueSpec*> variants;  // deadline variants whose `when` holds, in order (into the pack)
    std::string rule_clause, rule_quote;   // the rule's citation, before a variant overrides it
    std::optional<Date> on_or_after;     // the step belongs to a period of power that began that day
    std::optional<Date> before;          // an act needing the power, owed only before the power passed that day
    int period = 0;                      // which period of power it comes from (0 = the first)
    // What the record says of the step (resolve_deadlines; written when the matter has a record).
    std::optional<Stamp> done;           // the recorded act
    std::string status;                  // on_time | late | missing | pending
    int late_by_working_days = 0;
    bool provisional = false;            // judged against a deadline counted without the year's notice
    std::string shortened_by;            // the step whose late act voided a longer variant (`unless_late`), or ""
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

// One period of a matter during which the same side held the penalty power.
struct PowerPeriod {
    Date from;               // the first day (the day found, or the day the power passed)
    std::string holder;      // authority id of the side holding the power
    std::string possessor;   // authority id of the side holding the case file at its start
};

// The matter's time as the plan judged it (referral-plan/1 `timeline`).
struct PlanTimeline {
    Date today;
    Date decision;                 // the day the power is judged for the decision
    std::string decision_source;   // event | case | today
    std::vector<PowerPeriod> periods;  // more than one when the power passed while the matter was open
    bool record = false;           // the matter carries a record (events)
};

struct UnmatchedEvent {
    size_t index = 0;  // position in /events
    std::string action, actor, to;
    Stamp when;
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
    std::optional<PlanTimeline> timeline;  // set by the matter in time (src/matter)
    std::vector<UnmatchedEvent> unmatched;  // recorded events no owed step accounts for
};

//-----------------------------------------------------------------------------
// [SECTION] Planning and serialisation
//-----------------------------------------------------------------------------
// What the derivation of a case's facts noticed about the penalty power, for the plan's warnings.
struct PowerNotes {
    Date decision_date;                   // the day on which the power is judged (power_day)
    bool not_yet_devolved = false;        // the item is devolved only after the decision date
    bool predates_devolution = false;     // found before devolution, decided after it
    bool revoked = false;                 // the power was taken back (收回) by the decision date
    bool revoked_while_open = false;      // … after the matter was found
    const CatalogueItem* item = nullptr;
};

// The facts of a case as the rules see them — the one place they are derived, for planning,
// question relevance and the page (describe/relevant). Who holds the penalty power (`devolved`) is
// judged on `power_day` (default: Case::decided, else the day found); `predates_devolution` when the
// matter was found before the item was devolved and the power is judged after; `power_revoked` when
// the power was taken back while the matter was open; `power_changed` when the facts are those of a
// later period of power (src/matter). A `devolved` answer given for an item outside the catalogue
// stands as given.
Facts derive_facts(const Pack& pack, const Case& c, PowerNotes* notes = nullptr);
Facts derive_facts(const Pack& pack, const Case& c, Date power_day, bool power_changed, PowerNotes* notes = nullptr);
// Whether the town holds the penalty power over the case's item on `day` (the catalogue's dates, or
// the case's own `devolved`); nullopt when neither says.
std::optional<bool> town_holds_power(const Pack& pack, const Case& c, Date day);
// The same for answers still being given: unanswered members leave their facts unset.
Facts derive_facts(const Pack& pack, const CaseAnswers& answers);

// Pass 1 and 2: the rules in force on the case's day evaluated on `facts` — handler, steps with the
// deadline variants that hold, warnings, ambiguities, suspensions applied. No dates yet.
Plan plan_steps(const Pack& pack, const Case& c, const Facts& facts);

// Dates every step of `plan`: picks the variant (skipping one whose `unless_late` step was late),
// dates its anchor from `timing`, counts, and judges each step against the record (done, status).
// Adds the calendar bases and the calendar_not_covered warning.
void resolve_deadlines(const Pack& pack, const WorkCalendar& calendar, Plan& plan, const Timing& timing);

// Plans a validated case in one period of power judged on its decision day (Case::decided, else the
// day found), without a record. Total: never fails; problems become warnings. The engine plans a
// matter in time instead (src/matter: assess); this is for tools that look at one set of facts.
Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c);

// Plans from precomputed facts (the coverage matrix varies facts directly).
Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c, const Facts& facts);

// Words every step's deadline (Due::text) with the pack's deadline_text.
void word_deadlines(const Pack& pack, Plan& plan);

// The warnings derive_facts' notes call for (not_yet_devolved, power_revoked, predates_devolution),
// in front of the plan's own.
void add_power_warnings(const Pack& pack, const Case& c, const PowerNotes& notes, Plan& plan);

// Appends the plan as referral-plan/1 JSON text to `out` (the fast path for the CLI and wasm).
void write_plan(std::string& out, const Pack& pack, const Case& c, const Plan& plan);
// The same as a json value (tests, tools).
json plan_to_json(const Pack& pack, const Case& c, const Plan& plan);

}  // namespace referral
