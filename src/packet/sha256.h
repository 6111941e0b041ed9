// sha256.h — SHA-256 (FIPS 180-4) in portable C++, so a packet's digest is the same natively and
// in WebAssembly. Debian ships no header-only C++ SHA-256 (picosha2 and the like are not packaged;
// `apt-cache search sha256` offers only Go, Haskell and Rust crates), and libcrypto is not part of
// the wasm build, hence this small implementation, checked against the FIPS test vectors.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace referral {

class Sha256 {
public:
    Sha256();
    // Feeds bytes; may be called any number of times.
    void update(std::string_view bytes);
    // The digest of everything fed so far. Call once.
    std::array<uint8_t, 32> finish();

private:
    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> block_{};
    size_t used_ = 0;
    uint64_t length_ = 0;
    void compress(const uint8_t* block);
};

// Lower-case hex SHA-256 of `bytes`, e.g. sha256_hex("abc") = "ba7816bf…".
std::string sha256_hex(std::string_view bytes);

}  // namespace referral
