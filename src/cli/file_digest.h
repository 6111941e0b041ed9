// file_digest.h — size and SHA-256 of an attachment file, for `referral packet --attachments DIR`.
// Natively the digest comes from OpenSSL's libcrypto (EVP); the Emscripten build of the CLI, which
// has no libcrypto, uses the engine's SHA-256 (src/packet/sha256.h, libmd's sha2.c). `scripts/test`
// runs both on the same files and compares their outputs byte for byte, so each checks the other.
#pragma once

#include <string>

namespace referral {

struct FileDigest {
    bool ok = false;
    long long size = -1;
    std::string sha256;  // lower-case hex
    std::string bytes;   // the file's content, to copy into the packet folder
    std::string why;     // when !ok
    bool too_large = false;  // !ok because the file is larger than the limit
};

// Reads and hashes `path`, which must be a regular file (a symbolic link to one is followed) of at
// most `limit` bytes: a folder, device, FIFO or socket is refused without reading.
FileDigest digest_file(const std::string& path, long long limit);

}  // namespace referral
