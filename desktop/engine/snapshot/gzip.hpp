// gzip (RFC 1952) compression of snapshot files, with zlib.
#pragma once

#include <string>
#include <string_view>

namespace dbopt::engine {

/// True when `bytes` starts with the gzip magic bytes 1f 8b.
bool has_gzip_magic(std::string_view bytes);

/// `bytes` as one gzip member (zlib default level, mtime 0, so the output is deterministic),
/// readable by gunzip. Throws SnapshotError when zlib fails (out of memory).
std::string gzip_compress(std::string_view bytes);

/// The decompressed content of gzip data (one or more concatenated members, as gunzip reads;
/// trailing zero padding is ignored). Throws SnapshotError: `corrupt gzip data: <zlib message>`,
/// `truncated gzip data: the compressed stream ends early`, `corrupt gzip data: N unexpected
/// bytes after the end of the compressed stream`.
std::string gzip_decompress(std::string_view bytes);

}  // namespace dbopt::engine
