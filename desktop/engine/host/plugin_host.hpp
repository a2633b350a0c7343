// The plugin host: finds plugin libraries, checks their ABI magic before any plugin code runs,
// and calls them only through the extern "C" shims of sdk/abi.hpp.
//
// Modeled on PostgreSQL's PG_MODULE_MAGIC check (src/backend/utils/fmgr/dfmgr.c: refuse with a
// message naming the field), Qt Creator's extensionsystem (a state + error string per plugin) and
// Boost.DLL's missuses page (libraries stay loaded for the whole life of the host; nothing a
// plugin allocated outlives it: findings are copied into a host-owned sink by the runner).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dbopt/sdk/abi.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::engine {

/// Outcome of loading one library.
///  - Loaded:  magic matched, instance created, info read; usable.
///  - Refused: not a dbopt plugin, ABI magic mismatch, missing shim, id mismatch, duplicate id.
///  - Failed:  dlopen failed, or the plugin's create/info shim reported an error.
enum class PluginState { Loaded, Refused, Failed };

/// "loaded" | "refused" | "failed".
const char* to_string(PluginState state);

namespace detail {
struct LoadedPlugin;  // the library handle, resolved shims and the plugin instance (plugin_host.cpp)
}

/// One library the host tried to load (a row of `dbopt plugins`).
struct PluginRecord {
  std::filesystem::path file;   ///< the shared library as given to load_file / found in a directory
  PluginState state = PluginState::Failed;
  /// Empty when Loaded; else one line naming the file and the field, e.g.
  /// "refused /x/libfoo.so: host has sdk_abi=1, plugin has 2".
  std::string error;
  /// Complete when Loaded. When refused after a readable magic, id and version are the magic's
  /// plugin_id / plugin_version (the rest stays default).
  sdk::PluginInfo info;
  /// Private: keeps the library loaded (also when refused after dlopen succeeded) and, when
  /// Loaded, owns the plugin instance (destroyed through the plugin's own
  /// dbopt_plugin_destroy before the library is unloaded).
  std::shared_ptr<detail::LoadedPlugin> handle;
};

/// A plugin's probes()/analyze() shim returned a non-zero status. what() is
/// "<plugin-id>: <message>"; message() is the plugin's own text.
class PluginCallError : public std::runtime_error {
 public:
  PluginCallError(std::string plugin_id, std::string message);
  const std::string& plugin_id() const noexcept { return plugin_id_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string plugin_id_;
  std::string message_;
};

/// Loads plugin libraries and keeps them loaded until it is destroyed. The destructor destroys
/// every plugin instance (through dbopt_plugin_destroy) before any library is unloaded.
///
/// Load check order (nothing but dbopt_plugin_magic is called before the magic passed):
/// dlopen → dbopt_plugin_magic present → magic.size → sdk_abi → cxx_standard → compiler →
/// stdlib → every other shim present → create → info → info.id/version equal the magic's →
/// id not already loaded → Loaded.
///
/// Not thread-safe for loading; probes()/analyze() may be called from several threads at once
/// (calls into the same plugin instance are serialized).
class PluginHost {
 public:
  PluginHost() = default;
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// Directories searched by load_default(), in order, without duplicates:
  ///  1. each non-empty entry of $DBOPT_PLUGIN_PATH (':'-separated), in order;
  ///  2. <directory of the running executable>/../lib/dbopt/plugins (build tree and installed
  ///     layout), and <exe dir>/../<install libdir>/dbopt/plugins when the libdir differs;
  ///  3. $XDG_DATA_HOME/dbopt/plugins (XDG_DATA_HOME must be absolute per the XDG base-directory
  ///     spec), else ~/.local/share/dbopt/plugins.
  static std::vector<std::filesystem::path> default_search_paths();

  /// load_directory() on each of default_search_paths().
  void load_default();

  /// Loads every regular file named lib*.so in `dir` (not recursive), sorted by file name.
  /// A missing directory, or one this host already read (same canonical path, e.g. given with
  /// --plugin-path and found again by load_default), is a no-op; an unreadable one becomes a
  /// Failed record for the directory.
  void load_directory(const std::filesystem::path& dir);

  /// Loads one library and returns its record (never throws for a bad library: the record says
  /// why). A file this host already tried (same canonical path) is not loaded again: its existing
  /// record is returned. The reference stays valid until the next load_* call.
  const PluginRecord& load_file(const std::filesystem::path& file);

  /// Every library tried, in load order, including refused and failed ones.
  const std::vector<PluginRecord>& plugins() const { return records_; }

  /// The Loaded records sorted by phase (PROFILE, ANALYZE, OPTIMIZE) then id. Pointers stay
  /// valid until the next load_* call.
  std::vector<const PluginRecord*> loaded() const;

  /// The Loaded record with this id, or nullptr.
  const PluginRecord* find(const std::string& plugin_id) const;

  /// Calls dbopt_plugin_probes with `options`, the plugin's resolved options (defaults + user
  /// overrides, as resolve_options in runner/options.hpp builds them: the same Options analyze()
  /// gets through Context::options()). Throws PluginCallError on a non-zero status (e.g. the
  /// plugin read an option `options` lacks), std::logic_error when `plugin` is not Loaded.
  std::vector<sdk::Probe> probes(const PluginRecord& plugin, const sdk::Catalog& catalog,
                                 const sdk::Options& options) const;

  /// Calls dbopt_plugin_analyze; findings and log lines go to `sink`. Throws PluginCallError on a
  /// non-zero status (the exception the plugin threw, as text), std::logic_error when `plugin`
  /// is not Loaded.
  void analyze(const PluginRecord& plugin, const sdk::Catalog& catalog, const sdk::Context& context,
               sdk::FindingSink& sink) const;

 private:
  std::vector<PluginRecord> records_;
  std::map<std::filesystem::path, std::size_t> record_by_canonical_file_;  ///< index into records_
  std::set<std::filesystem::path> read_directories_;                        ///< canonical paths
};

}  // namespace dbopt::engine
