#include "common/io_error.hpp"

#include <system_error>

namespace dbopt::engine {
namespace {

std::string describe(const std::filesystem::path& path, const std::string& action, int errnum) {
  std::string message = path.string() + ": " + action;
  // std::system_category().message() is the thread-safe equivalent of strerror().
  if (errnum != 0) message += ": " + std::system_category().message(errnum);
  return message;
}

}  // namespace

IoError::IoError(std::filesystem::path path, const std::string& action, int errnum)
    : std::runtime_error(describe(path, action, errnum)), path_(std::move(path)), errnum_(errnum) {}

}  // namespace dbopt::engine
