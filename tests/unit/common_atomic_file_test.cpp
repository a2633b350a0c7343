// common/atomic_file: whole-file writes that never leave a half file (DESIGN.md, safety rules),
// and whole-file reads; both throw IoError naming the path and the OS error.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "common/atomic_file.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::engine::IoError;
using dbopt::engine::read_file_bytes;
using dbopt::engine::write_file_atomically;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::string os_error(int errnum) { return std::strerror(errnum); }

/// Lowers the file-size limit for the life of the object so write() fails with EFBIG
/// (SIGXFSZ ignored), then restores it.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lowered = saved_;
    lowered.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lowered);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST(WriteFileAtomically, CreatesANewFileWithExactlyTheBytes) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "snapshot.json";
  const std::string bytes = std::string("{\"a\":1}\n\0binary\xff", 16);

  write_file_atomically(target, bytes);

  EXPECT_EQ(read_file_bytes(target), bytes);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"snapshot.json"});  // no temporary left
  const mode_t umask_now = ::umask(0);
  ::umask(umask_now);
  EXPECT_EQ(mode_of(target), 0666 & ~umask_now);
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, ReplacesAnExistingFileAndKeepsItsMode) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "report.md";
  write_file_atomically(target, "first version, longer than the second\n");
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);

  write_file_atomically(target, "second\n");

  EXPECT_EQ(read_file_bytes(target), "second\n");
  EXPECT_EQ(mode_of(target), 0640u);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.md"});
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, WritesAnEmptyFileAndANameWithSpacesAndUnicode) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "r\xc3\xa9sum\xc3\xa9 \"q\".json";
  write_file_atomically(target, "");
  EXPECT_TRUE(fs::is_regular_file(target));
  EXPECT_EQ(read_file_bytes(target), "");
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, RelativePathWithoutDirectoryWritesInTheCurrentDirectory) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path previous = fs::current_path();
  fs::current_path(dir);
  write_file_atomically("plain.txt", "here");
  fs::current_path(previous);
  EXPECT_EQ(read_file_bytes(dir / "plain.txt"), "here");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"plain.txt"});
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, NonexistentDirectoryThrowsIoErrorNamingThePathAndOsError) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "missing" / "out.json";
  try {
    write_file_atomically(target, "x");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), target.string() + ": cannot create temporary file in " +
                                         (dir / "missing").string() + ": " + os_error(ENOENT));
    EXPECT_EQ(e.path(), target);
    EXPECT_EQ(e.error_number(), ENOENT);
  }
  EXPECT_TRUE(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, NonWritableDirectoryThrowsIoErrorAndLeavesNothing) {
  // As root, directory permissions do not apply: the attempt runs in a child that has
  // dropped to the unprivileged uid 65534 ("nobody"). The child reports the message on a pipe.
  const fs::path dir = dbopt::test::temp_dir("atomic");
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);
  const fs::path target = dir / "out.json";
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
    } else if (::chmod(dir.c_str(), 0555) != 0) {
      _exit(4);
    }
    std::string report = "no exception";
    int code = 1;
    try {
      write_file_atomically(target, "x");
    } catch (const IoError& e) {
      report = e.what();
      code = e.error_number() == EACCES ? 0 : 2;
    }
    [[maybe_unused]] auto n = ::write(pipe_fds[1], report.data(), report.size());
    _exit(code);
  }
  ::close(pipe_fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) message.append(buf, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ::chmod(dir.c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << message;
  EXPECT_EQ(message, target.string() + ": cannot create temporary file in " + dir.string() + ": " +
                         os_error(EACCES));
  EXPECT_TRUE(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, FailedRenameRemovesTheTemporaryFile) {
  // The target is a non-empty directory: the temporary file is written, rename() fails.
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "taken";
  fs::create_directory(target);
  write_file_atomically(target / "inside", "keep");
  try {
    write_file_atomically(target, "new content");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(target.string() + ": cannot rename temporary file ", 0), 0u) << what;
    EXPECT_NE(what.find(" over it: "), std::string::npos) << what;
    EXPECT_NE(e.error_number(), 0);
  }
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"taken"});
  EXPECT_EQ(read_file_bytes(target / "inside"), "keep");
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, FailedWriteKeepsThePreviousFileIntactAndRemovesTheTemporary) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir / "snapshot.json";
  write_file_atomically(target, "previous complete content\n");
  {
    const FileSizeLimit limit(1024);
    try {
      write_file_atomically(target, std::string(64 * 1024, 'x'));
      FAIL() << "expected IoError";
    } catch (const IoError& e) {
      EXPECT_EQ(e.error_number(), EFBIG);
      const std::string what = e.what();
      EXPECT_EQ(what.rfind(target.string() + ": cannot write temporary file ", 0), 0u) << what;
      EXPECT_NE(what.find(os_error(EFBIG)), std::string::npos) << what;
    }
  }
  EXPECT_EQ(read_file_bytes(target), "previous complete content\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"snapshot.json"});
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, PathWithoutFileNameIsRefused) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path target = dir.string() + "/";
  EXPECT_THROW(write_file_atomically(target, "x"), IoError);
  EXPECT_TRUE(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST(ReadFileBytes, ReadsLargeBinaryContent) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  std::string bytes;
  for (int i = 0; i < 300000; ++i) bytes.push_back(static_cast<char>(i * 7));
  write_file_atomically(dir / "big.bin", bytes);
  EXPECT_EQ(read_file_bytes(dir / "big.bin"), bytes);
  fs::remove_all(dir);
}

TEST(ReadFileBytes, MissingFileThrowsIoErrorNamingThePath) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  const fs::path missing = dir / "client.json";
  try {
    read_file_bytes(missing);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()),
              missing.string() + ": cannot open for reading: " + os_error(ENOENT));
    EXPECT_EQ(e.path(), missing);
  }
  fs::remove_all(dir);
}

TEST(ReadFileBytes, DirectoryThrowsIoError) {
  const fs::path dir = dbopt::test::temp_dir("atomic");
  try {
    read_file_bytes(dir);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), dir.string() + ": cannot read: " + os_error(EISDIR));
  }
  fs::remove_all(dir);
}
