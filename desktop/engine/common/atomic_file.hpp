// Whole-file reads and atomic whole-file writes (DESIGN.md, safety rules: "snapshots and
// reports are written atomically (temp file + rename): a failed run leaves no half file").
// POSIX only (open/fsync/rename).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/io_error.hpp"

namespace dbopt::engine {

/// Writes `bytes` to `path` so that `path` holds either its previous content or all of `bytes`,
/// never a part: the bytes go to a uniquely named temporary file in the same directory
/// (`.<name>.tmp-<random>`), which is fsync'ed and renamed over `path`; the directory is then
/// fsync'ed (best effort). A new file gets mode 0666 minus the umask; a replaced file keeps its
/// mode. On any failure the temporary file is removed and IoError is thrown naming `path`
/// and the OS error, e.g. `out/x.json: cannot create temporary file in out: No such file or directory`.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// The whole content of `path`, byte for byte. Throws IoError naming `path` when it cannot be
/// opened or read (`snap.json: cannot open for reading: No such file or directory`).
std::string read_file_bytes(const std::filesystem::path& path);

}  // namespace dbopt::engine
