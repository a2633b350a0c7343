// dbopt SDK — the plugin ABI: the magic block and the extern "C" shims.
//
// Modeled on PostgreSQL's PG_MODULE_MAGIC (src/include/fmgr.h, dfmgr.c): every plugin exports
// `dbopt_plugin_magic`, a function returning a POD block (size first, then ABI values). The
// host compares it before calling anything else and refuses a mismatch naming the field:
//   refused plugins/libgin-index-tuner.so: host has sdk_abi=3, plugin has 2
//
// After the magic, the host calls only the shims below. They catch every exception and return
// a status plus message, so no exception crosses the library boundary.
#pragma once

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

/// Bumped on every incompatible change to any SDK header (model, finding, plugin, ABI).
#define DBOPT_SDK_ABI 3
/// Human version of the SDK.
#define DBOPT_SDK_VERSION "0.1.0"

#define DBOPT_STR_(x) #x
#define DBOPT_STR(x) DBOPT_STR_(x)

#if defined(__clang__)
#define DBOPT_COMPILER_ID "clang " DBOPT_STR(__clang_major__)
#elif defined(__GNUC__)
#define DBOPT_COMPILER_ID "gcc " DBOPT_STR(__GNUC__)
#else
#define DBOPT_COMPILER_ID "unknown"
#endif

#if defined(_LIBCPP_VERSION)
#define DBOPT_STDLIB_ID "libc++ " DBOPT_STR(_LIBCPP_VERSION)
#elif defined(_GLIBCXX_RELEASE)
#define DBOPT_STDLIB_ID "libstdc++ " DBOPT_STR(_GLIBCXX_RELEASE) " cxx11abi=" DBOPT_STR(_GLIBCXX_USE_CXX11_ABI)
#else
#define DBOPT_STDLIB_ID "unknown"
#endif

#define DBOPT_EXPORT extern "C" __attribute__((visibility("default")))

extern "C" {

/// The magic block. Plain data only; field order is fixed forever (size first).
struct dbopt_plugin_magic_t {
  std::uint32_t size;             ///< sizeof(dbopt_plugin_magic_t) as compiled into the plugin
  std::uint32_t sdk_abi;          ///< DBOPT_SDK_ABI
  std::uint32_t cxx_standard;     ///< __cplusplus (e.g. 202002)
  char compiler[48];              ///< DBOPT_COMPILER_ID, e.g. "gcc 12"
  char stdlib[48];                ///< DBOPT_STDLIB_ID, e.g. "libstdc++ 12 cxx11abi=1"
  char plugin_id[64];             ///< the plugin's id, equals PluginInfo::id
  char plugin_version[32];        ///< equals PluginInfo::version
};

/// Error text filled by a shim when it returns non-zero.
struct dbopt_error_t {
  char message[2048];
};

}  // extern "C"

