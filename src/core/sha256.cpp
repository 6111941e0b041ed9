// SHA-256 through libmd's sha2.c (Debian source package libmd 1.0.4, see CMakeLists.txt): the same
// maintained C code in the native and the WebAssembly builds, so packet digests agree byte for byte.
#include "core/sha256.h"

#include <sha2.h>

namespace referral {

struct Sha256::State {
    SHA2_CTX ctx;
};

Sha256::Sha256() : state_(std::make_unique<State>()) { SHA256Init(&state_->ctx); }

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    SHA256Update(&state_->ctx, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::array<uint8_t, 32> Sha256::finish() {
    std::array<uint8_t, 32> out{};
    SHA256Final(out.data(), &state_->ctx);
    return out;
}

std::string to_hex(const uint8_t* bytes, size_t n) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 15];
    }
    return out;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 h;
    h.update(bytes);
    const auto digest = h.finish();
    return to_hex(digest.data(), digest.size());
}

}  // namespace referral
