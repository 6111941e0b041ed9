#include "cli/audit_command.h"

#include <iostream>

#include "audit/audit.h"
#include "core/envelope.h"
#include "core/limits.h"
#include "host/input.h"

using namespace referral;

namespace {

// A cell as a spreadsheet reads it back: quoted when needed, and text that a spreadsheet would take
// for a formula (= + - @ first, as a ledger's own id may be written) prefixed with ' (OWASP).
std::string csv_cell(const std::string& text) {
    const std::string s = !text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos ? "'" + text : text;
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (ch == '<') out += "&lt;";
        else if (ch == '>') out += "&gt;";
        else if (ch == '&') out += "&amp;";
        else if (ch == '"') out += "&quot;";
        else out += ch;
    }
    return out;
}

// A line's error, or a warning a matter's audit carries, as csv and html list them after the summary.
struct Problem {
    size_t line = 0;
    std::string id, kind, code, path, message;
};

// The problems of a line that could not be audited: its error envelope's errors.
std::vector<Problem> problems_of(const json& out, size_t line, const std::string& id) {
    std::vector<Problem> list;
    const json& errors = member_or_null(out, "errors");
    const json one = json::array({member_or_null(out, "error")});
    for (const json& e : errors.is_array() && !errors.empty() ? errors : one)
        list.push_back({line, id, "错误", string_or(member_or_null(e, "code")), string_or(member_or_null(e, "path")),
                        string_or(member_or_null(e, "message"))});
    return list;
}

// The warnings a matter's audit carries.
std::vector<Problem> problems_of(const CaseAudit& a, size_t line) {
    std::vector<Problem> list;
    for (const auto& w : a.warnings) list.push_back({line, a.id, "提示", w.code, w.path, w.message});
    return list;
}

std::string unlisted_note(size_t unlisted) {
    return "另有 " + std::to_string(unlisted) + " 条未列出（只列出前 " + std::to_string(limits::kAuditListedProblems) + " 条）";
}

void print_csv(const Pack& pack, const json& summary, const std::vector<Problem>& problems, size_t unlisted) {
    std::cout << "机关,类别,事项数,应办期限数,按期,逾期,未办已过期,未到期,按期率,逾期移送,未告知受理,再行移送,无权处罚\n";
    for (const auto& o : summary["offices"]) {
        std::cout << csv_cell(o["name"].get<std::string>()) << ',' << pack.role_label(o["kind"].get<std::string>()) << ','
                  << o["cases"] << ',' << o["owed"] << ',' << o["on_time"] << ',' << o["late"] << ',' << o["missing"] << ','
                  << o["pending"] << ',';
        if (o["on_time_rate"].is_number()) std::cout << static_cast<int>(o["on_time_rate"].get<double>() * 1000 + 0.5) / 10.0 << '%';
        std::cout << ',' << o["late_transfers"] << ',' << o["missing_acknowledgements"] << ',' << o["re_transfers"] << ','
                  << o["penalized_without_power"] << '\n';
    }
    if (problems.empty()) return;
    // Then every line that could not be read and every warning, after an empty row.
    std::cout << "\n行,编号,类别,代码,位置,说明\n";
    for (const auto& p : problems)
        std::cout << p.line << ',' << csv_cell(p.id) << ',' << p.kind << ',' << csv_cell(p.code) << ',' << csv_cell(p.path) << ','
                  << csv_cell(p.message) << '\n';
    if (unlisted) std::cout << ",,,,," << csv_cell(unlisted_note(unlisted)) << '\n';
}

