#include "CteDeclaration.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace dbopt::plugins::plan_decoder {

namespace {

struct Token {
  enum class Kind { Ident, QuotedIdent, Punct, Literal } kind;
  std::string text;        ///< Ident: lower-cased; QuotedIdent: unescaped; Punct: the character
  std::size_t offset = 0;  ///< byte offset in the query
  std::size_t length = 0;  ///< bytes in the query
};

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Tokens of `q`; comments and whitespace dropped. An unterminated string, identifier or
/// comment ends the text (the statement ran on the server, so it is well-formed).
std::vector<Token> lex(std::string_view q) {
  std::vector<Token> out;
  std::size_t i = 0;
  const std::size_t n = q.size();
  auto quoted = [&](std::size_t start, char quote, bool backslashes) {
    std::size_t j = start + 1;
    std::string text;
    while (j < n) {
      if (backslashes && q[j] == '\\' && j + 1 < n) {
        j += 2;
        continue;
      }
      if (q[j] == quote) {
        if (j + 1 < n && q[j + 1] == quote) {
          text.push_back(quote);
          j += 2;
          continue;
        }
        return std::pair{j + 1, text};
      }
      text.push_back(q[j++]);
    }
    return std::pair{n, text};
  };
  while (i < n) {
    const auto c = static_cast<unsigned char>(q[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (c == '-' && i + 1 < n && q[i + 1] == '-') {
      while (i < n && q[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && q[i + 1] == '*') {  // nested, as in PostgreSQL
      int depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (q[i] == '/' && i + 1 < n && q[i + 1] == '*') depth++, i += 2;
        else if (q[i] == '*' && i + 1 < n && q[i + 1] == '/') depth--, i += 2;
        else ++i;
      }
    } else if (c == '\'') {
      auto [end, text] = quoted(i, '\'', false);
      out.push_back({Token::Kind::Literal, text, i, end - i});
      i = end;
    } else if ((c == 'e' || c == 'E') && i + 1 < n && q[i + 1] == '\'') {
      auto [end, text] = quoted(i + 1, '\'', true);
      out.push_back({Token::Kind::Literal, text, i, end - i});
      i = end;
    } else if (c == '"') {
      auto [end, text] = quoted(i, '"', false);
      out.push_back({Token::Kind::QuotedIdent, text, i, end - i});
      i = end;
    } else if (c == '$' && i + 1 < n && (q[i + 1] == '$' || ident_start(static_cast<unsigned char>(q[i + 1])))) {
      std::size_t j = i + 1;
      while (j < n && q[j] != '$' && ident_char(static_cast<unsigned char>(q[j])) && q[j] != '$') ++j;
      if (j < n && q[j] == '$') {  // $tag$ … $tag$
        const std::string tag(q.substr(i, j - i + 1));
        const std::size_t close = q.find(tag, j + 1);
        const std::size_t end = close == std::string_view::npos ? n : close + tag.size();
        out.push_back({Token::Kind::Literal, std::string(q.substr(i, end - i)), i, end - i});
        i = end;
      } else {
        out.push_back({Token::Kind::Punct, "$", i, 1});
        ++i;
      }
    } else if (ident_start(c)) {
      std::size_t j = i;
      while (j < n && ident_char(static_cast<unsigned char>(q[j]))) ++j;
      out.push_back({Token::Kind::Ident, ascii_lower(q.substr(i, j - i)), i, j - i});
      i = j;
    } else if (std::isdigit(c)) {
      std::size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(q[j])) || q[j] == '.' || q[j] == '_')) ++j;
      out.push_back({Token::Kind::Literal, std::string(q.substr(i, j - i)), i, j - i});
      i = j;
    } else {
      out.push_back({Token::Kind::Punct, std::string(1, static_cast<char>(c)), i, 1});
      ++i;
    }
  }
  return out;
}

bool is_punct(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == Token::Kind::Punct && t[i].text.size() == 1 && t[i].text[0] == c;
}
bool is_word(const std::vector<Token>& t, std::size_t i, std::string_view w) {
  return i < t.size() && t[i].kind == Token::Kind::Ident && t[i].text == w;
}

/// Index of the ')' closing the '(' at `open`, or nullopt.
std::optional<std::size_t> closing(const std::vector<Token>& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (is_punct(t, i, '(')) ++depth;
    else if (is_punct(t, i, ')') && --depth == 0) return i;
  }
  return std::nullopt;
}

