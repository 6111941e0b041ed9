#include "host/packet_zip.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sys/stat.h>
#include <vector>

#include <unzip.h>  // minizip

#include "core/envelope.h"
#include "core/limits.h"
#include "host/input.h"
#include "core/sha256.h"

namespace referral {

namespace {

// An error about one entry of the ZIP (`file`, as pack errors name the file inside the pack).
Error entry_error(ErrorCode code, const std::string& entry, const std::string& message) {
    Error e = make_error(code, "", message);
    e.file = entry;
    return e;
}

json refused(std::vector<Error> errors) { return error_envelope(errors); }

// minizip over bytes in memory: open, read, tell, seek, close (nothing is written).
struct Memory {
    std::string_view data;
    uint64_t pos = 0;
};
voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* m = static_cast<Memory*>(stream);
    const uint64_t n = m->pos >= m->data.size() ? 0 : std::min<uint64_t>(size, m->data.size() - m->pos);
    if (n) std::copy_n(m->data.data() + m->pos, n, static_cast<char*>(buf));
    m->pos += n;
    return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<Memory*>(stream)->pos; }
long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* m = static_cast<Memory*>(stream);
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->data.size();
    if (offset > UINT64_MAX - base || base + offset > m->data.size()) return -1;
    m->pos = base + offset;
    return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

// An entry's name as text: a name that is not UTF-8 (a ZIP tool writing GBK names) gets U+FFFD for
// each bad byte, so that the errors naming it are valid JSON; such a name is never in the manifest.
std::string shown_name(std::string raw) {
    if (!invalid_utf8_offset(raw)) return raw;
    const json replaced = json::parse(json(raw).dump(-1, ' ', false, json::error_handler_t::replace), nullptr, false);
    return replaced.is_string() ? replaced.get<std::string>() : std::string("（文件名无法读取）");
}

struct Entry {
    std::string name;
    uint64_t size = 0;  // declared, uncompressed, from the central directory
    unz64_file_pos pos{};
};

// Inflates one entry, at most its declared size (minizip stops there), in pieces to `sink`; false
// with the reason when it is damaged, shorter than declared or fails its CRC-32.
bool read_entry(unzFile zf, const Entry& e, const std::function<void(std::string_view)>& sink, std::string& why) {
    if (unzGoToFilePos64(zf, &e.pos) != UNZ_OK || unzOpenCurrentFile(zf) != UNZ_OK) {
        why = "无法读取（ZIP 文件已损坏）";
        return false;
    }
    char buf[65536];
    uint64_t got = 0;
    int n = 0;
    while ((n = unzReadCurrentFile(zf, buf, sizeof buf)) > 0) {
        got += static_cast<uint64_t>(n);
        sink(std::string_view(buf, static_cast<size_t>(n)));
    }
    const int closed = unzCloseCurrentFile(zf);
    if (n < 0 || got != e.size) why = "内容无法解压或短于声明的大小（ZIP 文件已损坏）";
    else if (closed == UNZ_CRCERROR) why = "CRC-32 校验不符（ZIP 文件已损坏或被改动）";
    else if (closed != UNZ_OK) why = "无法读取（ZIP 文件已损坏）";
    return why.empty();
}

std::string size_text(uint64_t n) { return std::to_string(n) + " 字节"; }

json verify(const Engine& engine, unzFile zf) {
    unz_global_info64 gi{};
    if (unzGetGlobalInfo64(zf, &gi) != UNZ_OK)
        return refused({make_error(ErrorCode::kInvalidValue, "", "不是材料包：无法读取 ZIP 文件的目录 / not a ZIP file")});
    if (gi.number_entry > limits::kPacketZipEntries)
        return refused({make_error(ErrorCode::kTooLarge, "", "材料包声明有 " + std::to_string(gi.number_entry) + " 个文件，超过 " +
                                                             std::to_string(limits::kPacketZipEntries) + " 个的上限 / too many entries")});
    // 1. The central directory, before anything is inflated.
    std::vector<Entry> entries;
    std::map<std::string, size_t> by_name;
    std::vector<Error> errors;
    uint64_t total = 0;
    int rc = unzGoToFirstFile(zf);
    for (; rc == UNZ_OK; rc = unzGoToNextFile(zf)) {
        if (entries.size() >= limits::kPacketZipEntries)
            return refused({make_error(ErrorCode::kTooLarge, "", "材料包中的文件超过 " + std::to_string(limits::kPacketZipEntries) +
                                                                 " 个的上限 / too many entries")});
        unz_file_info64 info{};
        char name[65536];
        if (unzGetCurrentFileInfo64(zf, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) break;
        Entry e;
        e.name = shown_name(std::string(name, std::min<size_t>(info.size_filename, sizeof name - 1)));
        e.size = info.uncompressed_size;
        if (unzGetFilePos64(zf, &e.pos) != UNZ_OK) break;
        // Sizes are added as declared: a bomb is refused from its directory, never inflated.
        total += std::min<uint64_t>(e.size, static_cast<uint64_t>(limits::kPacketZipBytes) + 1);
        if (total > static_cast<uint64_t>(limits::kPacketZipBytes))
            return refused({input_too_large("", static_cast<size_t>(limits::kPacketZipBytes), "材料包中文件解压后的大小（按 ZIP 目录声明）")});
        if (info.flag & 1) errors.push_back(entry_error(ErrorCode::kInvalidValue, e.name, "文件已加密，不是移送助手导出的材料包"));
        else if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
            errors.push_back(entry_error(ErrorCode::kInvalidValue, e.name, "压缩方式不是 deflate，不是移送助手导出的材料包"));
        if (auto [it, fresh] = by_name.emplace(e.name, entries.size()); !fresh)
            errors.push_back(entry_error(ErrorCode::kDuplicateId, e.name,
                                         "材料包中有两个同名文件“" + e.name + "”：其中一个是伪造或重复放入的，无法确定哪一个是原件"));
        entries.push_back(std::move(e));
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE)
        return refused({make_error(ErrorCode::kInvalidValue, "", "不是材料包：ZIP 文件的目录已损坏 / damaged ZIP directory")});
    if (!errors.empty()) return refused(errors);

    // 2. The manifest.
    const auto manifest_entry = by_name.find("packet.json");
    if (manifest_entry == by_name.end())
        return refused({entry_error(ErrorCode::kMissingField, "packet.json", "材料包中没有材料包清单（packet.json），不是移送助手导出的材料包")});
    const Entry& manifest = entries[manifest_entry->second];
    if (manifest.size > limits::kPacketJsonBytes)
        return refused({input_too_large("packet.json", limits::kPacketJsonBytes, "材料包清单（按 ZIP 目录声明）")});
    std::string text, why;
    if (!read_entry(zf, manifest, [&](std::string_view b) { text.append(b); }, why))
        return refused({entry_error(ErrorCode::kInvalidValue, "packet.json", "材料包清单" + why)});
    json v = engine.verify_packet(text);
    if (v["ok"] != true) {
        for (auto& e : v["errors"]) e["file"] = "packet.json";
        if (v.contains("error")) v["error"]["file"] = "packet.json";
        return v;
    }
    if (v["sha256"]["match"] != true)
        errors.push_back(entry_error(ErrorCode::kInvalidValue, "packet.json",
                                     "材料包清单的内容与其记录的 SHA-256 摘要不符，材料包已被改动"));

    // 3. Every entry against the manifest, from the directory still: nothing else inflated yet.
    std::set<std::string> skip;  // entries that disagree with the manifest: reported, never inflated
    std::map<std::string, const json*> listed;
    for (const json& f : v["files"]) listed[f["name"].get<std::string>()] = &f;
    for (const Entry& e : entries) {
        if (e.name == "packet.json") continue;
        if (!e.name.empty() && e.name.back() == '/' && e.size == 0) continue;  // a folder entry
        if (!listed.count(e.name))
            errors.push_back(entry_error(ErrorCode::kUnknownReference, e.name, "材料包清单中没有此文件：清单之外的文件不应在材料包中"));
    }
    for (const auto& [name, f] : listed) {
        if (name == "packet.json") continue;
        const auto at = by_name.find(name);
        if (at == by_name.end()) {
            errors.push_back(entry_error(ErrorCode::kMissingField, name, "材料包清单列出了此文件，材料包中却没有"));
            skip.insert(name);
            continue;
        }
        const Entry& e = entries[at->second];
        if (!f->contains("attachment")) {
            const size_t want = (*f)["text"].get_ref<const std::string&>().size();
            if (e.size != want) {
                errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "文书的大小（" + size_text(e.size) + "）与按清单重新生成的文书（" +
                                                                                 size_text(want) + "）不同，文书已被改动，未解压"));
                skip.insert(name);
            }
            continue;
        }
        const json& m = v["attachments"][(*f)["attachment"].get<size_t>()];
        const long long want = integer_or(m["size"], -1);
        if (want > limits::kAttachmentBytes || e.size > static_cast<uint64_t>(limits::kAttachmentBytes)) {
            errors.push_back(input_too_large(name, static_cast<size_t>(limits::kAttachmentBytes), "附件"));
            skip.insert(name);
        } else if (want < 0 || e.size != static_cast<uint64_t>(want)) {
            errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "附件的大小（" + size_text(e.size) + "）与清单（" +
                                                                             (want < 0 ? std::string("未记录") : size_text(static_cast<uint64_t>(want))) +
                                                                             "）不符，未解压"));
            skip.insert(name);
        }
    }

    // 4. The contents of the others, one entry at a time.
    json checks = json::array({{{"name", "packet.json"},
                                {"message", "摘要一致（SHA-256 " + v["sha256"]["computed"].get<std::string>().substr(0, 16) + "…）"}}});
    for (const json& f : v["files"]) {
        const std::string name = f["name"];
        if (name == "packet.json" || skip.count(name)) continue;
        const Entry& e = entries[by_name.at(name)];
        if (!f.contains("attachment")) {
            const std::string& want = f["text"].get_ref<const std::string&>();
            size_t at = 0;
            bool same = true;
            if (!read_entry(zf, e, [&](std::string_view b) {
                    same = same && want.compare(at, b.size(), b) == 0;
                    at += b.size();
                }, why))
                errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "文书" + why));
            else if (!same)
                errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "与按清单重新生成的文书不一致，文书已被改动"));
            else
                checks.push_back({{"name", name}, {"message", "与材料包清单重新生成的文书一致"}});
            continue;
        }
        const json& m = v["attachments"][f["attachment"].get<size_t>()];
        Sha256 sha;
        if (!read_entry(zf, e, [&](std::string_view b) { sha.update(b); }, why)) {
            errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "附件" + why));
            continue;
        }
        const auto digest = sha.finish();
        const std::string hex = to_hex(digest.data(), digest.size());
        if (hex != string_or(m["sha256"]))
            errors.push_back(entry_error(ErrorCode::kInvalidValue, name, "附件的 SHA-256（" + hex.substr(0, 16) + "…）与清单（" +
                                                                             string_or(m["sha256"]).substr(0, 16) + "…）不符，附件已被改动"));
        else
            checks.push_back({{"name", name}, {"message", "SHA-256 一致（" + hex.substr(0, 16) + "…）"}});
    }
    if (!errors.empty()) return refused(errors);
    return {{"ok", true}, {"sha256", v["sha256"]["computed"]}, {"checks", checks}};
}

