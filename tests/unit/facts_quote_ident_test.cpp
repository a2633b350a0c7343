// Property test of sdk::sql::quote_ident against PostgreSQL's own parser (libpg_query, PG15
// grammar): a quoted word is always a valid column name, and a word left bare parses as an
// identifier — which proves the SDK's keyword list is complete for PostgreSQL 15.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dbopt/sdk/sql.hpp"
#include "facts/sql_script.hpp"

// PostgreSQL's keyword table as linked into libpg_query (src/include/common/kwlookup.h and
// src/common/keywords.c of PostgreSQL 15). Read only to enumerate every keyword the parser knows.
extern "C" {
struct ScanKeywordList {
  const char* kw_string;          // all keywords in order, separated by \0
  const std::uint16_t* kw_offsets;  // offsets to the start of each keyword
  int (*hash)(const void* key, std::size_t keylen);
  int num_keywords;
  int max_kw_len;
};
extern const ScanKeywordList ScanKeywords;
extern const std::uint8_t ScanKeywordCategories[];  // 0 unreserved, 1 col_name, 2 type_func_name, 3 reserved
}

namespace {

using dbopt::engine::sql_parse_error;
using dbopt::sdk::sql::quote_ident;

constexpr std::uint8_t kUnreservedKeyword = 0;  // UNRESERVED_KEYWORD, src/include/common/keywords.h

struct Keyword {
  std::string word;
  std::uint8_t category;
};

std::vector<Keyword> parser_keywords() {
  std::vector<Keyword> keywords;
  for (int i = 0; i < ScanKeywords.num_keywords; ++i)
    keywords.push_back({ScanKeywords.kw_string + ScanKeywords.kw_offsets[i], ScanKeywordCategories[i]});
  return keywords;
}

TEST(QuoteIdentProperty, ParserKeywordTableIsReadable) {
  const auto keywords = parser_keywords();
  ASSERT_GT(keywords.size(), 400u);  // PostgreSQL 15 has 470-odd keywords
  ASSERT_LT(keywords.size(), 700u);
  EXPECT_EQ(keywords.front().word, "abort");
  std::set<std::string> reserved;
  for (const auto& k : keywords) {
    ASSERT_LE(k.category, 3) << k.word;
    if (k.category == 3) reserved.insert(k.word);
  }
  EXPECT_TRUE(reserved.count("select"));
  EXPECT_TRUE(reserved.count("user"));
}

TEST(QuoteIdentProperty, EveryWordIsAValidColumnNameAndBareWordsAreIdentifiers) {
  std::set<std::string> words;
  for (auto word : dbopt::sdk::sql::detail::kQuotedKeywords) words.emplace(word);
  for (const auto& k : parser_keywords()) words.insert(k.word);  // all PG15 keywords, unreserved included
  for (const char* word : {"orders", "order_items", "customer", "status", "total_amount", "x", "_tmp", "a1",
                           "Order", "order items", "1st", "caf\xc3\xa9", "a\"b", "ALL", "Select", "user_id",
                           "select_", "from2", "data", "payload", "tags", "email", "region", "created_at"})
    words.emplace(word);

  int bare = 0;
  for (const auto& word : words) {
    const std::string quoted = quote_ident(word);
    EXPECT_EQ(sql_parse_error("CREATE TABLE t (" + quoted + " int)"), std::nullopt) << word << " as " << quoted;
    EXPECT_EQ(sql_parse_error("CREATE INDEX " + quoted + " ON " + quoted + " (" + quoted + ")"), std::nullopt)
        << word << " as " << quoted;
    if (quoted == word) {
      ++bare;
      // Bare words must be plain identifiers everywhere quote_ident output is used.
      EXPECT_EQ(sql_parse_error("SELECT " + word + "." + word + " FROM " + word + "." + word + " " + word +
                                " WHERE " + word + " = 1"),
                std::nullopt)
          << word;
    }
  }
  EXPECT_GT(bare, 300);  // the unreserved keywords and ordinary words stay bare
}

TEST(QuoteIdentProperty, QuotesExactlyTheNonUnreservedKeywordsOfPostgres15) {
  for (const auto& k : parser_keywords()) {
    const bool quoted = quote_ident(k.word) != k.word;
    EXPECT_EQ(quoted, k.category != kUnreservedKeyword) << k.word << " category " << int(k.category);
  }
}

}  // namespace
