#include "rules/plan.h"

#include "core/json_write.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace referral {

namespace {

bool holds_on(const CatalogueItem& item, Date day) {
    return item.devolved && (!item.devolved_from || *item.devolved_from <= day) && !(item.revoked_from && *item.revoked_from <= day);
}

Facts derive(const Pack& pack, const Case& c, bool has_date, bool item_answered, Date power_day, bool power_changed,
             PowerNotes* notes) {
    Facts f(pack.schema);
    if (!c.finder.empty()) f.set_enum("finder", c.finder);
    for (const auto& [id, value] : c.values)
        if (!value.empty()) f.set_enum(id, value);
    const CatalogueItem* item = c.item.empty() ? nullptr : pack.item(c.item);
    PowerNotes n;
    n.item = item;
    n.decision_date = power_day;
    if (c.devolved_override) {
        f.set_bool("devolved", *c.devolved_override);
    } else if (item && has_date) {
        const bool devolved = holds_on(*item, power_day);
        f.set_bool("devolved", devolved);
        const Date found = c.date.date;
        n.revoked = item->revoked_from && *item->revoked_from <= power_day;
        // Taken back while the matter was open: after it was found, by the day the power is judged.
        n.revoked_while_open = n.revoked && found < *item->revoked_from;
        n.not_yet_devolved = item->devolved && !devolved && !(item->revoked_from && *item->revoked_from <= power_day);
        n.predates_devolution = devolved && !holds_on(*item, found) && !(item->revoked_from && *item->revoked_from <= found);
    } else if (item) {
        f.set_bool("devolved", item->devolved);  // no date yet: as the catalogue stands
    }
    f.set_bool("predates_devolution", n.predates_devolution);
    f.set_bool("has_received", c.received.has_value());
    f.set_bool("power_revoked", n.revoked_while_open);
    f.set_bool("power_changed", power_changed);
    // The catalogue gives the item a day its power begins or ends after the matter was found: on
    // which side of it the decision falls is what decides, whatever day is judged now (the wizard
    // asks for the decision day on this; engine_fact_schema).
    f.set_bool("power_may_change", item && has_date && !c.devolved_override &&
                                       ((item->devolved_from && c.date.date < *item->devolved_from) ||
                                        (item->revoked_from && c.date.date < *item->revoked_from)));
    if (item_answered) f.set_bool("has_item", item != nullptr);
    if (!c.town.empty()) f.set_text("town", c.town);
    if (!c.dept.empty()) f.set_text("dept", c.dept);
    if (!c.item.empty()) f.set_text("item", c.item);
    for (const FlagFact& fl : pack.flags) f.set_bool(fl.id, c.flag(fl.id));
    for (const Definition& d : pack.definitions) f.set_bool(d.name, d.when.evaluate(f));
    if (notes) *notes = n;
    return f;
}

Date default_power_day(const Case& c) { return c.decided ? std::max(*c.decided, c.date.date) : c.date.date; }

}  // namespace

std::optional<bool> town_holds_power(const Pack& pack, const Case& c, Date day) {
    if (c.devolved_override) return *c.devolved_override;
    const CatalogueItem* item = c.item.empty() ? nullptr : pack.item(c.item);
    if (!item) return std::nullopt;
    return holds_on(*item, day);
}

Facts derive_facts(const Pack& pack, const Case& c, PowerNotes* notes) {
    return derive(pack, c, /*has_date=*/true, /*item_answered=*/true, default_power_day(c), false, notes);
}

Facts derive_facts(const Pack& pack, const Case& c, Date power_day, bool power_changed, PowerNotes* notes) {
    return derive(pack, c, /*has_date=*/true, /*item_answered=*/true, power_day, power_changed, notes);
}

Facts derive_facts(const Pack& pack, const CaseAnswers& answers) {
    return derive(pack, answers.c, answers.has_date, answers.item_answered, default_power_day(answers.c), false, nullptr);
}