// One page, no network: a table and an inline SVG chart per office (on-time rate, late count).
void print_html(const json& summary, const std::string& today, const std::vector<Problem>& problems, size_t unlisted) {
    std::cout << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>执法协作履职情况</title>"
                 "<style>body{font-family:\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;margin:2em}"
                 "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3em .6em;text-align:right}"
                 "td:first-child,th:first-child{text-align:left}</style></head><body>\n"
              << "<h1>执法协作履职情况</h1><p>统计日：" << html_escape(today) << "；事项 " << summary["cases"]
              << " 件；无法读取的行 " << summary["errors"] << " 行。</p>\n";
    const auto& offices = summary["offices"];
    const int bar = 300, row = 26, label = 220;
    std::cout << "<svg role=\"img\" aria-label=\"按期率与逾期数\" width=\"" << label + bar + 140 << "\" height=\""
              << row * (offices.size() + 1) << "\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">\n";
    int y = row;
    for (const auto& o : offices) {
        const double rate = o["on_time_rate"].is_number() ? o["on_time_rate"].get<double>() : 0;
        std::cout << "<text x=\"0\" y=\"" << y - 8 << "\">" << html_escape(o["name"].get<std::string>()) << "</text>"
                  << "<rect x=\"" << label << "\" y=\"" << y - row + 6 << "\" width=\"" << static_cast<int>(rate * bar)
                  << "\" height=\"" << row - 10 << "\" fill=\"#2e7d32\"/>"
                  << "<rect x=\"" << label + static_cast<int>(rate * bar) << "\" y=\"" << y - row + 6 << "\" width=\""
                  << bar - static_cast<int>(rate * bar) << "\" height=\"" << row - 10 << "\" fill=\"#e0e0e0\"/>"
                  << "<text x=\"" << label + bar + 8 << "\" y=\"" << y - 8 << "\">"
                  << (o["on_time_rate"].is_number() ? std::to_string(static_cast<int>(rate * 100 + 0.5)) + "%" : std::string("—"))
                  << " 逾期 " << o["late"].get<size_t>() + o["missing"].get<size_t>() << "</text>\n";
        y += row;
    }
    std::cout << "</svg>\n<table><tr><th>机关</th><th>事项</th><th>应办期限</th><th>按期</th><th>逾期</th><th>未办已过期</th>"
                 "<th>未到期</th><th>逾期移送</th><th>未告知受理</th><th>再行移送</th><th>无权处罚</th></tr>\n";
    for (const auto& o : offices)
        std::cout << "<tr><td>" << html_escape(o["name"].get<std::string>()) << "</td><td>" << o["cases"] << "</td><td>" << o["owed"]
                  << "</td><td>" << o["on_time"] << "</td><td>" << o["late"] << "</td><td>" << o["missing"] << "</td><td>"
                  << o["pending"] << "</td><td>" << o["late_transfers"] << "</td><td>" << o["missing_acknowledgements"]
                  << "</td><td>" << o["re_transfers"] << "</td><td>" << o["penalized_without_power"] << "</td></tr>\n";
    std::cout << "</table>\n";
    if (!problems.empty()) {
        std::cout << "<h2>无法读取的行与提示</h2>\n<table><tr><th>行</th><th>编号</th><th>类别</th><th>代码</th><th>位置</th><th>说明</th></tr>\n";
        for (const auto& p : problems)
            std::cout << "<tr><td>" << p.line << "</td><td>" << html_escape(p.id) << "</td><td>" << p.kind << "</td><td>"
                      << html_escape(p.code) << "</td><td>" << html_escape(p.path) << "</td><td>" << html_escape(p.message) << "</td></tr>\n";
        std::cout << "</table>\n";
        if (unlisted) std::cout << "<p>" << html_escape(unlisted_note(unlisted)) << "</p>\n";
    }
    std::cout << "</body></html>\n";
}

}  // namespace

