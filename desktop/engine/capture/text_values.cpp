#include "capture/text_values.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dbopt::engine::capture_detail {

namespace {

/// The offending value for an error message, cut so a huge value cannot flood a log.
std::string shown(std::string_view text) {
  constexpr std::size_t kMaxShown = 60;
  if (text.size() <= kMaxShown) return std::string(text);
  return std::string(text.substr(0, kMaxShown)) + "…";
}

[[noreturn]] void fail(std::string_view column, std::string_view what, std::string_view text) {
  throw std::runtime_error("column " + std::string(column) + ": " + std::string(what) + " '" + shown(text) + "'");
}

}  // namespace

std::int64_t parse_int64(std::string_view text, std::string_view column) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
  if (text.empty() || ec != std::errc() || ptr != end) fail(column, "malformed integer", text);
  return value;
}

double parse_double(std::string_view text, std::string_view column) {
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") fail(column, "not a finite number", text);
  // from_chars also accepts "inf"/"nan" spellings PostgreSQL never prints: only digits, sign,
  // decimal point and exponent are allowed here.
  for (char ch : text) {
    const bool ok = (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' || ch == 'E';
    if (!ok) fail(column, "malformed number", text);
  }
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (text.empty() || text.front() == '+' || ec != std::errc() || ptr != end) fail(column, "malformed number", text);
  if (!std::isfinite(value)) fail(column, "not a finite number", text);
  return value;
}

bool parse_bool(std::string_view text, std::string_view column) {
  if (text == "t") return true;
  if (text == "f") return false;
  fail(column, "malformed boolean", text);
}

char parse_char(std::string_view text, std::string_view column) {
  if (text.size() != 1) fail(column, "expected one character, got", text);
  return text.front();
}

std::vector<std::string> parse_text_array(std::string_view text, std::string_view column) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') fail(column, "malformed array", text);
  std::vector<std::string> out;
  const std::string_view body = text.substr(1, text.size() - 2);
  if (body.empty()) return out;
  std::size_t i = 0;
  while (true) {
    std::string element;
    if (i < body.size() && body[i] == '"') {
      ++i;
      bool closed = false;
      while (i < body.size()) {
        const char ch = body[i++];
        if (ch == '\\') {
          if (i >= body.size()) fail(column, "malformed array", text);
          element.push_back(body[i++]);
        } else if (ch == '"') {
          closed = true;
          break;
        } else {
          element.push_back(ch);
        }
      }
      if (!closed) fail(column, "malformed array", text);
    } else {
      const std::size_t start = i;
      while (i < body.size() && body[i] != ',') {
        const char ch = body[i];
        if (ch == '{' || ch == '}' || ch == '"' || ch == '\\') fail(column, "malformed array", text);
        ++i;
      }
      element.assign(body.substr(start, i - start));
      if (element.empty()) fail(column, "malformed array", text);
      if (element == "NULL") fail(column, "NULL element in array", text);
    }
    out.push_back(std::move(element));
    if (i == body.size()) break;
    if (body[i] != ',') fail(column, "malformed array", text);
    ++i;
    if (i == body.size()) fail(column, "malformed array", text);
  }
  return out;
}

std::vector<int> parse_int_list(std::string_view text, std::string_view column) {
  std::vector<int> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    const std::int64_t v = parse_int64(item, column);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      fail(column, "integer out of range", item);
    out.push_back(static_cast<int>(v));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace dbopt::engine::capture_detail