void add_power_warnings(const Pack& pack, const Case& c, const PowerNotes& notes, Plan& plan) {
    const CatalogueItem* item = notes.item;
    auto warn = [&](const char* code, const char* key, std::vector<std::pair<std::string, std::string>> values) {
        plan.warnings.insert(plan.warnings.begin(), Warning{code, pack.say(key, values), pack.said_under(key)});
    };
    if (notes.not_yet_devolved)
        warn("not_yet_devolved", "not_yet_devolved",
             {{"item", item->name}, {"devolved_from", item->devolved_from->iso()}, {"decision", notes.decision_date.iso()}});
    if (notes.revoked_while_open)
        warn("power_revoked", "power_revoked",
             {{"item", item->name}, {"revoked_from", item->revoked_from->iso()}, {"decision", notes.decision_date.iso()}});
    else if (notes.revoked)
        warn("power_revoked", "power_revoked_before", {{"item", item->name}, {"revoked_from", item->revoked_from->iso()}});
    if (notes.predates_devolution)
        warn("predates_devolution", "predates_devolution",
             {{"item", item->name}, {"found", c.date.date.iso()}, {"devolved_from", item->devolved_from->iso()},
              {"decision", notes.decision_date.iso()}});
}

Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c) {
    PowerNotes notes;
    Facts facts = derive_facts(pack, c, &notes);
    Plan plan = make_plan(pack, calendar, c, facts);
    add_power_warnings(pack, c, notes, plan);
    return plan;
}

Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c, const Facts& facts) {
    Plan plan = plan_steps(pack, c, facts);
    Timing timing;
    timing.found = c.date;
    timing.received = c.received;
    timing.today = c.date.date;
    resolve_deadlines(pack, calendar, plan, timing);
    word_deadlines(pack, plan);
    return plan;
}

namespace {
std::string fill(const std::string& t, const std::vector<std::pair<std::string, std::string>>& values) { return fill_template(t, values); }
}  // namespace

void word_deadlines(const Pack& pack, Plan& plan) {
    auto words = [&](const char* key) {
        auto it = pack.deadline_text.find(key);
        return it == pack.deadline_text.end() ? std::string() : it->second;
    };
    for (Step& s : plan.steps) {
        Due& d = s.due;
        const std::string count = std::to_string(d.count);
        std::string text;
        if (d.rule == "working_days")
            text = d.date ? fill(words("working_days_dated"), {{"count", count}, {"from", d.from_label}, {"date", d.date->zh()},
                                                               {"weekday", weekday_zh(d.date->weekday())}})
                          : fill(words("working_days"), {{"count", count}, {"from", d.from_label}});
        else if (d.rule == "hours" && d.datetime)
            text = fill(words("hours_dated"), {{"count", count}, {"from", d.from_label}, {"datetime", d.datetime->zh()},
                                               {"date", d.datetime->date.zh()}, {"weekday", weekday_zh(d.datetime->date.weekday())}});
        else if (d.rule == "hours" && d.date)  // an anchor known by its day only: by the day
            text = fill(words("hours_dated"), {{"count", count}, {"from", d.from_label}, {"datetime", d.date->zh()},
                                               {"date", d.date->zh()}, {"weekday", weekday_zh(d.date->weekday())}});
        else if (d.rule == "hours")
            text = fill(words("hours"), {{"count", count}, {"from", d.from_label}});
        else if (d.rule == "promptly" && !d.from_label.empty())
            text = fill(words("promptly_from"), {{"from", d.from_label}});
        else
            text = words(d.rule.c_str());
        if (const auto day = d.day(); day && !d.calendar_covered)
            text = fill(words("provisional"), {{"year", std::to_string(day->year())}, {"text", text}});
        if (s.on_or_after && !d.day()) text = fill(words("on_or_after"), {{"on_or_after", s.on_or_after->zh()}, {"text", text}});
        d.text = std::move(text);
    }
}

namespace {

bool in_force(const Rule& r, Date day) {
    if (r.effective_from && day < *r.effective_from) return false;
    if (r.effective_to && *r.effective_to < day) return false;
    return true;
}

struct Resolver {
    const Pack& pack;
    const Case& c;
    std::string handler;

    std::string operator()(const std::string& role) const {
        if (role.empty()) return "";
        if (role == "town") return "town:" + c.town;
        if (role == "dept") return "dept:" + c.dept;
        if (role == "finder") return c.finder == "town" ? "town:" + c.town : "dept:" + c.dept;
        if (role == "other") return c.finder == "town" ? "dept:" + c.dept : "town:" + c.town;
        if (role == "handler") return handler;
        if (role == "licensor") {
            const CatalogueItem* item = c.item.empty() ? nullptr : pack.item(c.item);
            if (item && !item->licensed_by.empty()) return "dept:" + item->licensed_by;
            return "dept:" + c.dept;
        }
        return role;  // a literal authority id
    }
};

// Lower is more urgent; used when two rules ask for the same step.
int urgency(const std::string& rule) {
    if (rule == "immediately") return 0;
    if (rule == "hours") return 1;
    if (rule == "working_days") return 2;
    if (rule == "promptly") return 3;
    return 4;
}

}  // namespace

