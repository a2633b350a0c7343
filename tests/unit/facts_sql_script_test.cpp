// SQL scripts checked and split by PostgreSQL's own parser: every emitted apply/rollback script
// must parse, and CREATE/DROP INDEX CONCURRENTLY must be sent one statement at a time.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "facts/sql_script.hpp"

using dbopt::engine::split_sql_statements;
using dbopt::engine::sql_parse_error;

namespace {

TEST(SqlParseError, ValidScriptsParse) {
  EXPECT_EQ(sql_parse_error("CREATE INDEX CONCURRENTLY \"orders_status_idx\" ON public.orders USING btree (status);\n"
                            "ALTER SYSTEM SET work_mem = '64MB';\nSELECT pg_reload_conf();"),
            std::nullopt);
  EXPECT_EQ(sql_parse_error("DROP INDEX CONCURRENTLY IF EXISTS public.\"Order Items_idx\";"), std::nullopt);
  EXPECT_EQ(sql_parse_error(""), std::nullopt);
  EXPECT_EQ(sql_parse_error("-- nothing to do\n/* really */"), std::nullopt);
  EXPECT_EQ(sql_parse_error("SELECT * FROM t WHERE a = $1"), std::nullopt);
}

TEST(SqlParseError, InvalidScriptsReportTheParserMessageAndPosition) {
  EXPECT_EQ(sql_parse_error("CREATE INDX orders_idx ON orders (status)"),
            "syntax error at or near \"INDX\" at character 8");
  EXPECT_EQ(sql_parse_error("VACUUM orders;\nALTER SYSTEM SET work_mem = ;"),
            "syntax error at or near \";\" at character 44");
  EXPECT_EQ(sql_parse_error("SELECT 'unterminated"), "unterminated quoted string at or near \"'unterminated\" at character 8");
  // A reserved word used bare as an identifier is what quote_ident prevents.
  EXPECT_EQ(sql_parse_error("CREATE INDEX ON user (id)"), "syntax error at or near \"user\" at character 17");
}

TEST(SplitSqlStatements, SplitsOnlyOnStatementBoundaries) {
  const std::string script =
      "-- P1: orders by status\n"
      "CREATE INDEX CONCURRENTLY \"idx;orders\" ON public.orders (status) WHERE note <> 'a;b';\n"
      "/* rollback below; keep */\n"
      "DROP INDEX CONCURRENTLY IF EXISTS public.\"idx;orders\";\n"
      "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$;\n"
      "ALTER SYSTEM SET work_mem = '64MB' ;  \n"
      "-- trailing comment only; nothing here\n";
  const std::vector<std::string> expected = {
      "-- P1: orders by status\n"
      "CREATE INDEX CONCURRENTLY \"idx;orders\" ON public.orders (status) WHERE note <> 'a;b'",
      "/* rollback below; keep */\n"
      "DROP INDEX CONCURRENTLY IF EXISTS public.\"idx;orders\"",
      "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$",
      "ALTER SYSTEM SET work_mem = '64MB'",
  };
  EXPECT_EQ(split_sql_statements(script), expected);
}

TEST(SplitSqlStatements, LastStatementWithoutSemicolonAndEmptyScripts) {
  EXPECT_EQ(split_sql_statements("SELECT 1;\n\n  SELECT 2  "), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_TRUE(split_sql_statements("").empty());
  EXPECT_TRUE(split_sql_statements("-- only a comment\n").empty());
  EXPECT_TRUE(split_sql_statements(" ; ;\n").empty());
}

TEST(SplitSqlStatements, ThrowsTheParserMessageForInvalidScripts) {
  try {
    split_sql_statements("SELECT 1;\nCREATE INDX i ON t (a);");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "syntax error at or near \"INDX\" at character 18");
  }
}

}  // namespace

TEST(ExplainStatementsOf, SplitsAndDropsTheCommentsAboveEachStatement) {
  using dbopt::engine::explain_statements_of;
  const std::vector<std::string> expected = {"SELECT count(*) FROM events WHERE kind = 'rare; not a split'",
                                             "INSERT INTO events VALUES (1, $$a;b$$) -- kept",
                                             "SELECT 2"};
  EXPECT_EQ(explain_statements_of("-- the rare kinds\n"
                                  "/* why: /* nested */ */\n"
                                  "SELECT count(*) FROM events WHERE kind = 'rare; not a split';\n\n"
                                  "-- a write\n"
                                  "INSERT INTO events VALUES (1, $$a;b$$) -- kept\n;\n"
                                  "SELECT 2;\n"
                                  "-- trailing comment only\n"),
            expected);
}

TEST(ExplainStatementsOf, ThrowsWhenTheScriptHasNoStatementOrDoesNotParse) {
  using dbopt::engine::explain_statements_of;
  for (const char* script : {"", "  \n\t", "-- only a comment\n/* and a block */\n", ";;\n"}) {
    try {
      explain_statements_of(script);
      ADD_FAILURE() << "expected std::invalid_argument for: " << script;
    } catch (const std::invalid_argument& e) {
      EXPECT_STREQ(e.what(), "no SQL statement in it") << script;
    }
  }
  try {
    explain_statements_of("SELECT 1;\nSELEC 2;");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "syntax error at or near \"SELEC\" at character 11");
  }
}
