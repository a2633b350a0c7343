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