Plan plan_steps(const Pack& pack, const Case& c, const Facts& base_facts) {
    Facts facts = base_facts;
    Plan plan;
    const FactValue& dv = facts.at(pack.schema.find("devolved"));
    plan.devolved = dv.set && dv.boolean;
    const Date day = c.date.date;

    const bool pack_in_force =
        !((pack.effective_from && day < *pack.effective_from) || (pack.effective_to && *pack.effective_to < day));
    if (!pack_in_force)
        plan.warnings.push_back({"pack_not_in_force",
                                 pack.say("pack_not_in_force", {{"date", day.iso()}, {"title", pack.meta.title},
                                                                {"number", pack.meta.number}, {"effective_from", pack.meta.effective_from}}),
                                 pack.said_under("pack_not_in_force")});

    // Pass 1: which rules apply, and who handles.
    std::vector<const Rule*> applied;
    applied.reserve(pack.rules.size());
    Resolver resolve{pack, c, ""};
    const Rule* handler_rule = nullptr;
    for (const Rule& r : pack.rules) {
        if (!r.handler || !in_force(r, day) || !r.when.evaluate(facts)) continue;
        const Rule* rule = &r;
        const std::string who = *rule->handler == "none" ? "" : resolve(*rule->handler);
        if (!handler_rule) {
            handler_rule = rule;
            resolve.handler = who;
            plan.conflicting_handlers.push_back(who);
        } else if (who != resolve.handler &&
                   std::find(plan.conflicting_handlers.begin(), plan.conflicting_handlers.end(), who) ==
                       plan.conflicting_handlers.end()) {
            plan.conflicting_handlers.push_back(who);
            plan.warnings.push_back({"rule_conflict",
                                     pack.say("rule_conflict", {{"rule", handler_rule->id}, {"other", rule->id},
                                                                {"handler", resolve.handler.empty() ? "—" : resolve.handler},
                                                                {"other_handler", who.empty() ? "—" : who}}),
                                     rule->clause});
        }
    }
    if (plan.conflicting_handlers.size() < 2) plan.conflicting_handlers.clear();
    if (handler_rule && !resolve.handler.empty()) {
        Handler h;
        h.authority = resolve.handler;
        h.rule = handler_rule->id;
        h.clause = handler_rule->clause;
        h.quote = handler_rule->quotes.empty() ? "" : handler_rule->quotes.front();
        // The facts the deciding rule read; a pack definition (e.g. `routine`) is followed by the facts it reads.
        auto add = [&](auto&& self, const Condition& cond, bool derived) -> void {
            for (int f : cond.reads()) {
                const std::string& name = pack.schema.at(f).name;
                const bool definition = std::any_of(pack.definitions.begin(), pack.definitions.end(),
                                                    [&](const Definition& d) { return d.fact == f; });
                auto seen = std::find_if(h.because.begin(), h.because.end(), [&](const Because& b) { return b.fact == name; });
                if (seen != h.because.end()) {
                    seen->derived = seen->derived && (derived || definition);
                    continue;
                }
                h.because.push_back({name, facts.render(f), derived || definition});
                for (const Definition& d : pack.definitions)
                    if (d.fact == f) self(self, d.when, true);
            }
        };
        add(add, handler_rule->when, false);
        plan.handler = std::move(h);
    } else if (!handler_rule && pack_in_force) {
        plan.warnings.push_back({"no_handler", pack.say("no_handler"), pack.said_under("no_handler")});
    }

    // Pass 2: with the handler known, every rule in force whose condition holds contributes.
    {
        const std::string& h = resolve.handler;
        facts.set_enum("handler_side", h.empty() ? "none"
                                       : h.rfind("town:", 0) == 0 ? "town"
                                       : h.rfind("dept:", 0) == 0 ? "dept"
                                                                  : "other");
    }
    for (const Rule& rule : pack.rules)
        if (in_force(rule, day) && rule.when.evaluate(facts)) applied.push_back(&rule);

    // The deadline variants of a step spec whose conditions hold, in order.
    auto variants = [&](const StepSpec& spec) {
        std::vector<const DueSpec*> out;
        for (const DueSpec& d : spec.due)
            if (!d.when || d.when->evaluate(facts)) out.push_back(&d);
        return out;
    };
    for (const Rule* rule : applied) {
        plan.rules_applied.push_back(rule->id);
        for (const WarningSpec& w : rule->warnings) {
            const bool dup = std::any_of(plan.warnings.begin(), plan.warnings.end(),
                                         [&](const Warning& x) { return x.code == w.code && x.message == w.message; });
            if (!dup) plan.warnings.push_back({w.code, w.message, rule->clause});
        }
        if (!rule->reading.empty()) {
            const Reading* rd = pack.reading(rule->reading);
            const bool dup = std::any_of(plan.ambiguities.begin(), plan.ambiguities.end(),
                                         [&](const Ambiguity& a) { return a.id == rd->id; });
            if (!dup) {
                plan.ambiguities.push_back({rd->id, rd->clause, rd->quote, rd->reading});
                plan.warnings.push_back({"ambiguous_clause", pack.say("ambiguous_rule", {{"clause", rd->clause}, {"reading", rd->reading}}), rd->clause});
            }
        }
        for (const StepSpec& spec : rule->steps) {
            if (spec.when && !spec.when->evaluate(facts)) continue;
            Step s;
            s.actor = resolve(spec.actor);
            s.to = resolve(spec.to);
            s.action = spec.action;
            if (s.actor.empty()) continue;  // a step of the handler when there is none
            auto same = std::find_if(plan.steps.begin(), plan.steps.end(), [&](const Step& x) {
                return x.actor == s.actor && x.action == s.action && x.to == s.to;
            });
            if (same != plan.steps.end()) {
                // Two rules ask for the same step: keep the stricter deadline, with the clause that sets it.
                auto vs = variants(spec);
                const std::string kept = same->variants.empty() ? "none" : same->variants.front()->rule;
                if (!vs.empty() && urgency(vs.front()->rule) < urgency(kept)) {
                    same->variants = std::move(vs);
                    same->rule_clause = rule->clause;
                    same->rule_quote = rule->quotes.empty() ? "" : rule->quotes.front();
                    same->explanation = spec.explanation;
                    same->rule = rule->id;
                }
                for (const auto& d : spec.documents)
                    if (std::find(same->documents.begin(), same->documents.end(), d) == same->documents.end())
                        same->documents.push_back(d);
                if (!spec.id.empty()) same->ids.push_back(spec.id);
                continue;
            }
            s.rule_clause = rule->clause;
            s.rule_quote = rule->quotes.empty() ? "" : rule->quotes.front();
            s.explanation = spec.explanation;
            s.rule = rule->id;
            if (!spec.id.empty()) s.ids.push_back(spec.id);
            s.id = spec.id;
            s.documents = spec.documents;
            if (const ActionInfo* a = pack.action(s.action)) s.phase = a->phase;
            s.variants = variants(spec);
            plan.steps.push_back(std::move(s));
        }
    }

    // Suspensions (e.g. 二(四)4 不得以罚代刑): while one holds, the steps it names are held back,
    // whichever rule asked for them — and so is every step that counts from a step held back (an
    // acknowledgement of a transfer that is not sent).
    for (const Suspension& su : pack.suspensions) {
        if (!su.when.evaluate(facts)) continue;
        std::set<std::string> held_ids;
        std::vector<bool> held(plan.steps.size(), false);
        bool any = false;
        for (size_t i = 0; i < plan.steps.size(); ++i) {
            const Step& s = plan.steps[i];
            const Authority* actor = pack.authority(s.actor);
            held[i] = std::find(su.actions.begin(), su.actions.end(), s.action) != su.actions.end() && actor &&
                      std::find(su.actor_kinds.begin(), su.actor_kinds.end(), actor->kind) != su.actor_kinds.end();
            if (held[i]) {
                any = true;
                held_ids.insert(s.ids.begin(), s.ids.end());
            }
        }
        if (!any) continue;
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < plan.steps.size(); ++i) {
                if (held[i] || plan.steps[i].variants.empty()) continue;
                const std::string& from = plan.steps[i].variants.front()->from;
                bool leans = from.rfind("step:", 0) == 0 && held_ids.count(from.substr(5));
                if (const Anchor* a = pack.anchor(from))
                    for (const auto& ref : a->estimate) leans = leans || held_ids.count(ref.substr(5));
                if (leans) {
                    held[i] = grew = true;
                    held_ids.insert(plan.steps[i].ids.begin(), plan.steps[i].ids.end());
                }
            }
        }
        size_t kept = 0;
        for (size_t i = 0; i < plan.steps.size(); ++i) {
            if (held[i]) continue;
            if (kept != i) plan.steps[kept] = std::move(plan.steps[i]);
            ++kept;
        }
        plan.steps.resize(kept);
        plan.warnings.push_back({su.id, su.message, su.clause});
        if (const Reading* rd = pack.reading(su.reading);
            rd && std::none_of(plan.ambiguities.begin(), plan.ambiguities.end(), [&](const Ambiguity& a) { return a.id == rd->id; })) {
            plan.ambiguities.push_back({rd->id, rd->clause, rd->quote, rd->reading});
            plan.warnings.push_back({"ambiguous_clause", pack.say("ambiguous_clause", {{"clause", rd->clause}, {"reading", rd->reading}}), rd->clause});
        }
    }

    // No re-transfer: a matter the finder received by a transfer (the pack's received_matter) must
    // not be passed on by it — save the hand-over a change of power makes owed (power_changed).
    const FactValue& changed = facts.at(pack.schema.find("power_changed"));
    if (pack.received_matter && pack.received_matter->evaluate(facts) && !(changed.set && changed.boolean)) {
        const std::string receiver = resolve("finder");
        for (const Step& s : plan.steps)
            if (pack.action(s.action) && pack.action(s.action)->power == "to" && s.actor == receiver)
                plan.warnings.push_back({"re_transfer_forbidden", pack.say("re_transfer_forbidden"), pack.said_under("re_transfer_forbidden")});
    }

    std::stable_sort(plan.steps.begin(), plan.steps.end(), [](const Step& a, const Step& b) { return a.phase < b.phase; });
    return plan;
}

