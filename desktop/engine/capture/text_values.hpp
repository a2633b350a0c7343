// Strict parsing of PostgreSQL text-format values as the capture receives them (libpq text
// results). Anything malformed is an error that names the column: a capture step never guesses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dbopt::engine::capture_detail {

/// Parses a base-10 int8/int4/int2/oid/integral numeric text ("-42", "12345"). No sign '+', no
/// blanks, no fraction. Throws std::runtime_error "column <column>: malformed integer '<text>'".
std::int64_t parse_int64(std::string_view text, std::string_view column);

/// Parses a float4/float8/numeric text ("1.5", "1e+06", "-0.25"). PostgreSQL's "NaN",
/// "Infinity" and "-Infinity" are rejected as "not a finite number" (snapshots hold finite
/// numbers only). Throws std::runtime_error naming the column.
double parse_double(std::string_view text, std::string_view column);

/// Parses a boolean in PostgreSQL's text output form: "t" or "f". Throws naming the column.
bool parse_bool(std::string_view text, std::string_view column);

/// Parses a one-byte "char" value (pg_class.relkind etc.). Throws unless exactly one byte.
char parse_char(std::string_view text, std::string_view column);

/// Parses a one-dimensional text[] literal as PostgreSQL prints it: {a,b}, {"x y","q\"t"},
/// {} (array_out rules: elements double-quoted when they contain special characters, backslash
/// escapes inside quotes). A NULL element, a nested array or a dimension decoration is an error.
std::vector<std::string> parse_text_array(std::string_view text, std::string_view column);

/// Parses a comma-separated integer list as produced by array_to_string(int2[], ','): "1,3" → {1,3};
/// "" → {}. Throws naming the column when an element is not an integer in int range.
std::vector<int> parse_int_list(std::string_view text, std::string_view column);

}  // namespace dbopt::engine::capture_detail
