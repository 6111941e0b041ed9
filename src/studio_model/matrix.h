// matrix.h — the studio's view-model of a rule pack, in plain C++ (no ImGui, no platform code).
//
// [SECTION] Coverage matrix: every combination of the routing facts, planned
// [SECTION] Sentence coverage: which duty-bearing sentences of the document no rule quotes
//
// The studio draws these; the tests and the benchmark use them without a screen. A matrix cell is
// one case built from a base case and one value per axis, planned with make_plan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "rules/case.h"
#include "rules/pack.h"
#include "rules/plan.h"

namespace referral::studio {

//-----------------------------------------------------------------------------
// [SECTION] Coverage matrix
//-----------------------------------------------------------------------------
// One dimension of the matrix: a case field (finder, source, category, verification,
// pre_devolution_status), "devolved" (the override), or a flag of referral-case/1.
struct Axis {
    std::string name;
    std::vector<std::string> values;  // for booleans "false", "true"
};

// Problems a cell can have, as bits of MatrixCell::problems.
enum CellProblem : uint8_t {
    kGap = 1,            // no rule decides the handler (the plan's no_handler warning)
    kConflict = 2,       // rules name different handlers for the same facts (rule_conflict)
    kSendsBack = 4,      // a transferred-in matter is transferred back to its sender
    kReTransfer = 8,     // the receiver of a transfer transfers it on (re_transfer_forbidden)
};

struct MatrixCell {
    int16_t handler = -1;        // index into Matrix::names; -1 = nobody handles
    int16_t handler_rule = -1;   // index into pack.rules of the deciding rule; -1 = none
    int16_t transfer_from = -1;  // the first `transfer` step, as indices into Matrix::names
    int16_t transfer_to = -1;
    uint8_t problems = 0;        // CellProblem bits
};

struct MatrixSpec {
    Case base;                   // date, town, dept and everything no axis sets
    std::vector<Axis> axes;      // the product of these is enumerated, first axis slowest
};

// The axes the studio opens with, from the pack's vocabulary: finder × each of its enums × devolved
// × the flags a rule naming a handler reads (directly or through a definition).
MatrixSpec default_matrix_spec(const Pack& pack);

struct Matrix {
    const Pack* pack = nullptr;       // the pack it was built for (outlives the matrix)
    MatrixSpec spec;
    std::vector<std::string> names;   // interned authority ids used by cells
    std::vector<MatrixCell> cells;    // cells.size() == product of axis sizes
    size_t gaps = 0, conflicts = 0, sends_back = 0, re_transfers = 0;
    std::vector<size_t> problem_cells;  // indices of cells with any problem, ascending

    // The value index of `axis` in cell `index`.
    size_t coordinate(size_t index, size_t axis) const;
    // The case of cell `index` (re-plan it to see every step and warning).
    Case case_at(size_t index) const;
    // The cell index for one value index per axis.
    size_t index_of(const std::vector<size_t>& coordinates) const;
    // "finder=town source=patrol …" for reports and test failures.
    std::string describe(size_t index) const;
    const std::string& name(int16_t i) const;
};

// Applies one axis value to a case. False when the axis or value is unknown to referral-case/1.
bool apply_axis(const Pack& pack, Case& c, const std::string& axis, const std::string& value);

// Checks that every axis names a known case field or flag with allowed values; "" when fine,
// else a message naming the first bad axis.
std::string check_spec(const Pack& pack, const MatrixSpec& spec);

// Plans every cell. The matrix keeps only ids and indices, never pointers into the pack.
Matrix build_matrix(const Pack& pack, const WorkCalendar& calendar, const MatrixSpec& spec);

// The problem bits of one plan of `c` (shared with the scenario bench, so both agree).
uint8_t plan_problems(const Pack& pack, const Plan& plan, const Case& c);

//-----------------------------------------------------------------------------
// [SECTION] Sentence coverage
//-----------------------------------------------------------------------------
struct Sentence {
    std::string clause;              // heading clause, 二(四)1 (the ledger entry carries ¶n where it has one)
    std::string text;                // the sentence, ending with its 。 when it has one
    size_t offset = 0;               // byte offset in pack.document_text
    bool duty = false;               // in a duty-bearing clause (二) and says 应/要/须/负责/不得/由
    std::vector<int> quoted_by;      // indices into pack.rules of rules quoting any part of it
    long ledger = -1;                // index into pack.sentences of its ledger entry (status, reason), -1 = none
};

// The document's sentences in order, with the clause each belongs to and the rules quoting it.
std::vector<Sentence> document_sentences(const Pack& pack);

// The duty-bearing sentences that no rule quotes.
std::vector<Sentence> unquoted_duties(const Pack& pack);

}  // namespace referral::studio
