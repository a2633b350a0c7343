// dbopt SDK — Catalog: a loaded snapshot with lookup maps and statement facts.
// Built once by the engine, read-only for plugins (all methods const, thread-safe for readers).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dbopt/sdk/model.hpp"
#include "dbopt/sdk/plan.hpp"
#include "dbopt/sdk/statement_facts.hpp"

namespace dbopt::sdk {

/// The snapshot plus indexes over it. Pointers returned stay valid for the Catalog's life.
class Catalog {
 public:
  /// `facts` must be parallel to `snapshot.statements` (same order), or empty when there are none;
  /// `plans` and `explained_facts` parallel to `snapshot.explained`, or empty.
  explicit Catalog(Snapshot snapshot, std::vector<StatementFacts> facts = {}, std::vector<ExplainedPlan> plans = {},
                   std::vector<StatementFacts> explained_facts = {})
      : snapshot_(std::move(snapshot)),
        facts_(std::move(facts)),
        plans_(std::move(plans)),
        explained_facts_(std::move(explained_facts)) {
    for (const auto& t : snapshot_.tables) {
      tables_by_oid_[t.oid] = &t;
      tables_by_name_[key(t.schemaname, t.relname)] = &t;
    }
    for (const auto& c : snapshot_.columns) columns_by_table_[c.table_oid].push_back(&c);
    for (auto& [oid, cols] : columns_by_table_)
      std::sort(cols.begin(), cols.end(), [](const Column* a, const Column* b) { return a->attnum < b->attnum; });
    for (const auto& i : snapshot_.indexes) {
      indexes_by_table_[i.table_oid].push_back(&i);
      indexes_by_oid_[i.oid] = &i;
    }
    for (auto& [oid, idx] : indexes_by_table_)
      std::sort(idx.begin(), idx.end(), [](const Index* a, const Index* b) { return a->relname < b->relname; });
    for (const auto& c : snapshot_.constraints) constraints_by_table_[c.table_oid].push_back(&c);
    for (const auto& s : snapshot_.settings) settings_by_name_[s.name] = &s;
    for (const auto& f : facts_) facts_by_queryid_.emplace(f.queryid, &f);
    if (snapshot_.statements && facts_.size() == snapshot_.statements->size()) {
      std::unordered_map<std::uint64_t, std::vector<const Statement*>> by_fingerprint;
      for (std::size_t i = 0; i < facts_.size(); ++i)
        if (facts_[i].fingerprint) by_fingerprint[*facts_[i].fingerprint].push_back(&(*snapshot_.statements)[i]);
      for (std::size_t i = 0; i < explained_facts_.size(); ++i) {
        if (!explained_facts_[i].fingerprint) continue;
        auto it = by_fingerprint.find(*explained_facts_[i].fingerprint);
        if (it != by_fingerprint.end()) statements_by_explained_[i] = it->second;
      }
    }
  }

  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const Snapshot& snapshot() const { return snapshot_; }
  const std::vector<Table>& tables() const { return snapshot_.tables; }
  const std::vector<Index>& indexes() const { return snapshot_.indexes; }

  /// pg_stat_statements rows; empty when not captured (see has_statements()).
  const std::vector<Statement>& statements() const {
    static const std::vector<Statement> none;
    return snapshot_.statements ? *snapshot_.statements : none;
  }
  /// True when pg_stat_statements was captured (even if it had no rows).
  bool has_statements() const { return snapshot_.statements.has_value(); }
  /// Statement facts, parallel to statements().
  const std::vector<StatementFacts>& facts() const { return facts_; }
  const StatementFacts* facts_for(std::int64_t queryid) const {
    auto it = facts_by_queryid_.find(queryid);
    return it == facts_by_queryid_.end() ? nullptr : it->second;
  }

