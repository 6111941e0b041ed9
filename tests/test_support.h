// test_support.h — shared fixtures: the bundled engine, paths to test data.
#pragma once

#include <cstdio>
#include <cstdlib>

#include <string>

#include "engine/embedded.h"
#include "engine/engine.h"

namespace referral::test {

// Stops the test program with a message (the suites are built without exceptions, like the engine).
[[noreturn]] inline void die(const std::string& message) {
    std::fprintf(stderr, "fatal: %s\n", message.c_str());
    std::abort();
}

inline std::string source_path(const std::string& relative) { return std::string(REFERRAL_SOURCE_DIR) + "/" + relative; }

// The engine with the bundled pack and calendar; loaded once.
inline const Engine& bundled() {
    static const Engine engine = [] {
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files());
        if (!e.ok()) die(describe(e.error()));
        return std::move(e).value();
    }();
    return engine;
}

}  // namespace referral::test
