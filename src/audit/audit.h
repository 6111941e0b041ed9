// audit.h — the supervisor's audit (二(五)4 强化执法监督): a ledger of matters with what was
// actually done and when, against the deadlines the plan owes.
//
// [SECTION] Ledger line: a referral-case/1 plus the events recorded for it
// [SECTION] One matter's audit: each owed step with due, done, status
// [SECTION] Summary per town and per department
//
// A ledger line is a referral-case/1 object with two more members:
//   "id":     the ledger's own reference for the matter (optional; the line number otherwise),
//   "events": [{"action": plan action id, "actor": authority id, "to": authority id (optional),
//               "date": "YYYY-MM-DD" or a date-time}]   — what was done, by whom, when.
// The line is a matter with a record (src/matter/matter.h): the audit is assess() on `today`, each
// owed step judged against the events; deadlines that count from another side's act count from the
// recorded act (the pack's anchors), and who holds the power is judged on each act's day.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/json_read.h"
#include "core/json_write.h"
#include "core/result.h"
#include "engine/engine.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] One matter
//-----------------------------------------------------------------------------
struct AuditEvent {
    std::string action, actor, to;
    Date date;
};

struct StepAudit {
    std::string actor, action, to, clause;
    std::string due_rule;            // the plan's due rule
    std::optional<Date> due;         // the last day, when the deadline is countable
    std::optional<DateTime> due_at;  // the last moment, for a deadline in hours with a known time
    std::optional<Date> done;        // the first recorded event for the step
    std::optional<DateTime> done_at; // its time, when recorded
    std::string status;              // on_time | late | missing | pending | not_owed
    int late_by_working_days = 0;    // for late: working days after the due day
    bool provisional = false;        // judged against a deadline counted without the year's notice
    std::optional<Date> on_or_after; // owed only from the day the power passed (src/matter)
    int event = -1;                  // not_owed: the event's index in /events
    bool passes = false;             // the action passes the case file on (the pack's power "to": a transfer)
    bool acknowledges = false;       // the action acknowledges a transfer received (the pack's `acknowledges`)
};

// Something the audit noticed that is no error of the line: an event no step accounts for.
struct AuditWarning {
    std::string code;     // event_not_owed
    std::string path;     // JSON Pointer into the line
    std::string message;
};

struct CaseAudit {
    std::string id;
    std::string town, dept;          // authority ids of the matter's two sides
    std::string handler;             // the plan's handler, "" when none
    std::vector<StepAudit> steps;    // the plan's owed steps, then recorded events the plan does not owe
    bool received_matter = false;    // the finder received the matter by a transfer (the pack's received_matter)
    bool re_transfer = false;        // a received matter passed on again (二(四)1¶3), not owed by the plan
    bool penalized_without_power = false;  // a decision recorded by a side without the power on its day
    std::vector<std::string> without_power;  // the sides that decided so, once per decision
    Date decision;                   // the day the power was judged for the decision (src/matter)
    std::vector<AuditWarning> warnings;
};

// Audits one ledger line (already parsed). `today` decides missing (past due) from pending.
// Errors (bad case, bad event) carry the JSON Pointer inside the line.
Result<CaseAudit> audit_case(const Engine& engine, const json& line, Date today, const std::string& default_id);

// The case audit as JSON text (the document's `cases` member), written by a streaming writer.
void write_case_audit(JsonWriter& w, const CaseAudit& a);
std::string case_audit_text(const CaseAudit& a);

//-----------------------------------------------------------------------------
// [SECTION] Summary
//-----------------------------------------------------------------------------
struct OfficeTally {
    size_t cases = 0;            // matters in which this office owed at least one step
    size_t owed = 0;             // countable deadlines owed (on_time + late + missing)
    size_t on_time = 0, late = 0, missing = 0;
    size_t pending = 0;          // countable deadlines not yet passed
    size_t late_transfers = 0;   // transfers sent after their deadline, or never sent when due
    size_t missing_acknowledgements = 0;
    size_t re_transfers = 0;
    size_t penalized_without_power = 0;
};

class AuditSummary {
public:
    void add(const CaseAudit& a);
    void add_error() { ++errors_; }
    // {"cases": N, "errors": N, "offices": [{"authority", "name", "kind", tallies…, "on_time_rate"}]}
    json to_json(const Pack& pack) const;
    const std::map<std::string, OfficeTally>& offices() const { return offices_; }

private:
    size_t cases_ = 0, errors_ = 0;
    std::map<std::string, OfficeTally> offices_;
};

//-----------------------------------------------------------------------------
// [SECTION] A whole ledger in memory (the page's audit; the CLI streams instead)
//-----------------------------------------------------------------------------
// JSON Lines text → the JSON text of {"ok":true,"schema":"referral-audit/1","today","cases":[case audit | error
// envelope with "line"],"summary":{…}}, the same document `referral audit --format json` writes.
// Blank lines are skipped; a bad line is an error envelope in `cases`, never a failure of the rest.
// A text of 200,000 lines or more is refused whole (an error envelope): the reply is held in memory.
std::string audit_ledger_text(const Engine& engine, const std::string& text, Date today);

}  // namespace referral
