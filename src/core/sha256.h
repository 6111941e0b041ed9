// sha256.h — SHA-256 (FIPS 180-4), the project's one digest: packets, attachments the CLI reads, the
// catalogue's and the pack's digests, the same in native and WebAssembly builds. A thin wrapper over
// libmd's sha2.c (the BSD message-digest library, compiled from Debian's source package by the build;
// scripts/fetch-libmd); tests/unit/packet_test.cpp holds it to the FIPS 180-4 test vectors.
#pragma once

#include <array>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>

namespace referral {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    // Feeds bytes; may be called any number of times.
    void update(std::string_view bytes);
    // The digest of everything fed so far. Call once.
    std::array<uint8_t, 32> finish();

private:
    struct State;  // libmd's SHA2_CTX, kept out of this header
    std::unique_ptr<State> state_;
};

// Lower-case hex of `n` bytes: how digests are written everywhere in the project.
std::string to_hex(const uint8_t* bytes, size_t n);

// Lower-case hex SHA-256 of `bytes`, e.g. sha256_hex("abc") = "ba7816bf…".
std::string sha256_hex(std::string_view bytes);

}  // namespace referral
