#include "rules/plan.h"

#include "core/json_write.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace referral {

namespace {

Facts derive(const Pack& pack, const Case& c, bool has_date, bool item_answered, PowerNotes* notes) {
    Facts f(pack.schema);
    for (auto [name, value] : {std::pair<const char*, const std::string*>{"finder", &c.finder}, {"source", &c.source},
                               {"category", &c.category}, {"verification", &c.verification},
                               {"pre_devolution_status", &c.pre_devolution_status}})
        if (!value->empty()) f.set_enum(name, *value);
    const CatalogueItem* item = c.item.empty() ? nullptr : pack.item(c.item);
    PowerNotes n;
    n.item = item;
    n.decision_date = c.decided ? std::max(*c.decided, c.date.date) : c.date.date;
    if (c.devolved_override) {
        f.set_bool("devolved", *c.devolved_override);
    } else if (item && has_date) {
        auto holds_on = [&](Date day) {
            return item->devolved && (!item->devolved_from || *item->devolved_from <= day) &&
                   !(item->revoked_from && *item->revoked_from <= day);
        };
        const bool devolved = holds_on(n.decision_date);
        f.set_bool("devolved", devolved);
        n.revoked = item->revoked_from && *item->revoked_from <= n.decision_date;
        n.not_yet_devolved = item->devolved && !devolved && !n.revoked;
        n.predates_devolution = devolved && !holds_on(c.date.date) && !(item->revoked_from && *item->revoked_from <= c.date.date);
    } else if (item) {
        f.set_bool("devolved", item->devolved);  // no date yet: as the catalogue stands
    }
    f.set_bool("predates_devolution", n.predates_devolution);
    f.set_bool("has_received", c.received.has_value());
    f.set_bool("power_revoked", n.revoked);
    f.set_bool("licensed_by_approval", item && item->licensed_by == "approval");
    if (item_answered) f.set_bool("has_item", item != nullptr);
    if (!c.town.empty()) f.set_text("town", c.town);
    if (!c.dept.empty()) f.set_text("dept", c.dept);
    if (!c.item.empty()) f.set_text("item", c.item);
    const auto& names = case_flag_names();
    for (size_t i = 0; i < names.size(); ++i) f.set_bool(names[i], c.flags.test(i));
    for (const Definition& d : pack.definitions) f.set_bool(d.name, d.when.evaluate(f));
    if (notes) *notes = n;
    return f;
}

}  // namespace

Facts derive_facts(const Pack& pack, const Case& c, PowerNotes* notes) {
    return derive(pack, c, /*has_date=*/true, /*item_answered=*/true, notes);
}

Facts derive_facts(const Pack& pack, const CaseAnswers& answers) {
    return derive(pack, answers.c, answers.has_date, answers.item_answered, nullptr);
}

Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c) {
    PowerNotes notes;
    Facts facts = derive_facts(pack, c, &notes);
    Plan plan = make_plan(pack, calendar, c, facts);
    const CatalogueItem* item = notes.item;
    if (notes.not_yet_devolved)
        plan.warnings.insert(plan.warnings.begin(),
                             Warning{"not_yet_devolved",
                                     "事项“" + item->name + "”的处罚权自 " + item->devolved_from->iso() +
                                         " 起下放给镇；本事项在此之前作出决定（" + notes.decision_date.iso() +
                                         "），按未下放处理。",
                                     ""});
    if (notes.revoked)
        plan.warnings.insert(plan.warnings.begin(),
                             Warning{"power_revoked",
                                     "事项“" + item->name + "”的处罚权已于 " + item->revoked_from->iso() +
                                         " 收回市级业务主管部门；在 " + notes.decision_date.iso() +
                                         " 作出决定时处罚权属于部门，尚未结案的由部门作出决定（这是本工具对二（四）1 的解读，见“条文歧义”）。",
                                     "二(四)1¶1"});
    if (notes.predates_devolution)
        plan.warnings.insert(plan.warnings.begin(),
                             Warning{"predates_devolution",
                                     "事项“" + item->name + "”发现于 " + c.date.date.iso() + "，其处罚权自 " +
                                         item->devolved_from->iso() + " 起下放给镇；在 " + notes.decision_date.iso() +
                                         " 作出决定时处罚权属于属地镇政府，按下放前的存量案件办理。",
                                     "二(四)1¶1"});
    return plan;
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

// The label of a deadline's anchor, as the pack words it (rules.json → anchors; "found" and
// "received" are anchors the planner knows the time of).
const char* anchor_label(const Pack& pack, const std::string& from) {
    for (const auto& a : pack.anchors)
        if (a.id == from) return a.label.c_str();
    return "";
}

}  // namespace

