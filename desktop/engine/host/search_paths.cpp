// Where the host looks for plugins, and loading a whole directory.
#include <algorithm>
#include <cstdlib>

#include "host/loaded_plugin.hpp"
#include "host/plugin_host.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

namespace dbopt::engine {

namespace {

void add_unique(std::vector<std::filesystem::path>& out, const std::filesystem::path& p) {
  const auto normal = p.lexically_normal();
  if (std::find(out.begin(), out.end(), normal) == out.end()) out.push_back(normal);
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

std::vector<std::filesystem::path> PluginHost::default_search_paths() {
  std::vector<std::filesystem::path> out;

  const std::string plugin_path = env("DBOPT_PLUGIN_PATH");
  std::size_t start = 0;
  while (start <= plugin_path.size()) {
    const std::size_t end = std::min(plugin_path.find(':', start), plugin_path.size());
    if (end > start) add_unique(out, plugin_path.substr(start, end - start));
    start = end + 1;
  }

  boost::dll::fs::error_code ec;
  const std::filesystem::path exe = boost::dll::program_location(ec);
  if (!ec && !exe.empty()) {
    const auto prefix = exe.parent_path() / "..";
    add_unique(out, prefix / "lib" / "dbopt" / "plugins");  // build tree (DBOPT_BUILD_PLUGIN_DIR)
    const std::filesystem::path install_dir = DBOPT_PLUGIN_INSTALL_DIR;  // e.g. lib/x86_64-linux-gnu/dbopt/plugins
    if (install_dir.is_relative()) add_unique(out, prefix / install_dir);
  }

  // XDG base-directory spec: a relative $XDG_DATA_HOME is invalid and ignored.
  const std::filesystem::path xdg = env("XDG_DATA_HOME");
  if (!xdg.empty() && xdg.is_absolute()) {
    add_unique(out, xdg / "dbopt" / "plugins");
  } else if (const std::string home = env("HOME"); !home.empty()) {
    add_unique(out, std::filesystem::path(home) / ".local" / "share" / "dbopt" / "plugins");
  }
  return out;
}

void PluginHost::load_default() {
  for (const auto& dir : default_search_paths()) load_directory(dir);
}

void PluginHost::load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return;
  // A directory reached twice (symlink, "dir/.", --plugin-path and a default path) is read once.
  const auto canonical = std::filesystem::weakly_canonical(dir, ec);
  if (!read_directories_.insert(ec ? dir : canonical).second) return;

  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool lib_so = name.size() > 6 && name.rfind("lib", 0) == 0 && name.compare(name.size() - 3, 3, ".so") == 0;
    std::error_code file_ec;
    if (lib_so && it->is_regular_file(file_ec)) files.push_back(it->path());
  }
  if (ec) {
    PluginRecord r;
    r.file = dir;
    r.state = PluginState::Failed;
    r.error = "failed " + dir.string() + ": cannot read plugin directory: " + ec.message();
    records_.push_back(std::move(r));
    return;
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
  for (const auto& f : files) load_file(f);
}

}  // namespace dbopt::engine
