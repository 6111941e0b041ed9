#include "cli/file_digest.h"

#include <filesystem>

#include "host/input.h"
#include "packet/sha256.h"
#ifndef __EMSCRIPTEN__
#include <openssl/evp.h>
#endif

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
#ifdef __EMSCRIPTEN__
    d.sha256 = sha256_hex(d.bytes);
#else
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(d.bytes.data(), d.bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) {
        d.why = "libcrypto could not hash " + path;
        return d;
    }
    d.sha256 = to_hex(md, len);
#endif
    d.ok = true;
    return d;
}

}  // namespace referral
