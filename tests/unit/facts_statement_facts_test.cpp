// Statement facts from pg_stat_statements-style query texts ($n parameters), parsed by
// PostgreSQL's own parser (libpg_query). Each case asserts the complete facts of one query
// against a small snapshot, so any missing, extra or misattributed fact fails.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "facts/catalog_builder.hpp"
#include "facts/catalog_names.hpp"
#include "facts/column_access.hpp"
#include "facts/pg_parse.hpp"
#include "facts/statement_facts.hpp"

using namespace dbopt;
using sdk::CteFact;
using sdk::JoinCondition;
using sdk::PredicateColumn;
using sdk::StatementFacts;
using sdk::StatementKind;
using sdk::TableReference;

namespace dbopt::sdk {
// Readable failure output for EXPECT_EQ on facts.
void PrintTo(const StatementFacts& f, std::ostream* os) {
  static const char* kinds[] = {"Select", "Insert", "Update", "Delete", "Merge", "Utility", "Unknown"};
  *os << "\n{queryid=" << f.queryid << " parsed=" << f.parsed << " error=" << f.parse_error.value_or("-")
      << " kind=" << kinds[static_cast<int>(f.kind)] << " has_limit=" << f.has_limit
      << " limit=" << (f.limit ? std::to_string(*f.limit) : "-") << "\n";
  for (const auto& t : f.tables) {
    *os << "  table " << t.schemaname.value_or("") << "|" << t.relname << " alias=" << t.alias.value_or("-")
        << " oid=" << (t.table_oid ? std::to_string(*t.table_oid) : "-") << " target=" << t.is_target << "\n";
    for (const auto& p : t.predicates) {
      *os << "    pred " << p.column << " '" << p.op << "' json=" << p.json_operator.value_or("-") << " path=[";
      for (const auto& k : p.json_path) *os << k << ";";
      *os << "] const=" << p.compared_to_constant << "\n";
    }
    for (const auto& c : t.order_by) *os << "    order_by " << c << "\n";
    for (const auto& c : t.group_by) *os << "    group_by " << c << "\n";
  }
  for (const auto& j : f.joins)
    *os << "  join " << j.left_table << "." << j.left_column << " = " << j.right_table << "." << j.right_column << "\n";
  for (const auto& c : f.ctes)
    *os << "  cte " << c.name << " materialized=" << static_cast<int>(c.materialized) << " refs=" << c.reference_count
        << " recursive=" << c.recursive << "\n";
  *os << "}";
}
}  // namespace dbopt::sdk

namespace {

void add_table(sdk::Snapshot& s, sdk::Oid oid, std::string schema, std::string name,
               std::vector<std::string> columns) {
  sdk::Table t;
  t.oid = oid;
  t.schemaname = std::move(schema);
  t.relname = std::move(name);
  s.tables.push_back(t);
  int attnum = 0;
  for (auto& column : columns) {
    sdk::Column c;
    c.table_oid = oid;
    c.attnum = ++attnum;
    c.attname = std::move(column);
    c.type_name = "text";
    s.columns.push_back(c);
  }
}

void set_search_path(sdk::Snapshot& s, std::string value) {
  sdk::Setting setting;
  setting.name = "search_path";
  setting.setting = std::move(value);
  setting.vartype = "string";
  setting.context = "user";
  s.settings.push_back(setting);
}

// A shop database. current_user "alice" has no schema of her own, so "$user" matches nothing.
sdk::Snapshot shop() {
  sdk::Snapshot s;
  s.server.current_user = "alice";
  set_search_path(s, "\"$user\", public");
  add_table(s, 100, "public", "orders", {"id", "customer_id", "status", "total", "created_at", "data"});
  add_table(s, 101, "public", "order_items", {"id", "order_id", "sku", "qty"});
  add_table(s, 102, "public", "customers", {"id", "email", "region", "name"});
  add_table(s, 103, "public", "Order Items", {"id", "user_id", "Qty"});
  add_table(s, 104, "public", "user", {"id", "email", "deleted_at"});
  add_table(s, 105, "public", "events", {"id", "payload", "created_at"});
  add_table(s, 106, "public", "sessions", {"id", "user_id"});
  add_table(s, 107, "public", "docs", {"id", "data", "tags"});
  add_table(s, 108, "public", "shipments", {"order_id", "carrier", "shipped_at"});
  add_table(s, 200, "app", "orders", {"id", "tenant_id", "status"});
  add_table(s, 300, "sales", "accounts", {"id", "balance", "frozen"});
  add_table(s, 301, "sales", "transfers", {"id", "account_id", "amount", "status"});
  return s;
}

PredicateColumn pred(std::string column, std::string op, bool constant = true) {
  return PredicateColumn{std::move(column), std::move(op), std::nullopt, {}, constant};
}

/// A predicate that sits under an OR (or a negated AND).
PredicateColumn or_pred(std::string column, std::string op) {
  PredicateColumn p = pred(std::move(column), std::move(op));
  p.in_disjunction = true;
  return p;
}

PredicateColumn json_pred(std::string column, std::string op, std::optional<std::string> json_operator,
                          std::vector<std::string> path) {
  return PredicateColumn{std::move(column), std::move(op), std::move(json_operator), std::move(path), true};
}

TableReference table(std::string relname, std::optional<sdk::Oid> oid, std::optional<std::string> alias = std::nullopt) {
  TableReference t;
  t.relname = std::move(relname);
  t.table_oid = oid;
  t.alias = std::move(alias);
  return t;
}

StatementFacts facts(StatementKind kind) {
  StatementFacts f;
  f.queryid = 42;
  f.parsed = true;
  f.kind = kind;
  return f;
}

StatementFacts extract(const std::string& query) {
  static const sdk::Snapshot snapshot = shop();
  return engine::extract_statement_facts(42, query, &snapshot);
}

TEST(StatementFacts, InListOrderByAndParameterLimit) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("status", "IN"), pred("customer_id", "=")};
  orders.order_by = {"created_at"};
  expected.tables = {orders};
  expected.has_limit = true;
  EXPECT_EQ(extract("SELECT id, total FROM orders WHERE status IN ($1, $2) AND customer_id = $3 "
                    "ORDER BY created_at DESC LIMIT $4"),
            expected);
}

