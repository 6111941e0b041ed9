// referral — headless runner of the engine.
//
//   referral plan CASE.json|-            print the plan (referral-plan/1)
//   referral plan --batch CASES.jsonl|-  one plan (or error) per line
//   referral check-pack DIR              validate a pack folder, print every problem
//   referral workdays DATE N             the date N working days after DATE
//   referral describe                    the pack as the wizard sees it
//   referral sentences                   the sentence ledger: [{clause, sentence, status, rules, reason}]
//   referral packet INPUT.json --out DIR [--today YYYY-MM-DD] [--attachments DIR]
//                                        the transfer packet: DIR/packet.json and one HTML page per
//                                        document; prints a summary (complete or not, files written).
//                                        With --attachments, each attachment's size and SHA-256 are
//                                        computed from its file there, and the files are copied to
//                                        DIR/attachments/ (the same layout as the wizard's ZIP).
// Options: --pack DIR and --calendars DIR replace the bundled pack and calendar; --text prints a
// plan for people (Chinese) instead of JSON.
// Exit 0 on success, 2 on bad input (the error JSON on stdout), 1 on a usage error.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/embedded.h"
#include "engine/engine.h"
#include "cli/file_digest.h"
#include "packet/packet.h"

using namespace referral;

namespace {

int usage(const std::string& why) {
    std::cerr << "referral: " << why << "\n"
              << "usage: referral [--pack DIR] [--calendars DIR] [--text] plan CASE.json|-\n"
              << "       referral [--pack DIR] [--calendars DIR] plan --batch CASES.jsonl|-\n"
              << "       referral check-pack DIR [--calendars DIR]\n"
              << "       referral [--calendars DIR] workdays YYYY-MM-DD N\n"
              << "       referral [--pack DIR] describe\n"
              << "       referral [--pack DIR] sentences\n"
              << "       referral [--pack DIR] packet INPUT.json|- --out DIR [--today YYYY-MM-DD] [--attachments DIR]\n";
    return 1;
}

bool read_input(const std::string& path, std::string& out, std::string& why) {
    if (path == "-") {
        std::ostringstream s;
        s << std::cin.rdbuf();
        out = s.str();
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = "cannot read " + path;
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

// A plan as an official reads it: who handles it, then each step with its deadline and clause.
void print_text(const json& plan) {
    std::ostringstream o;
    const json& f = plan["facts"];
    o << "事项日期：" << f["date"].get<std::string>() << "\n";
    if (plan["handler"].is_null()) {
        o << "处罚机关：无（见下列步骤与提示）\n";
    } else {
        const json& h = plan["handler"];
        o << "处罚机关：" << h["name"].get<std::string>() << "（" << h["clause"].get<std::string>() << "）\n";
    }
    o << "\n步骤：\n";
    int n = 0;
    for (const json& s : plan["steps"]) {
        o << "  " << ++n << ". " << s["actor_name"].get<std::string>() << " " << s["action_label"].get<std::string>();
        if (!s["to"].is_null()) o << " → " << s["to_name"].get<std::string>();
        const json& d = s["due"];
        const std::string rule = d["rule"];
        if (d.contains("date")) o << "｜最迟 " << d["date"].get<std::string>() << "（" << d["weekday"].get<std::string>() << "）";
        else if (d.contains("datetime")) o << "｜最迟 " << d["datetime"].get<std::string>() << "（" << d["weekday"].get<std::string>() << "）";
        else if (rule == "working_days") o << "｜" << d["from_label"].get<std::string>() << "起 " << d["count"].get<int>() << " 个工作日内";
        else if (rule == "hours") o << "｜" << d["from_label"].get<std::string>() << "起 " << d["count"].get<int>() << " 小时内";
        else if (rule == "immediately") o << "｜立即";
        else if (rule == "promptly") o << "｜及时";
        if (d.contains("calendar_covered") && !d["calendar_covered"].get<bool>()) o << "（超出节假日数据，仅按周一至周五推算）";
        o << "\n     依据 " << s["clause"].get<std::string>() << "：" << s["explanation"].get<std::string>() << "\n";
    }
    if (!plan["warnings"].empty()) {
        o << "\n提示：\n";
        for (const json& w : plan["warnings"]) o << "  ! " << w["message"].get<std::string>() << "\n";
    }
    std::cout << o.str();
}

void print(const json& j, bool pretty) {
    std::cout << j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << "\n";
}

int fail_with(const std::vector<Error>& errors) {
    print(error_envelope(errors), true);
    return 2;
}

// Writes `text` to `path` through a temporary file and a rename, so no reader ever sees half a file.
bool write_atomically(const std::filesystem::path& path, const std::string& text, std::string& why) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            why = "cannot write " + tmp.string();
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        why = "cannot rename to " + path.string();
        return false;
    }
    return true;
}

// Today on the clock of 启东 (UTC+8), which is what "not in the future" means for its documents.
Date today_in_china() {
    const auto now = std::chrono::system_clock::now();
    const long long seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() + 8 * 3600;
    return Date{static_cast<int32_t>(seconds / 86400)};
}

// --attachments DIR: every attachment descriptor names a file of DIR; its size and SHA-256 are
// computed here (a value given in the input must agree) and the file is copied into the packet.
// Returns the files' bytes by manifest position, or the errors (JSON Pointer of the descriptor).
bool hash_attachments(json& doc, const std::string& dir, std::vector<std::string>& bytes, std::vector<Error>& errors) {
    if (!doc.is_object() || !doc.contains("attachments") || !doc["attachments"].is_array()) return true;
    auto& list = doc["attachments"];
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string at = "/attachments/" + std::to_string(i);
        auto& a = list[i];
        if (!a.is_object() || !a.contains("file_name") || !a["file_name"].is_string()) continue;  // the engine reports it
        const std::string name = a["file_name"].get<std::string>();
        FileDigest d = digest_file((std::filesystem::path(dir) / std::filesystem::path(name).filename()).string());
        if (!d.ok) {
            errors.push_back(make_error(ErrorCode::kIoError, at + "/file_name", "附件文件“" + name + "”在 " + dir + " 中找不到或无法读取 / " + d.why));
            continue;
        }
        if (a.contains("sha256") && a["sha256"].is_string() && !a["sha256"].get<std::string>().empty() && a["sha256"] != d.sha256)
            errors.push_back(make_error(ErrorCode::kInvalidValue, at + "/sha256",
                                        "附件“" + name + "”的 SHA-256 与文件内容不符（文件为 " + d.sha256 + "） / digest does not match the file"));
        if (a.contains("size") && a["size"].is_number_integer() && a["size"].get<long long>() != d.size)
            errors.push_back(make_error(ErrorCode::kInvalidValue, at + "/size",
                                        "附件“" + name + "”的大小与文件不符（文件为 " + std::to_string(d.size) + " 字节） / size does not match the file"));
        a["sha256"] = d.sha256;
        a["size"] = d.size;
        if (bytes.size() <= i) bytes.resize(i + 1);
        bytes[i] = std::move(d.bytes);
    }
    return errors.empty();
}

