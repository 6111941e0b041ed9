// Exhaustive check of the bundled pack through the studio's coverage matrix: for every combination
// of the facts that change routing, exactly one handler rule decides (or one explicitly says
// "none"), no rules conflict, and no plan re-transfers or sends a matter back to its sender.
#include <gtest/gtest.h>

#include "studio_model/matrix.h"
#include "test_support.h"

using namespace referral;
using namespace referral::studio;

TEST(Coverage, EveryCombinationHasOneHandlerDecisionAndNoReTransfer) {
    const Engine& e = test::bundled();
    // The studio's default axes (the pack's enums and the flags that decide the handler or a transfer),
    // plus the facts that change a transfer's deadline or hold steps back: an appraisal and urgency,
    // a suspected crime and the police's refusal (二(四)4), the transfer extension (二(四)1¶3).
    MatrixSpec spec = default_matrix_spec(e.pack());
    for (const char* f : {"needs_appraisal", "urgent", "suspected_crime", "police_declined", "extension_requested"})
        spec.axes.push_back({f, {"false", "true"}});
    ASSERT_EQ(check_spec(e.pack(), spec), "");
    const Matrix m = build_matrix(e.pack(), e.calendar(), spec);
    EXPECT_EQ(m.cells.size(), 2u * 5 * 6 * 4 * 2 * 3 * 64 * 8);
    size_t with_handler = 0;
    std::vector<std::string> failures;
    for (size_t i = 0; i < m.cells.size(); ++i) {
        const MatrixCell& cell = m.cells[i];
        if (cell.handler >= 0) ++with_handler;
        const Case c = m.case_at(i);
        // A suspected violation found in patrol, supervision or a complaint, with no dispute,
        // must always reach someone who files and decides.
        const std::string source = c.value("source"), verification = c.value("verification");
        const bool routable = source != "transfer_in" && source != "pre_devolution" &&
                              (verification == "unverified" || verification == "violation") &&
                              !c.flag("jurisdiction_dispute") &&
                              !(source == "complaint" && c.flag("receiver_disputes_jurisdiction"));
        if (routable && cell.handler < 0) failures.push_back("routable but no handler: " + m.describe(i));
        if (cell.problems) failures.push_back("problem bits " + std::to_string(cell.problems) + ": " + m.describe(i));
    }
    EXPECT_GT(with_handler, 0u);
    std::string all = std::to_string(failures.size()) + " failing combinations, the first:";
    for (size_t i = 0; i < failures.size() && i < 20; ++i) all += "\n" + failures[i];
    EXPECT_TRUE(failures.empty()) << all;
}
