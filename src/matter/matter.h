// matter.h — a matter in time: a case's facts and the dated events recorded for it, and the one
// function that says, for a given today, what is owed, by whom and by when.
//
// [SECTION] Matter: referral-case/1 with `id` and `events` (a ledger line has the same shape)
// [SECTION] Assessment: the matter's plan, period by period of who held the power
//
// Plan, packet, audit, the wizard and the 台账 are views of assess(): the same matter and the same
// today give the same handler, the same actors and the same due dates in all of them.
//
// Who holds a penalty power is a function of the day. assess() judges it per act:
//  - the decision on the decision day: the day of the recorded decision, else the case's
//    `decided`, else today (never before the matter was found);
//  - when the item's power passed from one side to the other between the day the matter was found
//    and the decision day (下放 / 收回), the matter is planned period by period: in each period the
//    rules are evaluated with the power as it stood on its first day and with the side that holds
//    the case file as the finder. Acts of a period that are done (or due) before the power passes
//    stay; a transfer due after it is not owed (the receiver would lack the power that day); the
//    side holding the file when the power passes hands it to the new holder (the pack's rules, with
//    the fact `power_changed` and the anchor "power_changed"). The pack declares the reading shown
//    (rules.json → time.power_change_reading).
//  - a recorded event replaces an estimate: the day a transfer was received, an appraisal concluded,
//    consent given, the police declined … fix the anchors the pack names (rules.json → anchors).
//
// A matter that carries `events` (even an empty list) has a record: acts it lacks by a due day that
// has passed were not done (missing), and possession follows what was recorded. A matter without
// `events` is planned as if every step were done when due.
#pragma once

#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "core/json_read.h"
#include "rules/case.h"
#include "rules/pack.h"
#include "rules/plan.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Matter
//-----------------------------------------------------------------------------
struct Matter {
    Case facts;
    std::string id;             // the ledger's own reference, "" when none
    std::vector<Event> events;  // as recorded, in input order
    bool record = false;        // the input carried `events`
    // The case's `dates`: {event id: date or date-time}, the day of a milestone the official knows
    // (the police declined, consent given, an appraisal concluded, the decision …) without keeping a
    // record. Each fixes the anchors that event sets (rules.json → anchors' set_by), and the decision
    // event the decision day, as a recorded one would; the matter stays one without a record.
    std::vector<Event> dated;
};

// A date or a date-time of an event ("2026-05-06", "2026-05-06T09:30:00+08:00"); nullopt otherwise
// or outside limits::kMinYear–kMaxYear.
std::optional<Stamp> parse_stamp(const std::string& text);

// Validates referral-case/1 plus `id` (string or integer), `events` and `dates` (each key an event
// some anchor of the pack is set by, each value a date or date-time not before the matter was found). Each event: `action` an
// action or event the pack declares, `actor` (and `to`) authorities of the pack, `date` a date or
// date-time not before the matter was found and not after `today` when given. Every problem is
// collected in `all_errors` (with its JSON Pointer); the first is returned.
Result<Matter> parse_matter(const json& doc, const Pack& pack, std::vector<Error>* all_errors = nullptr,
                            std::optional<Date> today = std::nullopt);

// The matter as referral-case/1 JSON with its `id` and `events` (canonical member order).
json matter_to_json(const Matter& m);

//-----------------------------------------------------------------------------
// [SECTION] Assessment
//-----------------------------------------------------------------------------
// The plan of a matter on `today`: the handler on the decision day, every owed step dated (in
// periods of power when the power passed while it was open), each judged against the record when
// there is one (status, done), the recorded events no step accounts for, and the timeline.
// `probes` are acts about to be done (a packet's send), judged like recorded ones but not making the
// matter one with a record. Total: never fails; problems become warnings.
Plan assess(const Pack& pack, const WorkCalendar& calendar, const Matter& matter, Date today,
            const std::vector<Event>& probes = {});

// The side ("town:<id>" or "dept:<id>") holding the penalty power over the matter's item on `day`,
// or "" when neither the catalogue nor the case says.
std::string power_holder(const Pack& pack, const Case& c, Date day);

}  // namespace referral