Plan make_plan(const Pack& pack, const WorkCalendar& calendar, const Case& c, const Facts& base_facts) {
    Facts facts = base_facts;
    Plan plan;
    const FactValue& dv = facts.at(pack.schema.find("devolved"));
    plan.devolved = dv.set && dv.boolean;
    const Date day = c.date.date;

    const bool pack_in_force =
        !((pack.effective_from && day < *pack.effective_from) || (pack.effective_to && *pack.effective_to < day));
    if (!pack_in_force)
        plan.warnings.push_back({"pack_not_in_force",
                                 "本事项日期 " + day.iso() + " 不在《" + pack.meta.title + "》（" + pack.meta.number +
                                     "）施行期间（自 " + pack.meta.effective_from +
                                     " 起），其规则不适用，未生成步骤；请依当时的规定办理。",
                                 ""});

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
                                     "规则“" + handler_rule->id + "”与“" + rule->id + "”对同一事实给出不同的处罚机关（" +
                                         (resolve.handler.empty() ? "无" : resolve.handler) + " / " +
                                         (who.empty() ? "无" : who) + "），规则包需修正。",
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
        plan.warnings.push_back({"no_handler", "规则包中没有规则为这些事实确定处罚机关，请人工判断并报告规则包维护人员。", ""});
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

    std::map<std::string, size_t> step_index_by_id;
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
                plan.warnings.push_back({"ambiguous_clause", "文件此处有歧义，本计划采用的解读：" + rd->reading, rd->clause});
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
                const DueSpec* due = nullptr;
                for (const DueSpec& d : spec.due)
                    if (!d.when || d.when->evaluate(facts)) { due = &d; break; }
                if (due && urgency(due->rule) < urgency(same->due.rule)) {
                    same->due = Due{};
                    same->due.rule = due->rule;
                    same->due.count = due->count;
                    same->due.from = due->from;
                    same->due.basis = due->basis;
                    same->clause = due->clause.empty() ? rule->clause : due->clause;
                    same->quote = !due->quote.empty() ? due->quote : rule->quotes.empty() ? "" : rule->quotes.front();
                    same->explanation = spec.explanation;
                    same->rule = rule->id;
                }
                for (const auto& d : spec.documents)
                    if (std::find(same->documents.begin(), same->documents.end(), d) == same->documents.end())
                        same->documents.push_back(d);
                if (!spec.id.empty()) step_index_by_id[spec.id] = static_cast<size_t>(same - plan.steps.begin());
                continue;
            }
            s.clause = rule->clause;
            s.quote = rule->quotes.empty() ? "" : rule->quotes.front();
            s.explanation = spec.explanation;
            s.rule = rule->id;
            s.id = spec.id;
            s.documents = spec.documents;
            if (const ActionInfo* a = pack.action(s.action)) s.phase = a->phase;
            for (const DueSpec& d : spec.due) {
                if (d.when && !d.when->evaluate(facts)) continue;
                s.due.rule = d.rule;
                s.due.count = d.count;
                s.due.from = d.from;
                s.due.basis = d.basis;
                if (!d.clause.empty()) s.clause = d.clause;
                if (!d.quote.empty()) s.quote = d.quote;
                break;
            }
            if (!spec.id.empty()) step_index_by_id[spec.id] = plan.steps.size();
            plan.steps.push_back(std::move(s));
        }
    }

    // Suspensions (e.g. 二(四)4 不得以罚代刑): while one holds, the steps it names are held back,
    // whichever rule asked for them.
    for (const Suspension& su : pack.suspensions) {
        if (!su.when.evaluate(facts)) continue;
        size_t kept = 0;
        std::map<std::string, size_t> new_index;
        std::vector<size_t> old_to_new(plan.steps.size(), SIZE_MAX);
        for (size_t i = 0; i < plan.steps.size(); ++i) {
            const Step& s = plan.steps[i];
            const Authority* actor = pack.authority(s.actor);
            const bool held =
                std::find(su.actions.begin(), su.actions.end(), s.action) != su.actions.end() && actor &&
                std::find(su.actor_kinds.begin(), su.actor_kinds.end(), actor->kind) != su.actor_kinds.end();
            if (held) continue;
            old_to_new[i] = kept;
            if (kept != i) plan.steps[kept] = std::move(plan.steps[i]);
            ++kept;
        }
        if (kept == plan.steps.size()) continue;
        plan.steps.resize(kept);
        for (auto it = step_index_by_id.begin(); it != step_index_by_id.end();) {
            if (old_to_new[it->second] == SIZE_MAX) it = step_index_by_id.erase(it);
            else { it->second = old_to_new[it->second]; ++it; }
        }
        plan.warnings.push_back({su.id, su.message, su.clause});
    }

    // Deadlines. Anchors on other steps are resolved in dependency order (depth-first, cycle-safe).
    const DateTime anchor_found = c.date;
    const DateTime anchor_received = c.received ? *c.received : c.date;
    std::vector<int> state(plan.steps.size(), 0);  // 0 = todo, 1 = in progress, 2 = done
    bool uncovered = false;
    std::set<int> years_counted;  // the years working-day counts ran through (plan.calendar)
    auto compute = [&](auto&& self, size_t i) -> void {
        if (state[i] != 0) return;
        state[i] = 1;
        Due& due = plan.steps[i].due;
        due.from_label = anchor_label(pack, due.from);
        std::optional<DateTime> at;
        std::optional<Date> at_date;
        bool base_covered = true;
        if (due.from == "found") at = anchor_found;
        else if (due.from == "received") at = anchor_received;
        else if (due.from.rfind("step:", 0) == 0) {
            auto it = step_index_by_id.find(due.from.substr(5));
            if (it != step_index_by_id.end() && state[it->second] != 1) {
                self(self, it->second);
                const Due& base = plan.steps[it->second].due;
                due.from_label = "“" + (pack.action(plan.steps[it->second].action)
                                           ? pack.action(plan.steps[it->second].action)->label
                                           : plan.steps[it->second].action) + "”期限届满之日（最迟）";
                if (base.datetime) at = base.datetime;
                else if (base.date) at_date = base.date;
                base_covered = base.calendar_covered;
            }
        }
        if (at) at_date = at->date;
        if (due.rule == "working_days" && at_date) {
            auto count = calendar.add_working_days(*at_date, due.count);
            due.date = count.due;
            due.calendar_covered = count.covered && base_covered;
            for (int y = at_date->year(); y <= count.due.year(); ++y) years_counted.insert(y);
        } else if (due.rule == "hours" && at) {
            due.datetime = at->plus_hours(due.count);
            due.calendar_covered = base_covered;
        }
        if (!due.calendar_covered) uncovered = true;
        state[i] = 2;
    };
    for (size_t i = 0; i < plan.steps.size(); ++i) compute(compute, i);
    for (int y : years_counted) {
        auto it = calendar.years().find(y);
        if (it != calendar.years().end()) plan.calendar.push_back({y, it->second.sources, it->second.office});
    }
    if (uncovered) {
        // Names the years without a notice: provisional (statutory holidays, no 调休) or weekdays only.
        std::vector<int> years;
        for (const Step& s : plan.steps) {
            if (s.due.calendar_covered) continue;
            if (s.due.date) years.push_back(s.due.date->year());
            if (s.due.datetime) years.push_back(s.due.datetime->date.year());
        }
        plan.warnings.push_back({"calendar_not_covered", calendar.not_covered_message(years), ""});
    }

    // No re-transfer (二(四)1¶3): a received matter must not be sent on by its receiver.
    if (c.source == "transfer_in") {
        const std::string receiver = resolve("finder");
        for (const Step& s : plan.steps)
            if (s.action == "transfer" && s.actor == receiver)
                plan.warnings.push_back({"re_transfer_forbidden",
                                         "收到移送的案件不得再行移送；认为不属于本单位管辖的，应报请市人民政府决定。",
                                         "二(四)1¶3"});
    }

    std::stable_sort(plan.steps.begin(), plan.steps.end(), [](const Step& a, const Step& b) { return a.phase < b.phase; });
    return plan;
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
    w.key("source").value(c.source).key("category").value(c.category).key("verification").value(c.verification);
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
        w.key("due").begin_object();
        w.key("rule").value(s.due.rule);
        if (s.due.count) w.key("count").value(s.due.count);
        if (!s.due.from.empty()) w.key("from").value(s.due.from).key("from_label").value(s.due.from_label);
        if (s.due.date) w.key("date").value(s.due.date->iso()).key("weekday").value(weekday_zh(s.due.date->weekday()));
        if (s.due.datetime)
            w.key("datetime").value(s.due.datetime->iso()).key("weekday").value(weekday_zh(s.due.datetime->date.weekday()));
        if (s.due.date || s.due.datetime) w.key("calendar_covered").value(s.due.calendar_covered);
        if (!s.due.basis.empty()) w.key("basis").value(s.due.basis);
        w.end_object();
        w.key("documents").begin_array();
        for (const auto& d : s.documents) w.value(d);
        w.end_array();
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
    w.end_object();
}

json plan_to_json(const Pack& pack, const Case& c, const Plan& plan) {
    std::string text;
    write_plan(text, pack, c, plan);
    return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace referral
