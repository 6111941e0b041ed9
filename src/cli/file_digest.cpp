#include "cli/file_digest.h"

#include <fstream>
#include <sstream>

#include "packet/sha256.h"
#ifndef __EMSCRIPTEN__
#include <openssl/evp.h>
#endif

namespace referral {

FileDigest digest_file(const std::string& path) {
    FileDigest d;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        d.why = "cannot read " + path;
        return d;
    }
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) {
        d.why = "cannot read " + path;
        return d;
    }
    d.bytes = s.str();
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
