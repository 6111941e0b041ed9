#include "studio/app.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>

#include "engine/embedded.h"
#include "host/folder.h"
#include "imgui.h"
#include "matter/matter.h"
#include "rules/plan.h"

namespace referral::studio {

namespace {

const ImVec4 kHighlight(1.00f, 0.85f, 0.30f, 1.0f);
const ImVec4 kMuted(0.60f, 0.60f, 0.60f, 1.0f);
const ImVec4 kWarn(1.00f, 0.55f, 0.25f, 1.0f);
const ImVec4 kBad(1.00f, 0.35f, 0.35f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.45f, 1.0f);

const ImU32 kGapBg = IM_COL32(170, 40, 40, 255);
const ImU32 kConflictBg = IM_COL32(200, 110, 20, 255);
const ImU32 kSendsBackBg = IM_COL32(120, 50, 160, 255);

// ImGui 1.86 wraps at ASCII spaces first, which splits Chinese sentences at "在 5 个工作日"; a
// no-break space keeps such a figure with its sentence, which then wraps at any character.
std::string keep_together(std::string s) {
    for (size_t at = s.find(' '); at != std::string::npos; at = s.find(' ', at + 2)) s.replace(at, 1, "\xC2\xA0");
    return s;
}

void text(const std::string& s) { ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size()); }

// "town:huilong" → the pack's word for the town role (属地镇政府), "dept:market" → the department's,
// else the authority's name.
std::string side(const Pack& pack, const std::string& id) {
    if (id.empty()) return "—";
    if (id.rfind("town:", 0) == 0) return pack.role_label("town");
    if (id.rfind("dept:", 0) == 0) return pack.role_label("dept");
    const Authority* a = pack.authority(id);
    return a ? a->name : id;
}

std::string authority_name(const Pack& pack, const std::string& id) {
    if (id.empty()) return "—";
    const Authority* a = pack.authority(id);
    return a ? a->name : id;
}

const char* ledger_status_label(const std::string& status) {
    if (status == "encoded") return "已编码";
    if (status == "institutional") return "机制性（不产生个案步骤）";
    if (status == "not_applicable") return "不适用";
    return "未归类";
}

// The sentence ledger (sentences.json): each sentence of 二(一)–二(五) with its status, the rules
// (or documents) encoding it, or the reason none does.
void draw_ledger(const Pack& pack) {
    size_t encoded = 0, institutional = 0, not_applicable = 0;
    for (const LedgerEntry& l : pack.sentences)
        (l.status == "encoded" ? encoded : l.status == "institutional" ? institutional : not_applicable)++;
    ImGui::TextColored(kMuted, "已编码 %zu 句，机制性 %zu 句，不适用 %zu 句（加载时已核对：无未归类的句子，已编码的句子均被所列规则引用）",
                       encoded, institutional, not_applicable);
    ImGui::BeginChild("ledger");
    if (ImGui::BeginTable("ledger-table", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn("条款", ImGuiTableColumnFlags_WidthFixed, 90.0f);
        ImGui::TableSetupColumn("句子", ImGuiTableColumnFlags_WidthStretch, 0.5f);
        ImGui::TableSetupColumn("状态", ImGuiTableColumnFlags_WidthFixed, 150.0f);
        ImGui::TableSetupColumn("规则 / 理由", ImGuiTableColumnFlags_WidthStretch, 0.35f);
        ImGui::TableHeadersRow();
        for (const LedgerEntry& l : pack.sentences) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            text(l.clause);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", keep_together(l.sentence).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(l.status == "encoded" ? kGood : l.status == "institutional" ? kMuted : kWarn, "%s",
                               ledger_status_label(l.status));
            ImGui::TableNextColumn();
            std::string by;
            for (const auto& r : l.rules) by += r + " ";
            for (const auto& d : l.documents) by += "文书:" + d + " ";
            if (!by.empty()) text(by);
            if (!l.reason.empty()) ImGui::TextWrapped("%s", l.reason.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

std::string problems_text(uint8_t p) {
    std::string s;
    if (p & kGap) s += "缺口(无规则定处罚机关) ";
    if (p & kConflict) s += "冲突(规则给出不同处罚机关) ";
    if (p & kSendsBack) s += "退回移送方 ";
    if (p & kReTransfer) s += "再行移送 ";
    return s;
}

// A combo over a closed list of strings; returns true when changed.
bool combo(const char* label, std::string& value, const std::vector<std::string>& values) {
    bool changed = false;
    if (ImGui::BeginCombo(label, value.empty() ? "（未填）" : value.c_str())) {
        for (const auto& v : values)
            if (ImGui::Selectable(v.c_str(), v == value)) value = v, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}

std::vector<std::string> schema_values(const Pack& pack, const char* fact) {
    const int i = pack.schema.find(fact);
    return i < 0 ? std::vector<std::string>{} : pack.schema.at(i).values;
}

}  // namespace

App::App(std::string pack_dir) : pack_dir_(std::move(pack_dir)) { reload(); }

void App::reload() {
    load_errors_.clear();
    fell_back_ = false;
    engine_.reset();
    loaded_.clear();
    export_note_.clear();
    // Every pack given is checked in full (no trust: that is the built-in pack's, at build time).
    auto load = [&](const PackFiles& files) {
        auto e = Engine::load(files, embedded_calendar_files(), &load_errors_);
        if (e.ok()) {
            engine_.emplace(std::move(e).value());
            loaded_ = files;
        } else if (load_errors_.empty()) {
            load_errors_.push_back(e.error());
        }
    };
    if (files_) {
        // One .referral-pack file given alone is the pack in one file; else the files are the pack's.
        const bool one_file = files_->size() == 1 && files_->begin()->first.size() > 14 &&
                              files_->begin()->first.rfind(".referral-pack") == files_->begin()->first.size() - 14;
        if (one_file) {
            auto files = read_pack_file(files_->begin()->second, &load_errors_, files_->begin()->first);
            if (files.ok()) load(files.value());
        } else {
            load(*files_);
        }
    } else if (!pack_dir_.empty()) {
        auto files = read_pack_path(pack_dir_, &load_errors_);  // a folder or a .referral-pack file
        if (files.ok()) load(files.value());
    }
    if (!engine_) {
        fell_back_ = files_ || !pack_dir_.empty();
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files());
        if (!e.ok()) {  // the bundled pack is tested; this would be a build problem
            load_errors_.push_back(e.error());
            run_pack_cases();
            return;
        }
        engine_.emplace(std::move(e).value());
        if (!fell_back_) loaded_ = embedded_pack_files();  // the built-in pack, as asked
    }
    const Pack& pack = engine_->pack();
    const auto start = std::chrono::steady_clock::now();
    matrix_ = build_matrix(pack, engine_->calendar(), default_matrix_spec(pack));
    matrix_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sentences_ = document_sentences(pack);
    unquoted_ = 0;
    for (const auto& s : sentences_) unquoted_ += s.duty && s.quoted_by.empty();
    slice_.assign(matrix_.spec.axes.size(), 0);
    selected_rule_ = -1;
    bench_ = matrix_.spec.base;
    bench_.finder = "town";
    for (const EnumFact& e : pack.enums)  // each of the pack's enums at its default, else its first value
        bench_.values[e.id] = !e.default_value.empty() ? e.default_value : e.values.empty() ? "" : e.values.front();
    run_pack_cases();
}

void App::use_case_folder(std::string dir) {
    case_files_.reset();
    cases_dir_ = std::move(dir);
    cases_label_ = cases_dir_;
    run_pack_cases();
}

void App::use_case_files(CaseFiles files, std::string label) {
    case_files_ = std::move(files);
    cases_label_ = std::move(label);
    run_pack_cases();
}

// Runs the behaviour cases against the pack just loaded. Not against the bundled fallback: when
// the pack given did not load, its cases cannot say anything about it.
void App::run_pack_cases() {
    cases_ = CaseRun{};
    case_order_.clear();
    selected_case_ = -1;
    cases_seconds_ = 0;
    cases_not_run_.clear();
    if (fell_back_ || !engine_) {
        cases_not_run_ = "规则包未能加载，用例未运行（其他面板显示的是内置规则包） / the pack did not load: cases not run";
        return;
    }
    CaseFiles files;
    if (case_files_) {
        files = *case_files_;
    } else if (cases_dir_.empty()) {
        cases_not_run_ = "没有用例文件夹：启动时用 --cases DIR 指定（默认为仓库中的 tests/cases） / no case folder: start with --cases DIR";
        return;
    } else {
        auto read = read_case_folder(cases_dir_);
        if (!read.ok()) {
            cases_not_run_ = read.error().message + "：启动时用 --cases DIR 指定用例文件夹";
            return;
        }
        files = std::move(read).value();
    }
    if (files.empty()) {
        cases_not_run_ = "用例文件夹 " + cases_label_ + " 中没有 .json 文件 / no *.json case files";
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    cases_ = run_cases(*engine_, files);
    cases_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto rank = [](CaseOutcome o) { return o == CaseOutcome::kFailed ? 0 : o == CaseOutcome::kError ? 1 : 2; };
    for (size_t i = 0; i < cases_.results.size(); ++i) case_order_.push_back(i);
    std::stable_sort(case_order_.begin(), case_order_.end(), [&](size_t a, size_t b) {
        return rank(cases_.results[a].outcome) < rank(cases_.results[b].outcome);
    });
    selected_case_ = static_cast<int>(case_order_.front());
}

void App::load_files(PackFiles files, std::string label) {
    files_ = std::move(files);
    files_label_ = std::move(label);
    reload();
    if (!load_errors_.empty()) pending_tab_ = 4;  // show the problems
}

void App::use_default() {
    files_.reset();
    files_label_.clear();
    reload();
}

std::string App::pack_file_text() const {
    if (!engine_ || loaded_.empty()) return "";
    return pack_file_json(loaded_, engine_->pack().meta).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string App::pack_file_name() const {
    if (!engine_) return "pack.referral-pack";
    const PackMeta& m = engine_->pack().meta;
    return m.id + (m.version.empty() ? "" : "-" + m.version) + ".referral-pack";
}

std::string App::export_pack() {
    const std::string text = pack_file_text();
    if (text.empty()) return export_note_ = "规则包未通过校验，不能导出 / the pack did not load";
    if (!exporter_) return export_note_ = "本程序不能导出文件 / no exporter";
    if (std::string why = exporter_(pack_file_name(), text); !why.empty()) return export_note_ = why;
    export_note_ = "已导出 " + pack_file_name();
    return "";
}

std::string App::status_json() const {
    json j;
    j["pack"] = engine_ ? engine_->pack().meta.id : "";
    j["source"] = files_ ? "files" : pack_dir_.empty() ? "bundled" : "folder";
    j["fell_back"] = fell_back_;
    j["cells"] = matrix_.cells.size();
    j["gaps"] = matrix_.gaps;
    j["conflicts"] = matrix_.conflicts;
    j["sends_back"] = matrix_.sends_back;
    j["re_transfers"] = matrix_.re_transfers;
    j["unquoted_duties"] = unquoted_;
    j["load_errors"] = load_errors_.size();
    j["cases"] = {{"source", case_files_ ? "embedded" : cases_dir_.empty() ? "none" : "folder"},
                  {"run", cases_.results.size()}, {"passed", cases_.passed}, {"failed", cases_.failed},
                  {"errors", cases_.errors}, {"not_run", cases_not_run_}};
    return j.dump();
}

std::string App::glyph_text() const {
    if (!engine_) return "";
    const Pack& p = engine_->pack();
    std::string s = p.document_text + p.meta.title + p.meta.number;
    for (const auto& a : p.authorities) s += a.name;
    for (const auto& a : p.actions) s += a.label;
    for (const auto& r : p.role_labels) s += r.second;
    for (const auto& a : p.anchors) s += a.label;
    for (const auto& i : p.catalogue) s += i.name;
    for (const auto& r : p.rules) {
        s += r.note;
        for (const auto& st : r.steps) s += st.explanation;
        for (const auto& w : r.warnings) s += w.message;
    }
    for (const auto& e : load_errors_) s += e.message;
    for (const auto& r : cases_.results) s += r.id + r.name + r.error.message;
    return s + cases_not_run_ + cases_label_;
}

bool App::select_rule(const std::string& id) {
    if (!engine_) return false;
    const auto& rules = engine_->pack().rules;
    for (size_t r = 0; r < rules.size(); ++r)
        if (rules[r].id == id) {
            selected_rule_ = static_cast<int>(r);
            scroll_to_rule_ = true;
            return true;
        }
    return false;
}

void App::load_case(const Case& c) {
    bench_ = c;
    bench_year_ = c.date.date.year();
    bench_month_ = c.date.date.month();
    bench_day_ = c.date.date.day();
    devolved_choice_ = c.devolved_override ? (*c.devolved_override ? 2 : 1) : 0;
    pending_tab_ = 1;
}

void App::draw() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("studio", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (engine_) {
        const Pack& p = engine_->pack();
        text("移送助手 · 规则包工作台  " + p.meta.title + "（" + p.meta.number + "）  " + p.meta.id + " " + p.meta.version);
    }
    if (fell_back_) {
        ImGui::SameLine();
        ImGui::TextColored(kBad, "  规则包 %s 加载失败（%zu 个问题），已改用内置规则包", (files_ ? files_label_ : pack_dir_).c_str(), load_errors_.size());
    }
    if (ImGui::BeginTabBar("panels")) {
        const char* names[] = {"条文与规则", "情景试算", "覆盖矩阵", "工作日历", "规则包检查"};
        for (int i = 0; i < 5; ++i) {
            const ImGuiTabItemFlags flags = pending_tab_ == i ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(names[i], nullptr, flags)) {
                if (engine_ || i == 4) {
                    switch (i) {
                        case 0: draw_law(); break;
                        case 1: draw_bench(); break;
                        case 2: draw_matrix(); break;
                        case 3: draw_calendar(); break;
                        default: draw_pack_tests(); break;
                    }
                }
                ImGui::EndTabItem();
            }
        }
        pending_tab_ = -1;
        ImGui::EndTabBar();
    }
    ImGui::End();
}

//-----------------------------------------------------------------------------
// Rules beside the law
//-----------------------------------------------------------------------------
void App::draw_law() {
    const Pack& pack = engine_->pack();
    if (!ImGui::BeginTable("law", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("document", ImGuiTableColumnFlags_WidthStretch, 0.55f);
    ImGui::TableSetupColumn("rules", ImGuiTableColumnFlags_WidthStretch, 0.45f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::BeginChild("document");
    ImGui::TextColored(kMuted, "文件原文（黄色：所选规则引用的句子；橙色：无规则引用的义务句，共 %zu 句）", unquoted_);
    std::string clause;
    bool scrolled = false;
    for (const Sentence& s : sentences_) {
        if (s.clause != clause) {
            clause = s.clause;
            ImGui::Spacing();
            ImGui::TextColored(kMuted, "【%s】", clause.c_str());
        }
        const bool chosen = selected_rule_ >= 0 &&
                            std::find(s.quoted_by.begin(), s.quoted_by.end(), selected_rule_) != s.quoted_by.end();
        const bool unquoted = s.duty && s.quoted_by.empty();
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Text, kHighlight);
        else if (unquoted) ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
        ImGui::TextWrapped("%s", keep_together(s.text).c_str());
        if (chosen || unquoted) ImGui::PopStyleColor();
        if (chosen && scroll_to_rule_ && !scrolled) {
            ImGui::SetScrollHereY(0.2f);
            scrolled = true;
        }
        if (ImGui::IsItemHovered() && (!s.quoted_by.empty() || s.ledger >= 0)) {
            std::string tip;
            if (!s.quoted_by.empty()) {
                tip = "引用此句的规则：";
                for (int r : s.quoted_by) tip += pack.rules[static_cast<size_t>(r)].id + " ";
            }
            if (s.ledger >= 0) {
                const LedgerEntry& l = pack.sentences[static_cast<size_t>(s.ledger)];
                tip += (tip.empty() ? "" : "\n") + std::string("句子台账：") + l.clause + "  " + ledger_status_label(l.status);
                if (!l.reason.empty()) tip += "\n" + l.reason;
            }
            ImGui::SetTooltip("%s", tip.c_str());
        }
    }
    scroll_to_rule_ = false;
    ImGui::EndChild();

    ImGui::TableNextColumn();
    ImGui::BeginChild("rules");
    ImGui::TextColored(kMuted, "规则（%zu 条）", pack.rules.size());
    ImGui::BeginChild("rule-list", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.5f), true);
    for (size_t r = 0; r < pack.rules.size(); ++r) {
        const Rule& rule = pack.rules[r];
        const std::string label = rule.id + "  [" + rule.clause + "]" + (rule.handler ? "  处罚机关：" + *rule.handler : "");
        if (ImGui::Selectable(label.c_str(), selected_rule_ == static_cast<int>(r))) {
            selected_rule_ = static_cast<int>(r);
            scroll_to_rule_ = true;
        }
    }
    ImGui::EndChild();
    if (selected_rule_ >= 0) {
        const Rule& rule = pack.rules[static_cast<size_t>(selected_rule_)];
        text("规则 " + rule.id + "  条款 " + rule.clause);
        ImGui::TextColored(kMuted, "条件");
        ImGui::TextWrapped("%s", rule.when.source().c_str());
        if (rule.handler) text("处罚机关：" + *rule.handler);
        for (const auto& q : rule.quotes) {
            ImGui::PushStyleColor(ImGuiCol_Text, kHighlight);
            ImGui::TextWrapped("“%s”", keep_together(q).c_str());
            ImGui::PopStyleColor();
        }
        for (const StepSpec& s : rule.steps) {
            const ActionInfo* a = pack.action(s.action);
            ImGui::BulletText("%s → %s %s", s.actor.c_str(), a ? a->label.c_str() : s.action.c_str(),
                              s.to.empty() ? "" : ("→ " + s.to).c_str());
        }
        if (!rule.note.empty()) ImGui::TextWrapped("注：%s", rule.note.c_str());
    } else {
        ImGui::TextColored(kMuted, "选择一条规则，左侧高亮其引用的原文句子。");
    }
    ImGui::EndChild();
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// Scenario bench
//-----------------------------------------------------------------------------
void App::draw_bench() {
    const Pack& pack = engine_->pack();
    if (!ImGui::BeginTable("bench", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("facts", ImGuiTableColumnFlags_WidthStretch, 0.35f);
    ImGui::TableSetupColumn("plan", ImGuiTableColumnFlags_WidthStretch, 0.65f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::BeginChild("facts");
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    ImGui::InputInt("年", &bench_year_);
    ImGui::InputInt("月", &bench_month_);
    ImGui::InputInt("日", &bench_day_);
    bench_month_ = std::clamp(bench_month_, 1, 12);
    bench_day_ = std::clamp(bench_day_, 1, 31);
    bench_year_ = std::clamp(bench_year_, 2000, 2100);
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", bench_year_, bench_month_, bench_day_);
    if (auto d = Date::parse(iso)) bench_.date.date = *d;
    else ImGui::TextColored(kBad, "日期 %s 不存在", iso);
    combo("finder", bench_.finder, schema_values(pack, "finder"));
    for (const EnumFact& e : pack.enums) combo(e.id.c_str(), bench_.values[e.id], e.values);
    std::vector<std::string> towns, depts, items = {""};
    for (const auto& a : pack.authorities) {
        if (a.kind == "town") towns.push_back(a.short_id);
        if (a.kind == "dept") depts.push_back(a.short_id);
    }
    for (const auto& i : pack.catalogue) items.push_back(i.id);
    combo("town", bench_.town, towns);
    combo("dept", bench_.dept, depts);
    combo("item", bench_.item, items);
    const char* devolved[] = {"按目录", "未下放", "已下放"};
    ImGui::Combo("devolved", &devolved_choice_, devolved, 3);
    if (devolved_choice_ == 0) bench_.devolved_override.reset();
    else bench_.devolved_override = devolved_choice_ == 2;
    ImGui::PopItemWidth();
    ImGui::Separator();
    for (const FlagFact& f : pack.flags) {
        bool on = bench_.flag(f.id);
        if (ImGui::Checkbox((f.id + "  " + f.label).c_str(), &on)) {
            if (on) bench_.flags.insert(f.id);
            else bench_.flags.erase(f.id);
        }
    }
    ImGui::EndChild();

    ImGui::TableNextColumn();
    ImGui::BeginChild("plan");
    // Planning is a few microseconds: the plan is simply recomputed every frame, through the
    // engine's one function (the matter in time), on today.
    const Plan plan = engine_->assess(Matter{bench_, "", {}, false});
    const uint8_t problems = plan_problems(pack, plan, bench_);
    if (plan.handler) {
        ImGui::TextColored(kGood, "处罚机关：%s", authority_name(pack, plan.handler->authority).c_str());
        text("依据规则 " + plan.handler->rule + " [" + plan.handler->clause + "]");
        std::string because;
        for (const auto& b : plan.handler->because) because += b.fact + "=" + b.value + "  ";
        ImGui::TextColored(kMuted, "%s", because.c_str());
    } else {
        ImGui::TextColored(kWarn, "没有处罚机关（规则明确为无，或缺口）");
    }
    if (problems) ImGui::TextColored(kBad, "矩阵问题：%s", problems_text(problems).c_str());
    for (const Warning& w : plan.warnings)
        ImGui::TextColored(w.code == "rule_conflict" || w.code == "no_handler" || w.code == "re_transfer_forbidden" ? kBad
                                                                                                                   : kWarn,
                           "[%s] %s", w.code.c_str(), w.message.c_str());
    if (ImGui::BeginTable("steps", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn("办理方");
        ImGui::TableSetupColumn("动作");
        ImGui::TableSetupColumn("对象");
        ImGui::TableSetupColumn("期限");
        ImGui::TableSetupColumn("条款");
        ImGui::TableHeadersRow();
        for (const Step& s : plan.steps) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            text(authority_name(pack, s.actor));
            ImGui::TableNextColumn();
            const ActionInfo* a = pack.action(s.action);
            text(a ? a->label : s.action);
            ImGui::TableNextColumn();
            text(authority_name(pack, s.to));
            ImGui::TableNextColumn();
            std::string due = s.due.rule;
            if (s.due.rule == "working_days") due = std::to_string(s.due.count) + " 个工作日";
            if (s.due.rule == "hours") due = std::to_string(s.due.count) + " 小时";
            if (s.due.date) due += " → " + s.due.date->iso();
            if (s.due.datetime) due += " → " + s.due.datetime->iso();
            text(due);
            ImGui::TableNextColumn();
            text(s.clause);
            if (ImGui::IsItemHovered() && !s.quote.empty()) ImGui::SetTooltip("%s", s.quote.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// Coverage matrix: rows finder × source × category, columns verification × devolved,
// the remaining axes chosen as a slice.
//-----------------------------------------------------------------------------
void App::draw_matrix() {
    const Pack& pack = engine_->pack();
    const auto& axes = matrix_.spec.axes;
    ImGui::Text("%zu 种组合，用时 %.0f ms（%.0f 组合/秒）。缺口 %zu · 冲突 %zu · 退回移送方 %zu · 再行移送 %zu",
                matrix_.cells.size(), matrix_seconds_ * 1000, matrix_.cells.size() / std::max(matrix_seconds_, 1e-9),
                matrix_.gaps, matrix_.conflicts, matrix_.sends_back, matrix_.re_transfers);
    ImGui::SameLine();
    if (ImGui::SmallButton("重算")) reload();
    if (axes.size() < 6) return;
    ImGui::TextColored(kMuted, "切片：");
    for (size_t a = 5; a < axes.size(); ++a) {
        ImGui::SameLine();
        if (axes[a].values.size() == 2 && axes[a].values[0] == "false") {
            bool on = slice_[a] == 1;
            if (ImGui::Checkbox(axes[a].name.c_str(), &on)) slice_[a] = on;
        } else {
            ImGui::SetNextItemWidth(90);
            std::string v = axes[a].values[static_cast<size_t>(slice_[a])];
            if (combo(axes[a].name.c_str(), v, axes[a].values))
                slice_[a] = static_cast<int>(std::find(axes[a].values.begin(), axes[a].values.end(), v) - axes[a].values.begin());
        }
    }
    ImGui::TextColored(kMuted, "格内：处罚机关 / 首次移送（移送方→接收方）。");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kGapBg), "■缺口");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kConflictBg), "■冲突");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kSendsBackBg), "■退回/再行移送");

    const size_t nv = axes[3].values.size(), nd = axes[4].values.size();
    const float list_height = matrix_.problem_cells.empty() ? 0 : 150;
    if (ImGui::BeginTable("matrix", static_cast<int>(3 + nv * nd),
                          ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                              ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg,
                          ImVec2(0, ImGui::GetContentRegionAvail().y - list_height))) {
        ImGui::TableSetupScrollFreeze(3, 1);
        ImGui::TableSetupColumn("finder");
        ImGui::TableSetupColumn("source");
        ImGui::TableSetupColumn("category");
        for (size_t v = 0; v < nv; ++v)
            for (size_t d = 0; d < nd; ++d)
                ImGui::TableSetupColumn((axes[3].values[v] + (axes[4].values[d] == "true" ? " 下放" : " 未下放")).c_str());
        ImGui::TableHeadersRow();
        std::vector<size_t> at(axes.size());
        for (size_t a = 5; a < axes.size(); ++a) at[a] = static_cast<size_t>(slice_[a]);
        for (size_t f = 0; f < axes[0].values.size(); ++f)
            for (size_t s = 0; s < axes[1].values.size(); ++s)
                for (size_t c = 0; c < axes[2].values.size(); ++c) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    text(axes[0].values[f]);
                    ImGui::TableNextColumn();
                    text(axes[1].values[s]);
                    ImGui::TableNextColumn();
                    text(axes[2].values[c]);
                    at[0] = f, at[1] = s, at[2] = c;
                    for (size_t v = 0; v < nv; ++v)
                        for (size_t d = 0; d < nd; ++d) {
                            at[3] = v, at[4] = d;
                            const size_t index = matrix_.index_of(at);
                            const MatrixCell& cell = matrix_.cells[index];
                            ImGui::TableNextColumn();
                            if (cell.problems & kGap) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kGapBg);
                            else if (cell.problems & kConflict) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kConflictBg);
                            else if (cell.problems) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kSendsBackBg);
                            std::string label = side(pack, matrix_.name(cell.handler));
                            if (cell.transfer_from >= 0)
                                label += " / " + side(pack, matrix_.name(cell.transfer_from)) + "→" +
                                         side(pack, matrix_.name(cell.transfer_to));
                            label += "##" + std::to_string(index);
                            if (ImGui::Selectable(label.c_str())) load_case(matrix_.case_at(index));
                            if (ImGui::IsItemHovered()) {
                                const int16_t r = cell.handler_rule;
                                ImGui::SetTooltip("%s\n规则：%s\n%s", matrix_.describe(index).c_str(),
                                                  r < 0 ? "—" : pack.rules[static_cast<size_t>(r)].id.c_str(),
                                                  problems_text(cell.problems).c_str());
                            }
                        }
                }
        ImGui::EndTable();
    }
    if (!matrix_.problem_cells.empty()) {
        ImGui::TextColored(kBad, "有问题的组合（%zu，点击送入情景试算）：", matrix_.problem_cells.size());
        ImGui::BeginChild("problems", ImVec2(0, 0), true);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(matrix_.problem_cells.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const size_t index = matrix_.problem_cells[static_cast<size_t>(i)];
                const std::string label = problems_text(matrix_.cells[index].problems) + " " + matrix_.describe(index) +
                                          "##p" + std::to_string(index);
                if (ImGui::Selectable(label.c_str())) load_case(matrix_.case_at(index));
            }
        ImGui::EndChild();
    }
}

//-----------------------------------------------------------------------------
// Working-day calendar and deadline simulator
//-----------------------------------------------------------------------------
void App::draw_calendar() {
    const WorkCalendar& cal = engine_->calendar();
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("年份", &cal_year_);
    cal_year_ = std::clamp(cal_year_, 1971, 2100);
    ImGui::SameLine();
    ImGui::TextColored(cal.covers(cal_year_) ? kGood : kWarn, cal.covers(cal_year_) ? "节假日数据已覆盖（%d—%d）" : "无该年节假日数据，仅按周一至周五推算（%d—%d）",
                       cal.first_year(), cal.last_year());
    ImGui::SameLine();
    ImGui::Text("   期限试算：自");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160);
    int ymd[3] = {sim_year_, sim_month_, sim_day_};
    ImGui::InputInt3("##start", ymd);
    sim_year_ = std::clamp(ymd[0], 1971, 2100), sim_month_ = std::clamp(ymd[1], 1, 12), sim_day_ = std::clamp(ymd[2], 1, 31);
    ImGui::SameLine();
    ImGui::Text("起");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("个工作日", &sim_count_);
    sim_count_ = std::clamp(sim_count_, 0, 60);
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", sim_year_, sim_month_, sim_day_);
    const std::optional<Date> start = Date::parse(iso);
    std::optional<WorkCalendar::Count> count;
    if (start) {
        count = cal.add_working_days(*start, sim_count_, true);
        ImGui::Text("%s（%s）起算 %d 个工作日，届满 %s（%s）%s", start->iso().c_str(), weekday_zh(start->weekday()), sim_count_,
                    count->due.iso().c_str(), weekday_zh(count->due.weekday()), count->covered ? "" : "  ⚠ 超出节假日数据");
        if (ImGui::Button("显示届满年份")) cal_year_ = count->due.year();
    } else {
        ImGui::TextColored(kBad, "起算日 %s 不存在", iso);
    }
    auto counted = [&count](Date d) {
        return count && std::find(count->counted.begin(), count->counted.end(), d) != count->counted.end();
    };
    ImGui::TextColored(kMuted, "颜色：");
    ImGui::SameLine(); ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "法定节假日");
    ImGui::SameLine(); ImGui::TextColored(ImVec4(0.3f, 0.6f, 1.0f, 1), "调休上班");
    ImGui::SameLine(); ImGui::TextColored(kMuted, "周末");
    ImGui::SameLine(); ImGui::TextColored(kHighlight, "计入的工作日");
    ImGui::SameLine(); ImGui::TextColored(kGood, "届满日");

    ImGui::BeginChild("year");
    if (ImGui::BeginTable("months", 4, ImGuiTableFlags_SizingStretchSame)) {
        for (int m = 1; m <= 12; ++m) {
            ImGui::TableNextColumn();
            ImGui::Text("%d 月", m);
            const std::string id = "m" + std::to_string(m);
            if (ImGui::BeginTable(id.c_str(), 7, ImGuiTableFlags_SizingFixedSame)) {
                for (const char* w : {"一", "二", "三", "四", "五", "六", "日"}) {
                    ImGui::TableNextColumn();
                    ImGui::TextColored(kMuted, "%s", w);
                }
                const Date first = Date::from_ymd(cal_year_, m, 1);
                for (int k = 1; k < first.weekday(); ++k) ImGui::TableNextColumn();
                for (Date d = first; d.month() == m && d.year() == cal_year_; d = d + 1) {
                    ImGui::TableNextColumn();
                    const DayKind kind = cal.kind(d);
                    ImVec4 colour = kind == DayKind::kHoliday         ? ImVec4(0.9f, 0.3f, 0.3f, 1)
                                    : kind == DayKind::kMakeupWorkday ? ImVec4(0.3f, 0.6f, 1.0f, 1)
                                    : kind == DayKind::kWeekend       ? kMuted
                                                                      : ImVec4(0.9f, 0.9f, 0.9f, 1);
                    if (counted(d)) colour = kHighlight;
                    if (count && d == count->due) {
                        colour = kGood;
                        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(40, 90, 40, 255));
                    }
                    if (start && d == *start) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(70, 70, 110, 255));
                    ImGui::TextColored(colour, "%2d", d.day());
                    if (ImGui::IsItemHovered()) {
                        const std::string name = cal.day_name(d);
                        ImGui::SetTooltip("%s %s %s", d.iso().c_str(), weekday_zh(d.weekday()), name.c_str());
                    }
                    if (ImGui::IsItemClicked()) sim_year_ = d.year(), sim_month_ = d.month(), sim_day_ = d.day();
                }
                ImGui::EndTable();
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// Pack tests: load errors with file, JSON Pointer and message; the matrix and sentence checks;
// the behaviour cases run against the pack.
//-----------------------------------------------------------------------------
void App::draw_pack_tests() {
    if (files_) {
        text("规则包文件：" + files_label_);
        ImGui::SameLine();
        if (ImGui::SmallButton("改用内置规则包")) use_default();
    } else {
        text("规则包：" + (pack_dir_.empty() ? std::string("（内置）") : pack_dir_));
        ImGui::SameLine();
        if (ImGui::SmallButton("重新加载")) reload();
    }
    // The pack in one file (referral-pack-file/1) for the wizard's import and `referral --pack`:
    // only a pack that passed every check.
    ImGui::SameLine();
    ImGui::BeginDisabled(loaded_.empty());
    if (ImGui::SmallButton("导出规则包文件")) export_pack();
    ImGui::EndDisabled();
    if (!export_note_.empty()) {
        ImGui::SameLine();
        text(export_note_);
    }
    if (load_errors_.empty()) {
        ImGui::TextColored(kGood, "加载与校验：通过");
    } else {
        ImGui::TextColored(kBad, "加载与校验：%zu 个问题%s", load_errors_.size(), fell_back_ ? "（其余面板显示内置规则包）" : "");
        // A long list scrolls in at most 40% of the panel, so the checks below stay in view.
        const float rows = static_cast<float>(load_errors_.size()) + 1.5f;
        const float height = std::min(ImGui::GetContentRegionAvail().y * 0.4f, rows * ImGui::GetFrameHeightWithSpacing() * 1.4f);
        if (ImGui::BeginTable("errors", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY,
                              ImVec2(0, height))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("文件");
            ImGui::TableSetupColumn("路径 (JSON Pointer)");
            ImGui::TableSetupColumn("代码");
            ImGui::TableSetupColumn("说明");
            ImGui::TableHeadersRow();
            for (const Error& e : load_errors_) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                text(e.file);
                ImGui::TableNextColumn();
                text(e.path.empty() ? "（整个文件）" : e.path);
                ImGui::TableNextColumn();
                text(error_code_id(e.code));
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s", e.message.c_str());
            }
            ImGui::EndTable();
        }
    }
    if (!engine_) return;
    const bool clean = matrix_.problem_cells.empty();
    ImGui::TextColored(clean ? kGood : kBad, "覆盖矩阵（%zu 种组合）：缺口 %zu，冲突 %zu，退回移送方 %zu，再行移送 %zu",
                       matrix_.cells.size(), matrix_.gaps, matrix_.conflicts, matrix_.sends_back, matrix_.re_transfers);
    ImGui::TextColored(unquoted_ ? kWarn : kGood, "无规则引用的义务句：%zu 句（见“条文与规则”中橙色句子）", unquoted_);
    {
        size_t encoded = 0;
        for (const LedgerEntry& l : engine_->pack().sentences) encoded += l.status == "encoded";
        ImGui::TextColored(kGood, "句子台账：二(一)–二(五) 共 %zu 句全部归类，已编码 %zu 句（理由见“句子台账”）",
                           engine_->pack().sentences.size(), encoded);
    }
    ImGui::Separator();
    if (!ImGui::BeginTabBar("pack-checks")) return;
    const std::string cases_tab = "行为用例（" + std::to_string(cases_.results.size()) + "）###cases";
    if (ImGui::BeginTabItem(cases_tab.c_str())) {
        draw_cases(ImGui::GetContentRegionAvail().y);
        ImGui::EndTabItem();
    }
    const std::string ledger_tab = "句子台账（" + std::to_string(engine_->pack().sentences.size()) + "）###ledger";
    if (ImGui::BeginTabItem(ledger_tab.c_str())) {
        draw_ledger(engine_->pack());
        ImGui::EndTabItem();
    }
    const std::string unquoted_tab = "无规则引用的义务句（" + std::to_string(unquoted_) + "）###unquoted";
    if (ImGui::BeginTabItem(unquoted_tab.c_str())) {
        ImGui::BeginChild("unquoted");
        for (const Sentence& s : sentences_)
            if (s.duty && s.quoted_by.empty()) {
                ImGui::TextColored(kMuted, "【%s】", s.clause.c_str());
                ImGui::SameLine();
                ImGui::TextWrapped("%s", keep_together(s.text).c_str());
            }
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

//-----------------------------------------------------------------------------
// Behaviour cases: counts, the list (failures first, filterable), the selected case's diff and input.
//-----------------------------------------------------------------------------
namespace {

const ImVec4& outcome_colour(CaseOutcome o) {
    return o == CaseOutcome::kPassed ? kGood : o == CaseOutcome::kFailed ? kBad : kWarn;
}

const char* outcome_label(CaseOutcome o) {
    return o == CaseOutcome::kPassed ? "通过" : o == CaseOutcome::kFailed ? "失败" : "格式错误";
}

// Case-insensitive (ASCII) substring test; an empty needle matches everything.
bool contains_text(const std::string& hay, const char* needle) {
    const std::string n(needle);
    return std::search(hay.begin(), hay.end(), n.begin(), n.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           }) != hay.end();
}

std::string compact(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

void App::draw_cases(float height) {
    if (!cases_not_run_.empty()) {
        ImGui::TextColored(kWarn, "行为用例未运行：");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", cases_not_run_.c_str());
        return;
    }
    const bool all_pass = cases_.failed == 0 && cases_.errors == 0;
    ImGui::TextColored(all_pass ? kGood : kBad, "通过 %zu · 失败 %zu · 格式错误 %zu", cases_.passed, cases_.failed, cases_.errors);
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "（共 %zu 个，来自 %s，用时 %.0f ms）", cases_.results.size(), cases_label_.c_str(),
                       cases_seconds_ * 1000);
    ImGui::SameLine();
    if (ImGui::SmallButton("重新运行")) run_pack_cases();
    height -= ImGui::GetFrameHeightWithSpacing();
    if (!ImGui::BeginTable("cases", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV, ImVec2(0, height))) return;
    ImGui::TableSetupColumn("list", ImGuiTableColumnFlags_WidthStretch, 0.36f);
    ImGui::TableSetupColumn("detail", ImGuiTableColumnFlags_WidthStretch, 0.64f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::InputTextWithHint("##case-filter", "筛选：路径或名称", case_filter_, sizeof case_filter_);
    ImGui::SameLine();
    ImGui::Checkbox("只看未通过", &only_unpassed_);
    ImGui::BeginChild("case-list", ImVec2(0, 0), true);
    for (size_t i : case_order_) {
        const CaseResult& r = cases_.results[i];
        if (only_unpassed_ && r.outcome == CaseOutcome::kPassed) continue;
        if (case_filter_[0] && !contains_text(r.id, case_filter_) && !contains_text(r.name, case_filter_)) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, outcome_colour(r.outcome));
        const std::string label = std::string(outcome_label(r.outcome)) + "  " + r.id + "##case" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), selected_case_ == static_cast<int>(i))) selected_case_ = static_cast<int>(i);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered() && !r.name.empty()) ImGui::SetTooltip("%s", r.name.c_str());
    }
    ImGui::EndChild();

