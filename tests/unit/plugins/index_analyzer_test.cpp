// index-analyzer: for each check, the smallest catalog that fires it and the closest ones that
// must not (STYLE.md rule 6); scripts with hostile identifiers; option overrides.
// Expected numbers (sizes, speedups, bloat) are recomputed here from the formulas written out in
// plugins/index-analyzer/README.md, independently of the plugin's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "BtreeBloatCheck.hpp"
#include "DuplicateIndexCheck.hpp"
#include "FkWithoutIndexCheck.hpp"
#include "IndexAnalyzerPlugin.hpp"
#include "IndexScripts.hpp"
#include "InvalidIndexCheck.hpp"
#include "MissingIndexCheck.hpp"
#include "RedundantIndexCheck.hpp"
#include "UnusedIndexCheck.hpp"

using namespace dbopt::sdk;
namespace ia = dbopt::plugins::index_analyzer;

namespace {

constexpr double kDay = 86400;

struct CollectingSink : FindingSink {
  std::vector<Finding> findings;
  std::vector<std::string> logs;
  void add(const Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { logs.emplace_back(m); }
  void summary(const dbopt::sdk::SummaryFact&) noexcept override {}
  void exhibit(const dbopt::sdk::Exhibit&) noexcept override {}
  bool logged(std::string_view needle) const {
    return std::any_of(logs.begin(), logs.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }
};

template <class Check>
CollectingSink run(const Snapshot& s, const std::map<std::string, std::string>& overrides = {},
                   std::vector<StatementFacts> facts = {}) {
  Catalog catalog(s, std::move(facts));
  CollectingSink sink;
  Check{}.run(catalog, ia::IndexAnalyzerPlugin::make_options(overrides), sink);
  return sink;
}

/// A snapshot with statistics 30 days old, 8 kB pages, PostgreSQL 15.
Snapshot base_snapshot() {
  Snapshot s;
  s.server.server_version_num = 150004;
  DatabaseStats db;
  db.stats_reset = "2026-10-22T00:00:00Z";
  db.stats_age_seconds = 30 * kDay;
  s.database = db;
  Setting bs;
  bs.name = "block_size";
  bs.setting = "8192";
  s.settings.push_back(bs);
  return s;
}

Table& add_table(Snapshot& s, Oid oid, const std::string& schema, const std::string& name, double reltuples,
                 std::int64_t relpages) {
  Table t;
  t.oid = oid;
  t.schemaname = schema;
  t.relname = name;
  t.reltuples = reltuples;
  t.relpages = relpages;
  t.heap_bytes = relpages * 8192;
  TableActivity a;
  a.n_tup_ins = 1000;
  a.n_tup_upd = 300;
  a.n_tup_hot_upd = 100;
  a.n_tup_del = 50;
  t.stat = a;
  s.tables.push_back(t);
  return s.tables.back();
}

Column& add_column(Snapshot& s, Oid table, int attnum, const std::string& name, int avg_width, double n_distinct,
                   double null_frac = 0, std::optional<double> correlation = 0.0) {
  Column c;
  c.table_oid = table;
  c.attnum = attnum;
  c.attname = name;
  c.type_name = "integer";
  ColumnStats st;
  st.avg_width = avg_width;
  st.n_distinct = n_distinct;
  st.null_frac = null_frac;
  st.correlation = correlation;
  c.stats = st;
  s.columns.push_back(c);
  return s.columns.back();
}

IndexKey key(int attnum, const std::string& definition) {
  IndexKey k;
  k.attnum = attnum;
  k.definition = definition;
  return k;
}

/// An index whose indexdef is spelled out by the caller exactly as pg_get_indexdef() prints it.
Index& add_index(Snapshot& s, Oid oid, Oid table, const std::string& name, std::vector<IndexKey> keys,
                 const std::string& indexdef, std::int64_t idx_scan = 0, std::int64_t size_bytes = 1 << 20) {
  Index i;
  i.oid = oid;
  i.table_oid = table;
  i.schemaname = "public";
  i.relname = name;
  i.amname = "btree";
  i.keys = std::move(keys);
  i.indexdef = indexdef;
  i.size_bytes = size_bytes;
  i.relpages = size_bytes / 8192;
  IndexActivity a;
  a.idx_scan = idx_scan;
  i.stat = a;
  s.indexes.push_back(i);
  return s.indexes.back();
}

/// orders(id, customer_id, status) with one unused index on status.
Snapshot unused_snapshot() {
  Snapshot s = base_snapshot();
  add_table(s, 10, "public", "orders", 50000, 500);
  add_column(s, 10, 1, "id", 4, -1);
  add_column(s, 10, 2, "customer_id", 4, 5000);
  add_column(s, 10, 3, "status", 8, 4);
  add_index(s, 100, 10, "orders_status_idx", {key(3, "status")},
            "CREATE INDEX orders_status_idx ON public.orders USING btree (status)");
  return s;
}

const Metric* find_metric(const Finding& f, const std::string& name) {
  for (const auto& m : f.evidence)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------- unused-index

TEST(UnusedIndex, FiresOnZeroScansWithOldStatistics) {
  auto sink = run<ia::UnusedIndexCheck>(unused_snapshot());
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/unused-index");
  EXPECT_EQ(f.story, "");
  EXPECT_EQ(f.object.kind, "index");
  EXPECT_EQ(f.object.schema, "public");
  EXPECT_EQ(f.object.name, "orders_status_idx");
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.confidence, Confidence::Modeled);
  EXPECT_EQ(f.risk.level, RiskLevel::Low);
  EXPECT_EQ(f.impact.storage_delta_bytes, -(1 << 20));
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->category, ScriptCategory::Indexes);
  EXPECT_EQ(f.script->apply, "DROP INDEX CONCURRENTLY IF EXISTS public.orders_status_idx;");
  EXPECT_EQ(f.script->rollback,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON public.orders USING btree (status);");
  ASSERT_NE(find_metric(f, "idx_scan"), nullptr);
  EXPECT_EQ(find_metric(f, "idx_scan")->value, 0.0);
  EXPECT_EQ(find_metric(f, "stats_age_seconds")->value, 30 * kDay);
  // inserts 1000 + updates 300 - HOT updates 100: the writes that added an entry to the index.
  EXPECT_EQ(find_metric(f, "index_maintaining_writes")->value, 1200.0);
  EXPECT_NE(f.detail.find("30.0 days"), std::string::npos);
}

TEST(UnusedIndex, DoesNotFireOnScannedPrimaryUniqueConstraintInvalidOrSmallIndexes) {
  auto scanned = unused_snapshot();
  scanned.indexes[0].stat->idx_scan = 1;
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(scanned).findings.empty());

  auto primary = unused_snapshot();
  primary.indexes[0].indisprimary = primary.indexes[0].indisunique = true;
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(primary).findings.empty());

  auto unique = unused_snapshot();
  unique.indexes[0].indisunique = true;
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(unique).findings.empty());

