// Snapshot files: text (serialize_snapshot), atomic plain/gzip write, read with detection of
// gzip and error messages prefixed with the file path.
#include <algorithm>

#include "common/atomic_file.hpp"
#include "snapshot/gzip.hpp"
#include "snapshot/snapshot_io.hpp"
#include "snapshot/utf8.hpp"

namespace dbopt::engine {
namespace {

constexpr int kIndent = 2;  // spaces per JSON nesting level in snapshot files

/// nlohmann's reason without its "[json.exception.parse_error.101] parse error at …: " prefix,
/// made valid UTF-8 (it quotes the input it choked on, which may be any bytes).
std::string parse_reason(const std::string& what) {
  std::string_view reason = what;
  if (reason.rfind("[json.exception.", 0) == 0 && reason.find("] ") != std::string_view::npos)
    reason.remove_prefix(reason.find("] ") + 2);
  if (reason.rfind("parse error", 0) == 0 && reason.find(": ") != std::string_view::npos)
    reason.remove_prefix(reason.find(": ") + 2);
  return snapshot_detail::valid_utf8(reason);
}

/// `line L, column C` of the byte nlohmann reports (1-based count of bytes read).
std::string line_and_column(std::string_view text, std::size_t byte) {
  const std::size_t offset = byte == 0 ? 0 : std::min(byte - 1, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const auto last_newline = before.rfind('\n');
  const auto column = last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

nlohmann::json parse_json(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw SnapshotError("invalid JSON at " + line_and_column(text, e.byte) + ": " +
                        parse_reason(e.what()));
  } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range: number overflow
    throw SnapshotError("invalid JSON: " + parse_reason(e.what()));
  }
}

bool has_gz_suffix(const std::filesystem::path& path) { return path.extension() == ".gz"; }

}  // namespace

std::string serialize_snapshot(const sdk::Snapshot& snapshot) {
  // snapshot_to_json has checked every string is UTF-8, so the strict dump cannot throw.
  return snapshot_to_json(snapshot).dump(kIndent) + "\n";
}

void write_snapshot(const sdk::Snapshot& snapshot, const std::filesystem::path& path) {
  std::string bytes = serialize_snapshot(snapshot);
  if (has_gz_suffix(path)) bytes = gzip_compress(bytes);
  write_file_atomically(path, bytes);
}

sdk::Snapshot read_snapshot(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);  // IoError's message already starts with the path
  } catch (const IoError& e) {
    throw SnapshotError(e.what());
  }
  try {
    if (has_gzip_magic(bytes)) bytes = gzip_decompress(bytes);
    return snapshot_from_json(parse_json(bytes));
  } catch (const SnapshotError& e) {
    throw SnapshotError(path.string() + ": " + e.what());
  }
}

}  // namespace dbopt::engine
