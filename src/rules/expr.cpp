#include "rules/expr.h"

#include "core/limits.h"

#include <algorithm>
#include <cstdlib>

namespace referral {

int FactSchema::add(FactDef def) {
    defs_.push_back(std::move(def));
    return static_cast<int>(defs_.size() - 1);
}

int FactSchema::find(std::string_view name) const {
    for (size_t i = 0; i < defs_.size(); ++i)
        if (defs_[i].name == name) return static_cast<int>(i);
    return -1;
}

bool Facts::set_bool(std::string_view name, bool value) {
    const int i = schema_->find(name);
    if (i < 0 || schema_->at(i).kind != FactKind::kBool) return false;
    values_[i].set = true;
    values_[i].boolean = value;
    return true;
}

bool Facts::set_enum(std::string_view name, std::string_view value) {
    const int i = schema_->find(name);
    if (i < 0 || schema_->at(i).kind != FactKind::kEnum) return false;
    const auto& vals = schema_->at(i).values;
    auto it = std::find(vals.begin(), vals.end(), value);
    if (it == vals.end()) return false;
    values_[i].set = true;
    values_[i].symbol = static_cast<int32_t>(it - vals.begin());
    return true;
}

bool Facts::set_text(std::string_view name, std::string value) {
    const int i = schema_->find(name);
    if (i < 0 || schema_->at(i).kind != FactKind::kText) return false;
    values_[i].set = true;
    values_[i].text = std::move(value);
    return true;
}

bool Facts::set_number(std::string_view name, double value) {
    const int i = schema_->find(name);
    if (i < 0 || schema_->at(i).kind != FactKind::kNumber) return false;
    values_[i].set = true;
    values_[i].number = value;
    return true;
}

static std::string render_value(const FactDef& def, const FactValue& v) {
    if (!v.set) return "null";
    switch (def.kind) {
        case FactKind::kBool: return v.boolean ? "true" : "false";
        case FactKind::kEnum: return "'" + def.values[static_cast<size_t>(v.symbol)] + "'";
        case FactKind::kText: return "'" + v.text + "'";
        case FactKind::kNumber: {
            std::string s = std::to_string(v.number);
            s.erase(s.find_last_not_of('0') + 1);
            if (!s.empty() && s.back() == '.') s.pop_back();
            return s;
        }
    }
    return "null";
}

std::string Facts::render(int index) const { return render_value(schema_->at(index), at(index)); }

//-----------------------------------------------------------------------------
// Lexer and parser
//-----------------------------------------------------------------------------
namespace {

enum class Tok { kEnd, kName, kText, kNumber, kTrue, kFalse, kNull, kAnd, kOr, kNot, kIn,
                 kEq, kNe, kLt, kLe, kGt, kGe, kLParen, kRParen, kLBracket, kRBracket, kComma };

struct Token {
    Tok kind = Tok::kEnd;
    std::string text;
    double number = 0;
    size_t pos = 0;  // byte offset
};

const char* tok_name(Tok t) {
    switch (t) {
        case Tok::kEnd: return "表达式结尾";
        case Tok::kName: return "事实名";
        case Tok::kText: return "字符串";
        case Tok::kNumber: return "数字";
        case Tok::kTrue: return "true";
        case Tok::kFalse: return "false";
        case Tok::kNull: return "null";
        case Tok::kAnd: return "and";
        case Tok::kOr: return "or";
        case Tok::kNot: return "not";
        case Tok::kIn: return "in";
        case Tok::kEq: return "==";
        case Tok::kNe: return "!=";
        case Tok::kLt: return "<";
        case Tok::kLe: return "<=";
        case Tok::kGt: return ">";
        case Tok::kGe: return ">=";
        case Tok::kLParen: return "(";
        case Tok::kRParen: return ")";
        case Tok::kLBracket: return "[";
        case Tok::kRBracket: return "]";
        case Tok::kComma: return ",";
    }
    return "?";
}

}  // namespace

class ConditionParser {
public:
    ConditionParser(std::string_view src, const FactSchema& schema, Condition& out)
        : src_(src), schema_(schema), out_(out) {}