namespace {

// Whether `event` is the record of `step`: the same action by the same actor (to the same
// addressee, when both name one), within the step's period (Timing).
bool records(const Pack& pack, const Event& e, const Step& s, const Timing& t) {
    if (e.action != s.action || e.actor != s.actor) return false;
    if (!s.to.empty() && !e.to.empty() && e.to != s.to) return false;
    if (e.when.date < t.window_start) return false;
    const ActionInfo* info = pack.action(s.action);
    return !(info && !info->power.empty() && !(e.when.date < t.window_end));
}

// Whether an act done at `done` is after a deadline: by the clock when both the deadline (hours)
// and the act have a time, else by the day.
bool after(const Stamp& done, const Due& due) {
    if (due.datetime && done.at) return due.datetime->epoch_seconds() < done.at->epoch_seconds();
    const auto day = due.day();
    return day && *day < done.date;
}

}  // namespace

void resolve_deadlines(const Pack& pack, const WorkCalendar& calendar, Plan& plan, const Timing& timing) {
    static const std::vector<Event> kNoEvents;
    const std::vector<Event>& events = timing.events ? *timing.events : kNoEvents;
    std::map<std::string, size_t> by_id;
    for (size_t i = 0; i < plan.steps.size(); ++i)
        for (const auto& id : plan.steps[i].ids) by_id.emplace(id, i);

    // The recorded act of each step: the earliest event recording it.
    for (Step& s : plan.steps) {
        s.done.reset();
        for (const Event& e : events)
            if (records(pack, e, s, timing) && (!s.done || e.when.date < s.done->date)) s.done = e.when;
    }

    // The first event setting an anchor, relative to a step (pack.h, AnchorSource).
    auto recorded_anchor = [&](const Anchor& a, const Step& s) -> std::optional<Stamp> {
        for (const AnchorSource& src : a.set_by) {
            const Event* best = nullptr;
            for (const Event& e : events) {
                if (e.action != src.event || e.when.date < timing.window_start) continue;
                if (src.party == "actor" && e.actor != s.actor) continue;
                if (src.party == "to" && e.actor != s.to) continue;
                if (src.party == "to_actor" && e.to != s.actor) continue;
                if (!best || e.when.date < best->when.date) best = &e;
            }
            if (best) return best->when;
        }
        return std::nullopt;
    };

    std::vector<int> state(plan.steps.size(), 0);  // 0 = todo, 1 = in progress, 2 = done
    bool uncovered = false;
    std::set<int> years_counted;  // the years working-day counts ran through (plan.calendar)
    auto compute = [&](auto&& self, size_t i) -> void {
        if (state[i] != 0) return;
        state[i] = 1;
        Step& step = plan.steps[i];
        // The other step a step's deadline leans on: resolved first (depth-first, cycle-safe).
        auto other = [&](const std::string& ref) -> const Step* {
            auto it = by_id.find(ref);
            if (it == by_id.end() || state[it->second] == 1) return nullptr;
            self(self, it->second);
            return &plan.steps[it->second];
        };
        // A late notice of extension extends nothing: skip the variant when its step was done late,
        // or (with a record) was not done by a due day that has passed.
        const DueSpec* spec = nullptr;
        step.shortened_by.clear();
        for (const DueSpec* v : step.variants) {
            if (!v->unless_late.empty())
                if (const Step* x = other(v->unless_late);
                    x && (x->status == "late" || (timing.record && x->status == "missing"))) {
                    step.shortened_by = v->unless_late;
                    continue;
                }
            spec = v;
            break;
        }
        Due due;
        step.clause = step.rule_clause;
        step.quote = step.rule_quote;
        if (spec) {
            due.rule = spec->rule;
            due.count = spec->count;
            due.from = spec->from;
            due.basis = spec->basis;
            if (!spec->clause.empty()) step.clause = spec->clause;
            if (!spec->quote.empty()) step.quote = spec->quote;
        }
        const Anchor* declared = pack.anchor(due.from);
        due.from_label = declared ? declared->label : "";
        bool base_covered = true;
        auto from_step = [&](const Step& base) {
            const std::string label = "“" + (pack.action(base.action) ? pack.action(base.action)->label : base.action) + "”";
            // With a record, an act not recorded has not happened: what counts from it is not owed yet.
            due.from_label = label + (base.done ? "之日" : timing.record ? "之日（尚未办理）" : "期限届满之日（最迟）");
            if (timing.record && !base.done) return;
            if (base.done) {
                due.anchor = base.done;
                due.anchor_recorded = true;
            } else if (base.due.datetime) {
                due.anchor = Stamp{base.due.datetime->date, base.due.datetime};
                due.latest = true;
            } else if (base.due.date) {
                due.anchor = Stamp{*base.due.date, std::nullopt};
                due.latest = true;
            }
            base_covered = base.due.calendar_covered;
        };
        if (due.from == "found" && timing.found) {
            due.anchor = Stamp{timing.found->date, timing.found};
        } else if (due.from == "received" && timing.received) {
            due.anchor = Stamp{timing.received->date, timing.received};
        } else if (due.from == "power_changed" && timing.power_changed) {
            due.anchor = Stamp{*timing.power_changed, std::nullopt};
        } else if (due.from.rfind("step:", 0) == 0) {
            if (const Step* base = other(due.from.substr(5))) from_step(*base);
        } else if (declared) {
            if (auto at = recorded_anchor(*declared, step)) {
                due.anchor = at;
                due.anchor_recorded = true;
            } else {
                for (const std::string& ref : declared->estimate)
                    if (by_id.count(ref.substr(5))) {
                        if (const Step* base = other(ref.substr(5))) from_step(*base);
                        break;
                    }
            }
        }
        if (due.anchor && due.rule == "working_days") {
            auto count = calendar.add_working_days(due.anchor->date, due.count);
            due.date = count.due;
            due.calendar_covered = count.covered && base_covered;
            for (int y = due.anchor->date.year(); y <= count.due.year(); ++y) years_counted.insert(y);
        } else if (due.anchor && due.rule == "hours") {
            if (due.anchor->at) due.datetime = due.anchor->at->plus_hours(due.count);
            else due.date = due.anchor->date + (due.count + 23) / 24;  // a day without its time: by the day
            due.calendar_covered = base_covered;
        }
        if (!due.calendar_covered) uncovered = true;
        step.due = std::move(due);

        // The step against the record.
        const auto day = step.due.day();
        step.provisional = day.has_value() && !step.due.calendar_covered;
        step.late_by_working_days = 0;
        if (step.done) {
            step.status = after(*step.done, step.due) ? "late" : "on_time";
            if (step.status == "late" && day)
                for (Date d = *day + 1; d <= step.done->date && step.late_by_working_days < 3700; d = d + 1)
                    if (calendar.is_working_day(d)) ++step.late_by_working_days;
        } else {
            step.status = day && *day < timing.today ? "missing" : "pending";
        }
        state[i] = 2;
    };
    for (size_t i = 0; i < plan.steps.size(); ++i) compute(compute, i);
    plan.calendar.clear();
    for (int y : years_counted) {
        auto it = calendar.years().find(y);
        if (it != calendar.years().end()) plan.calendar.push_back({y, it->second.sources, it->second.office});
    }
    plan.warnings.erase(std::remove_if(plan.warnings.begin(), plan.warnings.end(),
                                       [](const Warning& w) { return w.code == "calendar_not_covered"; }),
                        plan.warnings.end());
    if (uncovered) {
        // Names the years without a notice: provisional (statutory holidays, 补假, no 调休) or weekdays only.
        std::vector<int> years;
        for (const Step& s : plan.steps) {
            if (s.due.calendar_covered) continue;
            if (auto d = s.due.day()) years.push_back(d->year());
        }
        plan.warnings.push_back({"calendar_not_covered", calendar.not_covered_message(years), ""});
    }
}