namespace dbopt::sdk {

/// Symbol names the host looks up.
inline constexpr const char* kMagicSymbol = "dbopt_plugin_magic";
inline constexpr const char* kCreateSymbol = "dbopt_plugin_create";
inline constexpr const char* kDestroySymbol = "dbopt_plugin_destroy";
inline constexpr const char* kInfoSymbol = "dbopt_plugin_info";
inline constexpr const char* kProbesSymbol = "dbopt_plugin_probes";
inline constexpr const char* kAnalyzeSymbol = "dbopt_plugin_analyze";

/// Shim signatures (return 0 on success, non-zero with `err` filled on failure).
using MagicFn = const dbopt_plugin_magic_t*();
using CreateFn = int(Plugin** out, dbopt_error_t* err);
using DestroyFn = void(Plugin* plugin);
using InfoFn = int(const Plugin* plugin, PluginInfo* out, dbopt_error_t* err);
/// `options`: the plugin's resolved options (see Plugin::probes), never null.
using ProbesFn = int(const Plugin* plugin, const Catalog* catalog, const Options* options, std::vector<Probe>* out,
                     dbopt_error_t* err);
using AnalyzeFn = int(Plugin* plugin, const Catalog* catalog, const Context* context, FindingSink* sink,
                      dbopt_error_t* err);

namespace detail {
inline void copy_field(char* dst, std::size_t n, const char* src) {
  std::strncpy(dst, src, n - 1);
  dst[n - 1] = '\0';
}
inline int fail(dbopt_error_t* err, const char* what) {
  if (err) copy_field(err->message, sizeof err->message, what);
  return 1;
}
/// Runs `f` and converts any exception to a status + message.
template <class F>
int guarded(dbopt_error_t* err, F&& f) noexcept {
  try {
    f();
    return 0;
  } catch (const std::exception& e) {
    return fail(err, e.what());
  } catch (...) {
    return fail(err, "unknown exception (not derived from std::exception)");
  }
}
}  // namespace detail

/// The magic values of the code being compiled now (the host compares against these).
inline dbopt_plugin_magic_t make_magic(const char* plugin_id, const char* plugin_version) {
  dbopt_plugin_magic_t m{};
  m.size = sizeof(dbopt_plugin_magic_t);
  m.sdk_abi = DBOPT_SDK_ABI;
  m.cxx_standard = static_cast<std::uint32_t>(__cplusplus);
  detail::copy_field(m.compiler, sizeof m.compiler, DBOPT_COMPILER_ID);
  detail::copy_field(m.stdlib, sizeof m.stdlib, DBOPT_STDLIB_ID);
  detail::copy_field(m.plugin_id, sizeof m.plugin_id, plugin_id);
  detail::copy_field(m.plugin_version, sizeof m.plugin_version, plugin_version);
  return m;
}

}  // namespace dbopt::sdk

/// Exports `Class` (default-constructible, derived from dbopt::sdk::Plugin) as a dbopt plugin
/// with the given id and version. Use exactly once per plugin library, at namespace scope.
#define DBOPT_PLUGIN(Class, ID, VERSION)                                                            \
  DBOPT_EXPORT const dbopt_plugin_magic_t* dbopt_plugin_magic() {                                   \
    static const dbopt_plugin_magic_t magic = ::dbopt::sdk::make_magic(ID, VERSION);                \
    return &magic;                                                                                  \
  }                                                                                                 \
  DBOPT_EXPORT int dbopt_plugin_create(::dbopt::sdk::Plugin** out, dbopt_error_t* err) {            \
    return ::dbopt::sdk::detail::guarded(err, [&] { *out = new Class(); });                         \
  }                                                                                                 \
  DBOPT_EXPORT void dbopt_plugin_destroy(::dbopt::sdk::Plugin* plugin) { delete plugin; }           \
  DBOPT_EXPORT int dbopt_plugin_info(const ::dbopt::sdk::Plugin* plugin, ::dbopt::sdk::PluginInfo* out, \
                                     dbopt_error_t* err) {                                          \
    return ::dbopt::sdk::detail::guarded(err, [&] { *out = plugin->info(); });                      \
  }                                                                                                 \
  DBOPT_EXPORT int dbopt_plugin_probes(const ::dbopt::sdk::Plugin* plugin,                          \
                                       const ::dbopt::sdk::Catalog* catalog,                        \
                                       const ::dbopt::sdk::Options* options,                        \
                                       std::vector<::dbopt::sdk::Probe>* out, dbopt_error_t* err) { \
    return ::dbopt::sdk::detail::guarded(err, [&] { *out = plugin->probes(*catalog, *options); });  \
  }                                                                                                 \
  DBOPT_EXPORT int dbopt_plugin_analyze(::dbopt::sdk::Plugin* plugin, const ::dbopt::sdk::Catalog* catalog, \
                                        const ::dbopt::sdk::Context* context,                      \
                                        ::dbopt::sdk::FindingSink* sink, dbopt_error_t* err) {      \
    return ::dbopt::sdk::detail::guarded(err, [&] { plugin->analyze(*catalog, *context, *sink); }); \
  }