TEST(StatementFacts, JsonbAccessContainmentAndExistence) {
  auto expected = facts(StatementKind::Select);
  auto docs = table("docs", 107);
  docs.predicates = {
      json_pred("data", "=", "->>", {"status"}),
      json_pred("data", "=", "->>", {"customer", "email"}),
      json_pred("data", "=", "#>>", {"shipping", "country"}),
      json_pred("data", "@>", std::nullopt, {}),
      json_pred("data", "?", std::nullopt, {"gift"}),
      json_pred("data", "?|", std::nullopt, {"a", "b"}),
      json_pred("data", "?&", std::nullopt, {"c", "d"}),
      json_pred("data", "=", "->>", {"items", "0", "sku"}),
      pred("tags", "&&"),
      json_pred("data", "<@", std::nullopt, {}),
      // data ->> $8: the key is a parameter (pg_stat_statements' form of every constant key): the
      // column is touched, the key unknown.
      json_pred("data", "=", "->>", {}),
      json_pred("data", "=", "->>", {}),  // data -> $10 ->> 'zip': one unknown step, whole path unknown
      json_pred("data", "=", "#>>", {}),  // data #>> $12::text[]
  };
  expected.tables = {docs};
  expected.has_limit = true;
  expected.limit = 50;
  EXPECT_EQ(extract("SELECT id FROM docs WHERE data ->> 'status' = $1 AND data -> 'customer' ->> 'email' = $2 "
                    "AND data #>> '{shipping,country}' = $3 AND data @> $4 AND data ? 'gift' "
                    "AND data ?| ARRAY['a', 'b'] AND data ?& '{c,d}' AND data -> 'items' -> 0 ->> 'sku' = $5 "
                    "AND tags && $6 AND $7 @> data AND data ->> $8 = $9 AND data -> $10 ->> 'zip' = $11 "
                    "AND data #>> $12::text[] = $13 LIMIT 50"),
            expected);
}

TEST(StatementFacts, JoinsWithAliasesBecomeJoinConditions) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100, "o");
  orders.predicates = {pred("created_at", ">=")};
  auto customers = table("customers", 102, "c");
  customers.predicates = {pred("region", "=")};  // unqualified, only customers has "region"
  auto items = table("order_items", 101, "i");
  items.predicates = {pred("qty", ">")};
  expected.tables = {orders, customers, items};
  expected.joins = {{"customers", "id", "orders", "customer_id"}, {"order_items", "order_id", "orders", "id"}};
  EXPECT_EQ(extract("SELECT o.id, c.email, i.sku FROM orders o JOIN customers c ON c.id = o.customer_id "
                    "LEFT JOIN order_items i ON i.order_id = o.id AND i.qty > $1 "
                    "WHERE region = $2 AND o.created_at >= $3"),
            expected);
}

TEST(StatementFacts, UsingJoinAttributesTheMergedColumnToTheLeftInput) {
  auto expected = facts(StatementKind::Select);
  auto items = table("order_items", 101);
  items.predicates = {pred("order_id", "=")};
  auto shipments = table("shipments", 108);
  shipments.predicates = {pred("carrier", "=")};
  expected.tables = {items, shipments};
  expected.joins = {{"order_items", "order_id", "shipments", "order_id"}};
  EXPECT_EQ(extract("SELECT sku, shipped_at FROM order_items JOIN shipments USING (order_id) "
                    "WHERE carrier = $1 AND order_id = $2"),
            expected);
}

