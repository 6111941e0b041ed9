// referral — headless runner of the engine.
//
//   referral plan CASE.json|-            print the plan (referral-plan/1)
//   referral plan --batch CASES.jsonl|-  one plan (or error) per line
//   referral check-pack DIR|FILE         validate a pack (a folder or a .referral-pack file), print every problem
//   referral pack-file DIR > X.referral-pack
//                                        the pack, checked in full, as one file (referral-pack-file/1);
//                                        --pack takes a folder or such a file
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
//   referral verify PACKET.zip           check a transfer packet ZIP received, as the page does
//                                        (src/host/packet_zip.h): exit 0 with the checks, or 2 with
//                                        every failing entry named in the error's `file`
// Options: --catalogue LIST.csv replaces the pack's catalogue with the imported list;
// --pack DIR and --calendars DIR replace the bundled pack and calendar; --text prints a
// plan for people (Chinese) instead of JSON.
// Exit 0 on success, 2 on bad input (the error JSON on stdout), 1 on a usage error.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iconv.h>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/embedded.h"
#include "engine/engine.h"
#include "cli/audit_command.h"
#include "cli/file_digest.h"
#include "import/catalogue.h"
#include "import/notice.h"
#include "host/folder.h"
#include "host/input.h"
#include "host/packet_zip.h"
#include "core/limits.h"
#include "packet/packet.h"
#include "core/sha256.h"
#include "rules/clause_text.h"

using namespace referral;

namespace {

int usage(const std::string& why) {
    std::cerr << "referral: " << why << "\n"
              << "usage: referral [--pack DIR] [--calendars DIR] [--text] plan CASE.json|-\n"
              << "       referral [--pack DIR] [--calendars DIR] plan --batch CASES.jsonl|-\n"
              << "       referral check-pack DIR|PACK_FILE [--calendars DIR]\n"
              << "       referral pack-file DIR > NAME.referral-pack   (--pack takes a folder or a .referral-pack file)\n"
              << "       referral [--calendars DIR] workdays YYYY-MM-DD N\n"
              << "       referral [--pack DIR] describe\n"
              << "       referral [--pack DIR] sentences\n"
              << "       referral [--pack DIR] packet INPUT.json|- --out DIR [--today YYYY-MM-DD] [--attachments DIR]\n"
              << "       referral [--pack DIR] audit LEDGER.jsonl|- [--format json|csv|html] [--today YYYY-MM-DD]\n"
              << "       referral calendar-from-notice NOTICE.txt [AMENDMENT.txt ...]\n"
              << "       referral [--pack DIR] check-catalogue LIST.csv\n"
              << "       referral [--pack DIR] verify PACKET.zip\n"
              << "       (--catalogue LIST.csv before plan or packet uses that list instead of the pack's catalogue)\n";
    return 1;
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
        o << "处罚机关：" << h["name"].get<std::string>() << "（" << clause_label(h["clause"].get<std::string>()) << "）\n";
        if (h.contains("catalogue_row")) {
            const json& r = h["catalogue_row"];
            o << "目录依据：" << r["catalogue"].get<std::string>();
            if (r.contains("row")) o << " 第" << r["row"].get<int>() << "行";
            o << "“" << r["name"].get<std::string>() << "”（" << (r["devolved"].get<bool>() ? "已赋权" : "未赋权");
            if (r.contains("devolved_from")) o << "，" << r["devolved_from"].get<std::string>() << " 起";
            if (r.contains("revoked_from")) o << "，" << r["revoked_from"].get<std::string>() << " 收回";
            o << "）\n";
        }
    }
    if (plan.contains("catalogue")) {
        const json& c = plan["catalogue"];
        o << "事项目录：" << c["title"].get<std::string>() << "（" << c["items"].get<int>() << " 项，SHA-256 "
          << c["sha256"].get<std::string>().substr(0, 12) << "…）\n";
    }
    // The notices the working days were counted on (plan.calendar).
    if (plan.contains("calendar") && plan["calendar"].is_array() && !plan["calendar"].empty()) {
        o << "工作日依据：";
        bool first = true;
        for (const json& y : plan["calendar"]) {
            for (const json& src : y["sources"]) {
                o << (first ? "" : "；") << "《" << src["title"].get<std::string>() << "》";
                if (!src["number"].get<std::string>().empty()) o << "（" << src["number"].get<std::string>() << "）";
                first = false;
            }
        }
        o << "\n";
    }
    o << "\n步骤：\n";
    int n = 0;
    for (const json& s : plan["steps"]) {
        o << "  " << ++n << ". " << s["actor_name"].get<std::string>() << " " << s["action_label"].get<std::string>();
        if (!s["to"].is_null()) o << " → " << s["to_name"].get<std::string>();
        // The deadline in the pack's words (due.text); the record's verdict when the matter has one.
        o << "｜" << s["due"]["text"].get<std::string>();
        static const std::map<std::string, std::string> kStatus = {
            {"on_time", "按期办理"}, {"late", "逾期办理"}, {"missing", "逾期未办"}, {"pending", "待办"}};
        if (s.contains("status")) {
            o << "｜" << kStatus.at(s["status"].get<std::string>());
            if (s.contains("done")) o << " " << s["done"].get<std::string>();
        }
        o << "\n     依据 " << clause_label(s["clause"].get<std::string>()) << "："
          << clause_ids_as_printed(s["explanation"].get<std::string>()) << "\n";
    }
    if (!plan["warnings"].empty()) {
        o << "\n提示：\n";
        for (const json& w : plan["warnings"]) {
            o << "  ! ";
            if (w.contains("clause") && w["clause"].is_string()) o << "（" << clause_label(w["clause"].get<std::string>()) << "）";
            o << clause_ids_as_printed(w["message"].get<std::string>()) << "\n";
        }
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

// Writes `text` to a new file `path`; false with the reason when it cannot.
bool write_file(const std::filesystem::path& path, const std::string& text, std::string& why) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
        why = "cannot write " + path.filename().string();
        return false;
    }
    return true;
}