    bool run() {
        // Limits (core/limits.h) keep the recursive parser and evaluator far from the stack's end.
        if (src_.size() > limits::kConditionChars)
            return fail(ErrorCode::kTooLarge, limits::kConditionChars,
                        "条件表达式过长（超过 " + std::to_string(limits::kConditionChars) + " 字节） / condition too long");
        if (!lex()) return false;
        size_t terms = 1;
        for (const auto& t : toks_)
            if ((t.kind == Tok::kAnd || t.kind == Tok::kOr) && ++terms > limits::kConditionTerms)
                return fail(ErrorCode::kTooLarge, t.pos,
                            "条件表达式的项过多（超过 " + std::to_string(limits::kConditionTerms) + " 项） / too many terms");
        int root = parse_or();
        if (root < 0) return false;
        if (peek().kind != Tok::kEnd) return syntax(peek(), std::string("多余的“") + describe(peek()) + "”");
        if (!is_boolean(root)) return false;
        out_.root_ = root;
        return true;
    }

    Error error;

private:
    std::string_view src_;
    const FactSchema& schema_;
    Condition& out_;
    std::vector<Token> toks_;
    size_t at_ = 0;

    // 1-based column in Unicode code points.
    size_t column(size_t byte) const {
        size_t col = 1;
        for (size_t i = 0; i < byte && i < src_.size(); ++i)
            if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++col;
        return col;
    }

    bool fail(ErrorCode code, size_t byte, const std::string& msg) {
        error = make_error(code, "", "条件表达式第 " + std::to_string(column(byte)) + " 列：" + msg);
        return false;
    }
    bool syntax(const Token& t, const std::string& msg) { return fail(ErrorCode::kExpressionSyntax, t.pos, msg); }

    std::string describe(const Token& t) const {
        if (t.kind == Tok::kName || t.kind == Tok::kText || t.kind == Tok::kNumber) return t.text;
        return tok_name(t.kind);
    }

    bool lex() {
        size_t i = 0;
        while (i < src_.size()) {
            const char c = src_[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; continue; }
            Token t;
            t.pos = i;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                size_t j = i;
                while (j < src_.size() && ((src_[j] >= 'a' && src_[j] <= 'z') || (src_[j] >= 'A' && src_[j] <= 'Z') ||
                                           (src_[j] >= '0' && src_[j] <= '9') || src_[j] == '_'))
                    ++j;
                t.text = std::string(src_.substr(i, j - i));
                if (t.text == "and") t.kind = Tok::kAnd;
                else if (t.text == "or") t.kind = Tok::kOr;
                else if (t.text == "not") t.kind = Tok::kNot;
                else if (t.text == "in") t.kind = Tok::kIn;
                else if (t.text == "true") t.kind = Tok::kTrue;
                else if (t.text == "false") t.kind = Tok::kFalse;
                else if (t.text == "null") t.kind = Tok::kNull;
                else t.kind = Tok::kName;
                i = j;
            } else if (c >= '0' && c <= '9') {
                size_t j = i;
                while (j < src_.size() && ((src_[j] >= '0' && src_[j] <= '9') || src_[j] == '.')) ++j;
                t.kind = Tok::kNumber;
                t.text = std::string(src_.substr(i, j - i));
                t.number = std::strtod(t.text.c_str(), nullptr);
                i = j;
            } else if (c == '\'' || c == '"') {
                size_t j = i + 1;
                while (j < src_.size() && src_[j] != c) ++j;
                if (j >= src_.size()) return fail(ErrorCode::kExpressionSyntax, i, "字符串缺少结束引号");
                t.kind = Tok::kText;
                t.text = std::string(src_.substr(i + 1, j - i - 1));
                i = j + 1;
            } else {
                const char n = i + 1 < src_.size() ? src_[i + 1] : '\0';
                size_t len = 1;
                switch (c) {
                    case '(': t.kind = Tok::kLParen; break;
                    case ')': t.kind = Tok::kRParen; break;
                    case '[': t.kind = Tok::kLBracket; break;
                    case ']': t.kind = Tok::kRBracket; break;
                    case ',': t.kind = Tok::kComma; break;
                    case '=':
                        if (n != '=') return fail(ErrorCode::kExpressionSyntax, i, "相等比较请写“==”");
                        t.kind = Tok::kEq; len = 2; break;
                    case '!':
                        if (n != '=') return fail(ErrorCode::kExpressionSyntax, i, "否定请写“not”，不等请写“!=”");
                        t.kind = Tok::kNe; len = 2; break;
                    case '<': t.kind = n == '=' ? Tok::kLe : Tok::kLt; len = n == '=' ? 2 : 1; break;
                    case '>': t.kind = n == '=' ? Tok::kGe : Tok::kGt; len = n == '=' ? 2 : 1; break;
                    default: {
                        size_t j = i + 1;
                        while (j < src_.size() && (static_cast<unsigned char>(src_[j]) & 0xC0) == 0x80) ++j;
                        return fail(ErrorCode::kExpressionSyntax, i,
                                    "无法识别的字符“" + std::string(src_.substr(i, j - i)) + "”");
                    }
                }
                i += len;
            }
            toks_.push_back(std::move(t));
        }
        Token end;
        end.kind = Tok::kEnd;
        end.pos = src_.size();
        toks_.push_back(end);
        return true;
    }