int packet_command(const Engine& e, const std::vector<std::string>& rest) {
    std::string input_path, out_dir, today_text, attachments_dir;
    for (size_t i = 1; i < rest.size(); ++i) {
        if (rest[i] == "--out" && i + 1 < rest.size()) out_dir = rest[++i];
        else if (rest[i] == "--today" && i + 1 < rest.size()) today_text = rest[++i];
        else if (rest[i] == "--attachments" && i + 1 < rest.size()) attachments_dir = rest[++i];
        else if (input_path.empty()) input_path = rest[i];
        else return usage("packet takes one input file");
    }
    if (input_path.empty() || out_dir.empty()) return usage("packet needs INPUT.json and --out DIR");
    Date today = today_in_china();
    if (!today_text.empty()) {
        auto d = Date::parse(today_text);
        if (!d) return usage("--today wants YYYY-MM-DD");
        today = *d;
    }
    std::string text, why;
    if (!read_input(input_path, text, why)) return usage(why);
    auto doc = parse_json(text);
    if (!doc.ok()) return fail_with({doc.error()});
    json input = doc.value();
    std::vector<std::string> attachment_bytes;
    if (!attachments_dir.empty()) {
        std::vector<Error> errors;
        if (!hash_attachments(input, attachments_dir, attachment_bytes, errors)) return fail_with(errors);
    }
    // Everything is rendered before anything is written: a refused input or a broken template
    // leaves the folder untouched.
    json reply = e.packet_files(input, today);
    if (!reply["ok"].get<bool>()) {
        print(reply, true);
        return 2;
    }
    const json& packet = reply["packet"];
    std::vector<std::pair<std::string, const std::string*>> files;
    for (const auto& f : reply["files"]) {
        if (!f.contains("attachment")) files.emplace_back(f["name"].get<std::string>(), f["text"].get_ptr<const std::string*>());
        else if (const size_t i = f["attachment"].get<size_t>(); i < attachment_bytes.size())
            files.emplace_back(f["name"].get<std::string>(), &attachment_bytes[i]);
    }
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (!attachment_bytes.empty()) std::filesystem::create_directories(std::filesystem::path(out_dir) / "attachments", ec);
    if (ec) return fail_with({make_error(ErrorCode::kIoError, "", "无法创建输出文件夹 " + out_dir + " / cannot create folder")});
    json written = json::array();
    for (const auto& [name, body] : files) {
        const auto path = std::filesystem::path(out_dir) / name;
        if (!write_atomically(path, *body, why)) return fail_with({make_error(ErrorCode::kIoError, "", why)});
        written.push_back(path.string());
    }
    print({{"ok", true},
           {"complete", packet["completeness"]["complete"]},
           {"items", packet["completeness"]["items"].size()},
           {"sha256", packet["sha256"]},
           {"files", written}},
          true);
    return 0;
}

