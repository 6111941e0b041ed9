#include "cli/file_digest.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "packet/sha256.h"
#ifndef __EMSCRIPTEN__
#include <openssl/evp.h>
#endif

namespace referral {

FileDigest digest_file(const std::string& path, long long limit) {
    FileDigest d;
    const std::string name = std::filesystem::path(path).filename().string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::is_regular_file(status)) {
        d.why = ec ? "cannot read " + name + ": " + ec.message() : name + " is not a regular file";
        return d;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        d.why = "cannot read " + name;
        return d;
    }
    char buf[65536];
    while (in) {
        in.read(buf, sizeof buf);
        d.bytes.append(buf, static_cast<size_t>(in.gcount()));
        if (static_cast<long long>(d.bytes.size()) > limit) {
            d.bytes.clear();
            d.too_large = true;
            d.why = name + " is larger than " + std::to_string(limit) + " bytes";
            return d;
        }
    }
    if (in.bad()) {
        d.why = "cannot read " + name;
        return d;
    }
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