/// Words followed by '(' that are SQL syntax, not function calls.
bool is_syntax_word(std::string_view w) {
  static constexpr std::array<std::string_view, 34> kWords = {
      "all", "and", "any", "array", "as", "between", "by", "cast", "exists", "filter", "from", "in", "is",
      "join", "lateral", "like", "materialized", "not", "on", "or", "over", "row", "select", "some", "then",
      "using", "values", "when", "where", "with", "within", "else", "case", "distinct"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

std::vector<std::string> calls_in(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  std::vector<std::string> out;
  for (std::size_t i = from; i + 1 < to; ++i) {
    if (t[i].kind != Token::Kind::Ident && t[i].kind != Token::Kind::QuotedIdent) continue;
    if (!is_punct(t, i + 1, '(')) continue;
    const std::string name = t[i].kind == Token::Kind::Ident ? t[i].text : ascii_lower(t[i].text);
    if (t[i].kind == Token::Kind::Ident && is_syntax_word(name)) continue;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

}  // namespace

CteDeclaration find_cte_declaration(std::string_view query, std::string_view name) {
  const std::vector<Token> t = lex(query);
  CteDeclaration found;
  int matches = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool name_match = (t[i].kind == Token::Kind::Ident && t[i].text == name) ||
                            (t[i].kind == Token::Kind::QuotedIdent && t[i].text == name);
    if (!name_match || i == 0) continue;
    if (!(is_word(t, i - 1, "with") || is_word(t, i - 1, "recursive") || is_punct(t, i - 1, ','))) continue;
    std::size_t j = i + 1;
    if (is_punct(t, j, '(')) {  // column list
      auto close = closing(t, j);
      if (!close) continue;
      j = *close + 1;
    }
    if (!is_word(t, j, "as")) continue;
    ++j;
    CteDeclaration d;
    d.form = CteDeclaration::Form::Default;
    if (is_word(t, j, "not") && is_word(t, j + 1, "materialized")) {
      d.form = CteDeclaration::Form::NotMaterialized;
      j += 2;
    } else if (is_word(t, j, "materialized")) {
      d.form = CteDeclaration::Form::Materialized;
      d.keyword_offset = t[j].offset;
      d.keyword_length = t[j].length;
      ++j;
    }
    if (!is_punct(t, j, '(')) continue;
    auto close = closing(t, j);
    if (!close) continue;
    const std::size_t body_begin = t[j].offset + 1;
    d.body = std::string(query.substr(body_begin, t[*close].offset - body_begin));
    d.function_calls = calls_in(t, j + 1, *close);
    ++matches;
    found = std::move(d);
  }
  if (matches > 1) {
    CteDeclaration ambiguous;
    ambiguous.form = CteDeclaration::Form::Ambiguous;
    return ambiguous;
  }
  return found;
}

std::string rewrite_not_materialized(std::string_view query, const CteDeclaration& decl) {
  if (decl.form != CteDeclaration::Form::Materialized || decl.keyword_offset + decl.keyword_length > query.size())
    throw std::invalid_argument("rewrite_not_materialized: the CTE is not declared AS MATERIALIZED in this text");
  std::string out(query.substr(0, decl.keyword_offset));
  out += "NOT MATERIALIZED";
  out += query.substr(decl.keyword_offset + decl.keyword_length);
  return out;
}

bool is_known_volatile_function(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 22> kVolatile = {
      "random", "random_normal", "setseed", "nextval", "setval", "currval", "lastval", "clock_timestamp",
      "timeofday", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "pg_sleep",
      "pg_sleep_for", "pg_sleep_until", "txid_current", "pg_current_xact_id", "dblink", "dblink_exec",
      "pg_advisory_lock", "pg_try_advisory_lock"};
  return std::find(kVolatile.begin(), kVolatile.end(), lower_name) != kVolatile.end();
}

bool is_known_nonvolatile_function(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 58> kStable = {
      "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "string_agg", "array_agg", "lower", "upper",
      "coalesce", "nullif", "greatest", "least", "now", "current_setting", "date_trunc", "date_part", "extract",
      "age", "make_date", "make_interval", "length", "char_length", "abs", "round", "floor", "ceil", "trunc",
      "substr", "substring", "position", "concat", "concat_ws", "format", "to_char", "to_date", "to_timestamp",
      "trim", "btrim", "left", "right", "replace", "split_part", "md5", "hashint4", "hashint8", "hashtext",
      "jsonb_build_object", "json_build_object", "numeric", "decimal", "varchar", "char", "timestamp",
      "timestamptz", "interval"};
  return std::find(kStable.begin(), kStable.end(), lower_name) != kStable.end();
}

std::vector<std::string> called_functions(std::string_view text) {
  const std::vector<Token> t = lex(text);
  return calls_in(t, 0, t.size());
}

}  // namespace dbopt::plugins::plan_decoder