// The pack's sentence ledger (sentences.json as loaded and checked), one object per sentence of
// the ledger's scope in document order; `documents` only where document requirements encode it.
int sentences_command(const Engine& e, const std::vector<std::string>& rest) {
    if (rest.size() != 1) return usage("sentences takes no arguments");
    json out = json::array();
    for (const LedgerEntry& s : e.pack().sentences) {
        json j = {{"clause", s.clause}, {"sentence", s.sentence}, {"status", s.status}, {"rules", s.rules}, {"reason", s.reason}};
        if (!s.documents.empty()) j["documents"] = s.documents;
        out.push_back(std::move(j));
    }
    print(out, true);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string pack_dir, calendar_dir;
    bool text = false;
    std::vector<std::string> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--text") {
            text = true;
            continue;
        }
        if ((args[i] == "--pack" || args[i] == "--calendars") && i + 1 < args.size()) {
            (args[i] == "--pack" ? pack_dir : calendar_dir) = args[i + 1];
            ++i;
        } else {
            rest.push_back(args[i]);
        }
    }
    if (rest.empty()) return usage("no command");
    const std::string command = rest[0];

    if (command == "check-pack") {
        if (rest.size() != 2) return usage("check-pack takes one folder");
        pack_dir = rest[1];
    }

    PackFiles pack_files = embedded_pack_files();
    CalendarFiles calendar_files = embedded_calendar_files();
    if (!pack_dir.empty()) {
        auto files = read_folder(pack_dir);
        if (!files.ok()) return fail_with({files.error()});
        pack_files = std::move(files).value();
    }
    if (!calendar_dir.empty()) {
        auto files = read_folder(calendar_dir);
        if (!files.ok()) return fail_with({files.error()});
        calendar_files = std::move(files).value();
    }
    std::vector<Error> load_errors;
    auto engine = Engine::load(pack_files, calendar_files, &load_errors);

    if (command == "check-pack") {
        if (!engine.ok()) {
            for (const auto& e : load_errors) std::cerr << describe(e) << "\n";
            return fail_with(load_errors);
        }
        const Pack& p = engine.value().pack();
        print({{"ok", true},
               {"pack", p.meta.id},
               {"version", p.meta.version},
               {"rules", p.rules.size()},
               {"authorities", p.authorities.size()},
               {"catalogue_items", p.catalogue.size()},
               {"calendar_years", engine.value().calendar().years().size()}},
              true);
        return 0;
    }
    if (!engine.ok()) return fail_with(load_errors);
    const Engine& e = engine.value();

    if (command == "plan") {
        if (rest.size() == 3 && rest[1] == "--batch") {
            std::string text, why;
            if (!read_input(rest[2], text, why)) return usage(why);
            std::istringstream lines(text);
            std::string line;
            int status = 0;
            size_t number = 0;
            while (std::getline(lines, line)) {
                ++number;
                if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
                const std::string r = e.plan_text(line);
                static const std::string kOk = "{\"ok\":true,\"plan\":";
                if (r.compare(0, kOk.size(), kOk) == 0) {
                    std::cout.write(r.data() + kOk.size(), static_cast<std::streamsize>(r.size() - kOk.size() - 1));
                    std::cout << '\n';
                } else {
                    json err = json::parse(r);
                    err["line"] = number;
                    print(err, false);
                    status = 2;
                }
            }
            return status;
        }
        if (rest.size() != 2) return usage("plan takes one case file, '-' or --batch FILE");
        std::string input, why;
        if (!read_input(rest[1], input, why)) return usage(why);
        json r = json::parse(e.plan_text(input));
        if (!r["ok"].get<bool>()) {
            print(r, true);
            return 2;
        }
        if (text) print_text(r["plan"]);
        else print(r["plan"], true);
        return 0;
    }
    if (command == "workdays") {
        if (rest.size() != 3) return usage("workdays takes a date and a count");
        int n = 0;
        try {
            size_t used = 0;
            n = std::stoi(rest[2], &used);
            if (used != rest[2].size()) throw std::invalid_argument("trailing");
        } catch (const std::exception&) {
            return fail_with({make_error(ErrorCode::kInvalidValue, "/count", "“" + rest[2] + "”不是整数")});
        }
        json r = e.workdays(rest[1], n);
        print(r, true);
        return r["ok"].get<bool>() ? 0 : 2;
    }
    if (command == "packet") return packet_command(e, rest);
    if (command == "sentences") return sentences_command(e, rest);
    if (command == "describe") {
        print(e.describe_pack(), true);
        return 0;
    }
    return usage("unknown command " + command);
}
