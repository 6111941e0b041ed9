// Exhaustive check of the bundled pack: for every combination of the facts that change routing,
// exactly one handler rule decides (or one explicitly says "none"), and no plan re-transfers.
#include <gtest/gtest.h>

#include "rules/plan.h"
#include "test_support.h"

using namespace referral;

TEST(Coverage, EveryCombinationHasOneHandlerDecisionAndNoReTransfer) {
    const Engine& e = test::bundled();
    const Pack& pack = e.pack();
    const std::vector<std::string> finders = {"town", "dept"};
    const std::vector<std::string> sources = {"patrol", "complaint", "supervision", "transfer_in", "pre_devolution"};
    const std::vector<std::string> categories = {"licensed_violation", "unlicensed", "prohibited",
                                                 "liability_without_licence", "overdue_obligation", "qualification"};
    const std::vector<std::string> verifications = {"unverified", "no_violation", "violation", "management_issue"};
    const std::vector<std::string> routing_flags = {"licence_devolved", "major_difficult", "jurisdiction_dispute",
                                                    "receiver_disputes_jurisdiction", "needs_appraisal", "urgent"};
    const auto& names = case_flag_names();
    size_t combinations = 0, with_handler = 0, failed = 0;
    std::vector<std::string> failures;
    Case c;
    c.date = *DateTime::parse("2026-03-02T09:00:00+08:00");
    c.town = "huilong";
    c.dept = "market";
    for (const auto& finder : finders)
        for (const auto& source : sources)
            for (const auto& category : categories)
                for (const auto& verification : verifications)
                    for (int devolved = 0; devolved < 2; ++devolved)
                        for (int status = 0; status < 2; ++status)
                            for (unsigned mask = 0; mask < (1u << routing_flags.size()); ++mask) {
                                c.finder = finder;
                                c.source = source;
                                c.category = category;
                                c.verification = verification;
                                c.devolved_override = devolved == 1;
                                c.pre_devolution_status = status ? "open" : "closed";
                                c.flags.reset();
                                for (size_t i = 0; i < routing_flags.size(); ++i)
                                    if (mask & (1u << i))
                                        c.flags.set(static_cast<size_t>(
                                            std::find(names.begin(), names.end(), routing_flags[i]) - names.begin()));
                                const Plan plan = make_plan(pack, e.calendar(), c);
                                ++combinations;
                                if (plan.handler) ++with_handler;
                                // A suspected violation found in patrol, supervision or a complaint, with no
                                // dispute, must always reach someone who files and decides.
                                const bool routable = source != "transfer_in" && source != "pre_devolution" &&
                                                      (verification == "unverified" || verification == "violation") &&
                                                      !c.flag("jurisdiction_dispute") &&
                                                      !(source == "complaint" && c.flag("receiver_disputes_jurisdiction"));
                                if (routable && !plan.handler && ++failed < 20)
                                    failures.push_back("routable but no handler: " + case_to_json(c).dump());
                                for (const auto& w : plan.warnings)
                                    if ((w.code == "rule_conflict" || w.code == "no_handler" ||
                                         w.code == "re_transfer_forbidden") &&
                                        ++failed < 20)
                                        failures.push_back(w.code + ": " + case_to_json(c).dump());
                            }
    EXPECT_EQ(combinations, 2u * 5 * 6 * 4 * 2 * 2 * 64);
    EXPECT_GT(with_handler, 0u);
    std::string all = std::to_string(failed) + " failing combinations, the first:";
    for (const auto& f : failures) all += "\n" + f;
    EXPECT_TRUE(failures.empty()) << all;
}
