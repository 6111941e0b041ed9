#include "host/folder.h"

#include <filesystem>

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

}  // namespace referral