  auto backs = unused_snapshot();
  backs.indexes[0].constraint_name = "orders_status_excl";
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(backs).findings.empty());

  // A foreign key of another table records the index it relies on in conindid.
  auto referenced = unused_snapshot();
  Constraint fk;
  fk.oid = 900;
  fk.table_oid = 10;
  fk.conname = "fk_uses_it";
  fk.contype = 'f';
  fk.conindid = 100;
  referenced.constraints.push_back(fk);
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(referenced).findings.empty());

  auto invalid = unused_snapshot();
  invalid.indexes[0].indisvalid = false;
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(invalid).findings.empty());

  auto small = unused_snapshot();
  small.indexes[0].size_bytes = 16384;  // below the 64 kB default of unused-min-size
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(small).findings.empty());

  auto no_stat_row = unused_snapshot();
  no_stat_row.indexes[0].stat.reset();
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(no_stat_row).findings.empty());
}

TEST(UnusedIndex, OnlyIndexServingAForeignKeyIsKept) {
  auto s = unused_snapshot();
  Constraint fk;
  fk.oid = 700;
  fk.table_oid = 10;
  fk.conname = "orders_status_fkey";
  fk.contype = 'f';
  fk.conkey = {3};
  fk.confrelid = 20;
  s.constraints.push_back(fk);
  auto sink = run<ia::UnusedIndexCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("index kept for foreign key orders_status_fkey"));
  // A second index serving the same key (status first): the unused one may go.
  add_index(s, 101, 10, "orders_status_customer_idx", {key(3, "status"), key(2, "customer_id")},
            "CREATE INDEX orders_status_customer_idx ON public.orders USING btree (status, customer_id)", 50);
  auto sink2 = run<ia::UnusedIndexCheck>(s);
  ASSERT_EQ(sink2.findings.size(), 1u);
  EXPECT_EQ(sink2.findings[0].object.name, "orders_status_idx");
}

TEST(UnusedIndex, WhenEveryIndexServingAForeignKeyIsUnusedOneIsKept) {
  auto s = unused_snapshot();
  Constraint fk;
  fk.oid = 700;
  fk.table_oid = 10;
  fk.conname = "orders_status_fkey";
  fk.contype = 'f';
  fk.conkey = {3};
  fk.confrelid = 20;
  s.constraints.push_back(fk);
  // A longer index on (status, customer_id), also never scanned: dropping both would leave the
  // foreign key without an index. The longer one is kept (redundant-index drops the prefix).
  auto prefix = s;
  add_index(prefix, 101, 10, "orders_status_customer_idx", {key(3, "status"), key(2, "customer_id")},
            "CREATE INDEX orders_status_customer_idx ON public.orders USING btree (status, customer_id)", 0);
  auto sink = run<ia::UnusedIndexCheck>(prefix);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.name, "orders_status_idx");
  EXPECT_TRUE(sink.logged("orders_status_customer_idx has no scans but is not reported"));

  // Two identical unused indexes: the first by name stays (the one duplicate-index keeps).
  auto dup = s;
  add_index(dup, 101, 10, "orders_status_idx2", {key(3, "status")},
            "CREATE INDEX orders_status_idx2 ON public.orders USING btree (status)", 0);
  auto sink2 = run<ia::UnusedIndexCheck>(dup);
  ASSERT_EQ(sink2.findings.size(), 1u);
  EXPECT_EQ(sink2.findings[0].object.name, "orders_status_idx2");

  // Without the foreign key both go: nothing needs either.
  prefix.constraints.clear();
  EXPECT_EQ(run<ia::UnusedIndexCheck>(prefix).findings.size(), 2u);
}

TEST(UnusedIndex, PartitionWhoseParentIsNotCapturedIsNotDroppedButOneWithAnUnindexedParentIs) {
  auto missing_parent = unused_snapshot();
  missing_parent.tables[0].relispartition = true;
  missing_parent.tables[0].parent_oid = 9;  // parent not in the snapshot: its indexes are unknown
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(missing_parent).findings.empty());

  auto unindexed_parent = missing_parent;
  Table& parent = add_table(unindexed_parent, 9, "public", "orders_parent", 0, 0);
  parent.relkind = 'p';
  EXPECT_EQ(run<ia::UnusedIndexCheck>(unindexed_parent).findings.size(), 1u);
}

TEST(UnusedIndex, YoungStatisticsSkipTheCheckAndSaySo) {
  auto young = unused_snapshot();
  young.database->stats_age_seconds = 2 * kDay;
  auto sink = run<ia::UnusedIndexCheck>(young);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("min-stats-age"));
  // The same catalog with the threshold lowered to one day fires.
  EXPECT_EQ(run<ia::UnusedIndexCheck>(young, {{"min-stats-age", "1"}}).findings.size(), 1u);
}

TEST(UnusedIndex, NeverResetStatisticsAreOldEnoughButTheDetailSaysSo) {
  auto s = unused_snapshot();
  s.database->stats_reset.reset();
  s.database->stats_age_seconds.reset();
  auto sink = run<ia::UnusedIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].detail.find("never reset"), std::string::npos);
  ASSERT_NE(find_metric(sink.findings[0], "stats_reset"), nullptr);
  EXPECT_EQ(find_metric(sink.findings[0], "stats_reset")->text, "never reset");
  EXPECT_EQ(find_metric(sink.findings[0], "stats_age_seconds"), nullptr);
}

TEST(UnusedIndex, MissingDatabaseStatisticsSkipTheCheck) {
  auto s = unused_snapshot();
  s.database.reset();
  auto sink = run<ia::UnusedIndexCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("pg_stat_database"));
}

TEST(UnusedIndex, SizeOptionsChangeWhatIsReportedAndItsSeverity) {
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(unused_snapshot(), {{"unused-min-size", "2MB"}}).findings.empty());
  auto high = run<ia::UnusedIndexCheck>(unused_snapshot(), {{"unused-high-size", "512kB"}});
  ASSERT_EQ(high.findings.size(), 1u);
  EXPECT_EQ(high.findings[0].severity, Severity::High);
}

TEST(UnusedIndex, PartitionIndexesThatMayBeAttachedAreNotDropped) {
  auto s = unused_snapshot();
  Table& parent = add_table(s, 9, "public", "orders_parent", 0, 0);
  parent.relkind = 'p';
  s.tables[0].relispartition = true;
  s.tables[0].parent_oid = 9;
  add_index(s, 99, 9, "orders_parent_status_idx", {key(3, "status")},
            "CREATE INDEX orders_parent_status_idx ON ONLY public.orders_parent USING btree (status)");
  EXPECT_TRUE(run<ia::UnusedIndexCheck>(s).findings.empty());
}

TEST(UnusedIndex, HostileNamesAreQuotedAndRollbackIsTheCapturedDefinition) {
  Snapshot s = base_snapshot();
  add_table(s, 10, "public", "Order \"Items\"", 50000, 500);
  add_column(s, 10, 1, "user", 4, 100);
  add_index(s, 100, 10, "Order \"Items\"_idx", {key(1, "\"user\"")},
            "CREATE INDEX \"Order \"\"Items\"\"_idx\" ON public.\"Order \"\"Items\"\"\" USING btree (\"user\")");
  auto sink = run<ia::UnusedIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Script& sc = *sink.findings[0].script;
  EXPECT_EQ(sc.apply, "DROP INDEX CONCURRENTLY IF EXISTS public.\"Order \"\"Items\"\"_idx\";");
  EXPECT_EQ(sc.rollback, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Order \"\"Items\"\"_idx\" ON "
                         "public.\"Order \"\"Items\"\"\" USING btree (\"user\");");
  // The Markdown detail escapes the underscore of the untrusted name (sdk::md::escape).
  EXPECT_NE(sink.findings[0].detail.find("\"Order \"\"Items\"\"\\_idx\""), std::string::npos);
}

