#include "studio_model/matrix.h"

#include "matter/matter.h"

#include <algorithm>
#include <set>

namespace referral::studio {

namespace {

// The case members with values: the engine's finder and the pack's enums.
bool is_enum(const Pack& pack, const std::string& name) { return name == "finder" || pack.enum_fact(name); }

std::vector<std::string> enum_values(const Pack& pack, const std::string& fact) {
    const int i = pack.schema.find(fact);
    if (i < 0) return {};
    return pack.schema.at(i).values;
}

// The pack's flags that decide the handler or whether the case file is passed on: read by a rule
// that names a handler or has a transfer step, directly or through the pack's definitions — the
// circumstances worth a column of the matrix.
std::vector<std::string> routing_flags(const Pack& pack) {
    std::set<int> seen;
    auto walk = [&](auto&& self, const Condition& c) -> void {
        for (int f : c.reads()) {
            if (!seen.insert(f).second) continue;
            for (const Definition& d : pack.definitions)
                if (d.fact == f) self(self, d.when);
        }
    };
    for (const Rule& r : pack.rules) {
        if (r.handler) walk(walk, r.when);
        for (const StepSpec& st : r.steps)  // and whether the case file is passed on
            if (const ActionInfo* a = pack.action(st.action); a && a->power == "to") walk(walk, r.when);
    }
    std::vector<std::string> out;
    for (const FlagFact& f : pack.flags)
        if (seen.count(pack.schema.find(f.id))) out.push_back(f.id);
    return out;
}

}  // namespace

MatrixSpec default_matrix_spec(const Pack& pack) {
    MatrixSpec spec;
    spec.base.date = *DateTime::parse("2026-03-02T09:00:00+08:00");
    // Huilong and the market bureau when the pack has them (the bundled pack's examples), else the
    // pack's first town and department, so any pack opens with a valid base case.
    auto pick = [&pack](const std::string& kind, const std::string& preferred) {
        if (pack.authority(kind + ":" + preferred)) return preferred;
        for (const Authority& a : pack.authorities)
            if (a.kind == kind) return a.short_id;
        return std::string();
    };
    spec.base.town = pick("town", "huilong");
    spec.base.dept = pick("dept", "market");
    spec.axes.push_back({"finder", enum_values(pack, "finder")});
    for (const EnumFact& e : pack.enums)
        if (!e.required_when) spec.axes.push_back({e.id, e.values});
    spec.axes.push_back({"devolved", {"false", "true"}});
    for (const EnumFact& e : pack.enums)  // asked only in some matters: after the others
        if (e.required_when) spec.axes.push_back({e.id, e.values});
    for (const std::string& f : routing_flags(pack)) spec.axes.push_back({f, {"false", "true"}});
    return spec;
}

bool apply_axis(const Pack& pack, Case& c, const std::string& axis, const std::string& value) {
    if (axis == "finder") c.finder = value;
    else if (pack.enum_fact(axis)) c.values[axis] = value;
    else if (axis == "devolved") {
        if (value != "true" && value != "false") return false;
        c.devolved_override = value == "true";
    } else {
        if (!pack.flag(axis) || (value != "true" && value != "false")) return false;
        if (value == "true") c.flags.insert(axis);
        else c.flags.erase(axis);
    }
    return true;
}

std::string check_spec(const Pack& pack, const MatrixSpec& spec) {
    if (spec.axes.empty()) return "no axes";
    size_t total = 1;
    for (const Axis& a : spec.axes) {
        if (a.values.empty()) return "axis " + a.name + " has no values";
        if (is_enum(pack, a.name)) {
            const auto allowed = enum_values(pack, a.name);
            for (const auto& v : a.values)
                if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
                    return "axis " + a.name + ": value '" + v + "' is not allowed";
        } else if (a.name != "devolved" && !pack.flag(a.name)) {
            return "axis " + a.name + " is neither a case field nor a flag";
        } else {
            for (const auto& v : a.values)
                if (v != "true" && v != "false") return "axis " + a.name + ": value '" + v + "' is not a boolean";
        }
        total *= a.values.size();
        if (total > (size_t{1} << 24)) return "more than 16,777,216 cells";
    }
    return "";
}

size_t Matrix::coordinate(size_t index, size_t axis) const {
    for (size_t a = spec.axes.size(); a-- > axis + 1;) index /= spec.axes[a].values.size();
    return index % spec.axes[axis].values.size();
}

size_t Matrix::index_of(const std::vector<size_t>& coordinates) const {
    size_t index = 0;
    for (size_t a = 0; a < spec.axes.size(); ++a) index = index * spec.axes[a].values.size() + coordinates[a];
    return index;
}

Case Matrix::case_at(size_t index) const {
    Case c = spec.base;
    for (size_t a = spec.axes.size(); a-- > 0;) {
        const Axis& axis = spec.axes[a];
        apply_axis(*pack, c, axis.name, axis.values[index % axis.values.size()]);
        index /= axis.values.size();
    }
    return c;
}

std::string Matrix::describe(size_t index) const {
    std::string out;
    for (size_t a = 0; a < spec.axes.size(); ++a) {
        if (!out.empty()) out += ' ';
        out += spec.axes[a].name + "=" + spec.axes[a].values[coordinate(index, a)];
    }
    return out;
}

const std::string& Matrix::name(int16_t i) const {
    static const std::string none;
    return i < 0 ? none : names[static_cast<size_t>(i)];
}

uint8_t plan_problems(const Pack& pack, const Plan& plan, const Case& c) {
    uint8_t p = 0;
    for (const Warning& w : plan.warnings) {
        if (w.code == "no_handler") p |= kGap;
        else if (w.code == "rule_conflict") p |= kConflict;
        else if (w.code == "re_transfer_forbidden") p |= kReTransfer;
    }
    if (pack.received_matter && pack.received_matter->evaluate(derive_facts(pack, c))) {
        // The receiver is the finder; the matter came from the other side.
        const std::string sender = c.finder == "town" ? "dept:" + c.dept : "town:" + c.town;
        for (const Step& s : plan.steps)
            if (pack.action(s.action) && pack.action(s.action)->power == "to" && s.to == sender) p |= kSendsBack;
    }
    return p;
}

Matrix build_matrix(const Pack& pack, const WorkCalendar& calendar, const MatrixSpec& spec) {
    Matrix m;
    m.pack = &pack;
    m.spec = spec;
    size_t total = 1;
    for (const Axis& a : spec.axes) total *= a.values.size();
    m.cells.resize(total);
    auto intern = [&m](const std::string& s) -> int16_t {
        if (s.empty()) return -1;
        for (size_t i = 0; i < m.names.size(); ++i)
            if (m.names[i] == s) return static_cast<int16_t>(i);
        m.names.push_back(s);
        return static_cast<int16_t>(m.names.size() - 1);
    };
    auto rule_index = [&pack](const std::string& id) -> int16_t {
        for (size_t i = 0; i < pack.rules.size(); ++i)
            if (pack.rules[i].id == id) return static_cast<int16_t>(i);
        return -1;
    };
    // Walk the cells like an odometer, changing only the axes that move.
    std::vector<size_t> at(spec.axes.size(), 0);
    Case c = spec.base;
    for (size_t a = 0; a < spec.axes.size(); ++a) apply_axis(pack, c, spec.axes[a].name, spec.axes[a].values[0]);
    for (size_t i = 0; i < total; ++i) {
        const Plan plan = assess(pack, calendar, Matter{c, "", {}, false}, c.date.date);
        MatrixCell& cell = m.cells[i];
        if (plan.handler) {
            cell.handler = intern(plan.handler->authority);
            cell.handler_rule = rule_index(plan.handler->rule);
        }
        for (const Step& s : plan.steps)
            if (pack.action(s.action) && pack.action(s.action)->power == "to") {
                cell.transfer_from = intern(s.actor);
                cell.transfer_to = intern(s.to);
                break;
            }
        cell.problems = plan_problems(pack, plan, c);
        if (cell.problems) {
            m.problem_cells.push_back(i);
            if (cell.problems & kGap) ++m.gaps;
            if (cell.problems & kConflict) ++m.conflicts;
            if (cell.problems & kSendsBack) ++m.sends_back;
            if (cell.problems & kReTransfer) ++m.re_transfers;
        }
        for (size_t a = spec.axes.size(); a-- > 0;) {
            const Axis& axis = spec.axes[a];
            if (++at[a] < axis.values.size()) {
                apply_axis(pack, c, axis.name, axis.values[at[a]]);
                break;
            }
            at[a] = 0;
            apply_axis(pack, c, axis.name, axis.values[0]);
        }
    }
    return m;
}

//-----------------------------------------------------------------------------
// [SECTION] Sentence coverage
//-----------------------------------------------------------------------------
namespace {

bool says_duty(const std::string& s) {
    for (const char* w : {"应", "要", "须", "负责", "不得", "由"})
        if (s.find(w) != std::string::npos) return true;
    return false;
}

}  // namespace

std::vector<Sentence> document_sentences(const Pack& pack) {
    const std::string& doc = pack.document_text;
    // Where each rule's quotes sit in the document.
    struct Span { size_t begin, end; int rule; };
    std::vector<Span> spans;
    for (size_t r = 0; r < pack.rules.size(); ++r) {
        auto add = [&](const std::string& q) {
            if (q.empty()) return;
            for (size_t at = doc.find(q); at != std::string::npos; at = doc.find(q, at + 1))
                spans.push_back({at, at + q.size(), static_cast<int>(r)});
        };
        for (const auto& q : pack.rules[r].quotes) add(q);
        for (const auto& s : pack.rules[r].steps)
            for (const auto& d : s.due) add(d.quote);
    }

    std::vector<Sentence> out;
    for (const DocSentence& d : split_sentences(doc)) {  // the loader's unit: the sentence ending in 。
        Sentence sentence;
        sentence.clause = d.clause;
        sentence.text = d.text;
        sentence.offset = d.offset;
        sentence.duty = d.clause.rfind("二", 0) == 0 && says_duty(d.text);
        const size_t e = d.offset + d.text.size();
        for (const Span& sp : spans)
            if (sp.begin < e && d.offset < sp.end &&
                std::find(sentence.quoted_by.begin(), sentence.quoted_by.end(), sp.rule) == sentence.quoted_by.end())
                sentence.quoted_by.push_back(sp.rule);
        for (const LedgerEntry& l : pack.sentences)
            if (l.offset == d.offset) sentence.ledger = &l - pack.sentences.data();
        out.push_back(std::move(sentence));
    }
    return out;
}

std::vector<Sentence> unquoted_duties(const Pack& pack) {
    std::vector<Sentence> out;
    for (Sentence& s : document_sentences(pack))
        if (s.duty && s.quoted_by.empty()) out.push_back(std::move(s));
    return out;
}

}  // namespace referral::studio
