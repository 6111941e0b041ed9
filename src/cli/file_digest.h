// file_digest.h — size and SHA-256 of an attachment file, for `referral packet --attachments DIR`.
// The digest is the project's one SHA-256 (src/core/sha256.h, libmd's sha2.c), natively and in the
// Emscripten build of the CLI; `scripts/test` compares what the packet records with coreutils'
// sha256sum of the same files.
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