TEST(UnusedIndex, DefinitionThatDoesNotNameTheIndexIsNotReused) {
  auto s = unused_snapshot();
  s.indexes[0].indexdef = "CREATE INDEX other_idx ON public.orders USING btree (status); DROP TABLE orders";
  auto sink = run<ia::UnusedIndexCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("pg_get_indexdef() shape"));
}

// ---------------------------------------------------------------- duplicate-index

namespace {
Snapshot duplicate_snapshot() {
  Snapshot s = base_snapshot();
  add_table(s, 10, "public", "orders", 50000, 500);
  add_column(s, 10, 2, "customer_id", 4, 5000);
  add_index(s, 101, 10, "idx_orders_user", {key(2, "customer_id")},
            "CREATE INDEX idx_orders_user ON public.orders USING btree (customer_id)", 500);
  add_index(s, 102, 10, "idx_orders_user_id", {key(2, "customer_id")},
            "CREATE INDEX idx_orders_user_id ON public.orders USING btree (customer_id)", 20);
  return s;
}
}  // namespace

TEST(DuplicateIndex, IdenticalDefinitionsFireAndTheLessUsedOneIsDropped) {
  auto sink = run<ia::DuplicateIndexCheck>(duplicate_snapshot());
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/duplicate-index");
  EXPECT_EQ(f.object.name, "idx_orders_user_id");
  EXPECT_EQ(f.script->apply, "DROP INDEX CONCURRENTLY IF EXISTS public.idx_orders_user_id;");
  EXPECT_EQ(f.script->rollback,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON public.orders USING btree (customer_id);");
  EXPECT_EQ(find_metric(f, "indexdef")->text, "CREATE INDEX idx_orders_user_id ON public.orders USING btree (customer_id)");
  EXPECT_EQ(find_metric(f, "kept_indexdef")->text, "CREATE INDEX idx_orders_user ON public.orders USING btree (customer_id)");
}

TEST(DuplicateIndex, DifferentOpclassPredicateCollationIncludeOrMethodDoNotFire) {
  auto opclass = duplicate_snapshot();
  opclass.indexes[1].keys[0].opclass = "text_pattern_ops";
  opclass.indexes[1].keys[0].opclass_is_default = false;
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(opclass).findings.empty());

  auto predicate = duplicate_snapshot();
  predicate.indexes[1].predicate = "(status = 'open'::text)";
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(predicate).findings.empty());

  auto collation = duplicate_snapshot();
  collation.indexes[1].keys[0].collation = "C";
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(collation).findings.empty());

  auto include = duplicate_snapshot();
  include.indexes[1].include = {key(3, "status")};
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(include).findings.empty());

  auto order = duplicate_snapshot();
  order.indexes[1].keys[0].desc = true;
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(order).findings.empty());

  auto hash = duplicate_snapshot();
  hash.indexes[1].amname = "hash";
  EXPECT_TRUE(run<ia::DuplicateIndexCheck>(hash).findings.empty());
}

TEST(DuplicateIndex, KeepsTheConstraintOrUniqueIndexWhateverTheScans) {
  auto unique = duplicate_snapshot();
  unique.indexes[1].indisunique = true;  // fewer scans, but enforces uniqueness
  unique.indexes[1].indexdef = "CREATE UNIQUE INDEX idx_orders_user_id ON public.orders USING btree (customer_id)";
  auto sink = run<ia::DuplicateIndexCheck>(unique);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.name, "idx_orders_user");

  auto both_constraints = duplicate_snapshot();
  for (auto& i : both_constraints.indexes) i.indisunique = true;
  both_constraints.indexes[0].constraint_name = "orders_customer_key";
  both_constraints.indexes[1].constraint_name = "orders_customer_key2";
  auto sink2 = run<ia::DuplicateIndexCheck>(both_constraints);
  EXPECT_TRUE(sink2.findings.empty());
  EXPECT_TRUE(sink2.logged("requires it"));
}

TEST(DuplicateIndex, ImmediateUniqueIndexIsNotDroppedForADeferrableOne) {
  auto s = duplicate_snapshot();
  for (auto& i : s.indexes) i.indisunique = true;
  s.indexes[0].indexdef = "CREATE UNIQUE INDEX idx_orders_user ON public.orders USING btree (customer_id)";
  s.indexes[1].indexdef = "CREATE UNIQUE INDEX idx_orders_user_id ON public.orders USING btree (customer_id)";
  // Both immediate: the less scanned one goes, and the detail asks to check replica identity.
  auto sink = run<ia::DuplicateIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.name, "idx_orders_user_id");
  EXPECT_NE(sink.findings[0].detail.find("indisreplident"), std::string::npos);
  // The kept one backs a DEFERRABLE unique constraint: the immediate one is an ON CONFLICT arbiter.
  s.indexes[0].constraint_name = "orders_customer_key";
  s.indexes[0].indimmediate = false;
  auto sink2 = run<ia::DuplicateIndexCheck>(s);
  EXPECT_TRUE(sink2.findings.empty());
  EXPECT_TRUE(sink2.logged("idx_orders_user_id duplicates public.idx_orders_user but is not reported"));
  EXPECT_TRUE(sink2.logged("deferrable"));
}

TEST(DuplicateIndex, NullsNotDistinctIndexIsTheOneKept) {
  auto s = duplicate_snapshot();
  for (auto& i : s.indexes) i.indisunique = true;
  s.indexes[0].indexdef = "CREATE UNIQUE INDEX idx_orders_user ON public.orders USING btree (customer_id)";
  s.indexes[1].indexdef =  // fewer scans, but stricter: it rejects repeated NULLs
      "CREATE UNIQUE INDEX idx_orders_user_id ON public.orders USING btree (customer_id) NULLS NOT DISTINCT";
  auto sink = run<ia::DuplicateIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].object.name, "idx_orders_user");
  // A non-unique duplicate cannot be a replica identity: no such caveat.
  auto plain = run<ia::DuplicateIndexCheck>(duplicate_snapshot());
  ASSERT_EQ(plain.findings.size(), 1u);
  EXPECT_EQ(plain.findings[0].detail.find("indisreplident"), std::string::npos);
}

// ---------------------------------------------------------------- redundant-index

namespace {
Snapshot redundant_snapshot() {
  Snapshot s = base_snapshot();
  add_table(s, 10, "public", "orders", 50000, 500);
  add_column(s, 10, 2, "customer_id", 4, 5000);
  add_column(s, 10, 3, "created_at", 8, -1);
  add_column(s, 10, 4, "total", 8, -0.5);
  add_index(s, 101, 10, "orders_customer_id_idx", {key(2, "customer_id")},
            "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)", 40);
  add_index(s, 102, 10, "orders_customer_id_created_at_idx", {key(2, "customer_id"), key(3, "created_at")},
            "CREATE INDEX orders_customer_id_created_at_idx ON public.orders USING btree (customer_id, created_at)", 900);
  return s;
}
}  // namespace

TEST(RedundantIndex, LeftPrefixFires) {
  auto sink = run<ia::RedundantIndexCheck>(redundant_snapshot());
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/redundant-index");
  EXPECT_EQ(f.object.name, "orders_customer_id_idx");
  EXPECT_EQ(f.script->apply, "DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;");
  EXPECT_EQ(f.script->rollback, "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders "
                                "USING btree (customer_id);");
  EXPECT_NE(f.detail.find("serves the queries of"), std::string::npos);
}

