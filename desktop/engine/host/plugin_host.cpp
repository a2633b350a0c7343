#include "host/plugin_host.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>

#include "host/loaded_plugin.hpp"
#include "host/magic_check.hpp"

namespace dbopt::engine {

const char* to_string(PluginState state) {
  switch (state) {
    case PluginState::Loaded: return "loaded";
    case PluginState::Refused: return "refused";
    case PluginState::Failed: return "failed";
  }
  return "?";
}

PluginCallError::PluginCallError(std::string plugin_id, std::string message)
    : std::runtime_error(plugin_id + ": " + message), plugin_id_(std::move(plugin_id)), message_(std::move(message)) {}

PluginHost::~PluginHost() {
  // Reverse load order: each record's handle destroys its instance, then unloads its library.
  while (!records_.empty()) records_.pop_back();
}

namespace {

/// The error text a shim left in `err` (bounded, NUL-terminated by us: the buffer is untrusted).
std::string shim_message(const dbopt_error_t& err) {
  std::string text(err.message, strnlen(err.message, sizeof err.message));
  return text.empty() ? std::string("(no message)") : text;
}

PluginRecord& refuse(PluginRecord& r, const std::string& why) {
  r.state = PluginState::Refused;
  r.error = "refused " + r.file.string() + ": " + why;
  return r;
}

PluginRecord& fail(PluginRecord& r, const std::string& why) {
  r.state = PluginState::Failed;
  r.error = "failed " + r.file.string() + ": " + why;
  return r;
}

/// Opens the library; on failure returns the dlerror() text.
std::optional<std::string> open_library(boost::dll::shared_library& lib, const std::filesystem::path& file) {
  boost::dll::fs::error_code ec;
  // RTLD_NOW: unresolved symbols fail here, not in the middle of a run. RTLD_LOCAL: one plugin's
  // symbols never satisfy another's.
  lib.load(file, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (!ec && lib.is_loaded()) return std::nullopt;
  const char* text = ::dlerror();
  if (!text) return ec.message();
  // dlerror() usually starts with the file name, which our message already names.
  std::string message(text);
  const std::string prefix = file.string() + ": ";
  if (message.rfind(prefix, 0) == 0 && message.size() > prefix.size()) message.erase(0, prefix.size());
  return message;
}

/// A required shim symbol, or nullptr when the library does not export it.
template <class Fn>
Fn* resolve(const boost::dll::shared_library& lib, const char* name) {
  return lib.has(name) ? &lib.get<Fn>(name) : nullptr;
}

/// Continues load_file once the library is open: the magic, the shims, create, info.
/// Returns the error (refused/failed) in `r`, or leaves it Loaded.
void check_and_create(PluginRecord& r, detail::LoadedPlugin& p) {
  auto* magic_fn = resolve<sdk::MagicFn>(p.library, sdk::kMagicSymbol);
  if (!magic_fn) {
    refuse(r, std::string("no ") + sdk::kMagicSymbol + " symbol (not a dbopt plugin)");
    return;
  }
  const dbopt_plugin_magic_t* block = magic_fn();
  if (!block) {
    refuse(r, std::string(sdk::kMagicSymbol) + " returned a null pointer");
    return;
  }
  // Read the size first; read the rest only when the block is at least as large as ours.
  std::uint32_t size = 0;
  std::memcpy(&size, block, sizeof size);
  dbopt_plugin_magic_t magic{};
  magic.size = size;
  if (size >= sizeof(dbopt_plugin_magic_t)) {
    std::memcpy(&magic, block, sizeof magic);
    r.info.id = detail::magic_text(magic.plugin_id, sizeof magic.plugin_id);
    r.info.version = detail::magic_text(magic.plugin_version, sizeof magic.plugin_version);
  }
  if (auto mismatch = detail::magic_mismatch(magic)) {
    refuse(r, *mismatch);
    return;
  }
  // Ids are kebab-case (DESIGN.md): "--set <id>.<option>=…" and check ids "<id>/<check>" rely on it.
  const bool kebab = !r.info.id.empty() && r.info.id.front() != '-' && r.info.id.back() != '-' &&
                     std::all_of(r.info.id.begin(), r.info.id.end(),
                                 [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
  if (!kebab) {
    refuse(r, "magic plugin_id='" + r.info.id + "' is not kebab-case (a-z, 0-9, '-')");
    return;
  }

  p.destroy = resolve<sdk::DestroyFn>(p.library, sdk::kDestroySymbol);
  p.info = resolve<sdk::InfoFn>(p.library, sdk::kInfoSymbol);
  p.probes = resolve<sdk::ProbesFn>(p.library, sdk::kProbesSymbol);
  p.analyze = resolve<sdk::AnalyzeFn>(p.library, sdk::kAnalyzeSymbol);
  auto* create = resolve<sdk::CreateFn>(p.library, sdk::kCreateSymbol);
  const std::pair<const void*, const char*> shims[] = {
      {reinterpret_cast<const void*>(create), sdk::kCreateSymbol},
      {reinterpret_cast<const void*>(p.destroy), sdk::kDestroySymbol},
      {reinterpret_cast<const void*>(p.info), sdk::kInfoSymbol},
      {reinterpret_cast<const void*>(p.probes), sdk::kProbesSymbol},
      {reinterpret_cast<const void*>(p.analyze), sdk::kAnalyzeSymbol}};
  for (const auto& [fn, name] : shims) {
    if (!fn) {
      refuse(r, std::string("missing symbol ") + name + " (the magic is valid but the shims are incomplete: export the plugin with DBOPT_PLUGIN)");
      return;
    }
  }

  dbopt_error_t err{};
  sdk::Plugin* instance = nullptr;
  if (create(&instance, &err) != 0) {
    fail(r, std::string(sdk::kCreateSymbol) + ": " + shim_message(err));
    return;
  }
  if (!instance) {
    fail(r, std::string(sdk::kCreateSymbol) + " reported success but returned no instance");
    return;
  }
  p.instance = instance;

  sdk::PluginInfo info;
  err = {};
  if (p.info(instance, &info, &err) != 0) {
    fail(r, std::string(sdk::kInfoSymbol) + ": " + shim_message(err));
    p.release_instance();
    return;
  }
  if (info.id != r.info.id || info.version != r.info.version) {
    refuse(r, "magic says plugin_id='" + r.info.id + "' plugin_version='" + r.info.version + "', info() says id='" +
                  info.id + "' version='" + info.version + "'");
    p.release_instance();
    return;
  }
  if (info.phase != sdk::Phase::Profile && info.phase != sdk::Phase::Analyze && info.phase != sdk::Phase::Optimize) {
    refuse(r, "info().phase=" + std::to_string(static_cast<int>(info.phase)) + " is not PROFILE, ANALYZE or OPTIMIZE");
    p.release_instance();
    return;
  }
  r.info = std::move(info);
  r.state = PluginState::Loaded;
}

const detail::LoadedPlugin& loaded_handle(const PluginRecord& plugin) {
  if (plugin.state != PluginState::Loaded || !plugin.handle || !plugin.handle->instance)
    throw std::logic_error("plugin " + plugin.file.string() + " is not loaded (" + to_string(plugin.state) + ")");
  return *plugin.handle;
}

}  // namespace

const PluginRecord& PluginHost::load_file(const std::filesystem::path& file) {
  PluginRecord r;
  std::error_code ec;
  r.file = std::filesystem::absolute(file, ec).lexically_normal();
  if (ec) r.file = file;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(r.file, ec);
  if (!ec) {
    if (auto it = record_by_canonical_file_.find(canonical); it != record_by_canonical_file_.end())
      return records_[it->second];
    record_by_canonical_file_.emplace(canonical, records_.size());
  }

  auto handle = std::make_shared<detail::LoadedPlugin>();
  if (auto dl_error = open_library(handle->library, r.file)) {
    fail(r, *dl_error);
    records_.push_back(std::move(r));
    return records_.back();
  }
  // Every library that opened stays loaded for the life of the host, refused ones included:
  // unloading would run its static destructors (plugin code) in the middle of loading, and one
  // lifetime rule for all libraries is simpler to reason about (Boost.DLL missuses).
  r.handle = handle;
  check_and_create(r, *handle);

  if (r.state == PluginState::Loaded) {
    if (const PluginRecord* other = find(r.info.id)) {
      handle->release_instance();
      const std::string id = r.info.id;
      refuse(r, "duplicate plugin id '" + id + "' (already loaded from " + other->file.string() + ")");
    }
  }
  records_.push_back(std::move(r));
  return records_.back();
}

std::vector<const PluginRecord*> PluginHost::loaded() const {
  std::vector<const PluginRecord*> out;
  for (const auto& r : records_)
    if (r.state == PluginState::Loaded) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const PluginRecord* a, const PluginRecord* b) {
    if (a->info.phase != b->info.phase) return a->info.phase < b->info.phase;
    return a->info.id < b->info.id;
  });
  return out;
}

const PluginRecord* PluginHost::find(const std::string& plugin_id) const {
  for (const auto& r : records_)
    if (r.state == PluginState::Loaded && r.info.id == plugin_id) return &r;
  return nullptr;
}

std::vector<sdk::Probe> PluginHost::probes(const PluginRecord& plugin, const sdk::Catalog& catalog,
                                           const sdk::Options& options) const {
  const detail::LoadedPlugin& p = loaded_handle(plugin);
  std::vector<sdk::Probe> out;
  dbopt_error_t err{};
  int status = 0;
  {
    std::lock_guard lock(p.call_mutex);
    status = p.probes(p.instance, &catalog, &options, &out, &err);
  }
  if (status != 0) throw PluginCallError(plugin.info.id, shim_message(err));
  return out;
}

void PluginHost::analyze(const PluginRecord& plugin, const sdk::Catalog& catalog, const sdk::Context& context,
                         sdk::FindingSink& sink) const {
  const detail::LoadedPlugin& p = loaded_handle(plugin);
  dbopt_error_t err{};
  int status = 0;
  {
    std::lock_guard lock(p.call_mutex);
    status = p.analyze(p.instance, &catalog, &context, &sink, &err);
  }
  if (status != 0) throw PluginCallError(plugin.info.id, shim_message(err));
}

}  // namespace dbopt::engine
