// The studio's view-model: the coverage matrix over routing facts and the sentence coverage of
// the document. A deliberately broken pack proves the matrix finds gaps, conflicts and
// transfers back to the sender.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "studio_model/matrix.h"
#include "test_support.h"

using namespace referral;
using namespace referral::studio;

namespace {

// The sentence ledger follows a patched rules.json: a rule the patch removed no longer encodes
// its sentences (which become not_applicable), so the pack still loads.
void follow_rules(PackFiles& files, const json& rules) {
    json ledger = json::parse(files.at("sentences.json"));
    for (json& e : ledger["sentences"]) {
        if (!e.contains("rules")) continue;
        json kept = json::array();
        for (const auto& id : e["rules"])
            for (const auto& r : rules["rules"])
                if (r["id"] == id) kept.push_back(id);
        e["rules"] = kept;
        if (kept.empty() && !e.contains("documents")) e = {{"clause", e["clause"]}, {"sentence", e["sentence"]},
                                                           {"status", "not_applicable"}, {"reason", "removed by the test"}};
    }
    files["sentences.json"] = ledger.dump();
}

// The bundled pack with its rules.json patched by `patch`, loaded and validated.
Pack patched_pack(const std::function<void(json&)>& patch) {
    PackFiles files = embedded_pack_files();
    json rules = json::parse(files.at("rules.json"));
    patch(rules);
    files["rules.json"] = rules.dump();
    follow_rules(files, rules);
    std::vector<Error> errors;
    auto pack = load_pack(files, &errors);
    EXPECT_TRUE(pack.ok()) << (errors.empty() ? "" : describe(errors.front()));
    return std::move(pack).value();
}

json& rule(json& rules, const std::string& id) {
    for (json& r : rules["rules"])
        if (r["id"] == id) return r;
    test::die("no rule " + id);
}

size_t axis_value(const Matrix& m, const std::string& axis, const std::string& value) {
    for (size_t a = 0; a < m.spec.axes.size(); ++a)
        if (m.spec.axes[a].name == axis) {
            const auto& v = m.spec.axes[a].values;
            return static_cast<size_t>(std::find(v.begin(), v.end(), value) - v.begin());
        }
    test::die("no axis " + axis);
}

// The cell of the default matrix with the given values, every other axis at its first value.
size_t cell(const Matrix& m, const std::map<std::string, std::string>& values) {
    std::vector<size_t> at(m.spec.axes.size(), 0);
    for (size_t a = 0; a < m.spec.axes.size(); ++a) {
        const auto it = values.find(m.spec.axes[a].name);
        if (it != values.end()) at[a] = axis_value(m, it->first, it->second);
    }
    return m.index_of(at);
}

}  // namespace

TEST(Matrix, DefaultSpecIsValidAndEnumeratesEveryCombination) {
    const Engine& e = test::bundled();
    const MatrixSpec spec = default_matrix_spec(e.pack());
    EXPECT_EQ(check_spec(e.pack(), spec), "");
    const Matrix m = build_matrix(e.pack(), e.calendar(), spec);
    // finder × source × category × verification × devolved × pre-devolution status (filed, not filed, closed) × the four flags
    // that decide the handler or a transfer (licence_devolved, major_difficult, receiver_disputes_jurisdiction,
    // jurisdiction_dispute), derived from the pack.
    EXPECT_EQ(m.cells.size(), 2u * 5 * 6 * 4 * 2 * 3 * 16);
    // Coordinates and case_at round-trip.
    const size_t i = 12345;
    std::vector<size_t> at;
    for (size_t a = 0; a < spec.axes.size(); ++a) at.push_back(m.coordinate(i, a));
    EXPECT_EQ(m.index_of(at), i);
    const Case c = m.case_at(i);
    EXPECT_EQ(c.finder, spec.axes[0].values[at[0]]);
    EXPECT_EQ(c.value(spec.axes[1].name), spec.axes[1].values[at[1]]);
}

TEST(Matrix, CellsAgreeWithPlanningTheCaseDirectly) {
    const Engine& e = test::bundled();
    const Matrix m = build_matrix(e.pack(), e.calendar(), default_matrix_spec(e.pack()));
    for (size_t i = 0; i < m.cells.size(); i += 997) {
        const Case c = m.case_at(i);
        const Plan p = make_plan(e.pack(), e.calendar(), c);
        EXPECT_EQ(m.name(m.cells[i].handler), p.handler ? p.handler->authority : "") << m.describe(i);
        EXPECT_EQ(m.cells[i].problems, plan_problems(e.pack(), p, c)) << m.describe(i);
    }
    // A dept finding a devolved licensed violation: the town handles, the dept transfers to it.
    const size_t dept_finds = cell(m, {{"finder", "dept"}, {"source", "supervision"}, {"category", "licensed_violation"},
                                       {"verification", "violation"}, {"devolved", "true"}});
    EXPECT_EQ(m.name(m.cells[dept_finds].handler), "town:huilong");
    EXPECT_EQ(m.name(m.cells[dept_finds].transfer_from), "dept:market");
    EXPECT_EQ(m.name(m.cells[dept_finds].transfer_to), "town:huilong");
}

