// test_support.h — shared fixtures: the bundled engine, paths to test data.
#pragma once

#include <string>

#include "engine/embedded.h"
#include "engine/engine.h"

namespace referral::test {

inline std::string source_path(const std::string& relative) { return std::string(REFERRAL_SOURCE_DIR) + "/" + relative; }

// The engine with the bundled pack and calendar; loaded once.
inline const Engine& bundled() {
    static const Engine engine = [] {
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files());
        if (!e.ok()) throw std::runtime_error(describe(e.error()));
        return std::move(e).value();
    }();
    return engine;
}

}  // namespace referral::test
