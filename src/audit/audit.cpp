#include "audit/audit.h"

#include <algorithm>

#include "core/envelope.h"
#include "matter/matter.h"
#include "rules/case.h"
#include "rules/plan.h"

namespace referral {

Result<CaseAudit> audit_case(const Engine& engine, const json& line, Date today, const std::string& default_id) {
    const Pack& pack = engine.pack();
    if (!line.is_object()) return make_error(ErrorCode::kWrongType, "", "台账的每一行应为对象 / each ledger line must be an object");
    std::vector<Error> errors;
    auto parsed = parse_matter(line, pack, &errors, today);
    if (!parsed.ok()) return parsed.error();
    Matter m = std::move(parsed).value();
    m.record = true;  // a ledger line is a matter with a record, whether or not it lists events yet
    CaseAudit out;
    out.id = m.id.empty() ? default_id : m.id;
    const Case& c = m.facts;
    out.town = "town:" + c.town;
    out.dept = "dept:" + c.dept;

    const Plan plan = engine.assess(m, today);
    out.handler = plan.handler ? plan.handler->authority : "";
    out.decision = plan.timeline->decision;
    for (const Step& s : plan.steps) {
        StepAudit a;
        a.actor = s.actor;
        a.action = s.action;
        a.to = s.to;
        a.clause = s.clause;
        a.due_rule = s.due.rule;
        a.due = s.due.day();
        if (s.due.datetime) a.due_at = s.due.datetime;
        if (s.done) {
            a.done = s.done->date;
            a.done_at = s.done->at;
        }
        a.status = s.status;
        a.late_by_working_days = s.late_by_working_days;
        a.provisional = s.provisional;
        a.on_or_after = s.on_or_after;
        if (const ActionInfo* info = pack.action(s.action)) {
            a.passes = info->power == "to";
            a.acknowledges = info->acknowledges;
        }
        out.steps.push_back(std::move(a));
    }
    for (const UnmatchedEvent& e : plan.unmatched) {
        StepAudit a;
        a.actor = e.actor;
        a.action = e.action;
        a.to = e.to;
        a.done = e.when.date;
        a.done_at = e.when.at;
        a.status = "not_owed";
        a.event = static_cast<int>(e.index);
        if (const ActionInfo* info = pack.action(e.action)) {
            a.passes = info->power == "to";
            a.acknowledges = info->acknowledges;
        }
        out.steps.push_back(std::move(a));
        out.warnings.push_back({"event_not_owed", pointer_append("/events", e.index),
                                pack.say("event_not_owed", {{"action", pack.action(e.action) ? pack.action(e.action)->label : e.action},
                                                            {"date", e.when.iso()}})});
    }

    // Judged per act, on its day (src/matter): a decision by a side without the power that day; a
    // matter passed on by one who received it, unless the plan owes that hand-over (the power passed).
    std::vector<const Event*> by_date;
    for (const Event& e : m.events) by_date.push_back(&e);
    std::stable_sort(by_date.begin(), by_date.end(), [](const Event* a, const Event* b) { return a->when.date < b->when.date; });
    const Anchor* decision = pack.anchor(pack.time.decision_anchor);
    std::vector<std::string> received_by;  // sides that received the matter by a transfer
    out.received_matter = pack.received_matter && pack.received_matter->evaluate(derive_facts(pack, c));
    if (out.received_matter) received_by.push_back(c.finder == "town" ? out.town : out.dept);
    for (const Event* e : by_date) {
        if (decision && std::any_of(decision->set_by.begin(), decision->set_by.end(), [&](const AnchorSource& s) { return s.event == e->action; })) {
            const std::string holder = power_holder(pack, c, e->when.date);
            if (!holder.empty() && holder != e->actor) {
                out.penalized_without_power = true;
                out.without_power.push_back(e->actor);
            }
        }
        const ActionInfo* info = pack.action(e->action);
        if (!info || info->power != "to") continue;
        const bool owed = std::none_of(plan.unmatched.begin(), plan.unmatched.end(), [&](const UnmatchedEvent& u) { return u.index == e->index; });
        if (!owed && std::find(received_by.begin(), received_by.end(), e->actor) != received_by.end()) out.re_transfer = true;
        if (!e->to.empty()) received_by.push_back(e->to);
    }
    return out;
}

// Members in the order nlohmann::json writes them (sorted by name), so the streamed text is the
// document the audit always wrote; streamed because it is a third of an audit's time (BENCHMARKS).
void write_case_audit(JsonWriter& w, const CaseAudit& a) {
    w.begin_object();
    w.key("decision_day").value(a.decision.iso());
    w.key("handler").value_or_null(a.handler);
    w.key("id").value(a.id);
    w.key("penalized_without_power").value(a.penalized_without_power);
    w.key("re_transfer").value(a.re_transfer);
    w.key("received_matter").value(a.received_matter);
    w.key("steps").begin_array();
    for (const auto& s : a.steps) {
        w.begin_object();
        w.key("action").value(s.action);
        w.key("actor").value(s.actor);
        if (!s.clause.empty()) w.key("clause").value(s.clause);
        w.key("done");
        if (s.done) w.value(s.done->iso());
        else w.null();
        if (s.done_at) w.key("done_datetime").value(s.done_at->iso());
        w.key("due");
        if (s.due) w.value(s.due->iso());
        else w.null();
        if (s.due_at) w.key("due_datetime").value(s.due_at->iso());
        if (!s.due_rule.empty()) w.key("due_rule").value(s.due_rule);
        if (s.event >= 0) w.key("event").value(s.event);
        if (s.status == "late") w.key("late_by_working_days").value(s.late_by_working_days);
        if (s.on_or_after) w.key("on_or_after").value(s.on_or_after->iso());
        if (s.provisional) w.key("provisional").value(true);
        w.key("status").value(s.status);
        w.key("to").value_or_null(s.to);
        w.end_object();
    }
    w.end_array();
    if (!a.warnings.empty()) {
        w.key("warnings").begin_array();
        for (const auto& x : a.warnings) w.begin_object().key("code").value(x.code).key("message").value(x.message).key("path").value(x.path).end_object();
        w.end_array();
    }
    w.end_object();
}

std::string case_audit_text(const CaseAudit& a) {
    std::string out;
    JsonWriter w(out);
    write_case_audit(w, a);
    return out;
}

void AuditSummary::add(const CaseAudit& a) {
    ++cases_;
    for (const auto& actor : a.without_power) ++offices_[actor].penalized_without_power;
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
        if (s.passes && (s.status == "late" || s.status == "missing")) ++t.late_transfers;
        if (s.acknowledges && s.status == "missing") ++t.missing_acknowledgements;
        if (s.passes && a.re_transfer && s.status == "not_owed") ++t.re_transfers;
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

std::string audit_ledger_text(const Engine& engine, const std::string& text, Date today) {
    auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
    constexpr size_t kMaxLedgerLine = 1 << 20;  // as the CLI: one matter with its events
    // The whole reply is held in memory (the CLI streams instead): a bounded number of lines.
    constexpr size_t kMaxLedgerLines = 200000;
    if (static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) >= kMaxLedgerLines)
        return dump(error_envelope({make_error(ErrorCode::kInvalidValue, "",
                                               "台账超过 200,000 行，请用 referral audit 审计 / more than 200,000 lines: use referral audit")}));
    AuditSummary summary;
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("cases").begin_array();
    size_t number = 0, start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + start, end - start);
        start = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::optional<json> error;
        if (line.size() > kMaxLedgerLine) {
            error = error_envelope({make_error(ErrorCode::kInvalidValue, "", "台账行超过 1 MiB / ledger line longer than 1 MiB")});
        } else if (auto doc = parse_json(line); !doc.ok()) {
            error = error_envelope({doc.error()});
        } else if (auto a = audit_case(engine, doc.value(), today, std::to_string(number)); !a.ok()) {
            error = error_envelope({a.error()});
        } else {
            summary.add(a.value());
            write_case_audit(w, a.value());
        }
        if (error) {
            (*error)["line"] = number;
            summary.add_error();
            w.raw(dump(*error));
        }
    }
    w.end_array();
    // The members in nlohmann::json's (sorted) order, as the document always was.
    w.key("ok").value(true).key("schema").value("referral-audit/1").key("summary").raw(dump(summary.to_json(engine.pack())));
    w.key("today").value(today.iso()).end_object();
    return out;
}

}  // namespace referral
