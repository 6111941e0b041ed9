#include "studio_model/case_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace referral::studio {

namespace {

Error case_error(ErrorCode code, const std::string& id, std::string path, std::string message) {
    Error e = make_error(code, std::move(path), std::move(message));
    e.file = id;
    return e;
}

// Appends to `out` every member of `want` that `have` lacks or holds differently (recursively for
// objects), with its pointer under `pointer`. A member wanted as null is satisfied by an absent
// one. `have` matches `want` exactly when nothing is appended.
void mismatches(const json& have, const json& want, const std::string& pointer, std::vector<CaseDiff>& out) {
    if (!want.is_object() || !have.is_object()) {
        if (have != want) out.push_back({pointer, want, have, "", ""});
        return;
    }
    for (auto it = want.begin(); it != want.end(); ++it) {
        const std::string at = pointer_append(pointer, it.key());
        if (!have.contains(it.key())) {
            if (!it.value().is_null()) out.push_back({at, it.value(), nullptr, "", "the plan's step has no such member"});
            continue;
        }
        mismatches(have[it.key()], it.value(), at, out);
    }
}

bool matches(const json& have, const json& want) {
    std::vector<CaseDiff> d;
    mismatches(have, want, "", d);
    return d.empty();
}

std::string step_brief(const json& s) {
    std::string out = s.value("actor", "?") + " " + s.value("action", "?");
    if (s.contains("to") && s["to"].is_string()) out += " → " + s["to"].get<std::string>();
    return out;
}

// The members of a plan step that identify it (actor, action, to) and those `want` names: enough
// to see why it matched without the step's explanation and quote.
json step_outline(const json& step, const json& want) {
    json out = json::object();
    for (const char* key : {"actor", "action", "to"})
        if (step.contains(key)) out[key] = step[key];
    for (auto it = want.begin(); it != want.end(); ++it)
        if (step.contains(it.key())) out[it.key()] = step[it.key()];
    return out;
}

// The first member of `object` outside `allowed`, as an unknown_field error under `at`; a typo in
// an expectation must not silently check nothing.
std::optional<Error> unknown_member(const json& object, const std::string& id, const std::string& at,
                                    std::initializer_list<const char*> allowed) {
    for (auto it = object.begin(); it != object.end(); ++it)
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; }))
            return case_error(ErrorCode::kUnknownField, id, pointer_append(at, it.key()),
                              "未知成员“" + it.key() + "” / unknown member (allowed: " +
                                  [&] { std::string s; for (const char* k : allowed) s += (s.empty() ? "" : ", ") + std::string(k); return s; }() + ")");
    return std::nullopt;
}

// The members of a plan step (referral-plan/1) and of its due, which a step expectation may name.
const std::initializer_list<const char*> kStepMembers = {"actor", "actor_name", "action", "action_label", "to", "to_name",
                                                         "clause", "quote", "explanation", "rule", "due", "documents",
                                                         "on_or_after", "before", "status", "done", "late_by_working_days", "provisional"};
const std::initializer_list<const char*> kDueMembers = {"rule", "count", "from", "from_label", "date", "weekday",
                                                        "datetime", "calendar_covered", "basis", "anchor", "anchor_recorded",
                                                        "latest"};

