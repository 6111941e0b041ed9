// SHA-256 through libmd's sha2.c (Debian source package libmd 1.0.4, see CMakeLists.txt): the same
// maintained C code in the native and the WebAssembly builds, so packet digests agree byte for byte.
#include "packet/sha256.h"

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

std::string sha256_hex(std::string_view bytes) {
    Sha256 h;
    h.update(bytes);
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (uint8_t b : h.finish()) {
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out;
}

}  // namespace referral