    const Token& peek() const { return toks_[at_]; }
    const Token& next() { return toks_[at_++]; }

    int add(Condition::Node node) {
        out_.nodes_.push_back(std::move(node));
        return static_cast<int>(out_.nodes_.size() - 1);
    }

    // Boolean-valued node? Facts used bare must be booleans.
    bool is_boolean(int node) {
        const auto& n = out_.nodes_[static_cast<size_t>(node)];
        if (n.op == Condition::Node::Op::kFact && schema_.at(n.fact).kind != FactKind::kBool)
            return fail(ErrorCode::kExpressionType, node_pos_[static_cast<size_t>(node)],
                        "“" + schema_.at(n.fact).name + "”不是布尔事实，须与取值比较，如 " + schema_.at(n.fact).name +
                            " == '…'");
        return true;
    }
    std::vector<size_t> node_pos_;  // byte offset per node, for type errors

    int add_at(Condition::Node node, size_t pos) {
        node_pos_.resize(out_.nodes_.size() + 1, 0);
        const int i = add(std::move(node));
        node_pos_[static_cast<size_t>(i)] = pos;
        return i;
    }

    int parse_or() {
        int left = parse_and();
        while (left >= 0 && peek().kind == Tok::kOr) {
            const size_t pos = next().pos;
            int right = parse_and();
            if (right < 0 || !is_boolean(left) || !is_boolean(right)) return -1;
            Condition::Node n;
            n.op = Condition::Node::Op::kOr;
            n.left = left;
            n.right = right;
            left = add_at(std::move(n), pos);
        }
        return left;
    }

    int parse_and() {
        int left = parse_unary();
        while (left >= 0 && peek().kind == Tok::kAnd) {
            const size_t pos = next().pos;
            int right = parse_unary();
            if (right < 0 || !is_boolean(left) || !is_boolean(right)) return -1;
            Condition::Node n;
            n.op = Condition::Node::Op::kAnd;
            n.left = left;
            n.right = right;
            left = add_at(std::move(n), pos);
        }
        return left;
    }

    // Nesting of parentheses and `not`, bounded by limits::kConditionDepth.
    int depth_ = 0;
    bool enter(const Token& t) {
        if (++depth_ <= limits::kConditionDepth) return true;
        fail(ErrorCode::kTooLarge, t.pos,
             "条件表达式嵌套过深（超过 " + std::to_string(limits::kConditionDepth) + " 层） / nested too deep");
        return false;
    }