// Writes a packet's files as folder `out_dir`, all or nothing: into a temporary folder beside it,
// renamed to `out_dir` at the end (an existing empty folder is replaced, a non-empty one refused);
// on any error the temporary folder is removed and `out_dir` is left as it was.
std::optional<Error> write_folder_atomically(const std::string& out_dir,
                                             const std::vector<std::pair<std::string, const std::string*>>& files) {
    namespace fs = std::filesystem;
    auto io_error = [&](const std::string& why) {
        Error e = make_error(ErrorCode::kIoError, "", "无法写入输出文件夹 / cannot write the output folder: " + why);
        e.file = out_dir;
        return e;
    };
    std::error_code ec;
    const fs::path target = fs::path(out_dir).lexically_normal();
    if (target.filename().empty() || target.filename() == "." || target.filename() == "..") return io_error("not a folder name");
    if (fs::exists(fs::symlink_status(target, ec))) {
        if (!fs::is_directory(fs::symlink_status(target, ec))) return io_error("exists and is not a folder");
        if (!fs::is_empty(target, ec) || ec) return io_error("exists and is not empty");
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (ec) return io_error(ec.message());
    std::random_device rd;
    fs::path tmp;
    for (int attempt = 0; attempt < 16; ++attempt) {
        tmp = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(rd() % 1000000));
        if (fs::create_directory(tmp, ec) && !ec) break;
        tmp.clear();
    }
    if (tmp.empty()) return io_error("cannot create a temporary folder");
    auto give_up = [&](const std::string& why) {
        std::error_code ignored;
        fs::remove_all(tmp, ignored);
        return io_error(why);
    };
    std::string why;
    for (const auto& [name, body] : files) {
        // 255 bytes per name is the limit of every common file system; checked here because some
        // layers (Emscripten's NODERAWFS) shorten a longer name silently instead of failing.
        for (const auto& part : fs::path(name))
            if (part.string().size() > 255) return give_up("a file name is longer than 255 bytes");
        const fs::path path = tmp / name;
        if (path.has_parent_path() && path.parent_path() != tmp) {
            fs::create_directories(path.parent_path(), ec);
            if (ec) return give_up(ec.message());
        }
        if (!write_file(path, *body, why)) return give_up(why);
    }
    fs::rename(tmp, target, ec);
    if (ec) return give_up(ec.message());
    return std::nullopt;
}

