// The one list of the snapshot's JSON fields: for every sdk/model.hpp struct, each member with
// its JSON key (always the member's own name). The writer and the reader both walk these lists,
// and a static_assert refuses to compile when model.hpp gains a member that is not listed here.
// Internal to the snapshot component.
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

#include "dbopt/sdk/model.hpp"

namespace dbopt::engine::snapshot_detail {

/// One struct member and its JSON key.
template <class T, class M>
struct Field {
  const char* name;
  M T::*member;
};

/// Fields<T>::list is a tuple of Field<T, …>, in declaration order; defined for every struct.
template <class T>
struct Fields;

template <class T>
concept Described = requires { Fields<T>::list; };

/// Number of members of an aggregate: the largest N for which T{x1, …, xN} compiles, with xi
/// convertible to anything.
struct AnyMember {
  template <class U>
  operator U() const;
};
template <class T, class... A>
consteval std::size_t member_count() {
  if constexpr (requires { T{std::declval<A>()..., AnyMember{}}; })
    return member_count<T, A..., AnyMember>();
  else
    return sizeof...(A);
}

// Declares Fields<sdk::TYPE> with the members listed as DBOPT_F(name).
#define DBOPT_F(name) Field<S, decltype(S::name)>{#name, &S::name}
#define DBOPT_FIELDS(TYPE, ...)                                                        \
  template <>                                                                          \
  struct Fields<sdk::TYPE> {                                                           \
    using S = sdk::TYPE;                                                               \
    static constexpr auto list = std::tuple{__VA_ARGS__};                              \
  };                                                                                   \
  static_assert(std::tuple_size_v<decltype(Fields<sdk::TYPE>::list)> ==                \
                    member_count<sdk::TYPE>(),                                         \
                "sdk::" #TYPE " has a member missing from snapshot_fields.hpp")

DBOPT_FIELDS(ServerInfo, DBOPT_F(server_version_num), DBOPT_F(server_version), DBOPT_F(version),
             DBOPT_F(database), DBOPT_F(current_user), DBOPT_F(database_size_bytes),
             DBOPT_F(datfrozenxid_age), DBOPT_F(datminmxid_age), DBOPT_F(in_recovery));

DBOPT_FIELDS(HardwareInfo, DBOPT_F(ram_bytes), DBOPT_F(cpu_cores), DBOPT_F(storage));

DBOPT_FIELDS(Setting, DBOPT_F(name), DBOPT_F(setting), DBOPT_F(unit), DBOPT_F(vartype),
             DBOPT_F(source), DBOPT_F(context), DBOPT_F(boot_val), DBOPT_F(reset_val),
             DBOPT_F(pending_restart));

DBOPT_FIELDS(DatabaseStats, DBOPT_F(numbackends), DBOPT_F(xact_commit), DBOPT_F(xact_rollback),
             DBOPT_F(blks_read), DBOPT_F(blks_hit), DBOPT_F(tup_returned), DBOPT_F(tup_fetched),
             DBOPT_F(tup_inserted), DBOPT_F(tup_updated), DBOPT_F(tup_deleted), DBOPT_F(conflicts),
             DBOPT_F(temp_files), DBOPT_F(temp_bytes), DBOPT_F(deadlocks), DBOPT_F(blk_read_time),
             DBOPT_F(blk_write_time), DBOPT_F(stats_reset), DBOPT_F(stats_age_seconds));

DBOPT_FIELDS(TableActivity, DBOPT_F(seq_scan), DBOPT_F(seq_tup_read), DBOPT_F(idx_scan),
             DBOPT_F(idx_tup_fetch), DBOPT_F(n_tup_ins), DBOPT_F(n_tup_upd), DBOPT_F(n_tup_del),
             DBOPT_F(n_tup_hot_upd), DBOPT_F(n_live_tup), DBOPT_F(n_dead_tup),
             DBOPT_F(n_mod_since_analyze), DBOPT_F(n_ins_since_vacuum), DBOPT_F(last_vacuum),
             DBOPT_F(last_autovacuum), DBOPT_F(last_analyze), DBOPT_F(last_autoanalyze),
             DBOPT_F(vacuum_count), DBOPT_F(autovacuum_count), DBOPT_F(analyze_count),
             DBOPT_F(autoanalyze_count));

DBOPT_FIELDS(TableIo, DBOPT_F(heap_blks_read), DBOPT_F(heap_blks_hit), DBOPT_F(idx_blks_read),
             DBOPT_F(idx_blks_hit), DBOPT_F(toast_blks_read), DBOPT_F(toast_blks_hit));

DBOPT_FIELDS(Table, DBOPT_F(oid), DBOPT_F(schemaname), DBOPT_F(relname), DBOPT_F(relkind),
             DBOPT_F(relpersistence), DBOPT_F(relispartition), DBOPT_F(parent_oid),
             DBOPT_F(partition_key), DBOPT_F(reltuples), DBOPT_F(relpages), DBOPT_F(relallvisible),
             DBOPT_F(reltoastrelid), DBOPT_F(reloptions), DBOPT_F(heap_bytes), DBOPT_F(toast_bytes),
             DBOPT_F(indexes_bytes), DBOPT_F(total_bytes), DBOPT_F(relfrozenxid_age),
             DBOPT_F(relminmxid_age), DBOPT_F(stat), DBOPT_F(statio));

DBOPT_FIELDS(ColumnStats, DBOPT_F(null_frac), DBOPT_F(avg_width), DBOPT_F(n_distinct),
             DBOPT_F(correlation), DBOPT_F(inherited));

DBOPT_FIELDS(Column, DBOPT_F(table_oid), DBOPT_F(attnum), DBOPT_F(attname), DBOPT_F(type_name),
             DBOPT_F(atttypid), DBOPT_F(attlen), DBOPT_F(attalign), DBOPT_F(attstorage),
             DBOPT_F(attcompression), DBOPT_F(attnotnull), DBOPT_F(has_default),
             DBOPT_F(attgenerated), DBOPT_F(stats));

DBOPT_FIELDS(IndexKey, DBOPT_F(attnum), DBOPT_F(definition), DBOPT_F(opclass),
             DBOPT_F(opclass_is_default), DBOPT_F(collation), DBOPT_F(desc), DBOPT_F(nulls_first));

DBOPT_FIELDS(IndexActivity, DBOPT_F(idx_scan), DBOPT_F(idx_tup_read), DBOPT_F(idx_tup_fetch),
             DBOPT_F(idx_blks_read), DBOPT_F(idx_blks_hit), DBOPT_F(last_idx_scan));

DBOPT_FIELDS(Index, DBOPT_F(oid), DBOPT_F(table_oid), DBOPT_F(schemaname), DBOPT_F(relname),
             DBOPT_F(amname), DBOPT_F(indisunique), DBOPT_F(indisprimary), DBOPT_F(indisexclusion),
             DBOPT_F(indimmediate), DBOPT_F(indisvalid), DBOPT_F(indisready), DBOPT_F(keys),
             DBOPT_F(include), DBOPT_F(predicate), DBOPT_F(indexdef), DBOPT_F(reloptions),
             DBOPT_F(size_bytes), DBOPT_F(relpages), DBOPT_F(reltuples), DBOPT_F(constraint_name),
             DBOPT_F(constraint_type), DBOPT_F(stat));

DBOPT_FIELDS(Constraint, DBOPT_F(oid), DBOPT_F(table_oid), DBOPT_F(conname), DBOPT_F(contype),
             DBOPT_F(conkey), DBOPT_F(conindid), DBOPT_F(confrelid), DBOPT_F(confkey),
             DBOPT_F(definition), DBOPT_F(convalidated));

DBOPT_FIELDS(Statement, DBOPT_F(queryid), DBOPT_F(userid), DBOPT_F(dbid), DBOPT_F(toplevel),
             DBOPT_F(query), DBOPT_F(calls), DBOPT_F(total_exec_time), DBOPT_F(mean_exec_time),
             DBOPT_F(min_exec_time), DBOPT_F(max_exec_time), DBOPT_F(stddev_exec_time),
             DBOPT_F(total_plan_time), DBOPT_F(rows), DBOPT_F(shared_blks_hit),
             DBOPT_F(shared_blks_read), DBOPT_F(shared_blks_dirtied), DBOPT_F(shared_blks_written),
             DBOPT_F(local_blks_hit), DBOPT_F(local_blks_read), DBOPT_F(temp_blks_read),
             DBOPT_F(temp_blks_written), DBOPT_F(blk_read_time), DBOPT_F(blk_write_time),
             DBOPT_F(wal_records), DBOPT_F(wal_fpi), DBOPT_F(wal_bytes));

DBOPT_FIELDS(Bgwriter, DBOPT_F(checkpoints_timed), DBOPT_F(checkpoints_req),
             DBOPT_F(checkpoint_write_time), DBOPT_F(checkpoint_sync_time),
             DBOPT_F(buffers_checkpoint), DBOPT_F(buffers_clean), DBOPT_F(maxwritten_clean),
             DBOPT_F(buffers_backend), DBOPT_F(buffers_backend_fsync), DBOPT_F(buffers_alloc),
             DBOPT_F(stats_reset), DBOPT_F(stats_age_seconds));

DBOPT_FIELDS(WalStats, DBOPT_F(wal_records), DBOPT_F(wal_fpi), DBOPT_F(wal_bytes),
             DBOPT_F(wal_buffers_full), DBOPT_F(wal_write), DBOPT_F(wal_sync), DBOPT_F(stats_reset),
             DBOPT_F(stats_age_seconds));

DBOPT_FIELDS(ActivitySummary, DBOPT_F(total), DBOPT_F(active), DBOPT_F(idle),
             DBOPT_F(idle_in_transaction), DBOPT_F(waiting_on_lock),
             DBOPT_F(longest_transaction_seconds), DBOPT_F(longest_query_seconds),
             DBOPT_F(longest_idle_in_transaction_seconds), DBOPT_F(max_connections));

DBOPT_FIELDS(Extension, DBOPT_F(extname), DBOPT_F(extversion), DBOPT_F(schemaname));

DBOPT_FIELDS(ProbeOutcome, DBOPT_F(name), DBOPT_F(status), DBOPT_F(error), DBOPT_F(duration_ms),
             DBOPT_F(rows), DBOPT_F(note));

DBOPT_FIELDS(ProbeResult, DBOPT_F(status), DBOPT_F(error), DBOPT_F(columns), DBOPT_F(rows));

DBOPT_FIELDS(ExplainedStatement, DBOPT_F(query), DBOPT_F(options), DBOPT_F(plan_json),
             DBOPT_F(error), DBOPT_F(duration_ms));

DBOPT_FIELDS(Provenance, DBOPT_F(captured_at), DBOPT_F(dbopt_version), DBOPT_F(host),
             DBOPT_F(port), DBOPT_F(user), DBOPT_F(application_name),
             DBOPT_F(capture_duration_ms), DBOPT_F(probes));

DBOPT_FIELDS(Snapshot, DBOPT_F(provenance), DBOPT_F(server), DBOPT_F(hardware),
             DBOPT_F(settings), DBOPT_F(database), DBOPT_F(tables), DBOPT_F(columns),
             DBOPT_F(indexes), DBOPT_F(constraints), DBOPT_F(statements), DBOPT_F(bgwriter),
             DBOPT_F(wal), DBOPT_F(activity), DBOPT_F(extensions), DBOPT_F(plugin_probes),
             DBOPT_F(explained));

#undef DBOPT_FIELDS
#undef DBOPT_F

/// Calls `fn(name, member)` for each listed member of `object` (const or not), in order.
template <class T, class Fn>
  requires Described<std::remove_const_t<T>>
void for_each_field(T& object, Fn&& fn) {
  std::apply([&](const auto&... field) { (fn(field.name, object.*(field.member)), ...); },
             Fields<std::remove_const_t<T>>::list);
}

}  // namespace dbopt::engine::snapshot_detail