TEST(StatementFacts, ExistsAndInSubqueriesWithCorrelation) {
  auto expected = facts(StatementKind::Select);
  auto customers = table("customers", 102, "c");
  // `region` is not a column of orders: it is the outer query's customers.region.
  customers.predicates = {pred("id", "IN", false), pred("region", "=")};
  auto orders = table("orders", 100, "o");
  orders.predicates = {pred("status", "=")};
  auto events = table("events", 105);
  events.predicates = {pred("created_at", ">")};
  expected.tables = {customers, events, orders};  // in text order
  expected.joins = {{"orders", "customer_id", "customers", "id"}};
  EXPECT_EQ(extract("SELECT c.id FROM customers c WHERE c.id IN (SELECT id FROM events WHERE created_at > $1) "
                    "AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = $2 "
                    "AND region = $3)"),
            expected);
}

TEST(StatementFacts, CtesMaterializationAndReferenceCounts) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("created_at", ">")};
  auto items = table("order_items", 101);
  items.predicates = {pred("qty", ">")};
  auto customers = table("customers", 102);
  customers.predicates = {pred("region", "=")};
  expected.tables = {orders, items, customers};
  expected.ctes = {
      CteFact{"recent", CteFact::Materialized::Materialized, 2, false},
      CteFact{"big", CteFact::Materialized::NotMaterialized, 1, false},
      CteFact{"vip", CteFact::Materialized::Default, 1, false},
  };
  EXPECT_EQ(extract("WITH recent AS MATERIALIZED (SELECT id, customer_id FROM orders WHERE created_at > $1), "
                    "big AS NOT MATERIALIZED (SELECT order_id FROM order_items WHERE qty > $2), "
                    "vip AS (SELECT id FROM customers WHERE region = $3) "
                    "SELECT r.id FROM recent r JOIN vip v ON v.id = r.customer_id "
                    "WHERE r.id IN (SELECT order_id FROM big) "
                    "AND EXISTS (SELECT 1 FROM recent r2 WHERE r2.customer_id = v.id)"),
            expected);
}

TEST(StatementFacts, RecursiveCteCountsItsSelfReference) {
  auto expected = facts(StatementKind::Select);
  auto anchor = table("order_items", 101);
  anchor.predicates = {pred("id", "=")};
  auto step = table("order_items", 101, "i");
  step.predicates = {pred("order_id", "=", false)};  // compared with the CTE's column
  expected.tables = {anchor, step};
  expected.ctes = {CteFact{"chain", CteFact::Materialized::Default, 2, true}};
  EXPECT_EQ(extract("WITH RECURSIVE chain AS (SELECT id, order_id FROM order_items WHERE id = $1 "
                    "UNION ALL SELECT i.id, i.order_id FROM order_items i JOIN chain c ON i.order_id = c.id) "
                    "SELECT * FROM chain"),
            expected);
}

TEST(StatementFacts, UpdateFromWithSchemaQualifiedNames) {
  auto expected = facts(StatementKind::Update);
  auto accounts = table("accounts", 300, "a");
  accounts.schemaname = "sales";
  accounts.is_target = true;
  accounts.predicates = {pred("frozen", "=")};
  auto transfers = table("transfers", 301, "t");
  transfers.schemaname = "sales";
  transfers.predicates = {pred("status", "=")};
  expected.tables = {accounts, transfers};
  expected.joins = {{"sales.transfers", "account_id", "sales.accounts", "id"}};
  EXPECT_EQ(extract("UPDATE sales.accounts a SET balance = a.balance - t.amount FROM sales.transfers t "
                    "WHERE t.account_id = a.id AND t.status = $1 AND a.frozen = false"),
            expected);
}

TEST(StatementFacts, DeleteUsingWithQuotedReservedTableName) {
  auto expected = facts(StatementKind::Delete);
  auto sessions = table("sessions", 106, "s");
  sessions.is_target = true;
  auto user = table("user", 104, "u");
  user.predicates = {pred("deleted_at", "<")};  // now() - $1::interval has no column
  expected.tables = {sessions, user};
  expected.joins = {{"sessions", "user_id", "user", "id"}};
  EXPECT_EQ(extract("DELETE FROM sessions s USING \"user\" u WHERE s.user_id = u.id "
                    "AND u.deleted_at < now() - $1::interval"),
            expected);
}

TEST(StatementFacts, InsertSelectAndOnConflict) {
  auto insert_select = facts(StatementKind::Insert);
  auto events = table("events", 105);
  events.is_target = true;
  auto docs = table("docs", 107);
  docs.predicates = {json_pred("data", "=", "->>", {"type"})};
  insert_select.tables = {events, docs};
  EXPECT_EQ(extract("INSERT INTO events (id, payload, created_at) SELECT id, data, now() FROM docs "
                    "WHERE data ->> 'type' = $1"),
            insert_select);

  auto upsert = facts(StatementKind::Insert);
  auto customers = table("customers", 102);
  customers.is_target = true;
  upsert.tables = {customers};
  EXPECT_EQ(extract("INSERT INTO customers (id, email, name) VALUES ($1, $2, $3) "
                    "ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name"),
            upsert);
}