// The format of a case file, checked before anything is planned; nullopt when fine. Counts the
// expectations into `checks`.
std::optional<Error> check_format(const json& tc, const std::string& id, int& checks) {
    if (!tc.is_object()) return case_error(ErrorCode::kWrongType, id, "", "用例须为 JSON 对象 / a case must be an object");
    if (!tc.contains("name")) return case_error(ErrorCode::kMissingField, id, "/name", "用例须有一句话的 name / each case needs a sentence name");
    if (!tc["name"].is_string()) return case_error(ErrorCode::kWrongType, id, "/name", "name 须为字符串 / name must be a string");
    if (!tc.contains("input")) return case_error(ErrorCode::kMissingField, id, "/input", "缺少 input / the case has no input");
    if (!tc["input"].is_object()) return case_error(ErrorCode::kWrongType, id, "/input", "input 须为 JSON 对象 / input must be an object");
    if (!tc.contains("expected")) return case_error(ErrorCode::kMissingField, id, "/expected", "缺少 expected / the case has no expected");
    const json& want = tc["expected"];
    if (!want.is_object()) return case_error(ErrorCode::kWrongType, id, "/expected", "expected 须为 JSON 对象 / expected must be an object");
    if (auto bad = unknown_member(tc, id, "", {"name", "input", "expected", "covers", "note", "today"})) return bad;
    if (tc.contains("today") && (!tc["today"].is_string() || !Date::parse(tc["today"].get<std::string>())))
        return case_error(ErrorCode::kInvalidDate, id, "/today", "today 须为日期 YYYY-MM-DD / today must be a date");
    if (auto bad = unknown_member(want, id, "/expected",
                                  {"handler", "steps", "absent_steps", "warnings", "absent_warnings", "ambiguities", "step_count",
                                   "decision_day", "unmatched_events"}))
        return bad;
    checks = 0;
    if (want.contains("decision_day")) {
        if (!want["decision_day"].is_string())
            return case_error(ErrorCode::kWrongType, id, "/expected/decision_day", "decision_day 须为日期 / must be a date");
        ++checks;
    }
    if (want.contains("unmatched_events")) {
        if (!want["unmatched_events"].is_array())
            return case_error(ErrorCode::kWrongType, id, "/expected/unmatched_events", "须为事件序号数组 / must be an array of event indices");
        ++checks;
    }
    if (tc.contains("covers")) {
        if (!tc["covers"].is_array() || tc["covers"].empty())
            return case_error(ErrorCode::kWrongType, id, "/covers", "covers 须为非空数组 / covers must be a non-empty array");
        for (size_t i = 0; i < tc["covers"].size(); ++i)
            if (!tc["covers"][i].is_string())
                return case_error(ErrorCode::kWrongType, id, pointer_append("/covers", i), "须为规则 id 或条款 / must be a rule id or clause");
        checks += static_cast<int>(tc["covers"].size());
    }
    if (want.contains("handler")) {
        if (!want["handler"].is_string() && !want["handler"].is_null())
            return case_error(ErrorCode::kWrongType, id, "/expected/handler", "handler 须为机关 id 或 null / handler must be an authority id or null");
        ++checks;
    }
    for (const char* key : {"steps", "absent_steps"}) {
        if (!want.contains(key)) continue;
        const std::string at = pointer_append("/expected", key);
        if (!want[key].is_array()) return case_error(ErrorCode::kWrongType, id, at, std::string(key) + " 须为数组 / must be an array");
        for (size_t i = 0; i < want[key].size(); ++i) {
            if (!want[key][i].is_object())
                return case_error(ErrorCode::kWrongType, id, pointer_append(at, i), "步骤须为 JSON 对象 / a step must be an object");
            if (auto bad = unknown_member(want[key][i], id, pointer_append(at, i), kStepMembers)) return bad;
            if (want[key][i].contains("due") && want[key][i]["due"].is_object())
                if (auto bad = unknown_member(want[key][i]["due"], id, pointer_append(pointer_append(at, i), "due"), kDueMembers)) return bad;
        }
        checks += static_cast<int>(want[key].size());
    }
    for (const char* key : {"warnings", "absent_warnings", "ambiguities"}) {
        if (!want.contains(key)) continue;
        const std::string at = pointer_append("/expected", key);
        if (!want[key].is_array()) return case_error(ErrorCode::kWrongType, id, at, std::string(key) + " 须为数组 / must be an array");
        for (size_t i = 0; i < want[key].size(); ++i)
            if (!want[key][i].is_string())
                return case_error(ErrorCode::kWrongType, id, pointer_append(at, i), "须为字符串 / must be a string");
        checks += static_cast<int>(want[key].size());
    }
    if (want.contains("step_count")) {
        if (!want["step_count"].is_number_unsigned())
            return case_error(ErrorCode::kWrongType, id, "/expected/step_count", "step_count 须为非负整数 / must be a non-negative integer");
        ++checks;
    }
    if (checks == 0)
        return case_error(ErrorCode::kInvalidValue, id, "/expected", "用例须至少预期一项 / a case must expect something");
    return std::nullopt;
}

