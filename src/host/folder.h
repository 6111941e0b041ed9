// folder.h — file I/O for the programs that have files (the CLI, the native studio). The engine
// itself reads no files: these hand it text (ARCHITECTURE.md).
#pragma once

#include <map>
#include <string>

#include "core/result.h"

namespace referral {

// Reads every regular file of a folder (not recursive; symbolic links followed) into name → text.
// A missing folder, a link loop or any read error is io_error naming the path; a file past
// limits::kPackFileBytes or more than limits::kPackFiles files is too_large / io_error.
Result<std::map<std::string, std::string>> read_folder(const std::string& dir);

}  // namespace referral
