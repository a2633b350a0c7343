// The capture recognises its own statements in pg_stat_statements (capture/pg_connection.hpp):
// parameter numbers are erased so pg_stat_statements' and libpg_query's numbering compare equal.
#include <gtest/gtest.h>

#include "capture/pg_connection.hpp"

namespace dbopt::engine::capture_detail {
namespace {

TEST(CaptureStatementShape, ParameterNumbersAreErased) {
  EXPECT_EQ(erase_param_numbers("SELECT $1, $23 FROM t WHERE a = $4"), "SELECT $, $ FROM t WHERE a = $");
  // pg_stat_statements (text order) and libpg_query (tree order) number one statement differently
  EXPECT_EQ(erase_param_numbers("WHERE l.locktype = $2 AND c.oid <> ALL ($1::oid[])"),
            erase_param_numbers("WHERE l.locktype = $18 AND c.oid <> ALL ($1::oid[])"));
  EXPECT_NE(erase_param_numbers("WHERE a = $1"), erase_param_numbers("WHERE b = $1"));
  EXPECT_EQ(erase_param_numbers("$"), "$");
  EXPECT_EQ(erase_param_numbers("price $ 10"), "price $ 10");
  EXPECT_EQ(erase_param_numbers(""), "");
}

}  // namespace
}  // namespace dbopt::engine::capture_detail
