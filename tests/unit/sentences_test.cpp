// The sentence ledger (forms/<pack>/sentences.json) of the bundled pack, checked from outside the
// loader: every sentence of its scope accounted for once, each encoded one quoted by the rules (or
// document requirements) it names, each other one with its reason. The loader's refusals of a
// broken ledger are data in tests/bad/packs/sentences-*.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_support.h"

using namespace referral;

namespace {

bool overlaps(const std::string& doc, const std::string& quote, size_t begin, size_t end) {
    if (quote.empty()) return false;
    for (size_t at = doc.find(quote); at != std::string::npos && at < end; at = doc.find(quote, at + 1))
        if (begin < at + quote.size()) return true;
    return false;
}

TEST(SentenceLedger, EverySentenceOfTheScopeIsClassifiedOnceInOrder) {
    const Pack& pack = test::bundled().pack();
    ASSERT_EQ(pack.ledger_scope, (std::vector<std::string>{"二(一)", "二(二)", "二(三)", "二(四)", "二(五)"}));
    std::vector<DocSentence> in_scope;
    for (const auto& s : split_sentences(pack.document_text))
        if (s.clause.rfind("二(", 0) == 0) in_scope.push_back(s);
    ASSERT_EQ(pack.sentences.size(), in_scope.size());
    for (size_t i = 0; i < in_scope.size(); ++i) {
        EXPECT_EQ(pack.sentences[i].sentence, in_scope[i].text);
        EXPECT_EQ(pack.sentences[i].offset, in_scope[i].offset);
        EXPECT_EQ(pack.sentences[i].clause.substr(0, pack.sentences[i].clause.find("¶")), in_scope[i].clause);
    }
}

TEST(SentenceLedger, EncodedSentencesAreQuotedByTheirRulesOthersGiveAReason) {
    const Pack& pack = test::bundled().pack();
    std::map<std::string, int> counts;
    for (const auto& e : pack.sentences) {
        ++counts[e.status];
        const size_t end = e.offset + e.sentence.size();
        if (e.status == "encoded") {
            EXPECT_FALSE(e.rules.empty() && e.documents.empty()) << e.sentence;
            for (const auto& id : e.rules) {
                const Rule* r = pack.rule(id);
                ASSERT_NE(r, nullptr) << id;
                bool quoted = false;
                for (const auto& q : r->quotes) quoted = quoted || overlaps(pack.document_text, q, e.offset, end);
                for (const auto& s : r->steps)
                    for (const auto& d : s.due) quoted = quoted || overlaps(pack.document_text, d.quote, e.offset, end);
                EXPECT_TRUE(quoted) << id << " does not quote " << e.sentence;
            }
        } else {
            EXPECT_TRUE(e.rules.empty()) << e.sentence;
            EXPECT_FALSE(e.reason.empty()) << e.sentence;
        }
    }
    EXPECT_EQ(counts.size(), 3u);
    std::cout << "[ledger] encoded " << counts["encoded"] << ", institutional " << counts["institutional"]
              << ", not_applicable " << counts["not_applicable"] << "\n";
}

TEST(SentenceLedger, ParagraphsOfTwoFourOneAreNumberedAsPublished) {
    // 二(四)1 has four paragraphs in the published text; the ledger numbers them and rules cite them.
    const Pack& pack = test::bundled().pack();
    std::vector<std::string> paras;
    for (const auto& e : pack.sentences)
        if (e.clause.rfind("二(四)1", 0) == 0 && (paras.empty() || paras.back() != e.clause)) paras.push_back(e.clause);
    EXPECT_EQ(paras, (std::vector<std::string>{"二(四)1¶1", "二(四)1¶2", "二(四)1¶3", "二(四)1¶4"}));
}

TEST(SentenceLedger, ClauseContainment) {
    EXPECT_TRUE(clause_contains("二(一)", "二(一)1"));
    EXPECT_TRUE(clause_contains("二", "二(四)1"));
    EXPECT_TRUE(clause_contains("二(一)1", "二(一)1"));
    EXPECT_FALSE(clause_contains("二(一)1", "二(一)10"));
    EXPECT_FALSE(clause_contains("二(一)2", "二(三)1"));
    EXPECT_FALSE(clause_contains("二(一)1", "二(一)"));
}

TEST(SentenceLedger, SplitterKeepsSentencesVerbatimAndSkipsHeadings) {
    const std::string doc = "# T\n\n## 二、主要任务\n\n### （一）厘清\n\n首句。次句；仍是次句。\n\n#### 1. 标题。\n\n甲。乙\n";
    const auto s = split_sentences(doc);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].clause, "二(一)");
    EXPECT_EQ(s[1].text, "次句；仍是次句。");
    EXPECT_EQ(s[2].clause, "二(一)1");
    EXPECT_EQ(s[3].text, "乙");
    EXPECT_EQ(doc.substr(s[1].offset, s[1].text.size()), s[1].text);
}

}  // namespace