json verify_opened(const Engine& engine, unzFile zf) {
    if (!zf) return refused({make_error(ErrorCode::kInvalidValue, "", "不是材料包：不是 ZIP 文件或已损坏 / not a ZIP file")});
    json r = verify(engine, zf);
    unzClose(zf);
    return r;
}

}  // namespace

json verify_packet_zip_file(const Engine& engine, const std::string& path) {
    if (auto e = check_input_file(path)) return refused({*e});
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return refused({make_error(ErrorCode::kIoError, "", "无法读取材料包 / cannot read the file")});
    if (static_cast<unsigned long long>(st.st_size) > static_cast<unsigned long long>(limits::kPacketZipBytes))
        return refused({input_too_large(path, static_cast<size_t>(limits::kPacketZipBytes), "材料包")});
    return verify_opened(engine, unzOpen64(path.c_str()));
}

json verify_packet_zip_bytes(const Engine& engine, std::string_view zip) {
    if (zip.size() > static_cast<unsigned long long>(limits::kPacketZipBytes))
        return refused({input_too_large("", static_cast<size_t>(limits::kPacketZipBytes), "材料包")});
    Memory memory{zip, 0};
    zlib_filefunc64_def io{mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &memory};
    return verify_opened(engine, unzOpen2_64("packet.zip", &io));
}

}  // namespace referral