    int parse_unary() {
        if (peek().kind == Tok::kNot) {
            if (!enter(peek())) return -1;
            const size_t pos = next().pos;
            int inner = parse_unary();
            --depth_;
            if (inner < 0 || !is_boolean(inner)) return -1;
            Condition::Node n;
            n.op = Condition::Node::Op::kNot;
            n.left = inner;
            return add_at(std::move(n), pos);
        }
        return parse_compare();
    }

    bool is_literal(Tok k) const {
        return k == Tok::kText || k == Tok::kNumber || k == Tok::kTrue || k == Tok::kFalse || k == Tok::kNull;
    }

    // Converts a literal token to a value for comparison with `fact`, checking kinds.
    bool literal_for(const Token& t, int fact, FactValue& out) {
        const FactDef& def = schema_.at(fact);
        if (t.kind == Tok::kNull) { out.set = false; return true; }
        out.set = true;
        switch (def.kind) {
            case FactKind::kBool:
                if (t.kind != Tok::kTrue && t.kind != Tok::kFalse)
                    return fail(ErrorCode::kExpressionType, t.pos, "“" + def.name + "”是布尔事实，只能与 true/false 比较");
                out.boolean = t.kind == Tok::kTrue;
                return true;
            case FactKind::kEnum: {
                if (t.kind != Tok::kText)
                    return fail(ErrorCode::kExpressionType, t.pos, "“" + def.name + "”须与字符串比较");
                auto it = std::find(def.values.begin(), def.values.end(), t.text);
                if (it == def.values.end())
                    return fail(ErrorCode::kExpressionType, t.pos,
                                "“" + t.text + "”不是“" + def.name + "”的取值（可用：" +
                                    [&] { std::string s; for (auto& v : def.values) s += (s.empty() ? "" : ", ") + v; return s; }() +
                                    "）");
                out.symbol = static_cast<int32_t>(it - def.values.begin());
                return true;
            }
            case FactKind::kText:
                if (t.kind != Tok::kText)
                    return fail(ErrorCode::kExpressionType, t.pos, "“" + def.name + "”须与字符串比较");
                out.text = t.text;
                return true;
            case FactKind::kNumber:
                if (t.kind != Tok::kNumber)
                    return fail(ErrorCode::kExpressionType, t.pos, "“" + def.name + "”须与数字比较");
                out.number = t.number;
                return true;
        }
        return false;
    }

    int fact_of(const Token& t) {
        const int f = schema_.find(t.text);
        if (f < 0) {
            std::string names;
            for (const auto& d : schema_.defs()) names += (names.empty() ? "" : ", ") + d.name;
            fail(ErrorCode::kExpressionSyntax, t.pos, "未知的事实名“" + t.text + "”（可用：" + names + "）");
        }
        return f;
    }

    void note_read(int fact) {
        if (std::find(out_.reads_.begin(), out_.reads_.end(), fact) == out_.reads_.end()) out_.reads_.push_back(fact);
    }