// --attachments DIR: every attachment descriptor names a file of DIR; its size and SHA-256 are
// computed here (a value given in the input must agree) and the file is copied into the packet.
// Returns the files' bytes by manifest position, or the errors (JSON Pointer of the descriptor).
bool hash_attachments(json& doc, const std::string& dir, std::vector<std::string>& bytes, std::vector<Error>& errors) {
    if (!doc.is_object() || !doc.contains("attachments") || !doc["attachments"].is_array()) return true;
    auto& list = doc["attachments"];
    if (list.size() > limits::kAttachments) return true;  // the engine refuses it with too_large
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string at = "/attachments/" + std::to_string(i);
        auto& a = list[i];
        if (!a.is_object() || !a.contains("file_name") || !a["file_name"].is_string()) continue;  // the engine reports it
        // Values given must be of the right type: refused, never silently replaced by the file's.
        if (a.contains("size") && !a["size"].is_number_integer()) {
            errors.push_back(make_error(ErrorCode::kWrongType, at + "/size", "应为整数（字节数） / must be an integer"));
            continue;
        }
        if (a.contains("sha256") && !a["sha256"].is_string()) {
            errors.push_back(make_error(ErrorCode::kWrongType, at + "/sha256", "应为字符串 / must be a string"));
            continue;
        }
        const std::string name = a["file_name"].get<std::string>();
        const std::filesystem::path leaf = std::filesystem::path(name).filename();
        if (leaf.empty() || leaf == "." || leaf == ".." || leaf.string() != name) {
            errors.push_back(make_error(ErrorCode::kInvalidValue, at + "/file_name",
                                        "附件文件名须为文件夹中一个文件的名称，不得含路径 / a file name, not a path"));
            continue;
        }
        FileDigest d = digest_file((std::filesystem::path(dir) / leaf).string(), limits::kAttachmentBytes);
        if (!d.ok) {
            errors.push_back(make_error(d.too_large ? ErrorCode::kTooLarge : ErrorCode::kIoError, at + "/file_name",
                                        "附件文件在 " + dir + " 中找不到、不是普通文件、过大或无法读取 / " + d.why));
            continue;
        }
        if (a.contains("sha256") && !a["sha256"].get<std::string>().empty() && a["sha256"] != d.sha256)
            errors.push_back(make_error(ErrorCode::kInvalidValue, at + "/sha256",
                                        "附件的 SHA-256 与文件内容不符（文件为 " + d.sha256 + "） / digest does not match the file"));
        if (a.contains("size") && integer_or(a["size"], -1) != d.size)
            errors.push_back(make_error(ErrorCode::kInvalidValue, at + "/size",
                                        "附件的大小与文件不符（文件为 " + std::to_string(d.size) + " 字节） / size does not match the file"));
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
        auto d = read_date(today_text, "/today");
        if (!d.ok()) return fail_with({d.error()});
        today = d.value();
    }
    auto text = read_input(input_path, limits::kPacketInputBytes);
    if (!text.ok()) return fail_with({text.error()});
    auto doc = parse_json(text.value(), "", limits::kPacketInputBytes);
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
    if (reply["ok"] != true) {
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
    if (auto err = write_folder_atomically(out_dir, files)) return fail_with({*err});
    json written = json::array();
    for (const auto& f : files) written.push_back((std::filesystem::path(out_dir) / f.first).string());
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
    // Every file read (and refused past the importers' limit) before anything is imported or printed.
    for (size_t i = 1; i < rest.size(); ++i) {
        auto text = read_input(rest[i], limits::kCatalogueBytes);
        if (!text.ok()) return fail_with({text.error()});
        notices.push_back({std::move(text).value(), std::filesystem::path(rest[i]).filename().string()});
    }
    NoticeResult r = calendar_from_notices(notices);
    if (!r.ok) return fail_with(r.errors);
    std::cout << r.text << "\n";
    return 0;
}

