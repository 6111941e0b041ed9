#include "audit/audit.h"

#include <algorithm>

#include "core/envelope.h"
#include "rules/case.h"
#include "rules/plan.h"

namespace referral {

namespace {

// The event whose date a plan's anchor stands for, when the plan could not know it.
const char* anchor_event(const std::string& from) {
    if (from == "request_received") return "request_cooperation";
    if (from == "appraisal_concluded") return "appraise";
    if (from == "consent_received") return "seek_consent";
    if (from == "decision_made") return "decide_penalty";
    if (from == "transfer_received") return "transfer";
    return nullptr;
}

std::optional<Date> event_date(const json& v) {
    if (!v.is_string()) return std::nullopt;
    const std::string s = v.get<std::string>();
    if (auto d = Date::parse(s)) return d;
    if (auto dt = DateTime::parse(s)) return dt->date;
    return std::nullopt;
}

// Working days after `due` up to and including `done` (the lateness of an act done on `done`).
int working_days_late(const WorkCalendar& calendar, Date due, Date done) {
    int n = 0;
    for (Date d = due + 1; d <= done && n < 3700; d = d + 1)
        if (calendar.is_working_day(d)) ++n;
    return n;
}

const AuditEvent* first_event(const std::vector<AuditEvent>& events, const std::string& action, const std::string& actor,
                              const std::string& to) {
    const AuditEvent* best = nullptr;
    for (const auto& e : events) {
        if (e.action != action || (!actor.empty() && e.actor != actor)) continue;
        if (!to.empty() && !e.to.empty() && e.to != to) continue;
        if (!best || e.date < best->date) best = &e;
    }
    return best;
}

}  // namespace

Result<CaseAudit> audit_case(const Engine& engine, const json& line, Date today, const std::string& default_id) {
    const Pack& pack = engine.pack();
    if (!line.is_object()) return make_error(ErrorCode::kWrongType, "", "台账的每一行应为对象 / each ledger line must be an object");
    CaseAudit out;
    out.id = default_id;
    if (auto it = line.find("id"); it != line.end()) {
        if (!it->is_string() && !it->is_number_integer())
            return make_error(ErrorCode::kWrongType, "/id", "id 应为字符串或整数 / id must be a string or an integer");
        out.id = it->is_string() ? it->get<std::string>() : std::to_string(it->get<long long>());
    }

    std::vector<AuditEvent> events;
    if (auto it = line.find("events"); it != line.end()) {
        if (!it->is_array()) return make_error(ErrorCode::kWrongType, "/events", "events 应为数组 / events must be an array");
        for (size_t i = 0; i < it->size(); ++i) {
            const json& e = (*it)[i];
            const std::string p = pointer_append("/events", i);
            if (!e.is_object()) return make_error(ErrorCode::kWrongType, p, "事件应为对象 / an event must be an object");
            for (auto m = e.begin(); m != e.end(); ++m)
                if (m.key() != "action" && m.key() != "actor" && m.key() != "to" && m.key() != "date" && m.key() != "note")
                    return make_error(ErrorCode::kUnknownField, pointer_append(p, m.key()), "事件中有未知字段 / unknown member of an event");
            AuditEvent ev;
            auto text = [&](const char* key, bool required, std::string& into) -> std::optional<Error> {
                auto f = e.find(key);
                if (f == e.end()) {
                    if (required) return make_error(ErrorCode::kMissingField, pointer_append(p, key), std::string("事件缺少 ") + key);
                    return std::nullopt;
                }
                if (!f->is_string()) return make_error(ErrorCode::kWrongType, pointer_append(p, key), std::string(key) + " 应为字符串");
                into = f->get<std::string>();
                return std::nullopt;
            };
            for (auto [key, into, required] : {std::tuple<const char*, std::string*, bool>{"action", &ev.action, true},
                                               {"actor", &ev.actor, true}, {"to", &ev.to, false}})
                if (auto err = text(key, required, *into)) return *err;
            if (!pack.action(ev.action))
                return make_error(ErrorCode::kUnknownValue, p + "/action", "未知动作“" + ev.action + "” / unknown action");
            if (!pack.authority(ev.actor))
                return make_error(ErrorCode::kUnknownReference, p + "/actor", "未知机关“" + ev.actor + "” / unknown authority");
            if (!ev.to.empty() && !pack.authority(ev.to))
                return make_error(ErrorCode::kUnknownReference, p + "/to", "未知机关“" + ev.to + "” / unknown authority");
            auto d = event_date(e.contains("date") ? e["date"] : json());
            if (!d) return make_error(ErrorCode::kInvalidDate, p + "/date", "事件日期应为 YYYY-MM-DD / the event needs a valid date");
            ev.date = *d;
            events.push_back(std::move(ev));
        }
    }

    json case_doc = line;
    case_doc.erase("id");
    case_doc.erase("events");
    auto parsed = parse_case(case_doc, pack);
    if (!parsed.ok()) return parsed.error();
    Case c = std::move(parsed).value();
    if (!c.decided) c.decided = std::max(today, c.date.date);
    out.town = "town:" + c.town;
    out.dept = "dept:" + c.dept;
    const std::string finder = c.finder == "town" ? out.town : out.dept;
    // The receiver's acknowledgement counts from receipt: a recorded transfer is taken as received
    // the day it was sent.
    if (!c.received && c.source != "transfer_in")
        if (const AuditEvent* t = first_event(events, "transfer", finder, ""))
            c.received = DateTime{t->date, 0, 8 * 60};

    const Plan plan = make_plan(pack, engine.calendar(), c);
    out.handler = plan.handler ? plan.handler->authority : "";
    std::vector<bool> used(events.size(), false);
    for (const Step& s : plan.steps) {
        StepAudit a;
        a.actor = s.actor;
        a.action = s.action;
        a.to = s.to;
        a.clause = s.clause;
        a.due_rule = s.due.rule;
        // A deadline the plan counts from another owed step (the acknowledgement from the transfer's
        // last day, when the receipt is unknown) runs only once that step was done: a matter never
        // transferred owes no acknowledgement yet.
        const Step* anchor_step = nullptr;
        if (s.due.from.rfind("step:", 0) == 0)
            for (const Step& t : plan.steps)
                if (t.id == s.due.from.substr(5)) anchor_step = &t;
        if (anchor_step && !first_event(events, anchor_step->action, anchor_step->actor, anchor_step->to)) a.due.reset();
        else if (s.due.date) a.due = s.due.date;
        else if (s.due.datetime) a.due = s.due.datetime->date;
        else if (const char* ev = anchor_event(s.due.from); ev && (s.due.rule == "working_days" || s.due.rule == "hours")) {
            const AuditEvent* anchor = first_event(events, ev, "", "");
            if (!anchor && s.due.from == "transfer_received") anchor = first_event(events, "transfer", "", s.actor);
            if (anchor)
                a.due = s.due.rule == "working_days" ? engine.calendar().add_working_days(anchor->date, s.due.count).due
                                                     : anchor->date + (s.due.count + 23) / 24;
        }
        if (const AuditEvent* done = first_event(events, s.action, s.actor, s.to)) {
            a.done = done->date;
            used[static_cast<size_t>(done - events.data())] = true;
        }
        if (a.done) {
            if (a.due && *a.due < *a.done) {
                a.status = "late";
                a.late_by_working_days = working_days_late(engine.calendar(), *a.due, *a.done);
            } else {
                a.status = "on_time";
            }
        } else {
            a.status = a.due && *a.due < today ? "missing" : "pending";
        }
        out.steps.push_back(std::move(a));
    }
    for (size_t i = 0; i < events.size(); ++i) {
        const AuditEvent& e = events[i];
        if (c.source == "transfer_in" && e.action == "transfer" && e.actor == finder) out.re_transfer = true;
        if (e.action == "decide_penalty" && e.actor != out.handler) out.penalized_without_power = true;
        if (used[i]) continue;
        StepAudit a;
        a.actor = e.actor;
        a.action = e.action;
        a.to = e.to;
        a.done = e.date;
        a.status = "not_owed";
        out.steps.push_back(std::move(a));
    }
    return out;
}

json case_audit_to_json(const CaseAudit& a) {
    json steps = json::array();
    for (const auto& s : a.steps) {
        json j = {{"actor", s.actor}, {"action", s.action}, {"to", s.to.empty() ? json(nullptr) : json(s.to)},
                  {"status", s.status}, {"due", s.due ? json(s.due->iso()) : json(nullptr)},
                  {"done", s.done ? json(s.done->iso()) : json(nullptr)}};
        if (!s.due_rule.empty()) j["due_rule"] = s.due_rule;
        if (!s.clause.empty()) j["clause"] = s.clause;
        if (s.status == "late") j["late_by_working_days"] = s.late_by_working_days;
        steps.push_back(std::move(j));
    }
    return {{"id", a.id}, {"handler", a.handler.empty() ? json(nullptr) : json(a.handler)}, {"steps", steps},
            {"re_transfer", a.re_transfer}, {"penalized_without_power", a.penalized_without_power}};
}

void AuditSummary::add(const CaseAudit& a) {
    ++cases_;
    std::vector<std::string> involved;
    for (const auto& s : a.steps) {
        if (s.actor.rfind("town:", 0) != 0 && s.actor.rfind("dept:", 0) != 0) continue;
        OfficeTally& t = offices_[s.actor];
        if (std::find(involved.begin(), involved.end(), s.actor) == involved.end()) {
            involved.push_back(s.actor);
            ++t.cases;
        }
        if (s.status == "on_time" && s.due) ++t.on_time, ++t.owed;
        else if (s.status == "late") ++t.late, ++t.owed;
        else if (s.status == "missing") ++t.missing, ++t.owed;
        else if (s.status == "pending" && s.due) ++t.pending;
        if (s.action == "transfer" && (s.status == "late" || s.status == "missing")) ++t.late_transfers;
        if (s.action == "acknowledge" && s.status == "missing") ++t.missing_acknowledgements;
        if (s.action == "transfer" && a.re_transfer && s.status == "not_owed") ++t.re_transfers;
        if (s.action == "decide_penalty" && s.actor != a.handler) ++t.penalized_without_power;
    }
}

json AuditSummary::to_json(const Pack& pack) const {
    json offices = json::array();
    for (const auto& [id, t] : offices_) {
        const Authority* au = pack.authority(id);
        json j = {{"authority", id}, {"name", au ? au->name : id}, {"kind", au ? au->kind : ""},
                  {"cases", t.cases}, {"owed", t.owed}, {"on_time", t.on_time}, {"late", t.late},
                  {"missing", t.missing}, {"pending", t.pending}, {"late_transfers", t.late_transfers},
                  {"missing_acknowledgements", t.missing_acknowledgements}, {"re_transfers", t.re_transfers},
                  {"penalized_without_power", t.penalized_without_power}};
        j["on_time_rate"] = t.owed ? json(static_cast<double>(t.on_time) / static_cast<double>(t.owed)) : json(nullptr);
        offices.push_back(std::move(j));
    }
    return {{"cases", cases_}, {"errors", errors_}, {"offices", offices}};
}

json audit_ledger_text(const Engine& engine, const std::string& text, Date today) {
    constexpr size_t kMaxLedgerLine = 1 << 20;  // as the CLI: one matter with its events
    // The whole reply is held in memory (the CLI streams instead): a bounded number of lines.
    constexpr size_t kMaxLedgerLines = 200000;
    if (std::count(text.begin(), text.end(), '\n') >= kMaxLedgerLines)
        return error_envelope({make_error(ErrorCode::kInvalidValue, "",
                                          "台账超过 200,000 行，请用 referral audit 审计 / more than 200,000 lines: use referral audit")});
    AuditSummary summary;
    json cases = json::array();
    size_t number = 0, start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json out;
        if (line.size() > kMaxLedgerLine) {
            out = error_envelope({make_error(ErrorCode::kInvalidValue, "", "台账行超过 1 MiB / ledger line longer than 1 MiB")});
        } else if (auto doc = parse_json(line); !doc.ok()) {
            out = error_envelope({doc.error()});
        } else if (auto a = audit_case(engine, doc.value(), today, std::to_string(number)); !a.ok()) {
            out = error_envelope({a.error()});
        } else {
            summary.add(a.value());
            out = case_audit_to_json(a.value());
        }
        if (out.contains("ok")) {
            out["line"] = number;
            summary.add_error();
        }
        cases.push_back(std::move(out));
    }
    return {{"ok", true}, {"schema", "referral-audit/1"}, {"today", today.iso()}, {"cases", std::move(cases)},
            {"summary", summary.to_json(engine.pack())}};
}

}  // namespace referral