TEST(StatementFacts, GroupByHavingOrderByAndConstantLimit) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("created_at", ">=")};
  orders.group_by = {"status"};
  orders.order_by = {"status"};  // ORDER BY 2 is count(*), not a column
  expected.tables = {orders};
  expected.has_limit = true;
  expected.limit = 10;
  EXPECT_EQ(extract("SELECT status, count(*) FROM orders WHERE created_at >= $1 GROUP BY status "
                    "HAVING count(*) > $2 ORDER BY 2 DESC, 1 LIMIT 10"),
            expected);

  auto rollup = facts(StatementKind::Select);
  auto customers = table("customers", 102);
  customers.group_by = {"region", "name", "email"};
  rollup.tables = {customers};
  EXPECT_EQ(extract("SELECT region, name, email, count(*) FROM customers GROUP BY ROLLUP (region, name), email"),
            rollup);
}

TEST(StatementFacts, QuotedIdentifiersAreKeptAsWritten) {
  auto expected = facts(StatementKind::Select);
  auto items = table("Order Items", 103, "oi");
  items.predicates = {pred("Qty", ">")};
  items.order_by = {"Qty"};
  auto user = table("user", 104, "u");
  user.schemaname = "public";
  user.predicates = {pred("email", "=")};
  expected.tables = {items, user};
  expected.joins = {{"public.user", "id", "Order Items", "user_id"}};
  EXPECT_EQ(extract("SELECT oi.\"Qty\" FROM \"Order Items\" oi JOIN public.\"user\" u ON u.id = oi.user_id "
                    "WHERE u.email = $1 AND oi.\"Qty\" > $2 ORDER BY oi.\"Qty\""),
            expected);
}

TEST(StatementFacts, ExpressionWrappedColumnsAreSkipped) {
  auto expected = facts(StatementKind::Select);
  auto customers = table("customers", 102);
  customers.predicates = {pred("region", "=")};
  expected.tables = {customers};
  EXPECT_EQ(extract("SELECT id FROM customers WHERE lower(email) = $1 AND region = $2 AND id::text = $3"), expected);
}

TEST(StatementFacts, OperatorsUnderNotOrAndCommutedComparisons) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {
      pred("status", "<>"),          // NOT (status = $1)
      or_pred("total", "BETWEEN"),    // under the OR
      or_pred("customer_id", "NOT IN"),  // under the OR
      pred("created_at", ">"),       // $6 < created_at
      pred("data", "IS NOT NULL"),   //
      pred("status", "NOT LIKE"),    //
      pred("status", "ILIKE"),       //
      pred("status", "~"),           //
      pred("id", "= ANY"),           //
      pred("total", "NOT BETWEEN"),  //
      pred("customer_id", "IN"),     // NOT (customer_id NOT IN …)
  };
  expected.tables = {orders};
  EXPECT_EQ(extract("SELECT id FROM orders WHERE NOT (status = $1) AND (total BETWEEN $2 AND $3 "
                    "OR customer_id NOT IN ($4, $5)) AND $6 < created_at AND data IS NOT NULL "
                    "AND status NOT LIKE $7 AND status ILIKE $8 AND status ~ $9 AND id = ANY($10) "
                    "AND total NOT BETWEEN $11 AND $12 AND NOT (customer_id NOT IN ($13))"),
            expected);
}

TEST(StatementFacts, PredicatesUnderOrAndNegatedAndAreMarked) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {
      pred("status", "="),               // top-level AND: restricts the rows
      or_pred("customer_id", "="),       // (… OR …)
      or_pred("total", ">"),             //
      or_pred("status", "<>"),           // NOT (a AND b) = NOT a OR NOT b
      or_pred("created_at", ">="),       //
      pred("id", "<>"),                  // NOT (a OR b) = NOT a AND NOT b: both restrict
      pred("data", "IS NULL"),           //
  };
  expected.tables = {orders};
  auto f = extract("SELECT 1 FROM orders WHERE status = $1 AND (customer_id = $2 OR total > $3) "
                   "AND NOT (status = $4 AND created_at < $5) AND NOT (id = $6 OR data IS NOT NULL)");
  EXPECT_EQ(f, expected);
}

TEST(StatementFacts, ColumnComparedWithColumnOfTheSameTableIsNotConstant) {
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("total", ">", false), pred("customer_id", "<", false)};
  expected.tables = {orders};
  EXPECT_EQ(extract("SELECT id FROM orders WHERE total > customer_id"), expected);
}

