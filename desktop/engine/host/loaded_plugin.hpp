// The private part of a PluginRecord: the library handle, its resolved shims and the instance.
#pragma once

#include <mutex>

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS  // boost::dll::fs::path = std::filesystem::path (Boost >= 1.73)
#endif
#include <boost/dll/shared_library.hpp>

#include "host/plugin_host.hpp"

namespace dbopt::engine::detail {

struct LoadedPlugin {
  boost::dll::shared_library library;
  sdk::DestroyFn* destroy = nullptr;
  sdk::InfoFn* info = nullptr;
  sdk::ProbesFn* probes = nullptr;
  sdk::AnalyzeFn* analyze = nullptr;
  sdk::Plugin* instance = nullptr;  ///< created by dbopt_plugin_create, owned here
  mutable std::mutex call_mutex;          ///< serializes calls into `instance`

  LoadedPlugin() = default;
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;
  /// Destroys the instance with the plugin's own destroy shim; `library` is unloaded after
  /// (members are destroyed after the destructor body).
  ~LoadedPlugin() { release_instance(); }

  void release_instance() {
    if (instance && destroy) destroy(instance);
    instance = nullptr;
  }
};

}  // namespace dbopt::engine::detail