    int parse_compare() {
        const Token& first = peek();
        if (first.kind == Tok::kLParen) {
            if (!enter(first)) return -1;
            next();
            int inner = parse_or();
            --depth_;
            if (inner < 0) return -1;
            if (peek().kind != Tok::kRParen) {
                syntax(peek(), std::string("缺少“)”，遇到“") + describe(peek()) + "”");
                return -1;
            }
            next();
            return inner;
        }
        if (first.kind == Tok::kTrue || first.kind == Tok::kFalse) {
            next();
            Condition::Node n;
            n.op = first.kind == Tok::kTrue ? Condition::Node::Op::kTrue : Condition::Node::Op::kFalse;
            return add_at(std::move(n), first.pos);
        }
        // A comparison must have a fact on one side and a literal on the other.
        Token fact_tok, lit_tok;
        bool swapped = false;
        if (first.kind == Tok::kName) {
            fact_tok = next();
        } else if (is_literal(first.kind)) {
            lit_tok = next();
            swapped = true;
        } else {
            syntax(first, "此处应为事实名、字面值或“(”，遇到“" + describe(first) + "”");
            return -1;
        }
        const Token& op = peek();
        using Op = Condition::Node::Op;
        Op cmp;
        bool negated_in = false;
        switch (op.kind) {
            case Tok::kEq: cmp = Op::kEq; break;
            case Tok::kNe: cmp = Op::kNe; break;
            case Tok::kLt: cmp = Op::kLt; break;
            case Tok::kLe: cmp = Op::kLe; break;
            case Tok::kGt: cmp = Op::kGt; break;
            case Tok::kGe: cmp = Op::kGe; break;
            case Tok::kIn: cmp = Op::kIn; break;
            case Tok::kNot:
                if (toks_[at_ + 1].kind == Tok::kIn) { cmp = Op::kNotIn; negated_in = true; break; }
                [[fallthrough]];
            default:
                if (swapped) {
                    syntax(op, "字面值后应为比较运算符");
                    return -1;
                }
                {
                    const int f = fact_of(fact_tok);
                    if (f < 0) return -1;
                    note_read(f);
                    Condition::Node n;
                    n.op = Op::kFact;
                    n.fact = f;
                    return add_at(std::move(n), fact_tok.pos);
                }
        }
        next();
        if (negated_in) next();
        Condition::Node n;
        n.op = cmp;
        if (cmp == Op::kIn || cmp == Op::kNotIn) {
            if (swapped) {
                syntax(op, "“in”的左边须为事实名");
                return -1;
            }
            const int f = fact_of(fact_tok);
            if (f < 0) return -1;
            n.fact = f;
            if (peek().kind != Tok::kLBracket) {
                syntax(peek(), "“in”之后应为“[”开头的取值列表");
                return -1;
            }
            next();
            while (true) {
                const Token& lit = peek();
                if (!is_literal(lit.kind)) {
                    syntax(lit, "列表中应为字面值，遇到“" + describe(lit) + "”");
                    return -1;
                }
                next();
                FactValue v;
                if (!literal_for(lit, f, v)) return -1;
                n.literals.push_back(std::move(v));
                if (peek().kind == Tok::kComma) { next(); continue; }
                if (peek().kind == Tok::kRBracket) { next(); break; }
                syntax(peek(), "列表中应为“,”或“]”，遇到“" + describe(peek()) + "”");
                return -1;
            }
        } else {
            const Token& rhs = next();
            if (swapped) {
                if (rhs.kind != Tok::kName) {
                    syntax(rhs, "比较须一边为事实名");
                    return -1;
                }
                fact_tok = rhs;
            } else {
                if (!is_literal(rhs.kind)) {
                    syntax(rhs, "比较的右边应为字面值（字符串、数字、true、false、null），遇到“" + describe(rhs) + "”");
                    return -1;
                }
                lit_tok = rhs;
            }
            const int f = fact_of(fact_tok);
            if (f < 0) return -1;
            n.fact = f;
            FactValue v;
            if (!literal_for(lit_tok, f, v)) return -1;
            const bool ordered = cmp == Op::kLt || cmp == Op::kLe || cmp == Op::kGt || cmp == Op::kGe;
            if (ordered && schema_.at(f).kind != FactKind::kNumber) {
                fail(ErrorCode::kExpressionType, op.pos, "大小比较只用于数字事实");
                return -1;
            }
            if (swapped && ordered) {  // literal < fact  ==  fact > literal
                cmp = cmp == Op::kLt ? Op::kGt : cmp == Op::kLe ? Op::kGe : cmp == Op::kGt ? Op::kLt : Op::kLe;
                n.op = cmp;
            }
            n.literals.push_back(std::move(v));
        }
        note_read(n.fact);
        return add_at(std::move(n), fact_tok.pos);
    }
};

