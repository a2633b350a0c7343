#include "snapshot/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "snapshot/snapshot_io.hpp"

namespace dbopt::engine {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib: 32 kB window, gzip wrapper (zlib.h, deflateInit2)
constexpr int kMemLevel = 8;              // zlib's default memLevel
constexpr std::size_t kOutChunk = 256 * 1024;  // bytes produced per deflate()/inflate() call
constexpr std::size_t kMaxInChunk = UINT_MAX;  // z_stream.avail_in is a uInt

/// Feeds `input` to the stream in chunks that fit avail_in.
class Input {
 public:
  explicit Input(std::string_view bytes) : rest_(bytes) {}
  void refill(z_stream& zs) {
    if (zs.avail_in != 0 || rest_.empty()) return;
    const std::size_t n = std::min(rest_.size(), kMaxInChunk);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest_.data()));
    zs.avail_in = static_cast<uInt>(n);
    rest_.remove_prefix(n);
  }
  bool exhausted(const z_stream& zs) const { return zs.avail_in == 0 && rest_.empty(); }
  /// The bytes not yet consumed by zlib.
  std::string_view remaining(const z_stream& zs) const {
    if (zs.avail_in == 0) return rest_;
    const char* start = reinterpret_cast<const char*>(zs.next_in);
    return std::string_view(start, zs.avail_in + rest_.size());
  }

 private:
  std::string_view rest_;
};

bool only_zeros(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

std::string zlib_message(const z_stream& zs, const char* fallback) {
  return zs.msg != nullptr ? zs.msg : fallback;
}

}  // namespace

bool has_gzip_magic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gzip_compress(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw SnapshotError("cannot compress: " + zlib_message(zs, "zlib deflateInit2 failed"));
  struct End {
    z_stream& zs;
    ~End() { deflateEnd(&zs); }
  } end{zs};

  Input input(bytes);
  std::string out;
  std::vector<char> heap(kOutChunk);  // not on the stack: callers may be worker threads
  char* const buffer = heap.data();
  for (;;) {
    input.refill(zs);
    const int flush = input.exhausted(zs) ? Z_FINISH : Z_NO_FLUSH;
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = kOutChunk;
    const int rc = deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR)
      throw SnapshotError("cannot compress: " + zlib_message(zs, "zlib deflate failed"));
    out.append(buffer, kOutChunk - zs.avail_out);
    if (rc == Z_STREAM_END) return out;
  }
}

std::string gzip_decompress(std::string_view bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK)
    throw SnapshotError("cannot decompress: " + zlib_message(zs, "zlib inflateInit2 failed"));
  struct End {
    z_stream& zs;
    ~End() { inflateEnd(&zs); }
  } end{zs};

  Input input(bytes);
  std::string out;
  std::vector<char> heap(kOutChunk);  // not on the stack: callers may be worker threads
  char* const buffer = heap.data();
  for (;;) {
    input.refill(zs);
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = kOutChunk;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, kOutChunk - zs.avail_out);
    switch (rc) {
      case Z_OK:
        break;
      case Z_STREAM_END: {
        const std::string_view rest = input.remaining(zs);
        if (only_zeros(rest)) return out;
        if (!has_gzip_magic(rest))
          throw SnapshotError("corrupt gzip data: " + std::to_string(rest.size()) +
                              " unexpected bytes after the end of the compressed stream");
        inflateReset(&zs);  // another gzip member follows (as `cat a.gz b.gz`)
        break;
      }
      case Z_BUF_ERROR:
        if (input.exhausted(zs))
          throw SnapshotError("truncated gzip data: the compressed stream ends early (" +
                              std::to_string(bytes.size()) + " bytes read)");
        throw SnapshotError("corrupt gzip data: " + zlib_message(zs, "no progress possible"));
      case Z_MEM_ERROR:
        throw SnapshotError("cannot decompress: out of memory");
      default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
        throw SnapshotError("corrupt gzip data: " + zlib_message(zs, "invalid data"));
    }
  }
}

}  // namespace dbopt::engine
