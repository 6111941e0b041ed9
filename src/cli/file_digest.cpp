#include "cli/file_digest.h"

#include <filesystem>

#include "host/input.h"
#include "core/sha256.h"

namespace referral {

FileDigest digest_file(const std::string& path, long long limit) {
    FileDigest d;
    // The one bounded reader (host/input.h): a folder, device or FIFO refused without reading it.
    auto bytes = read_input(path, static_cast<size_t>(limit));
    if (!bytes.ok()) {
        d.too_large = bytes.error().code == ErrorCode::kTooLarge;
        d.why = std::filesystem::path(path).filename().string() + ": " + bytes.error().message;
        return d;
    }
    d.bytes = std::move(bytes).value();
    d.size = static_cast<long long>(d.bytes.size());
    // The one SHA-256 of the project (core/sha256.h), as for every other digest.
    d.sha256 = sha256_hex(d.bytes);
    d.ok = true;
    return d;
}

}  // namespace referral
