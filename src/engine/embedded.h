// embedded.h — the bundled rule pack and calendar, compiled in at build time.
//
// The build generates the definitions from forms/ (cmake/embed.cmake), so the CLI and the
// WebAssembly module work without any file beside them.
#pragma once

#include "engine/engine.h"

namespace referral {

// The files of the bundled pack (forms/<pack>/) by name.
const PackFiles& embedded_pack_files();
// The digest of the bundled pack's text as embedded (pack_text_sha256). The web module's build runs
// `referral check-pack` on the same folder before it links (CMakeLists.txt, pack_checked): a module
// exists only for a pack that passed, and it loads with LoadOptions{embedded_pack_text_sha256()}.
const std::string& embedded_pack_text_sha256();
// The bundled calendar years (forms/calendars/) by name.
const CalendarFiles& embedded_calendar_files();

}  // namespace referral