TEST(StatementFacts, SubselectInFromAndUnion) {
  auto derived = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("customer_id", "=")};
  orders.group_by = {"status"};
  derived.tables = {orders};  // t.n belongs to the sub-select, not to a table
  EXPECT_EQ(extract("SELECT t.status, t.n FROM (SELECT status, count(*) AS n FROM orders WHERE customer_id = $1 "
                    "GROUP BY status) t WHERE t.n > $2"),
            derived);

  auto set_op = facts(StatementKind::Select);
  auto orders2 = table("orders", 100);
  orders2.predicates = {pred("status", "=")};
  auto events = table("events", 105);
  events.predicates = {pred("created_at", ">")};
  set_op.tables = {orders2, events};
  set_op.has_limit = true;
  set_op.limit = 5;
  EXPECT_EQ(extract("SELECT id FROM orders WHERE status = $1 UNION ALL SELECT id FROM events WHERE created_at > $2 "
                    "ORDER BY id LIMIT 5"),
            set_op);
}

TEST(StatementFacts, ScalarSubqueryLateralAndRowComparisons) {
  auto expected = facts(StatementKind::Select);
  auto items = table("order_items", 101, "i");
  auto orders = table("orders", 100, "o");
  // (a, b) = ($1, $2) is two equalities; the keyset comparison (a, b) < ($3, $4) is not per-column.
  orders.predicates = {pred("customer_id", "="), pred("status", "=")};
  auto shipments = table("shipments", 108, "s");
  expected.tables = {items, orders, shipments};
  expected.joins = {{"shipments", "order_id", "orders", "id"}, {"order_items", "order_id", "orders", "id"}};
  EXPECT_EQ(extract("SELECT o.id, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) AS n "
                    "FROM orders o, LATERAL (SELECT s.carrier FROM shipments s WHERE s.order_id = o.id LIMIT 1) last "
                    "WHERE (o.customer_id, o.status) = ($1, $2) AND (o.created_at, o.id) < ($3, $4)"),
            expected);
}

TEST(StatementFacts, MergeStatement) {
  auto expected = facts(StatementKind::Merge);
  auto accounts = table("accounts", 300, "a");
  accounts.schemaname = "sales";
  accounts.is_target = true;
  auto transfers = table("transfers", 301, "t");
  transfers.schemaname = "sales";
  expected.tables = {accounts, transfers};
  expected.joins = {{"sales.accounts", "id", "sales.transfers", "account_id"}};
  EXPECT_EQ(extract("MERGE INTO sales.accounts a USING sales.transfers t ON a.id = t.account_id "
                    "WHEN MATCHED THEN UPDATE SET balance = a.balance + t.amount"),
            expected);
}

TEST(StatementFacts, SearchPathResolvesUnqualifiedNamesToOids) {
  sdk::Snapshot snapshot = shop();
  snapshot.server.current_user = "app";  // "$user" is now the app schema, which has its own orders
  auto f = engine::extract_statement_facts(
      7, "SELECT * FROM orders JOIN customers ON customers.id = orders.id JOIN public.orders po ON po.id = orders.id "
         "JOIN nowhere n ON n.id = orders.id JOIN public.accounts pa ON pa.id = orders.id",
      &snapshot);
  ASSERT_TRUE(f.parsed);
  ASSERT_EQ(f.tables.size(), 5u);
  EXPECT_EQ(f.tables[0].table_oid, std::optional<sdk::Oid>(200));  // app.orders, first on the path
  EXPECT_EQ(f.tables[1].table_oid, std::optional<sdk::Oid>(102));  // public.customers
  EXPECT_EQ(f.tables[2].table_oid, std::optional<sdk::Oid>(100));  // qualified public.orders
  EXPECT_EQ(f.tables[3].table_oid, std::nullopt);                  // not captured
  EXPECT_EQ(f.tables[4].table_oid, std::nullopt);                  // accounts lives in sales, not public

  sdk::Snapshot sales = shop();
  sales.settings.clear();
  set_search_path(sales, "Sales, \"public\"");  // unquoted names fold to lower case
  auto g = engine::extract_statement_facts(8, "SELECT * FROM accounts, orders", &sales);
  ASSERT_EQ(g.tables.size(), 2u);
  EXPECT_EQ(g.tables[0].table_oid, std::optional<sdk::Oid>(300));
  EXPECT_EQ(g.tables[1].table_oid, std::optional<sdk::Oid>(100));

  auto none = engine::extract_statement_facts(9, "SELECT * FROM orders", nullptr);
  ASSERT_EQ(none.tables.size(), 1u);
  EXPECT_EQ(none.tables[0].table_oid, std::nullopt);
}

TEST(StatementFacts, SearchPathOfTheWorkloadNotOfTheCaptureSession) {
  // The capture pins its own session to "pg_catalog, pg_temp" (SET LOCAL); pg_settings.setting
  // then shows that, while reset_val keeps what the database's sessions use.
  sdk::Snapshot snapshot = shop();
  snapshot.settings.clear();
  set_search_path(snapshot, "pg_catalog, pg_temp");
  snapshot.settings.back().reset_val = "\"$user\", public";
  auto f = engine::extract_statement_facts(10, "SELECT * FROM customers WHERE email = $1", &snapshot);
  ASSERT_EQ(f.tables.size(), 1u);
  EXPECT_EQ(f.tables[0].table_oid, std::optional<sdk::Oid>(102));
}