// A catalogue file as UTF-8: UTF-8 as it is, anything else read as GBK/GB18030 (Excel and WPS save
// CSV in the system code page on Chinese Windows). False when neither decodes.
bool utf8_or_gbk(std::string& text) {
    // Strictly well-formed (invalid_utf8_offset): surrogates and overlong forms are not UTF-8 either.
    auto valid = [](const std::string& s) { return !invalid_utf8_offset(s); };
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
    auto bytes = read_input(path, limits::kCatalogueBytes);
    if (!bytes.ok()) {
        failure = error_envelope({bytes.error()});
        return false;
    }
    std::string text = bytes.value();
    if (!utf8_or_gbk(text)) {
        failure = error_envelope({make_error(ErrorCode::kInvalidValue, "", path + " 既不是 UTF-8 也不是 GBK 编码的 CSV")});
        return false;
    }
    const std::string file = std::filesystem::path(path).filename().string();
    result = import_catalogue(parse_csv(text), pack, file, {}, CatalogueSource{file, sha256_hex(bytes.value()), today_in_china().iso()});
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

// plan --batch: one plan or one error per non-blank line, every line planned whatever the others
// hold (a line that is not UTF-8 is one error with its line and byte offset), all flushed at the end.
// Read line by line (host/input.h): a line past limits::kBatchLineBytes is one error and skipped, and
// past limits::kBatchBytes in all the lines after it are not read.
int batch_command(const Engine& e, const std::string& path, std::optional<Date> today) {
    LineReader in;
    if (auto err = in.open(path)) return fail_with({*err});
    std::string line;
    size_t number = 0;
    int status = 0;
    static const std::string kOk = "{\"ok\":true,\"plan\":";
    auto line_error = [&](Error err) {
        json j = error_envelope({std::move(err)});
        j["line"] = number;
        print(j, false);
        status = 2;
    };
    auto whole_too_large = [&] {
        line_error(input_too_large(path, limits::kBatchBytes, "批量输入（其后各行未处理）"));
    };
    for (;;) {
        const LineReader::Next next = in.next(limits::kBatchLineBytes, line);
        if (next == LineReader::Next::kEnd) break;
        ++number;
        if (next == LineReader::Next::kError) {
            line_error(in.error());
            break;
        }
        if (next == LineReader::Next::kTooLong) {
            line_error(input_too_large(path, limits::kBatchLineBytes, "本行"));
            // The rest of the line is skipped, within the whole batch's limit.
            if (in.skip_line(limits::kBatchBytes - std::min(in.bytes_read(), limits::kBatchBytes))) continue;
            if (in.bytes_read() >= limits::kBatchBytes) whole_too_large();
            else if (in.next(1, line) == LineReader::Next::kError) line_error(in.error());
            break;
        }
        if (in.bytes_read() > limits::kBatchBytes) {
            whole_too_large();
            break;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string r = e.plan_text(line, today);
        if (r.compare(0, kOk.size(), kOk) == 0) {
            std::cout.write(r.data() + kOk.size(), static_cast<std::streamsize>(r.size() - kOk.size() - 1));
            std::cout << '\n';
        } else {
            json err = json::parse(r, nullptr, /*allow_exceptions=*/false);
            err["line"] = number;
            print(err, false);
            status = 2;
        }
    }
    std::cout.flush();
    return status;
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

    if (command == "check-pack" || command == "pack-file") {
        if (rest.size() != 2) return usage(command + " takes one pack (a folder or a .referral-pack file)");
        pack_dir = rest[1];
    }

    PackFiles pack_files = embedded_pack_files();
    CalendarFiles calendar_files = embedded_calendar_files();
    if (!pack_dir.empty()) {
        // A pack is a folder, or one file (.referral-pack, referral-pack-file/1: its files and their digest).
        std::vector<Error> errors;
        auto files = read_pack_path(pack_dir, &errors);
        if (!files.ok()) return fail_with(errors);
        pack_files = std::move(files).value();
    }
    if (!calendar_dir.empty()) {
        auto files = read_folder(calendar_dir);
        if (!files.ok()) return fail_with({files.error()});
        calendar_files = std::move(files).value();
    }
    json office = json::object();  // the office's own data over the pack (as the page's configure())
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
        office["catalogue"] = std::move(imported.catalogue);
    }
    std::vector<Error> load_errors;
    auto engine = Engine::load_with_office_data(pack_files, calendar_files, office, &load_errors);

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

    if (command == "pack-file") {
        // The pack, checked in full above, as one file an office can load without a rebuild.
        print(pack_file_json(pack_files, e.pack().meta), true);
        return 0;
    }

    if (command == "plan") {
        // plan [--today YYYY-MM-DD] CASE.json | --batch FILE: the day the matter is judged on
        // (default: today, China time — the engine's own default).
        std::optional<Date> today;
        for (size_t i = 1; i + 1 < rest.size(); ++i)
            if (rest[i] == "--today") {
                today = Date::parse(rest[i + 1]);
                if (!today)
                    return fail_with({make_error(ErrorCode::kInvalidDate, "/today", "--today 应为存在的日期 YYYY-MM-DD / --today wants a real YYYY-MM-DD")});
                rest.erase(rest.begin() + static_cast<long>(i), rest.begin() + static_cast<long>(i) + 2);
                break;
            }
        if (rest.size() == 3 && rest[1] == "--batch") return batch_command(e, rest[2], today);
        if (rest.size() != 2) return usage("plan takes one case file, '-' or --batch FILE");
        auto input = read_input(rest[1], limits::kCaseBytes);
        if (!input.ok()) return fail_with({input.error()});
        json r = json::parse(e.plan_text(input.value(), today), nullptr, /*allow_exceptions=*/false);
        if (r["ok"] != true) {
            print(r, true);
            return 2;
        }
        if (text) print_text(r["plan"]);
        else print(r["plan"], true);
        return 0;
    }
    if (command == "workdays") {
        if (rest.size() != 3) return usage("workdays takes a date and a count");
        // The start as every date entering the engine is read (core/date.h): a year past 2200 is
        // refused here with its reason, before any day is counted.
        if (auto d = read_date(rest[1], "/start", DateForm::kDayOrDateTime); !d.ok()) return fail_with({d.error()});
        int n = 0;
        const std::string& count = rest[2];
        const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
        if (ec != std::errc() || end != count.data() + count.size())
            return fail_with({make_error(ErrorCode::kInvalidValue, "/count", "天数应为整数 / count must be an integer")});
        json r = e.workdays(rest[1], n);
        print(r, true);
        return r["ok"] == true ? 0 : 2;
    }
    if (command == "packet") return packet_command(e, rest);
    if (command == "audit") return audit_command(e, rest);
    if (command == "check-catalogue") return check_catalogue_command(e.pack(), rest);
    if (command == "verify") {
        if (rest.size() != 2 || rest[1] == "-") return usage("verify takes one ZIP file (not standard input: a ZIP is read from its end)");
        const json r = verify_packet_zip_file(e, rest[1]);
        print(r, true);
        return r["ok"] == true ? 0 : 2;
    }
    if (command == "sentences") return sentences_command(e, rest);
    if (command == "describe") {
        print(e.describe_pack(), true);
        return 0;
    }
    return usage("unknown command " + command);
}
