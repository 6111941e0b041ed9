#include "host/folder.h"

#include <filesystem>
#include <fstream>

#include "core/limits.h"
#include "host/input.h"

namespace referral {

Result<std::map<std::string, std::string>> read_folder(const std::string& dir) {
    namespace fs = std::filesystem;
    // Every call through its std::error_code overload: a symlink loop, a vanished file or a
    // permission problem is an io_error naming the path, never an exception.
    auto io_error = [](const std::string& path, const std::string& message) {
        Error e = make_error(ErrorCode::kIoError, "", message);
        e.file = path;
        return e;
    };
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return io_error(dir, "找不到文件夹 " + dir + " / not a folder" + (ec ? ": " + ec.message() : ""));
    std::map<std::string, std::string> out;
    fs::directory_iterator it(dir, ec);
    if (ec) return io_error(dir, "无法读取文件夹 / cannot list folder: " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) return io_error(dir, "无法读取文件夹 / cannot list folder: " + ec.message());
        const fs::path path = it->path();
        const auto status = fs::status(path, ec);  // follows symbolic links; a loop is an error here
        if (ec) return io_error(path.string(), "无法读取文件 / cannot read file: " + ec.message());
        if (!fs::is_regular_file(status)) continue;
        if (out.size() >= limits::kPackFiles)
            return io_error(dir, "文件夹中的文件超过 " + std::to_string(limits::kPackFiles) + " 个 / too many files");
        // The one bounded reader (host/input.h): the same too_large, nothing read past the limit.
        auto text = read_input(path.string(), limits::kPackFileBytes);
        if (!text.ok()) return text.error();
        out[path.filename().string()] = std::move(text).value();
    }
    if (ec) return io_error(dir, "无法读取文件夹 / cannot list folder: " + ec.message());
    return out;
}

Result<PackFiles> read_pack_path(const std::string& path, std::vector<Error>* errors) {
    auto fail = [&](Error e) -> Result<PackFiles> {
        if (errors) errors->push_back(e);
        return e;
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        auto files = read_folder(path);
        if (!files.ok()) return fail(files.error());
        return std::move(files).value();
    }
    auto text = read_input(path, limits::kPackArchiveBytes);
    if (!text.ok()) return fail(text.error());
    return read_pack_file(text.value(), errors, path);
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return "无法写入 " + tmp.string() + " / cannot write";
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            fs::remove(tmp, ignored);
            return "写入 " + tmp.string() + " 失败 / write failed";
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        return "无法写入 " + path + " / cannot write: " + ec.message();
    }
    return "";
}

}  // namespace referral