TEST(Matrix, RejectsUnknownAxesAndValues) {
    const Pack& pack = test::bundled().pack();
    MatrixSpec spec = default_matrix_spec(pack);
    spec.axes.push_back({"no_such_flag", {"false", "true"}});
    EXPECT_NE(check_spec(pack, spec).find("no_such_flag"), std::string::npos);
    spec = default_matrix_spec(pack);
    spec.axes[0].values.push_back("court");
    EXPECT_NE(check_spec(pack, spec).find("court"), std::string::npos);
}

TEST(Matrix, BrokenPackHasTheGapAndTheConflictPlantedInIt) {
    const Engine& e = test::bundled();
    const Pack broken = patched_pack([](json& rules) {
        // Gap: nobody decides when a town finds a licensed violation it has the power for.
        rules["rules"].erase(std::find_if(rules["rules"].begin(), rules["rules"].end(),
                                          [](const json& r) { return r["id"] == "licensed-town-finds"; }));
        // Conflict: a second rule hands the dept-found devolved licensed violation to the dept.
        json twin = rule(rules, "licensed-dept-finds");
        twin["id"] = "licensed-dept-finds-twin";
        twin["handler"] = "dept";
        rules["rules"].push_back(twin);
        // Sends back: a received transfer is transferred back to whoever sent it.
        json back = rule(rules, "transfer-in-accept");
        back["id"] = "transfer-in-send-back";
        back.erase("handler");
        back["steps"] = json::array({{{"actor", "finder"}, {"action", "transfer"}, {"to", "other"},
                                      {"due", {{"rule", "promptly"}}}, {"explanation", "退回移送方。"}}});
        rules["rules"].push_back(back);
    });
    const Matrix m = build_matrix(broken, e.calendar(), default_matrix_spec(broken));
    const size_t gap = cell(m, {{"finder", "town"}, {"source", "patrol"}, {"category", "licensed_violation"},
                                {"verification", "violation"}, {"devolved", "true"}});
    EXPECT_TRUE(m.cells[gap].problems & kGap) << m.describe(gap);
    EXPECT_EQ(m.cells[gap].handler, -1);
    const size_t conflict = cell(m, {{"finder", "dept"}, {"source", "supervision"}, {"category", "licensed_violation"},
                                     {"verification", "violation"}, {"devolved", "true"}});
    EXPECT_TRUE(m.cells[conflict].problems & kConflict) << m.describe(conflict);
    const size_t back = cell(m, {{"finder", "town"}, {"source", "transfer_in"}, {"category", "prohibited"},
                                 {"verification", "violation"}, {"devolved", "true"}});
    EXPECT_TRUE(m.cells[back].problems & kSendsBack) << m.describe(back);
    EXPECT_TRUE(m.cells[back].problems & kReTransfer) << m.describe(back);
    EXPECT_GT(m.gaps, 0u);
    EXPECT_GT(m.conflicts, 0u);
    EXPECT_GT(m.sends_back, 0u);
    // The same cells are clean in the bundled pack.
    const Matrix good = build_matrix(e.pack(), e.calendar(), default_matrix_spec(e.pack()));
    EXPECT_EQ(good.cells[gap].problems, 0) << good.describe(gap);
    EXPECT_EQ(good.cells[conflict].problems, 0) << good.describe(conflict);
    EXPECT_EQ(good.cells[back].problems, 0) << good.describe(back);
}

TEST(SentenceCoverage, SentencesCarryTheClauseIdsRulesCite) {
    const Pack& pack = test::bundled().pack();
    const auto sentences = document_sentences(pack);
    ASSERT_FALSE(sentences.empty());
    // Every clause a rule cites (less its ¶n) contains a sentence, and that sentence is
    // quoted by the rule.
    for (size_t r = 0; r < pack.rules.size(); ++r) {
        const Rule& rule = pack.rules[r];
        const std::string clause = rule.clause.substr(0, rule.clause.find("¶"));
        bool found = false;
        for (const Sentence& s : sentences)
            if (s.clause.rfind(clause, 0) == 0 &&
                std::find(s.quoted_by.begin(), s.quoted_by.end(), static_cast<int>(r)) != s.quoted_by.end())
                found = true;
        EXPECT_TRUE(found) << rule.id << " cites " << rule.clause;
    }
}

TEST(SentenceCoverage, ListsDutiesNoRuleQuotes) {
    const Pack& pack = test::bundled().pack();
    const auto unquoted = unquoted_duties(pack);
    for (const Sentence& s : unquoted) {
        EXPECT_TRUE(s.duty);
        EXPECT_TRUE(s.quoted_by.empty());
        EXPECT_EQ(s.clause.rfind("二", 0), 0u);
    }
    // Removing a rule's only quoted sentence makes it unquoted.
    const Pack fewer = [] {
        PackFiles files = embedded_pack_files();
        json rules = json::parse(files.at("rules.json"));
        auto& list = rules["rules"];
        list.erase(std::find_if(list.begin(), list.end(), [](const json& r) { return r["id"] == "jurisdiction-dispute"; }));
        files["rules.json"] = rules.dump();
        follow_rules(files, rules);
        return load_pack(files).value();
    }();
    EXPECT_GT(unquoted_duties(fewer).size(), unquoted.size());
}
