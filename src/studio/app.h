// app.h — the studio's panels, drawn with Dear ImGui. Platform code lives in main.cpp.
//
// [SECTION] App: the loaded pack, its matrix and the state of every panel
//
// Panels: rules beside the law, scenario bench, coverage matrix, working-day calendar,
// pack tests. Nothing in src/ depends on this folder.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "studio_model/case_check.h"
#include "studio_model/matrix.h"

namespace referral::studio {

class App {
public:
    // Loads the pack in `pack_dir` ("" = the bundled pack). Load errors are kept, never thrown:
    // the studio then shows them and falls back to the bundled pack for the other panels.
    explicit App(std::string pack_dir);

    // Draws one frame of the whole workbench into the current ImGui context.
    void draw();
    // Reloads the pack folder (or the bundled pack) and rebuilds the matrix.
    void reload();
    // Switches to a pack given as files (filename → text), e.g. dropped onto the web page; the
    // same path as a folder: errors are kept and shown, the bundled pack stays the fallback.
    // `label` names the source in the pack-checks panel.
    void load_files(PackFiles files, std::string label);
    // Back to the bundled pack (or the folder given on the command line).
    void use_default();
    size_t load_error_count() const { return load_errors_.size(); }
    // The behaviour cases the pack-checks panel runs: a folder read on every (re)load (native), or
    // files given once (web: compiled in). "" = none; the panel then says how to name a folder.
    // Either re-runs the cases now; every pack (re)load re-runs them too.
    void use_case_folder(std::string dir);
    void use_case_files(CaseFiles files, std::string label);

    // The test hook: {"pack":…,"cells":…,"gaps":…,"conflicts":…,"sends_back":…,"load_errors":…,
    // "cases":{"source":…,"run":…,"passed":…,"failed":…,"errors":…,"not_run":"" or why}}.
    std::string status_json() const;
    // Every character the current pack shows, for the font atlas.
    std::string glyph_text() const;
    // The pack in force as one file (referral-pack-file/1, as `referral pack-file` writes it), or ""
    // when the pack given did not load (only a pack that passed every check is exported).
    std::string pack_file_text() const;
    // The exported file's name: <pack id>-<version>.referral-pack.
    std::string pack_file_name() const;
    // How the platform hands an exported pack file to the user (main.cpp: natively a file in the
    // working folder, written whole or not at all; on the web a download): name, text → "" when
    // done, else why not. The pack-checks panel's 导出规则包文件 calls it.
    using Exporter = std::function<std::string(const std::string& name, const std::string& text)>;
    void set_exporter(Exporter exporter) { exporter_ = std::move(exporter); }
    // Exports the pack in force through the exporter; "" on success, else why not (also shown).
    std::string export_pack();
    // Selects a panel by index (0 law, 1 bench, 2 matrix, 3 calendar, 4 pack tests).
    void select_tab(int tab) { pending_tab_ = tab; }
    // Selects a rule by id in the law panel (and scrolls to its sentence); false when unknown.
    bool select_rule(const std::string& id);

private:
    void draw_law();
    void draw_bench();
    void draw_matrix();
    void draw_calendar();
    void draw_pack_tests();
    void draw_cases(float height);
    void load_case(const Case& c);
    void run_pack_cases();

    std::string pack_dir_;
    std::optional<PackFiles> files_;  // a pack given as files; wins over pack_dir_
    PackFiles loaded_;                // the files of the pack in force, when it loaded without a problem
    std::string export_note_;         // what the last export did, shown beside its button
    Exporter exporter_;
    std::string files_label_;
    std::optional<Engine> engine_;
    std::vector<Error> load_errors_;
    bool fell_back_ = false;
    Matrix matrix_;
    double matrix_seconds_ = 0;
    std::vector<Sentence> sentences_;
    size_t unquoted_ = 0;

    std::string cases_dir_;                   // native: read on every run
    std::optional<CaseFiles> case_files_;     // web: compiled in; wins over cases_dir_
    std::string cases_label_;
    CaseRun cases_;
    std::string cases_not_run_;               // why no case ran ("" when they did)
    std::vector<size_t> case_order_;          // failed, then errors, then passed; by id within each
    double cases_seconds_ = 0;
    int selected_case_ = -1;                  // index into cases_.results
    char case_filter_[96] = "";
    bool only_unpassed_ = false;

    int pending_tab_ = -1;
    int selected_rule_ = -1;
    bool scroll_to_rule_ = false;
    Case bench_;
    int bench_year_ = 2026, bench_month_ = 3, bench_day_ = 2;
    int devolved_choice_ = 0;  // 0 from the catalogue, 1 not devolved, 2 devolved
    std::vector<int> slice_;   // value index of each axis outside the table (-1 for table axes)
    int cal_year_ = 2026;
    int sim_year_ = 2026, sim_month_ = 9, sim_day_ = 29, sim_count_ = 5;
};

}  // namespace referral::studio