  /// Statements EXPLAINed at capture (Snapshot::explained); empty when none.
  const std::vector<ExplainedStatement>& explained() const {
    static const std::vector<ExplainedStatement> none;
    return snapshot_.explained ? *snapshot_.explained : none;
  }
  /// Their parsed plans, parallel to explained() (built by the engine's plan decoder).
  const std::vector<ExplainedPlan>& plans() const { return plans_; }
  /// Facts of the explained statements, parallel to explained() (or empty): parsed from the text
  /// as given, so constants such as JSON keys are kept. Their queryid is 0.
  const std::vector<StatementFacts>& explained_facts() const { return explained_facts_; }
  /// The pg_stat_statements entries that explained statement `index` (position in explained()) is
  /// an instance of: same StatementFacts::fingerprint, in statements() order (an entry can have
  /// several instances, e.g. lookups that differ only in their JSON key); empty when none matched
  /// or pg_stat_statements was not captured.
  const std::vector<const Statement*>& statements_of_explained(std::size_t index) const {
    static const std::vector<const Statement*> none;
    auto it = statements_by_explained_.find(index);
    return it == statements_by_explained_.end() ? none : it->second;
  }
  /// Facts of an explained instance of pg_stat_statements entry `queryid`
  /// (StatementFacts::explained_index), or nullptr when the capture explained none.
  const StatementFacts* instance_facts(std::int64_t queryid) const {
    const StatementFacts* f = facts_for(queryid);
    if (!f || !f->explained_index || *f->explained_index >= explained_facts_.size()) return nullptr;
    return &explained_facts_[*f->explained_index];
  }

  const Table* table(Oid oid) const { return find(tables_by_oid_, oid); }
  const Table* table(std::string_view schemaname, std::string_view relname) const {
    return find(tables_by_name_, key(schemaname, relname));
  }
  const Index* index(Oid oid) const { return find(indexes_by_oid_, oid); }

  /// Columns of a table ordered by attnum.
  const std::vector<const Column*>& columns_of(Oid table_oid) const { return find_list(columns_by_table_, table_oid); }
  /// Indexes of a table ordered by name.
  const std::vector<const Index*>& indexes_of(Oid table_oid) const { return find_list(indexes_by_table_, table_oid); }
  const std::vector<const Constraint*>& constraints_of(Oid table_oid) const {
    return find_list(constraints_by_table_, table_oid);
  }
  const Column* column(Oid table_oid, int attnum) const {
    for (const Column* c : columns_of(table_oid))
      if (c->attnum == attnum) return c;
    return nullptr;
  }
  const Column* column(Oid table_oid, std::string_view attname) const {
    for (const Column* c : columns_of(table_oid))
      if (c->attname == attname) return c;
    return nullptr;
  }

  /// pg_settings row by name, or nullptr when not captured.
  const Setting* setting(std::string_view name) const { return find(settings_by_name_, std::string(name)); }

  /// Size of one page in bytes: pg_settings.block_size (8192 unless compiled otherwise).
  std::int64_t block_size() const {
    const Setting* s = setting("block_size");
    if (s) {
      try {
        return std::stoll(s->setting);
      } catch (...) {
      }
    }
    return 8192;
  }

  /// Sum of pg_stat_statements.total_exec_time over all statements, ms (0 when none).
  double total_exec_time() const {
    double total = 0;
    for (const auto& s : statements()) total += s.total_exec_time;
    return total;
  }

 private:
  static std::string key(std::string_view schema, std::string_view name) {
    std::string k(schema);
    k.push_back('\0');
    k.append(name);
    return k;
  }
  template <class Map, class K>
  static auto find(const Map& m, const K& k) -> typename Map::mapped_type {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second;
  }
  template <class Map>
  static const typename Map::mapped_type& find_list(const Map& m, Oid k) {
    static const typename Map::mapped_type empty;
    auto it = m.find(k);
    return it == m.end() ? empty : it->second;
  }

  Snapshot snapshot_;
  std::vector<StatementFacts> facts_;
  std::vector<ExplainedPlan> plans_;
  std::vector<StatementFacts> explained_facts_;
  std::unordered_map<Oid, const Table*> tables_by_oid_;
  std::unordered_map<std::string, const Table*> tables_by_name_;
  std::unordered_map<Oid, const Index*> indexes_by_oid_;
  std::unordered_map<Oid, std::vector<const Column*>> columns_by_table_;
  std::unordered_map<Oid, std::vector<const Index*>> indexes_by_table_;
  std::unordered_map<Oid, std::vector<const Constraint*>> constraints_by_table_;
  std::unordered_map<std::string, const Setting*> settings_by_name_;
  std::unordered_map<std::int64_t, const StatementFacts*> facts_by_queryid_;
  std::unordered_map<std::size_t, std::vector<const Statement*>> statements_by_explained_;
};

}  // namespace dbopt::sdk