namespace {

void write_party(JsonWriter& w, const Pack& pack, const std::string& id) {
    const Authority* a = pack.authority(id);
    w.key("authority").value(id);
    w.key("name").value(a ? a->name : id);
}

// Which catalogue is in force: every plan names it, whether or not the item was in it.
void write_catalogue(JsonWriter& w, const CatalogueInfo& info) {
    w.key("catalogue").begin_object();
    w.key("title").value(info.title).key("sample").value(info.sample);
    if (!info.version.empty()) w.key("version").value(info.version);
    if (!info.date.empty()) w.key("date").value(info.date);
    w.key("sha256").value(info.sha256).key("items").value(static_cast<int>(info.items));
    if (!info.source_file.empty() || !info.source_sha256.empty()) {
        w.key("source").begin_object();
        if (!info.source_file.empty()) w.key("file").value(info.source_file);
        if (!info.source_sha256.empty()) w.key("sha256").value(info.source_sha256);
        if (!info.imported.empty()) w.key("imported").value(info.imported);
        w.end_object();
    }
    w.end_object();
}

// The catalogue row the handler turned on: when the deciding rule read `devolved` (directly or
// through a definition) and that fact came from the catalogue (the case names an item of it and
// does not state `devolved` itself).
const CatalogueItem* deciding_row(const Pack& pack, const Case& c, const Plan& plan) {
    if (!plan.handler || c.item.empty() || c.devolved_override) return nullptr;
    const bool read = std::any_of(plan.handler->because.begin(), plan.handler->because.end(),
                                  [](const Because& b) { return b.fact == "devolved"; });
    return read ? pack.item(c.item) : nullptr;
}

}  // namespace

