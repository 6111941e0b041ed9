// fuzz_support.h — shared by the libFuzzer targets: the bundled engine, loaded once.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/embedded.h"
#include "engine/engine.h"

namespace referral::fuzz {

inline const Engine& bundled() {
    static const Engine engine = [] {
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files());
        if (!e.ok()) std::abort();  // the bundled pack always loads; anything else is a bug
        return std::move(e).value();
    }();
    return engine;
}

inline std::string_view text(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

}  // namespace referral::fuzz
