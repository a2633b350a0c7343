// Strict parsing of PostgreSQL text values (capture/text_values.hpp).
#include "capture/text_values.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

using namespace dbopt::engine::capture_detail;

namespace {

/// The message of the exception `fn` throws, or "" when it does not throw.
template <typename Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CaptureTextValues, IntegersParseExactly) {
  EXPECT_EQ(parse_int64("0", "c"), 0);
  EXPECT_EQ(parse_int64("-42", "c"), -42);
  EXPECT_EQ(parse_int64("9223372036854775807", "c"), std::numeric_limits<std::int64_t>::max());
}

TEST(CaptureTextValues, MalformedIntegersNameTheColumn) {
  EXPECT_EQ(error_of([] { parse_int64("12x", "n_dead_tup"); }), "column n_dead_tup: malformed integer '12x'");
  EXPECT_NE(error_of([] { parse_int64("", "c"); }), "");
  EXPECT_NE(error_of([] { parse_int64("+1", "c"); }), "");
  EXPECT_NE(error_of([] { parse_int64(" 1", "c"); }), "");
  EXPECT_NE(error_of([] { parse_int64("1.5", "c"); }), "");
  EXPECT_NE(error_of([] { parse_int64("9223372036854775808", "c"); }), "");
}

TEST(CaptureTextValues, FloatsAcceptPostgresOutputForms) {
  EXPECT_DOUBLE_EQ(parse_double("1.5", "c"), 1.5);
  EXPECT_DOUBLE_EQ(parse_double("-0.25", "c"), -0.25);
  EXPECT_DOUBLE_EQ(parse_double("1e+06", "c"), 1e6);
  EXPECT_DOUBLE_EQ(parse_double("2.5e-05", "c"), 2.5e-5);
  EXPECT_DOUBLE_EQ(parse_double("17", "c"), 17.0);
}

TEST(CaptureTextValues, NonFiniteAndMalformedFloatsAreErrors) {
  EXPECT_EQ(error_of([] { parse_double("NaN", "correlation"); }), "column correlation: not a finite number 'NaN'");
  EXPECT_NE(error_of([] { parse_double("Infinity", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("-Infinity", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("inf", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("1.5ms", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("+1", "c"); }), "");
  EXPECT_NE(error_of([] { parse_double("1e999", "c"); }), "");
}

TEST(CaptureTextValues, BooleansAndChars) {
  EXPECT_TRUE(parse_bool("t", "c"));
  EXPECT_FALSE(parse_bool("f", "c"));
  EXPECT_NE(error_of([] { parse_bool("true", "c"); }), "");
  EXPECT_EQ(parse_char("p", "c"), 'p');
  EXPECT_NE(error_of([] { parse_char("", "relkind"); }), "");
  EXPECT_NE(error_of([] { parse_char("pp", "relkind"); }), "");
}

TEST(CaptureTextValues, TextArraysFollowArrayOut) {
  EXPECT_TRUE(parse_text_array("{}", "c").empty());
  EXPECT_EQ(parse_text_array("{fillfactor=70,autovacuum_enabled=false}", "c"),
            (std::vector<std::string>{"fillfactor=70", "autovacuum_enabled=false"}));
  // Quoted elements: blanks, commas, braces, quotes and backslashes as array_out writes them.
  EXPECT_EQ(parse_text_array(R"({"a b","x,y","{z}","q\"t","back\\slash","NULL"})", "c"),
            (std::vector<std::string>{"a b", "x,y", "{z}", "q\"t", "back\\slash", "NULL"}));
}

TEST(CaptureTextValues, MalformedArraysAreErrors) {
  EXPECT_NE(error_of([] { parse_text_array("a,b", "reloptions"); }), "");
  EXPECT_NE(error_of([] { parse_text_array("{a,NULL}", "reloptions"); }), "");
  EXPECT_NE(error_of([] { parse_text_array("{\"open}", "reloptions"); }), "");
  EXPECT_NE(error_of([] { parse_text_array("{{a},{b}}", "reloptions"); }), "");
  EXPECT_NE(error_of([] { parse_text_array("{a,}", "reloptions"); }), "");
  EXPECT_NE(error_of([] { parse_text_array("[1:2]={a,b}", "reloptions"); }), "");
}

TEST(CaptureTextValues, IntLists) {
  EXPECT_TRUE(parse_int_list("", "conkey").empty());
  EXPECT_EQ(parse_int_list("1,3,-2", "conkey"), (std::vector<int>{1, 3, -2}));
  EXPECT_EQ(error_of([] { parse_int_list("1,,2", "conkey"); }), "column conkey: malformed integer ''");
  EXPECT_NE(error_of([] { parse_int_list("99999999999", "conkey"); }), "");
}