void write_plan(std::string& out, const Pack& pack, const Case& c, const Plan& plan) {
    JsonWriter w(out);
    w.begin_object();
    w.key("schema").value("referral-plan/1");
    w.key("pack").begin_object();
    w.key("id").value(pack.meta.id).key("version").value(pack.meta.version).key("number").value(pack.meta.number);
    w.end_object();
    write_catalogue(w, pack.catalogue_info);
    w.key("facts").begin_object();
    w.key("date").value(c.date.iso());
    w.key("finder").value(c.finder).key("town").value(c.town).key("dept").value(c.dept);
    if (!c.item.empty()) w.key("item").value(c.item);
    for (const EnumFact& e : pack.enums)
        if (!c.value(e.id).empty()) w.key(e.id).value(c.value(e.id));
    w.key("devolved").value(plan.devolved);
    w.end_object();
    w.key("handler");
    if (plan.handler) {
        w.begin_object();
        write_party(w, pack, plan.handler->authority);
        w.key("rule").value(plan.handler->rule).key("clause").value(plan.handler->clause);
        w.key("quote").value(plan.handler->quote);
        if (const CatalogueItem* row = deciding_row(pack, c, plan)) {
            w.key("catalogue_row").begin_object();
            w.key("item").value(row->id).key("name").value(row->name);
            if (row->row) w.key("row").value(row->row);
            w.key("devolved").value(row->devolved);
            if (row->devolved_from) w.key("devolved_from").value(row->devolved_from->iso());
            if (row->revoked_from) w.key("revoked_from").value(row->revoked_from->iso());
            w.key("catalogue").value(pack.catalogue_info.title);
            w.end_object();
        }
        w.key("because").begin_array();
        for (const auto& b : plan.handler->because)
            w.begin_object().key("fact").value(b.fact).key("value").value(b.value).key("derived").value(b.derived).end_object();
        w.end_array();
        w.end_object();
    } else {
        w.null();
    }
    if (plan.timeline) {
        const PlanTimeline& t = *plan.timeline;
        w.key("timeline").begin_object();
        w.key("today").value(t.today.iso());
        w.key("decision").begin_object().key("date").value(t.decision.iso()).key("source").value(t.decision_source).end_object();
        w.key("periods").begin_array();
        for (const PowerPeriod& p : t.periods) {
            const Authority* holder = pack.authority(p.holder);
            w.begin_object().key("from").value(p.from.iso()).key("holder").value_or_null(p.holder);
            if (holder) w.key("holder_name").value(holder->name);
            w.key("possessor").value_or_null(p.possessor).end_object();
        }
        w.end_array();
        w.key("record").value(t.record);
        w.end_object();
    }
    const bool record = plan.timeline && plan.timeline->record;
    w.key("steps").begin_array();
    for (const Step& s : plan.steps) {
        w.begin_object();
        const Authority* actor = pack.authority(s.actor);
        w.key("actor").value(s.actor).key("actor_name").value(actor ? actor->name : s.actor);
        const ActionInfo* info = pack.action(s.action);
        w.key("action").value(s.action).key("action_label").value(info ? info->label : s.action);
        w.key("to").value_or_null(s.to);
        if (!s.to.empty()) {
            const Authority* to = pack.authority(s.to);
            w.key("to_name").value(to ? to->name : s.to);
        }
        w.key("clause").value(s.clause).key("quote").value(s.quote).key("explanation").value(s.explanation);
        w.key("rule").value(s.rule);
        if (s.on_or_after) w.key("on_or_after").value(s.on_or_after->iso());
        if (s.before) w.key("before").value(s.before->iso());
        w.key("due").begin_object();
        w.key("rule").value(s.due.rule);
        if (s.due.count) w.key("count").value(s.due.count);
        if (!s.due.from.empty()) w.key("from").value(s.due.from).key("from_label").value(s.due.from_label);
        if (s.due.anchor && s.due.from != "found" && s.due.from != "received") {
            w.key("anchor").value(s.due.anchor->iso());
            if (s.due.anchor_recorded) w.key("anchor_recorded").value(true);
            if (s.due.latest) w.key("latest").value(true);
        }
        if (s.due.date) w.key("date").value(s.due.date->iso()).key("weekday").value(weekday_zh(s.due.date->weekday()));
        if (s.due.datetime)
            w.key("datetime").value(s.due.datetime->iso()).key("weekday").value(weekday_zh(s.due.datetime->date.weekday()));
        if (s.due.date || s.due.datetime) w.key("calendar_covered").value(s.due.calendar_covered);
        if (!s.due.basis.empty()) w.key("basis").value(s.due.basis);
        w.key("text").value(s.due.text);
        w.end_object();
        w.key("documents").begin_array();
        for (const auto& d : s.documents) w.value(d);
        w.end_array();
        if (record) {
            w.key("status").value(s.status);
            if (s.done) w.key("done").value(s.done->iso());
            if (s.status == "late") w.key("late_by_working_days").value(s.late_by_working_days);
            if (s.provisional) w.key("provisional").value(true);
        }
        w.end_object();
    }
    w.end_array();
    w.key("calendar").begin_array();
    for (const auto& basis : plan.calendar) {
        w.begin_object().key("year").value(basis.year).key("sources").begin_array();
        for (const auto& src : basis.sources)
            w.begin_object().key("title").value(src.title).key("number").value(src.number).key("published").value(src.published).end_object();
        w.end_array().key("office").value(basis.office).end_object();
    }
    w.end_array();
    w.key("warnings").begin_array();
    for (const auto& x : plan.warnings)
        w.begin_object().key("code").value(x.code).key("message").value(x.message).key("clause").value_or_null(x.clause).end_object();
    w.end_array();
    w.key("ambiguities").begin_array();
    for (const auto& a : plan.ambiguities)
        w.begin_object().key("id").value(a.id).key("clause").value(a.clause).key("quote").value(a.quote)
            .key("reading").value(a.reading).end_object();
    w.end_array();
    w.key("rules_applied").begin_array();
    for (const auto& r : plan.rules_applied) w.value(r);
    w.end_array();
    if (record) {
        w.key("unmatched_events").begin_array();
        for (const auto& e : plan.unmatched) {
            w.begin_object().key("index").value(static_cast<int>(e.index)).key("action").value(e.action);
            w.key("actor").value(e.actor).key("to").value_or_null(e.to).key("date").value(e.when.iso()).end_object();
        }
        w.end_array();
    }
    w.end_object();
}

json plan_to_json(const Pack& pack, const Case& c, const Plan& plan) {
    std::string text;
    write_plan(text, pack, c, plan);
    return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace referral
