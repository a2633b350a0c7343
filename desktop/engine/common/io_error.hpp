// The engine's file-system error: which file, what was being done, and the OS error text.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace dbopt::engine {

/// A failed file operation. what() is one line: `<path>: <action>: <strerror(errno)>`,
/// e.g. `out/report.json: cannot create temporary file in out: Permission denied`.
class IoError : public std::runtime_error {
 public:
  /// `action` says what failed ("cannot open for reading"); `errnum` is the errno value
  /// (0 when there is no OS error, then the message ends after the action).
  IoError(std::filesystem::path path, const std::string& action, int errnum);

  /// The file the operation was about (as given by the caller, not made absolute).
  const std::filesystem::path& path() const noexcept { return path_; }
  /// The errno value of the failure (0 when none).
  int error_number() const noexcept { return errnum_; }

 private:
  std::filesystem::path path_;
  int errnum_ = 0;
};

}  // namespace dbopt::engine
