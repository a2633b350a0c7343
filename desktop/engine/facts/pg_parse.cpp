#include "facts/pg_parse.hpp"

#include <pg_query.h>

namespace dbopt::engine {

std::string pg_error_text(const char* message, int cursorpos) {
  std::string text = message ? message : "unknown parser error";
  if (cursorpos > 0) text += " at character " + std::to_string(cursorpos);
  return text;
}

PgParseResult pg_parse(std::string_view sql) {
  const std::string text(sql);  // libpg_query needs a NUL-terminated string
  PgQueryParseResult raw = pg_query_parse(text.c_str());
  PgParseResult result;
  if (raw.error) {
    result.error = pg_error_text(raw.error->message, raw.error->cursorpos);
  } else {
    try {
      result.tree = nlohmann::json::parse(raw.parse_tree ? raw.parse_tree : "{}");
    } catch (const nlohmann::json::exception& e) {
      result.error = std::string("unreadable parse tree from libpg_query: ") + e.what();
    }
  }
  pg_query_free_parse_result(raw);
  return result;
}

std::optional<std::uint64_t> pg_fingerprint(std::string_view sql) {
  const std::string text(sql);
  PgQueryFingerprintResult raw = pg_query_fingerprint(text.c_str());
  std::optional<std::uint64_t> out;
  if (!raw.error) out = raw.fingerprint;
  pg_query_free_fingerprint_result(raw);
  return out;
}

}  // namespace dbopt::engine