Result<Condition> Condition::compile(std::string_view source, const FactSchema& schema) {
    Condition c;
    c.source_ = std::string(source);
    ConditionParser p(source, schema, c);
    if (source.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return make_error(ErrorCode::kExpressionSyntax, "", "条件表达式为空");
    if (!p.run()) return p.error;
    return c;
}

static bool same(const FactDef& def, const FactValue& a, const FactValue& b) {
    if (!a.set || !b.set) return a.set == b.set;
    switch (def.kind) {
        case FactKind::kBool: return a.boolean == b.boolean;
        case FactKind::kEnum: return a.symbol == b.symbol;
        case FactKind::kText: return a.text == b.text;
        case FactKind::kNumber: return a.number == b.number;
    }
    return false;
}

bool Condition::eval(int index, const Facts& facts) const {
    const Node& n = nodes_[static_cast<size_t>(index)];
    using Op = Node::Op;
    switch (n.op) {
        case Op::kTrue: return true;
        case Op::kFalse: return false;
        case Op::kFact: { const FactValue& v = facts.at(n.fact); return v.set && v.boolean; }
        case Op::kNot: return !eval(n.left, facts);
        case Op::kAnd: return eval(n.left, facts) && eval(n.right, facts);
        case Op::kOr: return eval(n.left, facts) || eval(n.right, facts);
        case Op::kEq: return same(facts.schema().at(n.fact), facts.at(n.fact), n.literals[0]);
        case Op::kNe: return !same(facts.schema().at(n.fact), facts.at(n.fact), n.literals[0]);
        case Op::kIn:
        case Op::kNotIn: {
            const FactDef& def = facts.schema().at(n.fact);
            bool found = false;
            for (const auto& lit : n.literals) found = found || same(def, facts.at(n.fact), lit);
            return n.op == Op::kIn ? found : !found;
        }
        case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
            const FactValue& v = facts.at(n.fact);
            if (!v.set || !n.literals[0].set) return false;
            const double a = v.number, b = n.literals[0].number;
            return n.op == Op::kLt ? a < b : n.op == Op::kLe ? a <= b : n.op == Op::kGt ? a > b : a >= b;
        }
    }
    return false;
}

bool Condition::evaluate(const Facts& facts) const { return root_ >= 0 && eval(root_, facts); }

std::string Condition::dump(const FactSchema& schema) const {
    std::string out;
    auto lit = [&](int fact, const FactValue& v) { return render_value(schema.at(fact), v); };
    auto rec = [&](auto&& self, int index) -> void {
        const Node& n = nodes_[static_cast<size_t>(index)];
        using Op = Node::Op;
        static const char* kCmp[] = {"", "", "", "", "", "", "==", "!=", "<", "<=", ">", ">="};
        switch (n.op) {
            case Op::kTrue: out += "true"; break;
            case Op::kFalse: out += "false"; break;
            case Op::kFact: out += schema.at(n.fact).name; break;
            case Op::kNot: out += "(not "; self(self, n.left); out += ")"; break;
            case Op::kAnd: case Op::kOr:
                out += "(";
                self(self, n.left);
                out += n.op == Op::kAnd ? " and " : " or ";
                self(self, n.right);
                out += ")";
                break;
            case Op::kIn: case Op::kNotIn:
                out += "(" + schema.at(n.fact).name + (n.op == Op::kIn ? " in [" : " not in [");
                for (size_t i = 0; i < n.literals.size(); ++i) out += (i ? ", " : "") + lit(n.fact, n.literals[i]);
                out += "])";
                break;
            default:
                out += "(" + schema.at(n.fact).name + " " + kCmp[static_cast<int>(n.op)] + " " + lit(n.fact, n.literals[0]) + ")";
        }
    };
    if (root_ >= 0) rec(rec, root_);
    return out;
}

}  // namespace referral