// Compares the plan with the case's expectations; appends every unmet one to r.diffs.
void compare(const json& plan, const json& want, CaseResult& r) {
    auto& diffs = r.diffs;
    if (want.contains("decision_day")) {
        const json have = member_or_null(member_or_null(member_or_null(plan, "timeline"), "decision"), "date");
        if (have != want["decision_day"])
            diffs.push_back({"/expected/decision_day", want["decision_day"], have, "/timeline/decision/date",
                             "the day the power is judged for the decision differs"});
    }
    if (want.contains("unmatched_events")) {
        json have = json::array();
        for (const auto& e : member_or_null(plan, "unmatched_events")) have.push_back(member_or_null(e, "index"));
        if (have != want["unmatched_events"])
            diffs.push_back({"/expected/unmatched_events", want["unmatched_events"], have, "/unmatched_events",
                             "the recorded events no owed step accounts for differ"});
    }
    if (want.contains("handler")) {
        const json have = plan["handler"].is_null() ? json(nullptr) : plan["handler"]["authority"];
        if (have != want["handler"])
            diffs.push_back({"/expected/handler", want["handler"], have, plan["handler"].is_null() ? "/handler" : "/handler/authority",
                             want["handler"].is_null() ? "the plan names a handler" : "the plan's handler differs"});
    }
    const json& steps = plan["steps"];
    const json none = json::array();
    const json& want_steps = want.contains("steps") ? want["steps"] : none;
    for (size_t i = 0; i < want_steps.size(); ++i) {
        const std::string at = pointer_append("/expected/steps", i);
        bool found = false;
        for (const auto& have : steps) found = found || matches(have, want_steps[i]);
        if (found) continue;
        if (steps.empty()) {
            diffs.push_back({at, want_steps[i], nullptr, "/steps", "the plan has no steps"});
            continue;
        }
        // Show the differences from the closest step: the one with the fewest differing members.
        std::vector<CaseDiff> best;
        size_t best_index = 0;
        for (size_t k = 0; k < steps.size(); ++k) {
            std::vector<CaseDiff> d;
            mismatches(steps[k], want_steps[i], at, d);
            if (k == 0 || d.size() < best.size()) best = std::move(d), best_index = k;
        }
        const std::string note = "no step of the plan matches; the closest is step " + std::to_string(best_index) + " (" +
                                 step_brief(steps[best_index]) + ")";
        const std::string step_at = pointer_append("/steps", best_index);
        for (CaseDiff& d : best) {
            d.plan_pointer = step_at + d.pointer.substr(at.size());
            d.note = d.note.empty() ? note : note + "; " + d.note;
            diffs.push_back(std::move(d));
        }
    }
    const json& absent = want.contains("absent_steps") ? want["absent_steps"] : none;
    for (size_t i = 0; i < absent.size(); ++i)
        for (size_t k = 0; k < steps.size(); ++k)
            if (matches(steps[k], absent[i]))
                diffs.push_back({pointer_append("/expected/absent_steps", i), absent[i], step_outline(steps[k], absent[i]),
                                 pointer_append("/steps", k),
                                 "step " + std::to_string(k) + " matches a step that must not occur"});
    json codes = json::array();
    for (const auto& w : plan["warnings"]) codes.push_back(w["code"]);
    const json& warnings = want.contains("warnings") ? want["warnings"] : none;
    for (size_t i = 0; i < warnings.size(); ++i)
        if (std::find(codes.begin(), codes.end(), warnings[i]) == codes.end())
            diffs.push_back({pointer_append("/expected/warnings", i), warnings[i], codes, "/warnings",
                             "missing warning; actual: the codes of the plan's warnings"});
    const json& absent_warnings = want.contains("absent_warnings") ? want["absent_warnings"] : none;
    for (size_t i = 0; i < absent_warnings.size(); ++i)
        for (size_t k = 0; k < codes.size(); ++k)
            if (codes[k] == absent_warnings[i])
                diffs.push_back({pointer_append("/expected/absent_warnings", i), absent_warnings[i], plan["warnings"][k],
                                 pointer_append("/warnings", k), "the plan has a warning that must not occur"});
    json ids = json::array();
    for (const auto& a : plan["ambiguities"]) ids.push_back(a["id"]);
    const json& ambiguities = want.contains("ambiguities") ? want["ambiguities"] : none;
    for (size_t i = 0; i < ambiguities.size(); ++i)
        if (std::find(ids.begin(), ids.end(), ambiguities[i]) == ids.end())
            diffs.push_back({pointer_append("/expected/ambiguities", i), ambiguities[i], ids, "/ambiguities",
                             "missing ambiguity; actual: the ids of the plan's ambiguities"});
    if (want.contains("step_count") && steps.size() != want["step_count"].get<size_t>())
        diffs.push_back({"/expected/step_count", want["step_count"], steps.size(), "/steps", "the number of steps differs"});
}

// Each member of `covers` names a rule the plan must apply, or a clause some applied rule (or
// ledger sentence) is filed under and some applied rule cites. A name that is neither is an error.
void compare_covers(const Pack& pack, const json& plan, const json& covers, CaseResult& r) {
    const json& applied = plan["rules_applied"];
    for (size_t i = 0; i < covers.size(); ++i) {
        const std::string name = covers[i];
        const std::string at = pointer_append("/covers", i);
        if (pack.rule(name)) {
            if (std::find(applied.begin(), applied.end(), name) == applied.end())
                r.diffs.push_back({at, name, applied, "/rules_applied", "the plan does not apply this rule"});
            continue;
        }
        const bool known_clause =
            std::any_of(pack.rules.begin(), pack.rules.end(), [&](const Rule& x) { return x.clause == name; }) ||
            std::any_of(pack.sentences.begin(), pack.sentences.end(), [&](const LedgerEntry& x) { return x.clause == name; });
        if (!known_clause) {
            r.diffs.push_back({at, name, nullptr, "", "neither a rule id nor a clause of the pack (a typo?)"});
            continue;
        }
        bool cited = false;
        for (const auto& a : applied)
            if (const Rule* x = pack.rule(a.get<std::string>()); x && x->clause == name) cited = true;
        if (!cited) r.diffs.push_back({at, name, applied, "/rules_applied", "no rule the plan applies is filed under this clause"});
    }
}