TEST(RedundantIndex, NotWhenTheLongerIndexIsUnusedAndThePrefixIsUsed) {
  auto s = redundant_snapshot();
  s.indexes[1].stat->idx_scan = 0;  // unused-index would propose dropping the longer one
  auto sink = run<ia::RedundantIndexCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("has never been scanned"));
  s.indexes[0].stat->idx_scan = 0;  // both unused: dropping the prefix is consistent with unused-index
  EXPECT_EQ(run<ia::RedundantIndexCheck>(s).findings.size(), 1u);
}

TEST(RedundantIndex, UniquePrefixIsNeverRedundant) {
  auto s = redundant_snapshot();
  s.indexes[0].indisunique = true;
  s.indexes[0].indexdef = "CREATE UNIQUE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)";
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(s).findings.empty());
  s.indexes[1].indisunique = true;  // unique (a) is not implied by unique (a, b) either
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(s).findings.empty());
}

TEST(RedundantIndex, PartialAgainstFullDoesNotFireInEitherDirection) {
  auto partial_short = redundant_snapshot();
  partial_short.indexes[0].predicate = "(total > (100)::numeric)";
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(partial_short).findings.empty());
  auto partial_long = redundant_snapshot();
  partial_long.indexes[1].predicate = "(total > (100)::numeric)";
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(partial_long).findings.empty());
  auto both = redundant_snapshot();
  both.indexes[0].predicate = both.indexes[1].predicate = "(total > (100)::numeric)";
  EXPECT_EQ(run<ia::RedundantIndexCheck>(both).findings.size(), 1u);
}

TEST(RedundantIndex, IncludeColumnsTheLongerIndexLacksBlockIt) {
  auto s = redundant_snapshot();
  s.indexes[0].include = {key(4, "total")};
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(s).findings.empty());
  s.indexes[1].include = {key(4, "total")};
  EXPECT_EQ(run<ia::RedundantIndexCheck>(s).findings.size(), 1u);
}

TEST(RedundantIndex, DifferentOrderingOrNonPrefixDoesNotFire) {
  auto desc = redundant_snapshot();
  desc.indexes[0].keys[0].desc = true;
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(desc).findings.empty());
  auto not_prefix = redundant_snapshot();
  not_prefix.indexes[1].keys = {key(3, "created_at"), key(2, "customer_id")};
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(not_prefix).findings.empty());
  auto gin = redundant_snapshot();
  gin.indexes[1].amname = "gist";
  EXPECT_TRUE(run<ia::RedundantIndexCheck>(gin).findings.empty());
}

// ---------------------------------------------------------------- invalid-index

TEST(InvalidIndex, InvalidIndexFiresWithHighSeverity) {
  auto s = unused_snapshot();
  s.indexes[0].indisvalid = false;
  s.indexes[0].stat->idx_scan = 7;
  auto sink = run<ia::InvalidIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/invalid-index");
  EXPECT_EQ(f.severity, Severity::High);
  EXPECT_EQ(f.script->apply, "DROP INDEX CONCURRENTLY IF EXISTS public.orders_status_idx;");
  // Nothing to restore: the rebuild is offered as a comment only (it would fail the same way).
  EXPECT_EQ(f.script->rollback,
            "-- Nothing to restore: the dropped index was INVALID and served no query.\n"
            "-- To build it again once the cause of the failed build is fixed:\n"
            "-- CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON public.orders USING btree (status);");
  EXPECT_TRUE(run<ia::InvalidIndexCheck>(unused_snapshot()).findings.empty());
}

TEST(InvalidIndex, UniqueIndexWithUnicodeNamesKeepsUniqueInRollback) {
  Snapshot s = base_snapshot();
  add_table(s, 10, "Sch\xc3\xa9ma", "user", 10, 1);
  add_column(s, 10, 1, "id", 4, -1);
  Index& i = add_index(s, 100, 10, "\xc3\xbcn\xc3\xaf", {key(1, "id")},
                       "CREATE UNIQUE INDEX \"\xc3\xbcn\xc3\xaf\" ON \"Sch\xc3\xa9ma\".\"user\" USING btree (id)");
  i.schemaname = "Sch\xc3\xa9ma";
  i.indisunique = true;
  i.indisvalid = false;
  auto sink = run<ia::InvalidIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply, "DROP INDEX CONCURRENTLY IF EXISTS \"Sch\xc3\xa9ma\".\"\xc3\xbcn\xc3\xaf\";");
  EXPECT_NE(sink.findings[0].script->rollback.find(
                "\n-- CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"\xc3\xbcn\xc3\xaf\" ON \"Sch\xc3\xa9ma\".\"user\" USING "
                "btree (id);"),
            std::string::npos);
  EXPECT_NE(sink.findings[0].detail.find("rejects duplicates"), std::string::npos);
}

// ---------------------------------------------------------------- fk-without-index

namespace {
/// customers(id) ← orders(customer_id): 5,000 orders, 20 deletes of customers.
Snapshot fk_snapshot() {
  Snapshot s = base_snapshot();
  Table& customers = add_table(s, 20, "public", "customers", 500, 5);
  customers.stat->n_tup_del = 20;
  add_column(s, 20, 1, "id", 4, -1);
  add_table(s, 10, "public", "orders", 5000, 50);
  add_column(s, 10, 1, "id", 4, -1);
  add_column(s, 10, 2, "customer_id", 4, 500);
  add_column(s, 10, 3, "created_at", 8, -1);
  Constraint fk;
  fk.oid = 700;
  fk.table_oid = 10;
  fk.conname = "orders_customer_id_fkey";
  fk.contype = 'f';
  fk.conkey = {2};
  fk.confrelid = 20;
  fk.confkey = {1};
  fk.definition = "FOREIGN KEY (customer_id) REFERENCES customers(id)";
  s.constraints.push_back(fk);
  add_index(s, 101, 10, "orders_pkey", {key(1, "id")}, "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)",
            100);
  return s;
}
}  // namespace

TEST(FkWithoutIndex, UnindexedForeignKeyFiresWithCreateAndDropScripts) {
  auto sink = run<ia::FkWithoutIndexCheck>(fk_snapshot());
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/fk-without-index");
  EXPECT_EQ(f.object.kind, "table");
  EXPECT_EQ(f.object.name, "orders");
  EXPECT_EQ(f.severity, Severity::Medium);  // the referenced table had deletes
  EXPECT_EQ(f.script->apply,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);");
  EXPECT_EQ(f.script->rollback, "DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;");
  // Size model (README): tuple = MAXALIGN(8) + MAXALIGN(4) = 16 bytes; per leaf page
  // floor((8192 - 24 - 16) × 0.90 / (16 + 4)) = floor(366.84) = 366; pages = 1 metapage +
  // ceil(5000 / 366) = 1 + 14 = 15; 15 × 8192 bytes.
  ASSERT_TRUE(f.impact.storage_delta_bytes);
  EXPECT_EQ(*f.impact.storage_delta_bytes, 15 * 8192);
  // 10 rows per customer (500 distinct values): seq 50 + 5000 × 0.0125 = 112.5 against
  // index (3 + 10/366) × 4 + 10 × 0.0075 and heap 10 × 4 + 10 × 0.01: ≈ 2.15×.
  ASSERT_TRUE(f.impact.speedup);
  EXPECT_NEAR(*f.impact.speedup, 112.5 / ((3 + 10.0 / 366) * 4 + 10 * 0.0075 + 40 + 0.1), 1e-9);
}

