#include "matter/matter.h"

#include <algorithm>
#include <climits>
#include <set>

#include "core/limits.h"

namespace referral {

namespace {

std::string side_authority(const Case& c, const std::string& side) {
    if (side == "town") return "town:" + c.town;
    if (side == "dept") return "dept:" + c.dept;
    return "";
}

std::string side_of(const std::string& authority) {
    if (authority.rfind("town:", 0) == 0) return "town";
    if (authority.rfind("dept:", 0) == 0) return "dept";
    return "";
}

}  // namespace

std::optional<Stamp> parse_stamp(const std::string& text) {
    Stamp s;
    if (auto d = Date::parse(text)) {
        s.date = *d;
    } else if (auto dt = DateTime::parse(text)) {
        s.date = dt->date;
        s.at = dt;
    } else {
        return std::nullopt;
    }
    if (s.date.year() < limits::kMinYear || s.date.year() > limits::kMaxYear) return std::nullopt;
    return s;
}

// The one wording of a date an event or a milestone cannot be.
static std::string not_a_stamp(const std::string& text) {
    return "“" + text + "”不是有效日期，应为 YYYY-MM-DD 或带时区的日期时间（" + std::to_string(limits::kMinYear) + "–" +
           std::to_string(limits::kMaxYear) + " 年） / not a date";
}

Result<Matter> parse_matter(const json& doc, const Pack& pack, std::vector<Error>* all_errors, std::optional<Date> today) {
    std::vector<Error> errors;
    Reader r(errors);
    Matter m;
    auto finish = [&]() -> Result<Matter> {
        if (all_errors) *all_errors = errors;
        if (!errors.empty()) return errors.front();
        return m;
    };
    if (!r.expect_object(doc, "")) return finish();
    json case_doc = doc;
    if (auto it = doc.find("id"); it != doc.end()) {
        if (it->is_string()) m.id = it->get<std::string>();
        else if (it->is_number_integer()) m.id = std::to_string(it->get<long long>());
        else r.fail(ErrorCode::kWrongType, "/id", "id 应为字符串或整数 / id must be a string or an integer");
        case_doc.erase("id");
    }
    const json* events = nullptr;
    if (auto it = doc.find("events"); it != doc.end()) {
        events = &*it;
        m.record = true;
        case_doc.erase("events");
    }
    std::vector<Error> case_errors;
    auto parsed = parse_case(case_doc, pack, &case_errors);
    errors.insert(errors.end(), case_errors.begin(), case_errors.end());
    if (parsed.ok()) m.facts = std::move(parsed).value();
    if (events && r.expect_array(*events, "/events")) {
        for (size_t i = 0; i < events->size(); ++i) {
            const json& e = (*events)[i];
            const std::string p = pointer_append("/events", i);
            if (!r.expect_object(e, p)) continue;
            r.reject_unknown(e, p, {"action", "actor", "to", "date", "note"});
            Event ev;
            ev.index = i;
            ev.action = r.string(e, p, "action", true).value_or("");
            ev.actor = r.string(e, p, "actor", true).value_or("");
            ev.to = r.string(e, p, "to", false).value_or("");
            r.string(e, p, "note", false);
            if (!ev.action.empty() && !pack.recordable(ev.action)) {
                std::vector<std::string> names;
                for (const auto& a : pack.actions) names.push_back(a.id);
                for (const auto& k : pack.events) names.push_back(k.id);
                r.fail(ErrorCode::kUnknownValue, p + "/action", "未知的动作或事件“" + ev.action + "”，可用：" + join(names));
            }
            if (!ev.actor.empty() && !pack.authority(ev.actor))
                r.fail(ErrorCode::kUnknownReference, p + "/actor", "未知机关“" + ev.actor + "” / unknown authority");
            if (!ev.to.empty() && !pack.authority(ev.to))
                r.fail(ErrorCode::kUnknownReference, p + "/to", "未知机关“" + ev.to + "” / unknown authority");
            if (auto d = r.string(e, p, "date", true)) {
                auto stamp = parse_stamp(*d);
                if (!stamp) {
                    r.fail(ErrorCode::kInvalidDate, p + "/date",
                           not_a_stamp(*d));
                } else {
                    ev.when = *stamp;
                    // An act cannot precede the matter: nothing is done about a matter before it is found.
                    if (parsed.ok() && ev.when.date < m.facts.date.date)
                        r.fail(ErrorCode::kInvalidDate, p + "/date",
                               "事件日期 " + ev.when.date.iso() + " 早于发现时间 " + m.facts.date.date.iso() + " / an event before the matter was found");
                    if (today && *today < ev.when.date)
                        r.fail(ErrorCode::kInvalidDate, p + "/date", "事件日期 " + ev.when.date.iso() + " 晚于今天 " + today->iso() + " / an event in the future");
                }
            }
            m.events.push_back(std::move(ev));
        }
    }
    if (auto it = doc.find("dates"); it != doc.end() && r.expect_object(*it, "/dates")) {
        const std::vector<std::string> dateable = pack.dateable_events();  // the only days a plan reads
        for (auto d = it->begin(); d != it->end(); ++d) {
            const std::string p = pointer_append("/dates", d.key());
            if (std::find(dateable.begin(), dateable.end(), d.key()) == dateable.end()) {
                r.fail(ErrorCode::kUnknownValue, p, "“" + d.key() + "”不是可记日期的事件，可用：" + join(dateable) + " / not an event with a date");
                continue;
            }
            if (!d->is_string()) {
                r.fail(ErrorCode::kWrongType, p, "应为日期或日期时间字符串 / must be a date string");
                continue;
            }
            auto stamp = parse_stamp(d->get<std::string>());
            if (!stamp) {
                r.fail(ErrorCode::kInvalidDate, p,
                       not_a_stamp(d->get<std::string>()));
                continue;
            }
            if (parsed.ok() && stamp->date < m.facts.date.date) {
                r.fail(ErrorCode::kInvalidDate, p, "日期 " + stamp->date.iso() + " 早于发现时间 " + m.facts.date.date.iso() + " / before the matter was found");
                continue;
            }
            Event ev;
            ev.action = d.key();
            ev.when = *stamp;
            ev.index = SIZE_MAX;
            ev.probe = true;
            ev.dated = true;
            m.dated.push_back(std::move(ev));
        }
    }
    return finish();
}

json matter_to_json(const Matter& m) {
    json out = case_to_json(m.facts);
    if (!m.id.empty()) out["id"] = m.id;
    if (!m.dated.empty()) {
        json dates = json::object();
        for (const Event& e : m.dated) dates[e.action] = e.when.iso();
        out["dates"] = std::move(dates);
    }
    if (m.record) {
        json events = json::array();
        for (const Event& e : m.events) {
            json j = {{"action", e.action}, {"actor", e.actor}, {"date", e.when.iso()}};
            if (!e.to.empty()) j["to"] = e.to;
            events.push_back(std::move(j));
        }
        out["events"] = std::move(events);
    }
    return out;
}

std::string power_holder(const Pack& pack, const Case& c, Date day) {
    auto town = town_holds_power(pack, c, day);
    if (!town) return "";
    return *town ? "town:" + c.town : "dept:" + c.dept;
}

namespace {

// The days in (from, to] on which the town's power over the item begins or ends.
std::vector<Date> power_changes(const Pack& pack, const Case& c, Date from, Date to) {
    std::vector<Date> out;
    if (c.devolved_override || c.item.empty()) return out;
    const CatalogueItem* item = pack.item(c.item);
    if (!item) return out;
    for (auto day : {item->devolved_from, item->revoked_from}) {
        if (!day || !(from < *day) || to < *day) continue;
        if (town_holds_power(pack, c, *day + -1) != town_holds_power(pack, c, *day)) out.push_back(*day);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The first event of the pack's decision anchor, or nullptr.
const Event* decision_event(const Pack& pack, const std::vector<Event>& events) {
    const Anchor* a = pack.anchor(pack.time.decision_anchor);
    if (!a) return nullptr;
    const Event* best = nullptr;
    for (const AnchorSource& src : a->set_by)
        for (const Event& e : events)
            if ((!e.probe || e.dated) && e.action == src.event && (!best || e.when.date < best->when.date)) best = &e;
    return best;
}

void add_warning(Plan& into, const Warning& w) {
    const bool dup = std::any_of(into.warnings.begin(), into.warnings.end(),
                                 [&](const Warning& x) { return x.code == w.code && x.message == w.message; });
    if (!dup) into.warnings.push_back(w);
}

bool same_step(const Step& a, const Step& b) { return a.actor == b.actor && a.action == b.action && a.to == b.to; }

}  // namespace

Plan assess(const Pack& pack, const WorkCalendar& calendar, const Matter& matter, Date today,
            const std::vector<Event>& probes) {
    Case c = matter.facts;
    std::vector<Event> events = matter.events;
    events.insert(events.end(), matter.dated.begin(), matter.dated.end());
    for (Event p : probes) {
        p.probe = true;
        p.index = SIZE_MAX;
        events.push_back(std::move(p));
    }
    // A milestone that makes a fact true (the police declined) does so for the whole matter.
    for (const Event& e : events)
        if (const EventKind* k = pack.event(e.action); k && pack.flag(k->fact)) c.flags.insert(k->fact);

    const Date found = c.date.date;
    PlanTimeline timeline;
    timeline.today = today;
    timeline.record = matter.record;
    if (const Event* d = decision_event(pack, events)) {
        timeline.decision = std::max(d->when.date, found);
        timeline.decision_source = d->dated ? "case" : "event";
    } else if (c.decided) {
        timeline.decision = std::max(*c.decided, found);
        timeline.decision_source = "case";
    } else {
        timeline.decision = std::max(today, found);
        timeline.decision_source = "today";
    }
    const Date decision = timeline.decision;
    const std::vector<Date> changes = power_changes(pack, c, found, decision);

    Timing timing;
    timing.found = c.date;
    timing.received = c.received;
    timing.events = &events;
    timing.record = matter.record;
    timing.today = today;

    Plan merged;
    std::string possessor = c.finder;  // the side holding the case file
    const size_t periods = changes.size() + 1;
    PowerNotes last_notes;
    for (size_t e = 0; e < periods; ++e) {
        const Date start = e == 0 ? found : changes[e - 1];
        const bool last = e + 1 == periods;
        Case ce = c;
        ce.finder = possessor;
        if (e > 0) ce.received.reset();
        PowerNotes notes;
        const Facts facts = derive_facts(pack, ce, last ? decision : start, e > 0, &notes);
        Plan p = plan_steps(pack, ce, facts);
        Timing tm = timing;
        tm.received = ce.received;
        if (e > 0) {
            tm.power_changed = start;
            tm.window_start = start;
        }
        if (!last) tm.window_end = changes[e];
        resolve_deadlines(pack, calendar, p, tm);
        timeline.periods.push_back({start, power_holder(pack, ce, start), side_authority(ce, possessor)});

        std::vector<bool> keep(p.steps.size(), true);
        if (!last) {
            // What of this period is done, or due, before the power passes on `end`.
            const Date end = changes[e];
            std::set<std::string> dropped_ids;
            // A recorded act stays (it happened). An act that needs the power — filing, deciding,
            // passing the file to a side — stays only when its day (due or done) is known and before
            // the power passes; what follows the decision belongs to the period of the decision;
            // anything else (an order to stop, a notice, an acknowledgement) stays.
            for (size_t i = 0; i < p.steps.size(); ++i) {
                const Step& s = p.steps[i];
                const ActionInfo* info = pack.action(s.action);
                const auto due = s.due.day();
                if (s.done) keep[i] = true;
                else if (info && !info->power.empty()) keep[i] = due && *due < end;
                else if (s.due.from == pack.time.decision_anchor) keep[i] = decision < end;
                else keep[i] = true;
                if (!keep[i]) dropped_ids.insert(s.ids.begin(), s.ids.end());
            }
            // A deadline that counted from a step not owed in this period goes with it.
            for (bool grew = true; grew;) {
                grew = false;
                for (size_t i = 0; i < p.steps.size(); ++i) {
                    if (!keep[i] || p.steps[i].done) continue;
                    const std::string& from = p.steps[i].due.from;
                    const Anchor* a = pack.anchor(from);
                    bool leans = from.rfind("step:", 0) == 0 && dropped_ids.count(from.substr(5));
                    for (size_t k = 0; a && k < a->estimate.size(); ++k) leans = leans || dropped_ids.count(a->estimate[k].substr(5));
                    if (leans) {
                        keep[i] = false;
                        grew = true;
                        dropped_ids.insert(p.steps[i].ids.begin(), p.steps[i].ids.end());
                    }
                }
            }
            // The case file moves with a transfer done (or, without a record, due) before the power passes.
            for (size_t i = 0; i < p.steps.size(); ++i) {
                const Step& s = p.steps[i];
                const ActionInfo* info = pack.action(s.action);
                if (!keep[i] || !info || info->power != "to" || s.actor != side_authority(ce, possessor)) continue;
                const auto due = s.due.day();
                const bool passed = s.done ? s.done->date < end : !matter.record || (due && !(*due < today));
                if (passed && !side_of(s.to).empty()) possessor = side_of(s.to);
            }
        } else {
            merged.handler = p.handler;
            merged.devolved = p.devolved;
            merged.conflicting_handlers = p.conflicting_handlers;
            last_notes = notes;
        }
        for (size_t i = 0; i < p.steps.size(); ++i) {
            if (!keep[i]) continue;
            Step s = std::move(p.steps[i]);
            if (std::any_of(merged.steps.begin(), merged.steps.end(), [&](const Step& x) { return same_step(x, s); })) continue;
            s.period = static_cast<int>(e);
            if (e > 0) s.on_or_after = start;
            if (const ActionInfo* info = pack.action(s.action); !last && info && !info->power.empty()) s.before = changes[e];
            merged.steps.push_back(std::move(s));
        }
        for (const Warning& w : p.warnings)
            if (w.code != "calendar_not_covered") add_warning(merged, w);
        for (const Ambiguity& a : p.ambiguities)
            if (std::none_of(merged.ambiguities.begin(), merged.ambiguities.end(), [&](const Ambiguity& x) { return x.id == a.id; }))
                merged.ambiguities.push_back(a);
        for (const auto& r : p.rules_applied)
            if (std::find(merged.rules_applied.begin(), merged.rules_applied.end(), r) == merged.rules_applied.end())
                merged.rules_applied.push_back(r);
        for (const CalendarBasis& b : p.calendar)
            if (std::none_of(merged.calendar.begin(), merged.calendar.end(), [&](const CalendarBasis& x) { return x.year == b.year; }))
                merged.calendar.push_back(b);
    }
    std::sort(merged.calendar.begin(), merged.calendar.end(), [](const CalendarBasis& a, const CalendarBasis& b) { return a.year < b.year; });
    add_power_warnings(pack, c, last_notes, merged);

    if (periods > 1) {
        std::string told;
        for (size_t e = 1; e < timeline.periods.size(); ++e) {
            const Authority* holder = pack.authority(timeline.periods[e].holder);
            told += (told.empty() ? "" : "；") + pack.say("power_changed_period", {{"date", timeline.periods[e].from.iso()},
                                                                                   {"holder", holder ? holder->name : timeline.periods[e].holder}});
        }
        add_warning(merged, {"power_changed", pack.say("power_changed", {{"periods", told}}), pack.said_under("power_changed")});
        if (const Reading* rd = pack.reading(pack.time.power_change_reading);
            rd && std::none_of(merged.ambiguities.begin(), merged.ambiguities.end(), [&](const Ambiguity& a) { return a.id == rd->id; })) {
            merged.ambiguities.push_back({rd->id, rd->clause, rd->quote, rd->reading});
            add_warning(merged, {"ambiguous_clause", pack.say("ambiguous_clause", {{"clause", rd->clause}, {"reading", rd->reading}}), rd->clause});
        }
    }
    // The years without a notice, once over every period.
    std::vector<int> years;
    for (const Step& s : merged.steps)
        if (!s.due.calendar_covered)
            if (auto d = s.due.day()) years.push_back(d->year());
    if (!years.empty()) merged.warnings.push_back({"calendar_not_covered", calendar.not_covered_message(years), ""});

    // Recorded events that no owed step accounts for (milestones are facts, never owed).
    for (const Event& e : events) {
        if (e.probe || pack.event(e.action)) continue;
        const bool owed = std::any_of(merged.steps.begin(), merged.steps.end(), [&](const Step& s) {
            if (e.action != s.action || e.actor != s.actor) return false;
            if (!s.to.empty() && !e.to.empty() && e.to != s.to) return false;
            return !(s.on_or_after && e.when.date < *s.on_or_after) && !(s.before && !(e.when.date < *s.before));
        });
        if (!owed) merged.unmatched.push_back({e.index, e.action, e.actor, e.to, e.when});
    }
    word_deadlines(pack, merged);
    merged.timeline = std::move(timeline);
    return merged;
}

}  // namespace referral
