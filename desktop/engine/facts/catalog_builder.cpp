#include "facts/catalog_builder.hpp"

#include <utility>

#include "facts/statement_facts.hpp"

namespace dbopt::engine {

std::unique_ptr<sdk::Catalog> build_catalog(sdk::Snapshot snapshot) {
  std::vector<sdk::StatementFacts> facts = extract_all_facts(snapshot);
  return std::make_unique<sdk::Catalog>(std::move(snapshot), std::move(facts));
}

}  // namespace dbopt::engine