TEST(FkWithoutIndex, LeadingIndexInAnyOrderCoversIt) {
  auto leading = fk_snapshot();
  add_index(leading, 102, 10, "orders_customer_id_created_at_idx", {key(2, "customer_id"), key(3, "created_at")},
            "CREATE INDEX orders_customer_id_created_at_idx ON public.orders USING btree (customer_id, created_at)");
  EXPECT_TRUE(run<ia::FkWithoutIndexCheck>(leading).findings.empty());

  auto second = fk_snapshot();  // customer_id is not the leading column: the check still scans
  add_index(second, 102, 10, "orders_created_at_customer_id_idx", {key(3, "created_at"), key(2, "customer_id")},
            "CREATE INDEX orders_created_at_customer_id_idx ON public.orders USING btree (created_at, customer_id)");
  EXPECT_EQ(run<ia::FkWithoutIndexCheck>(second).findings.size(), 1u);

  auto partial = fk_snapshot();
  Index& p = add_index(partial, 102, 10, "orders_customer_open_idx", {key(2, "customer_id")},
                       "CREATE INDEX orders_customer_open_idx ON public.orders USING btree (customer_id) WHERE open");
  p.predicate = "open";
  EXPECT_EQ(run<ia::FkWithoutIndexCheck>(partial).findings.size(), 1u);

  auto invalid = fk_snapshot();
  add_index(invalid, 102, 10, "orders_customer_id_idx", {key(2, "customer_id")},
            "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)")
      .indisvalid = false;
  auto sink = run<ia::FkWithoutIndexCheck>(invalid);
  ASSERT_EQ(sink.findings.size(), 1u);
  // The name orders_customer_id_idx is taken (by the invalid index): the next free one is used.
  EXPECT_EQ(sink.findings[0].script->apply,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx1 ON public.orders (customer_id);");
  EXPECT_EQ(sink.findings[0].script->rollback, "DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx1;");
}

TEST(FkWithoutIndex, MultiColumnKeyCoveredInAnotherOrder) {
  auto s = fk_snapshot();
  s.constraints[0].conkey = {2, 3};
  add_index(s, 102, 10, "orders_created_customer_idx", {key(3, "created_at"), key(2, "customer_id"), key(1, "id")},
            "CREATE INDEX orders_created_customer_idx ON public.orders USING btree (created_at, customer_id, id)");
  EXPECT_TRUE(run<ia::FkWithoutIndexCheck>(s).findings.empty());

  auto only_one = fk_snapshot();
  only_one.constraints[0].conkey = {2, 3};
  add_index(only_one, 102, 10, "orders_customer_id_idx", {key(2, "customer_id")},
            "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)");
  auto sink = run<ia::FkWithoutIndexCheck>(only_one);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply, "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_created_at_idx "
                                            "ON public.orders (customer_id, created_at);");
  EXPECT_NE(sink.findings[0].detail.find("WHERE customer\\_id = … AND created\\_at = …"), std::string::npos);
}

TEST(FkWithoutIndex, HashIndexServesASingleColumnKeyOnly) {
  auto hash = fk_snapshot();
  Index& h = add_index(hash, 102, 10, "orders_customer_id_hash", {key(2, "customer_id")},
                       "CREATE INDEX orders_customer_id_hash ON public.orders USING hash (customer_id)");
  h.amname = "hash";
  EXPECT_TRUE(run<ia::FkWithoutIndexCheck>(hash).findings.empty());

  auto two_columns = hash;  // (customer_id, created_at) key: a one-column hash index cannot serve it
  two_columns.constraints[0].conkey = {2, 3};
  EXPECT_EQ(run<ia::FkWithoutIndexCheck>(two_columns).findings.size(), 1u);
}

TEST(FkWithoutIndex, SmallTablesAreSkippedUnlessTheOptionIsLowered) {
  auto s = fk_snapshot();
  s.tables[1].reltuples = 500;
  EXPECT_TRUE(run<ia::FkWithoutIndexCheck>(s).findings.empty());
  EXPECT_EQ(run<ia::FkWithoutIndexCheck>(s, {{"fk-min-rows", "100"}}).findings.size(), 1u);
}

TEST(FkWithoutIndex, ParentWithoutDeletesOrUpdatesIsLowSeverity) {
  auto s = fk_snapshot();
  s.tables[0].stat->n_tup_del = 0;
  s.tables[0].stat->n_tup_upd = 0;
  auto sink = run<ia::FkWithoutIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].severity, Severity::Low);
  EXPECT_FALSE(sink.findings[0].impact.speedup);  // latent: the model stays in the detail
  EXPECT_NE(sink.findings[0].detail.find("cost is latent"), std::string::npos);
}

TEST(FkWithoutIndex, HostileIdentifiersAreQuoted) {
  Snapshot s = base_snapshot();
  add_table(s, 20, "public", "user", 100, 1);
  add_column(s, 20, 1, "id", 4, -1);
  add_table(s, 10, "caf\xc3\xa9", "Order \"Items\"", 5000, 50);
  add_column(s, 10, 1, "user", 4, 100);
  Constraint fk;
  fk.oid = 700;
  fk.table_oid = 10;
  fk.conname = "fk";
  fk.contype = 'f';
  fk.conkey = {1};
  fk.confrelid = 20;
  s.constraints.push_back(fk);
  auto sink = run<ia::FkWithoutIndexCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Order \"\"Items\"\"_user_idx\" ON \"caf\xc3\xa9\".\"Order "
            "\"\"Items\"\"\" (\"user\");");
  EXPECT_EQ(sink.findings[0].script->rollback,
            "DROP INDEX CONCURRENTLY IF EXISTS \"caf\xc3\xa9\".\"Order \"\"Items\"\"_user_idx\";");
}

// ---------------------------------------------------------------- generated names

TEST(IndexNames, TruncatedTo63BytesWithoutSplittingUtf8) {
  Snapshot s = base_snapshot();
  std::string long_name;
  for (int i = 0; i < 40; ++i) long_name += "\xc3\xa9";  // 80 bytes of 'é'
  Table& t = add_table(s, 10, "public", long_name, 0, 0);
  Table copy = t;
  Catalog catalog(s);
  const std::string name = ia::choose_index_name(catalog, copy, {"customer_id"});
  EXPECT_LE(name.size(), 63u);
  EXPECT_EQ(name.substr(name.size() - 4), "_idx");
  // 59 bytes are left for the body; 'é' is 2 bytes, so 29 of them (58 bytes) fit.
  EXPECT_EQ(name, long_name.substr(0, 58) + "_idx");
  EXPECT_EQ(ia::truncate_identifier("ab\xc3\xa9", 3), "ab");
  EXPECT_EQ(ia::truncate_identifier("ab\xe2\x82\xac" "c", 4), "ab");  // a 3-byte € is not cut
}

// ---------------------------------------------------------------- missing-index

