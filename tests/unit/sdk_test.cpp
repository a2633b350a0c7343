// SDK header-only helpers: identifier/literal quoting, size formatting, option parsing, Catalog
// lookups. Quoting is also checked against the real server's quote_ident() in the live tests.
#include <gtest/gtest.h>

#include "dbopt/sdk/abi.hpp"
#include "dbopt/sdk/plugin.hpp"
#include "dbopt/sdk/sql.hpp"

using namespace dbopt::sdk;

TEST(QuoteIdent, LeavesPlainLowercaseNamesBare) {
  EXPECT_EQ(sql::quote_ident("orders"), "orders");
  EXPECT_EQ(sql::quote_ident("_x1"), "_x1");
  EXPECT_EQ(sql::quote_ident("order_items2"), "order_items2");
}

TEST(QuoteIdent, QuotesWhatPostgresQuotes) {
  EXPECT_EQ(sql::quote_ident("Orders"), "\"Orders\"");
  EXPECT_EQ(sql::quote_ident("order items"), "\"order items\"");
  EXPECT_EQ(sql::quote_ident("1abc"), "\"1abc\"");
  EXPECT_EQ(sql::quote_ident(""), "\"\"");
  EXPECT_EQ(sql::quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(sql::quote_ident("user"), "\"user\"");      // reserved
  EXPECT_EQ(sql::quote_ident("between"), "\"between\"");  // column-name keyword
  EXPECT_EQ(sql::quote_ident("left"), "\"left\"");      // type/function-name keyword
  EXPECT_EQ(sql::quote_ident("name"), "name");          // unreserved keyword stays bare
  EXPECT_EQ(sql::quote_ident("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // non-ASCII always quoted
}

TEST(QuoteIdent, QualifiedName) {
  EXPECT_EQ(sql::qualified_name("public", "Order"), "public.\"Order\"");
  EXPECT_EQ(sql::qualified_name("", "t"), "t");
}

TEST(QuoteLiteral, DoublesQuotesAndUsesEscapeFormForBackslashes) {
  EXPECT_EQ(sql::quote_literal("it's"), "'it''s'");
  EXPECT_EQ(sql::quote_literal("a\\b"), "E'a\\\\b'");
  EXPECT_EQ(sql::quote_literal(""), "''");
}

TEST(FormatBytes, UsesPostgresUnits) {
  EXPECT_EQ(sql::format_bytes(0), "0 bytes");
  EXPECT_EQ(sql::format_bytes(1023), "1023 bytes");
  EXPECT_EQ(sql::format_bytes(1024), "1.0 kB");
  EXPECT_EQ(sql::format_bytes(1536LL * 1024 * 1024), "1.5 GB");
  EXPECT_EQ(sql::format_bytes(256LL * 1024 * 1024), "256 MB");
  EXPECT_EQ(sql::format_bytes(-8192), "-8.0 kB");
}

TEST(FormatCount, GroupsThousands) {
  EXPECT_EQ(sql::format_count(0), "0");
  EXPECT_EQ(sql::format_count(1234567), "1,234,567");
  EXPECT_EQ(sql::format_count(-1000), "-1,000");
  EXPECT_EQ(sql::format_count(INT64_MIN), "-9,223,372,036,854,775,808");
}

TEST(FormatSpeedup, WholeNumbersOnlyWhenTheyAreWhole) {
  EXPECT_EQ(sql::format_speedup(20.0), "20×");
  EXPECT_EQ(sql::format_speedup(20.03), "20×");
  EXPECT_EQ(sql::format_speedup(80.5), "80.5×");
  EXPECT_EQ(sql::format_speedup(2.46), "2.5×");
  EXPECT_EQ(sql::format_speedup(1000.0), "1000×");
}

TEST(SkipLeadingComments, DropsWhitespaceLineAndNestedBlockCommentsBeforeTheFirstToken) {
  using sql::skip_leading_comments;
  EXPECT_EQ(skip_leading_comments("-- plan 1 — why\n-- more\n\nSELECT 1 -- kept\nFROM t"), "SELECT 1 -- kept\nFROM t");
  EXPECT_EQ(skip_leading_comments("  /* a /* nested */ still comment */ SELECT '--x' /* kept */"),
            "SELECT '--x' /* kept */");
  EXPECT_EQ(skip_leading_comments("SELECT 1"), "SELECT 1");
  EXPECT_EQ(skip_leading_comments("-- only a comment"), "");
  EXPECT_EQ(skip_leading_comments(""), "");
  // Unterminated block comment: unchanged, so the parser names the problem.
  EXPECT_EQ(skip_leading_comments("/* open /* nested */ SELECT 1"), "/* open /* nested */ SELECT 1");
  // A minus sign or a division is a token, not a comment.
  EXPECT_EQ(skip_leading_comments("-1"), "-1");
  EXPECT_EQ(skip_leading_comments("\t/ 2"), "/ 2");
}

TEST(TruncateUtf8, NeverSplitsACharacter) {
  EXPECT_EQ(sql::truncate_utf8("ab\xc3\xa9", 3), "ab");       // é is 2 bytes: cut before it
  EXPECT_EQ(sql::truncate_utf8("ab\xc3\xa9", 4), "ab\xc3\xa9");
  EXPECT_EQ(sql::truncate_utf8("abc", 10), "abc");
  EXPECT_EQ(sql::truncate_utf8("\xe2\x82\xac", 2), "");        // € is 3 bytes
}

TEST(FormatPercent, OneDecimalByDefault) {
  EXPECT_EQ(sql::format_percent(0.3821), "38.2 %");
  EXPECT_EQ(sql::format_percent(0.3821, 0), "38 %");
  EXPECT_EQ(sql::format_percent(0.99996, 2), "100.00 %");
  EXPECT_EQ(sql::format_percent(0.9995, 2), "99.95 %");
  EXPECT_EQ(sql::format_percent(0), "0.0 %");
  EXPECT_EQ(sql::format_percent(1.5), "150.0 %");
}

TEST(ListSetting, SplitsLikePostgresAndWritesOneLiteralPerElement) {
  EXPECT_EQ(sql::list_setting_elements("pg_stat_statements, auto_explain").value(),
            (std::vector<std::string>{"pg_stat_statements", "auto_explain"}));
  EXPECT_EQ(sql::list_setting_elements("\"My Lib\",x").value(), (std::vector<std::string>{"My Lib", "x"}));
  EXPECT_TRUE(sql::list_setting_elements("").value().empty());
  EXPECT_TRUE(sql::list_setting_elements("  ").value().empty());
  EXPECT_FALSE(sql::list_setting_elements("\"a\"\"b\"").has_value());   // embedded quote
  EXPECT_FALSE(sql::list_setting_elements("a,,b").has_value());          // empty element
  EXPECT_FALSE(sql::list_setting_elements("\"open").has_value());        // unterminated
  EXPECT_FALSE(sql::list_setting_elements("\"a\" b").has_value());      // text after the quote
  EXPECT_EQ(sql::list_setting_literals({"My Lib", "o'brien", "pg_stat_statements"}),
            "'My Lib', 'o''brien', 'pg_stat_statements'");
  EXPECT_EQ(sql::list_setting_literals({}), "");
}

TEST(Metric, NumericAndTextual) {
  const Metric n = metric("idx_scan", 12, "count");
  EXPECT_EQ(n.name, "idx_scan");
  EXPECT_EQ(n.value, std::optional<double>(12));
  EXPECT_EQ(n.unit, "count");
  EXPECT_FALSE(n.text.has_value());
  const Metric t = text_metric("indexdef", "CREATE INDEX …");
  EXPECT_EQ(t.text, std::optional<std::string>("CREATE INDEX …"));
  EXPECT_FALSE(t.value.has_value());
  EXPECT_TRUE(t.unit.empty());
}

TEST(Options, ParsesAndRejectsValuesWithTheOptionName) {
  OptionSpec ratio{"toast-ratio", OptionType::Double, "0.10", "", 0.0, 1.0};
  EXPECT_EQ(parse_option_value(ratio, "0.25"), "0.25");
  try {
    parse_option_value(ratio, "1.5");
    FAIL() << "out-of-range value accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("toast-ratio"), std::string::npos);
  }
  EXPECT_THROW(parse_option_value(ratio, "abc"), std::invalid_argument);
  EXPECT_THROW(parse_option_value(ratio, "0.1x"), std::invalid_argument);
  OptionSpec size{"min-size", OptionType::Bytes, "8MB", ""};
  EXPECT_EQ(parse_option_value(size, "8MB"), std::to_string(8 * 1024 * 1024));
  EXPECT_EQ(parse_option_value(size, "100"), "100");
  EXPECT_THROW(parse_option_value(size, "8XB"), std::invalid_argument);
  OptionSpec flag{"enabled", OptionType::Bool, "true", ""};
  EXPECT_EQ(parse_option_value(flag, "off"), "false");
  EXPECT_THROW(parse_option_value(flag, "maybe"), std::invalid_argument);
}

TEST(Options, MakeOptionsAppliesDefaultsOverridesAndRejectsUnknownNames) {
  using dbopt::sdk::OptionSpec;
  using dbopt::sdk::OptionType;
  const std::vector<OptionSpec> specs = {{"ratio", OptionType::Double, "0.10", "", 0.0, 1.0},
                                         {"min-size", OptionType::Bytes, "1MB", "", 0.0, std::nullopt}};
  const auto defaults = dbopt::sdk::make_options("demo-plugin", specs, {});
  EXPECT_DOUBLE_EQ(defaults.number("ratio"), 0.10);
  EXPECT_EQ(defaults.bytes("min-size"), 1024 * 1024);  // 1MB in bytes
  const auto set = dbopt::sdk::make_options("demo-plugin", specs, {{"ratio", "0.25"}});
  EXPECT_DOUBLE_EQ(set.number("ratio"), 0.25);
  try {
    dbopt::sdk::make_options("demo-plugin", specs, {{"ratoi", "0.2"}});
    FAIL() << "an undeclared option was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "demo-plugin has no option named ratoi");
  }
  EXPECT_THROW(dbopt::sdk::make_options("demo-plugin", specs, {{"ratio", "1.5"}}), std::invalid_argument);
}

TEST(CatalogIndex, LooksUpByOidNameAndTable) {
  Snapshot s;
  Table t;
  t.oid = 10;
  t.schemaname = "public";
  t.relname = "orders";
  s.tables.push_back(t);
  Column b{10, 2, "b"}, a{10, 1, "a"};
  s.columns = {b, a};
  Index i;
  i.oid = 20;
  i.table_oid = 10;
  i.relname = "orders_a_idx";
  s.indexes.push_back(i);
  s.settings.push_back(Setting{"block_size", "8192"});
  Catalog c(std::move(s));
  ASSERT_NE(c.table(10), nullptr);
  EXPECT_EQ(c.table("public", "orders"), c.table(10));
  EXPECT_EQ(c.table("public", "missing"), nullptr);
  ASSERT_EQ(c.columns_of(10).size(), 2u);
  EXPECT_EQ(c.columns_of(10)[0]->attname, "a");
  EXPECT_EQ(c.column(10, "b")->attnum, 2);
  EXPECT_EQ(c.indexes_of(10).size(), 1u);
  EXPECT_TRUE(c.indexes_of(99).empty());
  EXPECT_EQ(c.block_size(), 8192);
  EXPECT_FALSE(c.has_statements());
}

TEST(Magic, DescribesThisBuild) {
  auto m = make_magic("x", "1.0");
  EXPECT_EQ(m.size, sizeof(dbopt_plugin_magic_t));
  EXPECT_EQ(m.sdk_abi, static_cast<unsigned>(DBOPT_SDK_ABI));
  EXPECT_STREQ(m.plugin_id, "x");
  EXPECT_NE(std::string(m.stdlib).find("libstdc++"), std::string::npos);
}
