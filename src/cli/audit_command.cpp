#include "cli/audit_command.h"

#include <fstream>
#include <iostream>

#include "audit/audit.h"

using namespace referral;

namespace {

constexpr size_t kMaxLedgerLine = 1 << 20;  // 1 MiB: one matter with its events

std::string csv_cell(const std::string& s) {
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

void print_csv(const json& summary) {
    std::cout << "机关,类别,事项数,应办期限数,按期,逾期,未办已过期,未到期,按期率,逾期移送,未告知受理,再行移送,无权处罚\n";
    for (const auto& o : summary["offices"]) {
        std::cout << csv_cell(o["name"].get<std::string>()) << ',' << (o["kind"] == "town" ? "镇" : "部门") << ','
                  << o["cases"] << ',' << o["owed"] << ',' << o["on_time"] << ',' << o["late"] << ',' << o["missing"] << ','
                  << o["pending"] << ',';
        if (o["on_time_rate"].is_number()) std::cout << static_cast<int>(o["on_time_rate"].get<double>() * 1000 + 0.5) / 10.0 << '%';
        std::cout << ',' << o["late_transfers"] << ',' << o["missing_acknowledgements"] << ',' << o["re_transfers"] << ','
                  << o["penalized_without_power"] << '\n';
    }
}

// One page, no network: a table and an inline SVG chart per office (on-time rate, late count).
void print_html(const json& summary, const std::string& today) {
    std::cout << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>市镇执法协作履职情况</title>"
                 "<style>body{font-family:\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;margin:2em}"
                 "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3em .6em;text-align:right}"
                 "td:first-child,th:first-child{text-align:left}</style></head><body>\n"
              << "<h1>市镇执法协作履职情况</h1><p>统计日：" << html_escape(today) << "；事项 " << summary["cases"]
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
    std::cout << "</table></body></html>\n";
}

}  // namespace

int audit_command(const Engine& engine, const std::vector<std::string>& rest) {
    std::string path, format = "json";
    Date today = today_in_china();
    for (size_t i = 1; i < rest.size(); ++i) {
        if (rest[i] == "--format" && i + 1 < rest.size()) {
            format = rest[++i];
        } else if (rest[i] == "--today" && i + 1 < rest.size()) {
            auto d = Date::parse(rest[++i]);
            if (!d) {
                std::cerr << "referral: --today wants YYYY-MM-DD\n";
                return 1;
            }
            today = *d;
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
    std::ifstream file;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            std::cout << error_envelope({make_error(ErrorCode::kIoError, "", "无法读取台账文件 / cannot read the ledger")}).dump() << "\n";
            return 2;
        }
    }
    std::istream& in = path == "-" ? std::cin : file;

    AuditSummary summary;
    int status = 0;
    const bool stream_cases = format == "json";
    if (stream_cases) std::cout << "{\"schema\":\"referral-audit/1\",\"today\":\"" << today.iso() << "\",\"cases\":[\n";
    bool first = true;
    std::string line;
    size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json out;
        if (line.size() > kMaxLedgerLine) {
            out = error_envelope({make_error(ErrorCode::kInvalidValue, "", "台账行超过 1 MiB / ledger line longer than 1 MiB")});
        } else {
            auto doc = parse_json(line);
            if (!doc.ok()) {
                out = error_envelope({doc.error()});
            } else {
                auto a = audit_case(engine, doc.value(), today, std::to_string(number));
                if (a.ok()) {
                    summary.add(a.value());
                    out = case_audit_to_json(a.value());
                } else {
                    out = error_envelope({a.error()});
                }
            }
        }
        if (out.contains("ok")) {
            out["line"] = number;
            summary.add_error();
            status = 2;
        }
        if (stream_cases) {
            std::cout << (first ? "" : ",\n") << out.dump(-1, ' ', false, json::error_handler_t::replace);
            first = false;
        }
    }
    const json s = summary.to_json(engine.pack());
    if (format == "json") std::cout << "\n],\"summary\":" << s.dump(-1, ' ', false, json::error_handler_t::replace) << "}\n";
    else if (format == "csv") print_csv(s);
    else print_html(s, today.iso());
    std::cout.flush();
    return status;
}