TEST(StatementFacts, WithoutSnapshotOnlyUnambiguousColumnsAreAttributed) {
  auto f = engine::extract_statement_facts(1, "SELECT * FROM a JOIN b ON a.x = b.y WHERE z = $1 AND a.w > $2", nullptr);
  auto expected = facts(StatementKind::Select);
  expected.queryid = 1;
  auto a = table("a", std::nullopt);
  a.predicates = {pred("w", ">")};  // z could be a's or b's: skipped
  expected.tables = {a, table("b", std::nullopt)};
  expected.joins = {{"a", "x", "b", "y"}};
  EXPECT_EQ(f, expected);

  auto single = engine::extract_statement_facts(2, "SELECT * FROM a WHERE z = $1", nullptr);
  ASSERT_EQ(single.tables.size(), 1u);
  EXPECT_EQ(single.tables[0].predicates, std::vector<PredicateColumn>{pred("z", "=")});
}

TEST(StatementFacts, UnparseableTextIsRecordedNotFatal) {
  const std::string truncated = "SELECT id FROM orders WHERE status = $1 AND created_at >";
  auto f = extract(truncated);
  EXPECT_FALSE(f.parsed);
  EXPECT_EQ(f.queryid, 42);
  EXPECT_EQ(f.parse_error, "syntax error at end of input at character " + std::to_string(truncated.size() + 1));
  EXPECT_TRUE(f.tables.empty());
  EXPECT_EQ(f.kind, StatementKind::Unknown);

  auto g = extract("SELECT id FORM orders");
  EXPECT_FALSE(g.parsed);
  EXPECT_EQ(g.parse_error, "syntax error at or near \"orders\" at character 16");
}

TEST(StatementFacts, UtilityStatementsAndMultipleStatements) {
  for (const char* utility : {"VACUUM ANALYZE orders", "SET statement_timeout = 0",
                              "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)",
                              "EXPLAIN SELECT * FROM orders"}) {
    auto f = extract(utility);
    EXPECT_TRUE(f.parsed) << utility;
    EXPECT_EQ(f.kind, StatementKind::Utility) << utility;
    EXPECT_TRUE(f.tables.empty()) << utility;
  }
  auto expected = facts(StatementKind::Select);
  auto orders = table("orders", 100);
  orders.predicates = {pred("status", "=")};
  expected.tables = {orders};
  EXPECT_EQ(extract("SET LOCAL work_mem = '64MB'; SELECT id FROM orders WHERE status = $1"), expected);
}

TEST(StatementFacts, ExtractAllIsParallelToStatementsAndFeedsTheCatalog) {
  sdk::Snapshot snapshot = shop();
  EXPECT_TRUE(engine::extract_all_facts(snapshot).empty());  // pg_stat_statements not captured
  snapshot.statements.emplace();
  const std::vector<std::pair<std::int64_t, std::string>> rows = {
      {11, "SELECT * FROM orders WHERE id = $1"}, {-12, "SELEC broken"}, {13, "DELETE FROM events WHERE id = $1"}};
  for (const auto& [queryid, query] : rows) {
    sdk::Statement st;
    st.queryid = queryid;
    st.query = query;
    snapshot.statements->push_back(st);
  }
  auto all = engine::extract_all_facts(snapshot);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].queryid, 11);
  EXPECT_EQ(all[0].kind, StatementKind::Select);
  EXPECT_EQ(all[1].queryid, -12);
  EXPECT_FALSE(all[1].parsed);
  EXPECT_EQ(all[2].kind, StatementKind::Delete);

  auto catalog = engine::build_catalog(snapshot);
  ASSERT_EQ(catalog->facts().size(), 3u);
  const StatementFacts* deleted = catalog->facts_for(13);
  ASSERT_NE(deleted, nullptr);
  ASSERT_EQ(deleted->tables.size(), 1u);
  EXPECT_EQ(deleted->tables[0].table_oid, std::optional<sdk::Oid>(105));
  EXPECT_TRUE(deleted->tables[0].is_target);
  EXPECT_EQ(catalog->table(105), &catalog->tables()[5]);
}

sdk::Statement pss(std::int64_t queryid, std::string query) {
  sdk::Statement st;
  st.queryid = queryid;
  st.query = std::move(query);
  return st;
}

sdk::ExplainedStatement explained(std::string query) {
  sdk::ExplainedStatement e;
  e.query = std::move(query);
  e.options = "BUFFERS, SETTINGS, FORMAT JSON";
  e.error = "not run";
  return e;
}

