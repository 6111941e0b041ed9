// folder.h — file I/O for the programs that have files (the CLI, the native studio). The engine
// itself reads no files: these hand it text (ARCHITECTURE.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "rules/pack.h"

namespace referral {

// Reads every regular file of a folder (not recursive; symbolic links followed) into name → text.
// A missing folder, a link loop or any read error is io_error naming the path; a file past
// limits::kPackFileBytes or more than limits::kPackFiles files is too_large / io_error.
Result<std::map<std::string, std::string>> read_folder(const std::string& dir);

// A rule pack at `path`: a folder (read_folder), or one file (.referral-pack, referral-pack-file/1),
// read within limits::kPackArchiveBytes and checked against its digest. Every problem is in
// `errors` (when given) with the path as its file; the first is the result's error.
Result<PackFiles> read_pack_path(const std::string& path, std::vector<Error>* errors = nullptr);

// Writes `text` to `path` through a temporary file in the same folder renamed over it: a reader
// sees the old file or the whole new one, never half of it. "" on success, else why not.
std::string write_file_atomically(const std::string& path, const std::string& text);

}  // namespace referral