std::string show(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

Result<CaseFiles> read_case_folder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        Error e = make_error(ErrorCode::kIoError, "", "找不到用例文件夹 " + dir + " / no such folder");
        e.file = dir;
        return e;
    }
    CaseFiles out;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() != ".json") continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in && !in.eof()) {
            Error e = make_error(ErrorCode::kIoError, "", "无法读取用例 / cannot read case file");
            e.file = it->path().string();
            return e;
        }
        out[fs::relative(it->path(), dir).generic_string()] = text.str();
    }
    if (ec) {
        Error e = make_error(ErrorCode::kIoError, "", "无法读取用例文件夹 / cannot list folder: " + ec.message());
        e.file = dir;
        return e;
    }
    return out;
}

const char* case_outcome_id(CaseOutcome outcome) {
    switch (outcome) {
        case CaseOutcome::kPassed: return "passed";
        case CaseOutcome::kFailed: return "failed";
        case CaseOutcome::kError: break;
    }
    return "error";
}

CaseResult check_case(const Engine& engine, const std::string& id, std::string_view text) {
    CaseResult r;
    r.id = id;
    auto parsed = parse_json(text, id);
    if (!parsed.ok()) {
        r.error = parsed.error();
        r.error.file = id;
        return r;
    }
    const json& tc = parsed.value();
    if (tc.is_object() && tc.contains("name") && tc["name"].is_string()) r.name = tc["name"];
    if (tc.is_object() && tc.contains("input")) r.input = tc["input"];
    if (auto bad = check_format(tc, id, r.checks)) {
        r.error = *bad;
        return r;
    }
    // The engine reports everything as values (built without exceptions); its reply is always an
    // object with "ok", and an error object with string "path" and "message".
    // A case is planned on its own `today`, else on the day its matter was found: a case file's
    // answer never depends on the day it is run.
    std::optional<Date> today;
    if (tc.contains("today")) today = Date::parse(tc["today"].get<std::string>());
    else if (auto d = DateTime::parse(string_or(member_or_null(tc["input"], "date")))) today = d->date;
    const json reply = engine.plan(tc["input"], today);
    if (reply.is_object() && reply["ok"] != true) {
        // The pack refuses the input: the case cannot pass against it.
        const json& e = reply["error"];
        r.diffs.push_back({"/input" + string_or(member_or_null(e, "path")), "a plan", e, "",
                           "the engine rejected the input: " + string_or(member_or_null(e, "message"))});
    } else if (!reply.is_object() || !reply["plan"].is_object()) {
        r.error = case_error(ErrorCode::kInternal, id, "", "internal error while checking: the engine gave no plan");
        return r;
    } else {
        r.plan = reply["plan"];
        for (const auto& id_ : r.plan["rules_applied"])
            if (id_.is_string()) r.rules_applied.push_back(id_.get<std::string>());
        compare(r.plan, tc["expected"], r);
        if (tc.contains("covers")) compare_covers(engine.pack(), r.plan, tc["covers"], r);
    }
    r.outcome = r.diffs.empty() ? CaseOutcome::kPassed : CaseOutcome::kFailed;
    return r;
}

CaseRun run_cases(const Engine& engine, const CaseFiles& files) {
    CaseRun run;
    run.results.reserve(files.size());
    for (const auto& [id, text] : files) {
        run.results.push_back(check_case(engine, id, text));
        switch (run.results.back().outcome) {
            case CaseOutcome::kPassed: ++run.passed; break;
            case CaseOutcome::kFailed: ++run.failed; break;
            case CaseOutcome::kError: ++run.errors; break;
        }
    }
    return run;
}

std::string describe(const CaseResult& r) {
    if (r.outcome == CaseOutcome::kError) return referral::describe(r.error) + " in " + r.id;
    std::string out;
    for (const CaseDiff& d : r.diffs) {
        if (!out.empty()) out += "\n";
        out += d.pointer + ": expected " + show(d.expected) + ", actual " + show(d.actual);
        if (!d.plan_pointer.empty()) out += " (plan " + d.plan_pointer + ")";
        if (!d.note.empty()) out += " — " + d.note;
    }
    return out;
}

}  // namespace referral::studio