TEST(ExplainedInstances, LinkedByFingerprintKeepingTheKeysPgStatStatementsReplaced) {
  sdk::Snapshot snapshot = shop();
  snapshot.statements = std::vector<sdk::Statement>{
      pss(1, "SELECT id FROM docs WHERE data ->> $1 = $2 LIMIT $3"),
      pss(2, "SELECT id FROM docs WHERE data ->> $1 = $2 AND id > $3"),   // no instance explained
      pss(3, "select id from docs where data ->> $1 = $2 limit $3"),     // other role, same shape
      pss(4, "SELEC broken"),
  };
  snapshot.explained = std::vector<sdk::ExplainedStatement>{
      explained("UPDATE docs SET tags = '{}' WHERE id = 7"),
      // layout, case, comments and constants differ from pg_stat_statements' text: same fingerprint
      explained("SELECT id\n  FROM docs -- one customer\n WHERE data->>'customer_id' = '42'\n LIMIT 10"),
  };
  auto facts = engine::extract_all_facts(snapshot);
  auto instance = engine::extract_explained_facts(snapshot, facts);
  ASSERT_EQ(instance.size(), 2u);
  EXPECT_EQ(instance[0].queryid, 0);
  EXPECT_EQ(instance[0].kind, StatementKind::Update);
  ASSERT_EQ(instance[1].tables.size(), 1u);
  EXPECT_EQ(instance[1].tables[0].predicates,
            (std::vector<PredicateColumn>{json_pred("data", "=", "->>", {"customer_id"})}));
  EXPECT_EQ(facts[0].explained_index, std::optional<std::size_t>(1));
  EXPECT_EQ(facts[1].explained_index, std::nullopt);
  EXPECT_EQ(facts[2].explained_index, std::optional<std::size_t>(1));
  EXPECT_EQ(facts[3].explained_index, std::nullopt);
  // pg_stat_statements' own facts still name no key.
  ASSERT_EQ(facts[0].tables.size(), 1u);
  EXPECT_EQ(facts[0].tables[0].predicates, (std::vector<PredicateColumn>{json_pred("data", "=", "->>", {})}));

  auto catalog = engine::build_catalog(snapshot);
  ASSERT_EQ(catalog->explained_facts().size(), 2u);
  const StatementFacts* f = catalog->instance_facts(1);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, &catalog->explained_facts()[1]);
  EXPECT_EQ(catalog->instance_facts(2), nullptr);
  EXPECT_EQ(catalog->instance_facts(4), nullptr);
  EXPECT_EQ(catalog->instance_facts(999), nullptr);
  // Entries 1 and 3 (same shape) are the workload of explained statement 1; the UPDATE has none.
  ASSERT_EQ(catalog->statements_of_explained(1).size(), 2u);
  EXPECT_EQ(catalog->statements_of_explained(1)[0]->queryid, 1);
  EXPECT_EQ(catalog->statements_of_explained(1)[1]->queryid, 3);
  EXPECT_TRUE(catalog->statements_of_explained(0).empty());
}

TEST(PgFingerprint, EqualForTheFormsOfOneStatementOnly) {
  using engine::pg_fingerprint;
  // pg_stat_statements numbers the constants it replaces in text order; the capture's own text
  // has constants or parameters in any order (capture/pg_connection.hpp, has_sent).
  const std::string sent = "SELECT c.oid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                           "WHERE l.locktype = 'relation' AND c.oid <> ALL ($1::oid[])";
  const std::string stored = "SELECT c.oid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                             "WHERE l.locktype = $2 AND c.oid <> ALL ($1::oid[])";
  ASSERT_TRUE(pg_fingerprint(sent).has_value());
  EXPECT_EQ(pg_fingerprint(sent), pg_fingerprint(stored));
  EXPECT_EQ(pg_fingerprint("SELECT a FROM t WHERE x = 1"), pg_fingerprint("select a\n  from t -- c\n where x = $7"));
  EXPECT_NE(pg_fingerprint("SELECT a FROM t WHERE x = $1"), pg_fingerprint("SELECT a FROM t WHERE y = $1"));
  EXPECT_NE(pg_fingerprint("SELECT a FROM t"), pg_fingerprint("SELECT a FROM u"));
  EXPECT_FALSE(pg_fingerprint("SELEC broken").has_value());
}