    ImGui::TableNextColumn();
    ImGui::BeginChild("case-detail");
    if (selected_case_ >= 0 && static_cast<size_t>(selected_case_) < cases_.results.size()) {
        const CaseResult& r = cases_.results[static_cast<size_t>(selected_case_)];
        ImGui::TextColored(outcome_colour(r.outcome), "%s", outcome_label(r.outcome));
        ImGui::SameLine();
        text(r.id);
        if (!r.name.empty()) ImGui::TextWrapped("%s", r.name.c_str());
        if (r.outcome == CaseOutcome::kError) {
            ImGui::TextColored(kWarn, "用例文件有误，未试算：");
            ImGui::Text("路径 (JSON Pointer)：%s", r.error.path.empty() ? "（整个文件）" : r.error.path.c_str());
            ImGui::Text("代码：%s", error_code_id(r.error.code));
            ImGui::TextWrapped("说明：%s", r.error.message.c_str());
        } else if (r.outcome == CaseOutcome::kFailed) {
            ImGui::TextColored(kBad, "%zu 处与预期不符：", r.diffs.size());
            if (ImGui::BeginTable("diff", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable)) {
                ImGui::TableSetupColumn("用例中的位置 (JSON Pointer)");
                ImGui::TableSetupColumn("预期");
                ImGui::TableSetupColumn("实际");
                ImGui::TableSetupColumn("说明");
                ImGui::TableHeadersRow();
                for (const CaseDiff& d : r.diffs) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s", d.pointer.c_str());
                    ImGui::TableNextColumn();
                    ImGui::PushStyleColor(ImGuiCol_Text, kGood);
                    ImGui::TextWrapped("%s", compact(d.expected).c_str());
                    ImGui::PopStyleColor();
                    ImGui::TableNextColumn();
                    ImGui::PushStyleColor(ImGuiCol_Text, kBad);
                    ImGui::TextWrapped("%s", compact(d.actual).c_str());
                    ImGui::PopStyleColor();
                    if (!d.plan_pointer.empty()) ImGui::TextColored(kMuted, "计划 %s", d.plan_pointer.c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s", d.note.c_str());
                }
                ImGui::EndTable();
            }
        } else {
            ImGui::TextColored(kGood, "%d 项预期全部满足", r.checks);
        }
        ImGui::Spacing();
        ImGui::TextColored(kMuted, "输入 (input)");
        const std::string input = r.input.is_null() ? "（无）" : r.input.dump(2, ' ', false, json::error_handler_t::replace);
        text(input);
        if (r.plan.is_object()) {
            ImGui::Spacing();
            ImGui::TextColored(kMuted, "试算所得步骤 (plan /steps)");
            const json& steps = r.plan["steps"];
            for (size_t k = 0; k < steps.size(); ++k) {
                const json& st = steps[k];
                std::string line = std::to_string(k) + "  " + st.value("actor", "") + "  " + st.value("action", "");
                if (st.contains("to") && st["to"].is_string()) line += " → " + st["to"].get<std::string>();
                if (st.contains("due") && st["due"].is_object()) {  // the rule and the date, not the labels
                    const json& due = st["due"];
                    line += "  期限 " + due.value("rule", std::string());
                    if (due.contains("count")) line += " " + compact(due["count"]);
                    for (const char* at : {"date", "datetime"})
                        if (due.contains(at) && due[at].is_string()) line += " → " + due[at].get<std::string>();
                }
                ImGui::TextWrapped("%s", line.c_str());
            }
        }
    } else {
        ImGui::TextColored(kMuted, "选择一个用例，查看差异与输入。");
    }
    ImGui::EndChild();
    ImGui::EndTable();
}

}  // namespace referral::studio
