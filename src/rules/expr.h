// expr.h — the rule pack's condition language: small, typed, and total.
//
// [SECTION] Grammar
// [SECTION] FactSchema: the names a condition may use, and their kinds
// [SECTION] Facts: one case's values, indexed by the schema
// [SECTION] Condition: compile once, evaluate many times
//
// [SECTION] Grammar
//   expr    := or
//   or      := and ( "or" and )*
//   and     := unary ( "and" unary )*
//   unary   := "not" unary | compare
//   compare := operand ( ("==" | "!=" | "<" | "<=" | ">" | ">=") operand | ["not"] "in" list )?
//   operand := "(" expr ")" | name | 'text' | "text" | number | true | false | null
//   list    := "[" literal ( "," literal )* "]"
// Names are facts of the case (`category`, `finder`, `devolved`, `urgent`, …). A name that is not
// set compares equal only to null. There are no loops, calls or assignments: a condition always
// terminates and cannot touch anything but the facts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] FactSchema
//-----------------------------------------------------------------------------
enum class FactKind : uint8_t { kBool, kEnum, kText, kNumber };

struct FactDef {
    std::string name;
    FactKind kind = FactKind::kBool;
    std::vector<std::string> values;  // the closed list, for kEnum
};

class FactSchema {
public:
    // Adds a fact; returns its index.
    int add(FactDef def);
    // Index of `name`, or -1.
    int find(std::string_view name) const;
    const FactDef& at(int index) const { return defs_[static_cast<size_t>(index)]; }
    size_t size() const { return defs_.size(); }
    const std::vector<FactDef>& defs() const { return defs_; }

private:
    std::vector<FactDef> defs_;
};

//-----------------------------------------------------------------------------
// [SECTION] Facts
//-----------------------------------------------------------------------------
struct FactValue {
    bool set = false;
    bool boolean = false;
    int32_t symbol = -1;  // index into FactDef::values for kEnum
    double number = 0;
    std::string text;
};

class Facts {
public:
    explicit Facts(const FactSchema& schema) : schema_(&schema), values_(schema.size()) {}
    // Setters return false when `name` is unknown or of another kind, or the enum value is not allowed.
    bool set_bool(std::string_view name, bool value);
    bool set_enum(std::string_view name, std::string_view value);
    bool set_text(std::string_view name, std::string value);
    bool set_number(std::string_view name, double value);
    const FactValue& at(int index) const { return values_[static_cast<size_t>(index)]; }
    const FactSchema& schema() const { return *schema_; }
    // Rendered value for traces: "true", "'violation'", "null".
    std::string render(int index) const;

private:
    const FactSchema* schema_;
    std::vector<FactValue> values_;
};

//-----------------------------------------------------------------------------
// [SECTION] Condition
//-----------------------------------------------------------------------------
class Condition {
public:
    // Parses and type-checks `source` against `schema`. Errors carry kExpressionSyntax or
    // kExpressionType and a message naming the 1-based column ("第 12 列").
    static Result<Condition> compile(std::string_view source, const FactSchema& schema);

    // Evaluates against one case's facts. Never fails once compiled.
    bool evaluate(const Facts& facts) const;
    // The indices of the facts this condition reads (for "which facts decided it").
    const std::vector<int>& reads() const { return reads_; }
    const std::string& source() const { return source_; }
    // Canonical rendering with full parentheses, for golden tests.
    std::string dump(const FactSchema& schema) const;

    struct Node {
        enum class Op : uint8_t { kTrue, kFalse, kFact, kNot, kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };
        Op op = Op::kTrue;
        int fact = -1;               // for comparisons and kFact: the fact read
        int left = -1, right = -1;   // child nodes for kNot/kAnd/kOr
        // Comparison literal(s): for kIn a list; null literal = unset.
        std::vector<FactValue> literals;
    };

private:
    std::string source_;
    std::vector<Node> nodes_;
    int root_ = -1;
    std::vector<int> reads_;
    bool eval(int node, const Facts& facts) const;
    friend class ConditionParser;
};

}  // namespace referral
