// Builds the Catalog plugins read: the snapshot plus statement facts for every
// pg_stat_statements entry (DESIGN.md, "Data flow").
#pragma once

#include <memory>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/model.hpp"

namespace dbopt::engine {

/// The Catalog for `snapshot`, with facts parallel to snapshot.statements
/// (extract_all_facts). Statements that do not parse are kept with parsed = false; nothing
/// here throws for bad query text.
/// Plans of snapshot.explained are parsed (parse_explained_plans), and the explained statements
/// get their own facts, linked to the pg_stat_statements entries they are instances of
/// (extract_explained_facts).
std::unique_ptr<sdk::Catalog> build_catalog(sdk::Snapshot snapshot);

/// The plans of `snapshot.explained`, parallel to it: each parsed with parse_plan(), or the
/// EXPLAIN error / "plan does not parse: line N: …" in `error`. Never throws for bad plans.
std::vector<sdk::ExplainedPlan> parse_explained_plans(const sdk::Snapshot& snapshot);

}  // namespace dbopt::engine