TEST(ExplainedInstances, TwoInstancesReadingDifferentKeysLeaveTheEntryUnlinked) {
  sdk::Snapshot snapshot = shop();
  snapshot.statements = std::vector<sdk::Statement>{pss(1, "SELECT id FROM docs WHERE data ->> $1 = $2")};
  snapshot.explained = std::vector<sdk::ExplainedStatement>{
      explained("SELECT id FROM docs WHERE data ->> 'customer_id' = '42'"),
      explained("SELECT id FROM docs WHERE data ->> 'region' = 'EU'"),
  };
  auto facts = engine::extract_all_facts(snapshot);
  engine::extract_explained_facts(snapshot, facts);
  EXPECT_EQ(facts[0].explained_index, std::nullopt);
  // Both are still instances of the entry's shape: the plans are weighted by its calls.
  auto catalog = engine::build_catalog(snapshot);
  ASSERT_EQ(catalog->statements_of_explained(0).size(), 1u);
  ASSERT_EQ(catalog->statements_of_explained(1).size(), 1u);
  EXPECT_EQ(catalog->statements_of_explained(1)[0]->queryid, 1);
  EXPECT_EQ(catalog->instance_facts(1), nullptr);

  // Two instances that agree (other constants only) keep the link to the first.
  snapshot.explained = std::vector<sdk::ExplainedStatement>{
      explained("SELECT id FROM docs WHERE data ->> 'customer_id' = '42'"),
      explained("SELECT id FROM docs WHERE data ->> 'customer_id' = '7'"),
  };
  facts = engine::extract_all_facts(snapshot);
  engine::extract_explained_facts(snapshot, facts);
  EXPECT_EQ(facts[0].explained_index, std::optional<std::size_t>(0));
}

TEST(ExplainedInstances, NoneWithoutExplainOrWithoutPgStatStatements) {
  sdk::Snapshot snapshot = shop();
  snapshot.statements = std::vector<sdk::Statement>{pss(1, "SELECT id FROM docs WHERE data ->> $1 = $2")};
  auto facts = engine::extract_all_facts(snapshot);
  EXPECT_TRUE(engine::extract_explained_facts(snapshot, facts).empty());
  EXPECT_EQ(facts[0].explained_index, std::nullopt);

  snapshot.statements.reset();
  snapshot.explained = std::vector<sdk::ExplainedStatement>{explained("SELECT id FROM docs WHERE data ->> 'k' = 'v'")};
  std::vector<StatementFacts> none;
  EXPECT_EQ(engine::extract_explained_facts(snapshot, none).size(), 1u);
}

TEST(StatementFacts, PerformanceOf5000Statements) {
  sdk::Snapshot snapshot = shop();
  snapshot.statements.emplace();
  for (int i = 0; i < 5000; ++i) {
    sdk::Statement st;
    st.queryid = i;
    st.query = "WITH recent AS (SELECT id FROM customers WHERE region = $1) SELECT o.id, o.total, i.sku "
               "FROM orders o JOIN order_items i ON i.order_id = o.id JOIN recent r ON r.id = o.customer_id "
               "WHERE o.status = $2 AND o.created_at >= $3 AND o.data ->> 'channel' = $4 AND i.qty > " +
               std::to_string(i) + " ORDER BY o.created_at DESC LIMIT $5";
    snapshot.statements->push_back(st);
  }
  const auto start = std::chrono::steady_clock::now();
  auto all = engine::extract_all_facts(snapshot);
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ perf ] extract_all_facts: 5000 statements in " << ms << " ms\n";
  ASSERT_EQ(all.size(), 5000u);
  EXPECT_TRUE(all.back().parsed);
  EXPECT_EQ(all.back().tables.size(), 3u);
  EXPECT_EQ(all.back().joins.size(), 1u);
}

TEST(SearchPath, ParsedLikePostgres) {
  using engine::parse_search_path;
  using V = std::vector<std::string>;
  EXPECT_EQ(parse_search_path("\"$user\", public", "app"), (V{"app", "public"}));
  EXPECT_EQ(parse_search_path("\"$user\", public", ""), (V{"public"}));
  EXPECT_EQ(parse_search_path("$user,public", "Bob"), (V{"Bob", "public"}));
  EXPECT_EQ(parse_search_path(" \"My Schema\" , Sales,x ", "u"), (V{"My Schema", "sales", "x"}));
  EXPECT_EQ(parse_search_path("\"a\"\"b\"", "u"), (V{"a\"b"}));
  EXPECT_EQ(parse_search_path("", "u"), V{});
}

TEST(JsonPath, TextArrayLiteralsAsArrayInReadsThem) {
  using engine::parse_text_array;
  using V = std::vector<std::string>;
  EXPECT_EQ(parse_text_array("{a,b}"), (V{"a", "b"}));
  EXPECT_EQ(parse_text_array(" { \"a b\" , c\\,d , \"e\\\"f\" } "), (V{"a b", "c,d", "e\"f"}));
  EXPECT_EQ(parse_text_array("{}"), V{});
  EXPECT_EQ(parse_text_array("{a,NULL}"), std::nullopt);
  EXPECT_EQ(parse_text_array("{{a},{b}}"), std::nullopt);
  EXPECT_EQ(parse_text_array("{a,b"), std::nullopt);
  EXPECT_EQ(parse_text_array("a,b"), std::nullopt);
  EXPECT_EQ(parse_text_array("{a,}"), std::nullopt);
}

}  // namespace