int audit_command(const Engine& engine, const std::vector<std::string>& rest) {
    std::string path, format = "json";
    Date today = today_in_china();
    auto refuse = [](const Error& e) {
        std::cout << error_envelope({e}).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 2;
    };
    for (size_t i = 1; i < rest.size(); ++i) {
        if (rest[i] == "--format" && i + 1 < rest.size()) {
            format = rest[++i];
        } else if (rest[i] == "--today" && i + 1 < rest.size()) {
            // As every date entering the engine (core/date.h), and refused as packet refuses it.
            auto d = read_date(rest[++i], "/today");
            if (!d.ok()) return refuse(d.error());
            today = d.value();
        } else if (path.empty()) {
            path = rest[i];
        } else {
            std::cerr << "referral: audit takes one ledger file\n";
            return 1;
        }
    }
    if (path.empty() || (format != "json" && format != "csv" && format != "html")) {
        std::cerr << "referral: usage: referral audit LEDGER.jsonl|- [--format json|csv|html] [--today YYYY-MM-DD]\n";
        return 1;
    }
    // Opened (and a folder, FIFO or device refused) before anything is printed.
    LineReader in;
    if (auto err = in.open(path)) return refuse(*err);

    AuditSummary summary;
    std::vector<Problem> problems;  // csv and html list them after the summary; json in place
    size_t unlisted = 0;
    int status = 0;
    const bool stream_cases = format == "json";
    if (stream_cases) std::cout << "{\"schema\":\"referral-audit/1\",\"today\":\"" << today.iso() << "\",\"cases\":[\n";
    bool first = true;
    std::string line;
    size_t number = 0;
    auto list = [&](std::vector<Problem> found) {
        for (auto& p : found)
            if (problems.size() < limits::kAuditListedProblems) problems.push_back(std::move(p));
            else ++unlisted;
    };
    auto write = [&](const std::string& text) {
        std::cout << (first ? "" : ",\n") << text;
        first = false;
    };
    // A line that could not be audited: its error envelope, with the line's number.
    auto emit = [&](json out, const std::string& id = "") {
        out["line"] = number;
        summary.add_error();
        status = 2;
        if (stream_cases) write(out.dump(-1, ' ', false, json::error_handler_t::replace));
        else list(problems_of(out, number, id));
    };
    // Line by line (host/input.h), each line's size checked while it is read: a line past the limit
    // is one error and the rest of it is skipped; one that does not end within limits::kBatchBytes
    // ends the reading (an endless line from a pipe), with an error saying so.
    for (;;) {
        const LineReader::Next next = in.next(limits::kLedgerLineBytes, line);
        if (next == LineReader::Next::kEnd) break;
        ++number;
        if (next == LineReader::Next::kError) {
            emit(error_envelope({in.error()}));
            break;
        }
        if (next == LineReader::Next::kTooLong) {
            emit(error_envelope({input_too_large(path, limits::kLedgerLineBytes, "台账第 " + std::to_string(number) + " 行")}));
            if (in.skip_line(limits::kBatchBytes)) continue;
            if (in.next(1, line) != LineReader::Next::kEnd)
                emit(error_envelope({input_too_large(path, limits::kBatchBytes,
                                                     "台账第 " + std::to_string(number) + " 行（其后各行未读）")}));
            break;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto doc = parse_json(line, "", limits::kLedgerLineBytes);
        if (!doc.ok()) {
            emit(error_envelope({doc.error()}));
            continue;
        }
        auto a = audit_case(engine, doc.value(), today, std::to_string(number));
        if (!a.ok()) {
            const json& id = member_or_null(doc.value(), "id");
            emit(error_envelope({a.error()}), id.is_string() ? id.get<std::string>() : id.is_number_integer() ? id.dump() : "");
            continue;
        }
        summary.add(a.value());
        if (stream_cases) write(case_audit_text(a.value()));
        else list(problems_of(a.value(), number));
    }
    const json s = summary.to_json(engine.pack());
    if (format == "json") std::cout << "\n],\"summary\":" << s.dump(-1, ' ', false, json::error_handler_t::replace) << "}\n";
    else if (format == "csv") print_csv(engine.pack(), s, problems, unlisted);
    else print_html(s, today.iso(), problems, unlisted);
    std::cout.flush();
    return status;
}