namespace {
/// events: 100,000 rows in 1,000 pages, read by 200 full scans; customer_id has 10,000 distinct
/// values, status 2. One statement filters on customer_id, taking half of all statement time.
Snapshot missing_snapshot() {
  Snapshot s = base_snapshot();
  Table& t = add_table(s, 30, "public", "events", 100000, 1000);
  t.stat->seq_scan = 200;
  t.stat->seq_tup_read = 200LL * 100000;
  add_column(s, 30, 1, "id", 8, -1);
  add_column(s, 30, 2, "customer_id", 4, 10000);
  add_column(s, 30, 3, "status", 8, 2);
  add_column(s, 30, 4, "created_at", 8, -1);
  add_column(s, 30, 5, "data", 200, -1);
  add_index(s, 301, 30, "events_pkey", {key(1, "id")}, "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id)",
            10);
  s.statements = std::vector<Statement>{};
  return s;
}

PredicateColumn pred(const std::string& column, const std::string& op) {
  PredicateColumn p;
  p.column = column;
  p.op = op;
  return p;
}

/// Adds a pg_stat_statements row and its facts: one reference to events with `preds`.
void add_statement(Snapshot& s, std::vector<StatementFacts>& facts, std::int64_t queryid, double total_ms,
                   std::vector<PredicateColumn> preds, const std::string& query = "SELECT * FROM events WHERE …") {
  Statement st;
  st.queryid = queryid;
  st.query = query;
  st.calls = 1000;
  st.total_exec_time = total_ms;
  st.mean_exec_time = total_ms / 1000;
  s.statements->push_back(st);
  StatementFacts f;
  f.queryid = queryid;
  f.parsed = true;
  f.kind = StatementKind::Select;
  TableReference r;
  r.relname = "events";
  r.table_oid = 30;
  r.predicates = std::move(preds);
  f.tables.push_back(r);
  facts.push_back(f);
}

/// The README's speedup model, written out again with PostgreSQL's default costs:
/// seq_page_cost 1, random_page_cost 4, cpu_tuple_cost 0.01, cpu_index_tuple_cost 0.005,
/// cpu_operator_cost 0.0025.
double expected_speedup(double relpages, double reltuples, double sel, double correlation, double tuple_bytes) {
  const double per_page = std::floor((8192 - 40) * 0.9 / (tuple_bytes + 4));
  const double rows = std::max(1.0, sel * reltuples);
  const double seq = relpages * 1.0 + reltuples * (0.01 + 0.0025);
  const double index = (3 + rows / per_page) * 4.0 + rows * (0.005 + 0.0025);
  const double max_io = std::min(rows, relpages) * 4.0;
  const double min_io = 4.0 + (std::ceil(sel * relpages) - 1) * 1.0;
  const double heap = max_io + correlation * correlation * (min_io - max_io) + rows * 0.01;
  return std::min(1000.0, seq / (index + heap));
}
}  // namespace

TEST(MissingIndex, SelectiveEqualityOnUnindexedColumnWithManyFullScansFires) {
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  add_statement(s, facts, 11, 5000, {pred("customer_id", "=")});
  add_statement(s, facts, 12, 5000, {pred("id", "=")});  // served by events_pkey
  auto sink = run<ia::MissingIndexCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  // The model's two blind spots are stated in the finding itself, not only in the README.
  EXPECT_NE(f.detail.find("most\\_common\\_vals"), std::string::npos);
  EXPECT_NE(f.detail.find("Conditions under an OR are not used"), std::string::npos);
  EXPECT_EQ(f.check_id, "index-analyzer/missing-index");
  EXPECT_EQ(f.object.kind, "table");
  EXPECT_EQ(f.object.name, "events");
  EXPECT_EQ(f.confidence, Confidence::Modeled);
  EXPECT_EQ(f.risk.level, RiskLevel::Medium);
  EXPECT_EQ(f.script->apply, "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_customer_id_idx ON public.events (customer_id);");
  EXPECT_EQ(f.script->rollback, "DROP INDEX CONCURRENTLY IF EXISTS public.events_customer_id_idx;");
  EXPECT_EQ(f.impact.affected_queryids, std::vector<std::int64_t>{11});
  ASSERT_TRUE(f.impact.time_share);
  EXPECT_DOUBLE_EQ(*f.impact.time_share, 0.5);
  // selectivity 1/10,000 → 10 rows per lookup; tuple 16 bytes; uncorrelated heap:
  // (1000 + 100,000 × 0.0125) / ((3 + 10/366) × 4 + 10 × 0.0075 + 10 × 4 + 10 × 0.01) ≈ 43×.
  ASSERT_TRUE(f.impact.speedup);
  EXPECT_NEAR(*f.impact.speedup, expected_speedup(1000, 100000, 1e-4, 0, 16), 1e-9);
  EXPECT_NEAR(*f.impact.speedup, 43.03, 0.01);
  // Size: 1 + ceil(100,000 / 366) = 275 pages.
  EXPECT_EQ(*f.impact.storage_delta_bytes, 275 * 8192);
}

TEST(MissingIndex, DoesNotFireForUnselectivePredicateSmallTableIndexedColumnOrFewScans) {
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  add_statement(s, facts, 11, 5000, {pred("status", "=")});  // n_distinct 2: half the table
  EXPECT_TRUE(run<ia::MissingIndexCheck>(s, {}, facts).findings.empty());

  auto small = missing_snapshot();
  small.tables[0].reltuples = 5000;
  small.tables[0].stat->seq_tup_read = 200LL * 5000;
  std::vector<StatementFacts> f2;
  add_statement(small, f2, 11, 5000, {pred("customer_id", "=")});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(small, {}, f2).findings.empty());

  auto indexed = missing_snapshot();
  add_index(indexed, 302, 30, "events_customer_id_status_idx", {key(2, "customer_id"), key(3, "status")},
            "CREATE INDEX events_customer_id_status_idx ON public.events USING btree (customer_id, status)", 5);
  std::vector<StatementFacts> f3;
  add_statement(indexed, f3, 11, 5000, {pred("customer_id", "=")});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(indexed, {}, f3).findings.empty());

  auto few = missing_snapshot();
  few.tables[0].stat->seq_scan = 10;
  few.tables[0].stat->seq_tup_read = 10LL * 100000;
  std::vector<StatementFacts> f4;
  add_statement(few, f4, 11, 5000, {pred("customer_id", "=")});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(few, {}, f4).findings.empty());
  EXPECT_EQ(run<ia::MissingIndexCheck>(few, {{"missing-min-seq-scans", "5"}}, f4).findings.size(), 1u);

  auto partial_scans = missing_snapshot();  // scans read 10 % of the table on average: not full scans
  partial_scans.tables[0].stat->seq_tup_read = 200LL * 10000;
  std::vector<StatementFacts> f5;
  add_statement(partial_scans, f5, 11, 5000, {pred("customer_id", "=")});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(partial_scans, {}, f5).findings.empty());

  auto like = missing_snapshot();
  std::vector<StatementFacts> f6;
  add_statement(like, f6, 11, 5000, {pred("customer_id", "LIKE")});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(like, {}, f6).findings.empty());
}

