#include "snapshot/utf8.hpp"

namespace dbopt::engine::snapshot_detail {
namespace {

/// Length of the well-formed UTF-8 sequence starting at `i`, or 0 when there is none.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned c = byte(i);
  if (c < 0x80) return 1;
  std::size_t continuation = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte (RFC 3629)
  if (c >= 0xC2 && c <= 0xDF) {
    continuation = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    continuation = 2;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    continuation = 3;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (!in(i + 1, lo, hi)) return 0;
  for (std::size_t k = 2; k <= continuation; ++k)
    if (!in(i + k, 0x80, 0xBF)) return 0;
  return continuation + 1;
}

}  // namespace

std::size_t invalid_utf8_offset(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace dbopt::engine::snapshot_detail
