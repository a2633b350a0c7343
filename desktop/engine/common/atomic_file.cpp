#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>

namespace dbopt::engine {
namespace {

constexpr int kMaxNameAttempts = 100;                  // EEXIST retries for the temporary name
constexpr std::size_t kMaxIoChunk = std::size_t{1} << 30;  // bytes per write()/read() call

/// A temporary file that is closed and removed unless commit() was called.
class TempFile {
 public:
  TempFile(std::filesystem::path name, int fd) : name_(std::move(name)), fd_(fd) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(name_.c_str());
  }
  int fd() const { return fd_; }
  const std::filesystem::path& name() const { return name_; }
  /// Closes the descriptor; returns errno on failure, 0 on success.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }
  void commit() { committed_ = true; }

 private:
  std::filesystem::path name_;
  int fd_ = -1;
  bool committed_ = false;
};

std::string random_suffix() {
  static std::atomic<std::uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t value = rng() ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ULL) ^
                              static_cast<std::uint64_t>(::getpid());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

TempFile create_temp_next_to(const std::filesystem::path& path, const std::filesystem::path& dir) {
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    auto name = dir / ("." + path.filename().string() + ".tmp-" + random_suffix());
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return TempFile(std::move(name), fd);
    if (errno != EEXIST) throw IoError(path, "cannot create temporary file in " + dir.string(), errno);
  }
  throw IoError(path, "cannot create temporary file in " + dir.string(), EEXIST);
}

void write_all(const std::filesystem::path& path, const TempFile& temp, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t remaining = bytes.size();
  while (remaining > 0) {
    const ssize_t n = ::write(temp.fd(), p, std::min(remaining, kMaxIoChunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path, "cannot write temporary file " + temp.name().string(), errno);
    }
    p += n;
    remaining -= static_cast<std::size_t>(n);
  }
}

/// fsync of the directory makes the rename durable; failure is not an error for the caller
/// (the file is complete either way), so it is best effort.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  if (!path.has_filename())
    throw IoError(path, "cannot write: the path does not name a file", EISDIR);
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  TempFile temp = create_temp_next_to(path, dir);

  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
      ::fchmod(temp.fd(), existing.st_mode & 07777) != 0)
    throw IoError(path, "cannot copy the permissions of the existing file", errno);

  write_all(path, temp, bytes);
  if (::fsync(temp.fd()) != 0)
    throw IoError(path, "cannot flush temporary file " + temp.name().string(), errno);
  if (const int err = temp.close(); err != 0)
    throw IoError(path, "cannot close temporary file " + temp.name().string(), err);
  if (::rename(temp.name().c_str(), path.c_str()) != 0)
    throw IoError(path, "cannot rename temporary file " + temp.name().string() + " over it", errno);
  temp.commit();
  sync_directory(dir);
}

std::string read_file_bytes(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path, "cannot open for reading", errno);
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buf[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw IoError(path, "cannot read", err);
    }
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace dbopt::engine
