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
//   referral audit LEDGER.jsonl|- [--format json|csv|html] [--today YYYY-MM-DD]
//                                        the supervisor's audit of a ledger (see audit/audit.h)
//   referral calendar-from-notice NOTICE.txt [AMENDMENT.txt ...]
//                                        a year's calendar (referral-calendar/1) from the text of the
//                                        State Council's holiday notice (src/import/notice.h)
//   referral check-catalogue LIST.csv    import the official catalogue (UTF-8 or GBK CSV): a summary,
//                                        or every bad row with row and column (src/import/catalogue.h)
// Options: --catalogue LIST.csv replaces the pack's catalogue with the imported list;
// --pack DIR and --calendars DIR replace the bundled pack and calendar; --text prints a
// plan for people (Chinese) instead of JSON.
// Exit 0 on success, 2 on bad input (the error JSON on stdout), 1 on a usage error.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iconv.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/embedded.h"
#include "engine/engine.h"
#include "cli/audit_command.h"
#include "cli/file_digest.h"
#include "import/catalogue.h"
#include "import/notice.h"
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
              << "       referral [--pack DIR] packet INPUT.json|- --out DIR [--today YYYY-MM-DD] [--attachments DIR]\n"
              << "       referral [--pack DIR] audit LEDGER.jsonl|- [--format json|csv|html] [--today YYYY-MM-DD]\n"
              << "       referral calendar-from-notice NOTICE.txt [AMENDMENT.txt ...]\n"
              << "       referral [--pack DIR] check-catalogue LIST.csv\n"
              << "       (--catalogue LIST.csv before plan or packet uses that list instead of the pack's catalogue)\n";
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
        if (d.contains("calendar_covered") && !d["calendar_covered"].get<bool>()) o << "（当年节假日安排未发布，暂算）";
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

// referral calendar-from-notice NOTICE.txt [AMENDMENT.txt ...]
// The year's calendar (referral-calendar/1) from the text of the State Council's notice and any
// notice amending it; exit 0 with the document, exit 2 with every error (file and line).
int calendar_from_notice_command(const std::vector<std::string>& rest) {
    if (rest.size() < 2) {
        std::cerr << "usage: referral calendar-from-notice NOTICE.txt [AMENDMENT.txt ...]\n";
        return 1;
    }
    std::vector<NoticeInput> notices;
    for (size_t i = 1; i < rest.size(); ++i) {
        std::ifstream in(rest[i], std::ios::binary);
        std::ostringstream s;
        if (in) s << in.rdbuf();
        if (!in) return fail_with({make_error(ErrorCode::kIoError, "", "无法读取 " + rest[i] + " / cannot read the file")});
        notices.push_back({s.str(), std::filesystem::path(rest[i]).filename().string()});
    }
    NoticeResult r = calendar_from_notices(notices);
    if (!r.ok) return fail_with(r.errors);
    std::cout << r.text << "\n";
    return 0;
}

// A catalogue file as UTF-8: UTF-8 as it is, anything else read as GBK/GB18030 (Excel and WPS save
// CSV in the system code page on Chinese Windows). False when neither decodes.
bool utf8_or_gbk(std::string& text) {
    auto valid = [](const std::string& s) {
        for (size_t i = 0; i < s.size();) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
            if (n == 0 || i + n > s.size()) return false;
            for (size_t k = 1; k < n; ++k)
                if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
            i += n;
        }
        return true;
    };
    if (valid(text)) return true;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    std::string out(text.size() * 2 + 16, '\0');
    char* in_p = text.data();
    size_t in_left = text.size();
    char* out_p = out.data();
    size_t out_left = out.size();
    const size_t r = iconv(cd, &in_p, &in_left, &out_p, &out_left);
    iconv_close(cd);
    if (r == static_cast<size_t>(-1) || in_left != 0) return false;
    out.resize(out.size() - out_left);
    text = std::move(out);
    return valid(text);
}

// Reads and imports a catalogue file against `pack`; false (with `errors` as JSON) when refused.
bool import_catalogue_file(const std::string& path, const Pack& pack, CatalogueImport& result, json& failure) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    if (in) s << in.rdbuf();
    if (!in) {
        failure = error_envelope({make_error(ErrorCode::kIoError, "", "无法读取 " + path + " / cannot read the file")});
        return false;
    }
    std::string text = s.str();
    if (!utf8_or_gbk(text)) {
        failure = error_envelope({make_error(ErrorCode::kInvalidValue, "", path + " 既不是 UTF-8 也不是 GBK 编码的 CSV")});
        return false;
    }
    result = import_catalogue(parse_csv(text), pack, std::filesystem::path(path).filename().string());
    if (result.ok) return true;
    json list = row_errors_json(result.errors);
    for (auto& e : list) e["path"] = "/rows/" + std::to_string(e["row"].get<int>());
    failure = {{"ok", false}, {"error", list.front()}, {"errors", list}};
    return false;
}

// referral check-catalogue FILE.csv: exit 0 with a summary, exit 2 with every bad row.
int check_catalogue_command(const Pack& pack, const std::vector<std::string>& rest) {
    if (rest.size() != 2) return usage("check-catalogue takes one CSV file");
    CatalogueImport r;
    json failure;
    if (!import_catalogue_file(rest[1], pack, r, failure)) {
        print(failure, true);
        return 2;
    }
    print({{"ok", true},
           {"title", r.catalogue["title"]},
           {"items", r.items},
           {"devolved", r.devolved},
           {"revoked", r.revoked},
           {"inferred_categories", r.inferred},
           {"mapping", r.mapping},
           {"ignored_columns", r.ignored_columns}},
          true);
    return 0;
}

// --catalogue FILE: removed from `args`; returns FILE or "".
std::string take_catalogue_option(std::vector<std::string>& args) {
    for (size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--catalogue") {
            std::string file = args[i + 1];
            args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
            return file;
        }
    return "";
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
    const std::string catalogue_file = take_catalogue_option(args);
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
    if (command == "calendar-from-notice") return calendar_from_notice_command(rest);

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
    if (!catalogue_file.empty()) {
        // The pack's catalogue replaced by the imported one (checked against the pack's authorities).
        std::vector<Error> errors;
        auto base = Engine::load(pack_files, calendar_files, &errors);
        if (!base.ok()) return fail_with(errors);
        CatalogueImport imported;
        json failure;
        if (!import_catalogue_file(catalogue_file, base.value().pack(), imported, failure)) {
            print(failure, true);
            return 2;
        }
        pack_files["catalogue.json"] = imported.catalogue.dump(2);
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
                const std::string r = e.plan_text(line, today_in_china());
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
        json r = json::parse(e.plan_text(input, today_in_china()));
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
    if (command == "audit") return audit_command(e, rest);
    if (command == "check-catalogue") return check_catalogue_command(e.pack(), rest);
    if (command == "sentences") return sentences_command(e, rest);
    if (command == "describe") {
        print(e.describe_pack(), true);
        return 0;
    }
    return usage("unknown command " + command);
}