TEST(MissingIndex, ConditionsUnderAnOrDoNotFire) {
  // WHERE customer_id = $1 OR status = $2: the selective arm alone does not restrict the rows.
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  PredicateColumn either = pred("customer_id", "=");
  either.in_disjunction = true;
  PredicateColumn other = pred("status", "=");
  other.in_disjunction = true;
  add_statement(s, facts, 11, 5000, {either, other});
  EXPECT_TRUE(run<ia::MissingIndexCheck>(s, {}, facts).findings.empty());
  // The same selective condition ANDed fires (the closest case that must).
  auto s2 = missing_snapshot();
  std::vector<StatementFacts> anded;
  add_statement(s2, anded, 12, 5000, {pred("customer_id", "="), pred("status", "=")});
  EXPECT_EQ(run<ia::MissingIndexCheck>(s2, {}, anded).findings.size(), 1u);
}

TEST(MissingIndex, SelectivityOptionChangesTheVerdict) {
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  add_statement(s, facts, 11, 5000, {pred("customer_id", "=")});
  // 1/10,000 = 0.0001 is above a 0.00005 limit.
  EXPECT_TRUE(run<ia::MissingIndexCheck>(s, {{"missing-max-selectivity", "0.00005"}}, facts).findings.empty());
}

TEST(MissingIndex, SkippedWithoutPgStatStatements) {
  auto s = missing_snapshot();
  s.statements.reset();
  auto sink = run<ia::MissingIndexCheck>(s);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("pg_stat_statements was not captured"));
}

TEST(MissingIndex, EqualityThenRangeAndPrefixStatementsMerge) {
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  add_statement(s, facts, 11, 3000, {pred("created_at", ">="), pred("customer_id", "=")});
  add_statement(s, facts, 12, 1000, {pred("customer_id", "=")});
  add_statement(s, facts, 13, 6000, {pred("id", "=")});  // served by events_pkey
  auto sink = run<ia::MissingIndexCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.script->apply, "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_customer_id_created_at_idx ON "
                             "public.events (customer_id, created_at);");
  EXPECT_EQ(f.impact.affected_queryids, (std::vector<std::int64_t>{11, 12}));
  EXPECT_NEAR(*f.impact.time_share, (3000.0 + 1000.0) / 10000.0, 1e-12);
  // A one-sided range without a histogram uses the planner default 1/3: a heuristic.
  EXPECT_EQ(f.confidence, Confidence::Heuristic);
}

TEST(MissingIndex, OrderByColumnsFollowEqualitiesButNotRangesOrInLists) {
  auto s = missing_snapshot();
  std::vector<StatementFacts> facts;
  add_statement(s, facts, 11, 5000, {pred("customer_id", "=")});
  facts.back().tables[0].order_by = {"created_at"};
  auto sink = run<ia::MissingIndexCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply, "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_customer_id_created_at_idx "
                                            "ON public.events (customer_id, created_at);");
  // Size: tuple MAXALIGN(8) + MAXALIGN(4 + 8) = 24 bytes → floor(7336.8 / 28) = 262 per page →
  // 1 + ceil(100,000 / 262) = 383 pages.
  EXPECT_EQ(*sink.findings[0].impact.storage_delta_bytes, 383 * 8192);
  EXPECT_NE(sink.findings[0].detail.find("conditions on customer\\_id and sort by created\\_at"), std::string::npos);

  auto in_list = missing_snapshot();
  std::vector<StatementFacts> f2;
  add_statement(in_list, f2, 11, 5000, {pred("customer_id", "IN")});
  f2.back().tables[0].order_by = {"created_at"};
  auto sink2 = run<ia::MissingIndexCheck>(in_list, {}, f2);
  ASSERT_EQ(sink2.findings.size(), 1u);
  EXPECT_EQ(sink2.findings[0].script->apply,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_customer_id_idx ON public.events (customer_id);");
}

TEST(MissingIndex, JsonKeyEqualityProposesAnExpressionIndexWithQuotedKey) {
  // Without statistics on the expression the planner's DEFAULT_EQ_SEL (0.5 %) applies; the index
  // pays off on wide rows: 1,000,000 rows of ~800 bytes in 100,000 pages.
  auto s = missing_snapshot();
  s.tables[0].reltuples = 1000000;
  s.tables[0].relpages = 100000;
  s.tables[0].stat->seq_tup_read = 200LL * 1000000;
  std::vector<StatementFacts> facts;
  PredicateColumn p = pred("data", "=");
  p.json_operator = "->>";
  p.json_path = {"it's"};
  add_statement(s, facts, 11, 5000, {p});
  auto sink = run<ia::MissingIndexCheck>(s, {}, facts);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].script->apply,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"events_data_it's_idx\" ON public.events ((data ->> 'it''s'));");
  EXPECT_EQ(sink.findings[0].confidence, Confidence::Heuristic);
  EXPECT_FALSE(sink.findings[0].impact.storage_delta_bytes);

  // An expression index on the same key already serves it.
  add_index(s, 302, 30, "events_kind_idx", {key(0, "(data ->> 'it''s'::text)")},
            "CREATE INDEX events_kind_idx ON public.events USING btree (((data ->> 'it''s'::text)))");
  EXPECT_TRUE(run<ia::MissingIndexCheck>(s, {}, facts).findings.empty());
}

// ---------------------------------------------------------------- btree-bloat

namespace {
/// orders_customer_id_idx: 100,000 index tuples of one int4 key.
Snapshot bloat_snapshot(std::int64_t relpages) {
  Snapshot s = base_snapshot();
  add_table(s, 10, "public", "orders", 100000, 1000);
  add_column(s, 10, 2, "customer_id", 4, 5000);
  Index& i = add_index(s, 101, 10, "orders_customer_id_idx", {key(2, "customer_id")},
                       "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)", 10,
                       relpages * 8192);
  i.reltuples = 100000;
  return s;
}

/// ioguix's estimate, written out: 1 + ceil(reltuples / floor((bs - 40) × ff/100 / (4 + tuple))).
double ioguix_expected_pages(double reltuples, double tuple, double ff) {
  return 1 + std::ceil(reltuples / std::floor((8192 - 24 - 16) * ff / 100 / (4 + tuple)));
}
}  // namespace

TEST(BtreeBloat, BloatedIndexFires) {
  // tuple 8 + 8 (4 bytes padded) = 16 → 366 tuples per page → 1 + 274 = 275 expected pages.
  ASSERT_EQ(ioguix_expected_pages(100000, 16, 90), 275.0);
  auto sink = run<ia::BtreeBloatCheck>(bloat_snapshot(1000));
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.check_id, "index-analyzer/btree-bloat");
  EXPECT_EQ(find_metric(f, "expected_pages")->value, 275.0);
  EXPECT_EQ(find_metric(f, "bloat_bytes")->value, (1000.0 - 275.0) * 8192);
  EXPECT_NEAR(*find_metric(f, "bloat_ratio")->value, 725.0 / 1000.0, 1e-12);
  EXPECT_EQ(f.severity, Severity::Medium);  // more than half of the index is waste
  EXPECT_EQ(f.script->apply, "REINDEX INDEX CONCURRENTLY public.orders_customer_id_idx;");
  EXPECT_EQ(f.script->rollback, "-- REINDEX has no rollback: the rebuilt index is equivalent");
  EXPECT_EQ(*f.impact.storage_delta_bytes, -725 * 8192);
}

TEST(BtreeBloat, CompactIndexAndOptionOverrideDoNotFire) {
  EXPECT_TRUE(run<ia::BtreeBloatCheck>(bloat_snapshot(300)).findings.empty());  // 25 pages over: 8 %
  EXPECT_TRUE(run<ia::BtreeBloatCheck>(bloat_snapshot(1000), {{"bloat-min-ratio", "0.8"}}).findings.empty());
  EXPECT_TRUE(run<ia::BtreeBloatCheck>(bloat_snapshot(1000), {{"bloat-min-bytes", "10MB"}}).findings.empty());
}

TEST(BtreeBloat, NullsAndFillfactorEnterTheEstimate) {
  auto s = bloat_snapshot(1000);
  s.columns[0].stats->null_frac = 0.1;       // header 8 + 4 bitmap → 16; data 3.6 → 8: tuple 24
  s.indexes[0].reloptions = {"fillfactor=70"};
  auto sink = run<ia::BtreeBloatCheck>(s);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(find_metric(sink.findings[0], "expected_pages")->value, ioguix_expected_pages(100000, 24, 70));
  EXPECT_EQ(find_metric(sink.findings[0], "fillfactor")->value, 70.0);
}

TEST(BtreeBloat, NoReindexScriptBeforePostgres12OrForExclusionIndexes) {
  auto pg11 = bloat_snapshot(1000);
  pg11.server.server_version_num = 110022;  // REINDEX CONCURRENTLY exists from 12
  auto sink = run<ia::BtreeBloatCheck>(pg11);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_FALSE(sink.findings[0].script.has_value());
  auto pg12 = bloat_snapshot(1000);
  pg12.server.server_version_num = 120000;
  auto sink12 = run<ia::BtreeBloatCheck>(pg12);
  ASSERT_EQ(sink12.findings.size(), 1u);
  EXPECT_TRUE(sink12.findings[0].script.has_value());

  auto exclusion = bloat_snapshot(1000);
  exclusion.indexes[0].indisexclusion = true;
  auto sink_x = run<ia::BtreeBloatCheck>(exclusion);
  ASSERT_EQ(sink_x.findings.size(), 1u);
  EXPECT_FALSE(sink_x.findings[0].script.has_value());
}

TEST(BtreeBloat, PartialIndexIsNotModeledWithTheTablesNulls) {
  // 90 % NULLs of 100-byte values. A full index holds the NULLs without data: tuple
  // 16 (header + bitmap) + MAXALIGN(0.1 × 100 = 10) = 32 bytes → 1 + ceil(100000 / 203) = 494
  // pages: 1000 pages are ~51 % bloat.
  auto full = bloat_snapshot(1000);
  full.columns[0].stats->avg_width = 100;
  full.columns[0].stats->null_frac = 0.9;
  auto sink = run<ia::BtreeBloatCheck>(full);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(find_metric(sink.findings[0], "expected_pages")->value, ioguix_expected_pages(100000, 32, 90));
  // WHERE customer_id IS NOT NULL: its 100,000 tuples may all carry 100 bytes: tuple 8 + 104 =
  // 112 → 1 + ceil(100000 / 63) = 1589 pages, more than the 1000 it has: no bloat.
  auto partial = full;
  partial.indexes[0].predicate = "(customer_id IS NOT NULL)";
  EXPECT_TRUE(run<ia::BtreeBloatCheck>(partial).findings.empty());
  partial.indexes[0].relpages = 4000;  // still reported when clearly larger than even that
  partial.indexes[0].size_bytes = 4000 * 8192;
  auto sink2 = run<ia::BtreeBloatCheck>(partial);
  ASSERT_EQ(sink2.findings.size(), 1u);
  EXPECT_EQ(find_metric(sink2.findings[0], "expected_pages")->value, ioguix_expected_pages(100000, 112, 90));
}

TEST(BtreeBloat, ExpressionKeysAndNonBtreeAreSkipped) {
  auto expr = bloat_snapshot(1000);
  expr.indexes[0].keys = {key(0, "lower(name)")};
  auto sink = run<ia::BtreeBloatCheck>(expr);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_TRUE(sink.logged("expression"));
  auto hash = bloat_snapshot(1000);
  hash.indexes[0].amname = "hash";
  EXPECT_TRUE(run<ia::BtreeBloatCheck>(hash).findings.empty());
}

// ---------------------------------------------------------------- plugin

namespace {
struct TestContext : Context {
  Options opts = ia::IndexAnalyzerPlugin::make_options();
  std::vector<Finding> none;
  bool cancel = false;
  const Options& options() const noexcept override { return opts; }
  const std::vector<Finding>& earlier_findings() const noexcept override { return none; }
  bool cancelled() const noexcept override { return cancel; }
};
}  // namespace

TEST(Plugin, InfoListsEveryCheckAndOptionWithParsableDefaults) {
  ia::IndexAnalyzerPlugin plugin;
  const PluginInfo info = plugin.info();
  EXPECT_EQ(info.id, "index-analyzer");
  EXPECT_EQ(info.name, "Index Analyzer");
  EXPECT_EQ(info.version, "0.1.0");
  EXPECT_EQ(info.phase, Phase::Profile);
  std::vector<std::string> ids;
  for (const auto& c : info.checks) ids.push_back(c.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"index-analyzer/btree-bloat", "index-analyzer/duplicate-index",
                                           "index-analyzer/fk-without-index", "index-analyzer/invalid-index",
                                           "index-analyzer/missing-index", "index-analyzer/redundant-index",
                                           "index-analyzer/unused-index"}));
  std::set<std::string> names;
  for (const auto& o : info.options) {
    EXPECT_TRUE(names.insert(o.name).second) << "duplicate option " << o.name;
    EXPECT_NO_THROW(parse_option_value(o, o.default_value)) << o.name;
    EXPECT_FALSE(o.description.empty()) << o.name;
  }
  EXPECT_EQ(names.size(), 11u);
}

TEST(Plugin, MakeOptionsRejectsUnknownNamesAndBadValues) {
  EXPECT_THROW(ia::IndexAnalyzerPlugin::make_options({{"no-such-option", "1"}}), std::invalid_argument);
  EXPECT_THROW(ia::IndexAnalyzerPlugin::make_options({{"bloat-min-ratio", "1.5"}}), std::invalid_argument);
  EXPECT_EQ(ia::IndexAnalyzerPlugin::make_options({{"bloat-min-bytes", "2MB"}}).bytes("bloat-min-bytes"), 2 << 20);
  EXPECT_EQ(ia::IndexAnalyzerPlugin::make_options().bytes("unused-min-size"), 64 * 1024);
}

TEST(Plugin, AnalyzeRunsAllChecksAndStopsWhenCancelled) {
  auto s = unused_snapshot();
  s.indexes.push_back(s.indexes[0]);
  s.indexes.back().oid = 101;
  s.indexes.back().relname = "orders_status_idx2";
  s.indexes.back().indexdef = "CREATE INDEX orders_status_idx2 ON public.orders USING btree (status)";
  Catalog catalog(s);
  ia::IndexAnalyzerPlugin plugin;
  TestContext ctx;
  CollectingSink sink;
  plugin.analyze(catalog, ctx, sink);
  std::set<std::string> ids;
  for (const auto& f : sink.findings) ids.insert(f.check_id);
  EXPECT_EQ(ids, (std::set<std::string>{"index-analyzer/unused-index", "index-analyzer/duplicate-index"}));
  EXPECT_TRUE(sink.logged("missing-index: skipped"));

  TestContext cancelled;
  cancelled.cancel = true;
  CollectingSink none;
  plugin.analyze(catalog, cancelled, none);
  EXPECT_TRUE(none.findings.empty());
}

