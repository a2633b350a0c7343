// Passwords never reach a capture error message (capture/redact.hpp).
#include "capture/redact.hpp"

#include <gtest/gtest.h>

using dbopt::engine::capture_detail::redact_passwords;

TEST(CaptureRedact, KeywordValuePassword) {
  EXPECT_EQ(redact_passwords("failed near secret here", "host=db password=secret user=u"),
            "failed near *** here");
  EXPECT_EQ(redact_passwords("x s3cr et y", "host=db password = 's3cr et' user=u"), "x *** y");
  EXPECT_EQ(redact_passwords("it's pa'ss", R"(password='pa\'ss')"), "it's ***");
  EXPECT_EQ(redact_passwords("PASSWORD=Hunter2", "PASSWORD=Hunter2"), "PASSWORD=***");
}

TEST(CaptureRedact, UriPasswords) {
  EXPECT_EQ(redact_passwords("postgresql://bob:pw%40x@h/db and pw@x", "postgresql://bob:pw%40x@h/db"),
            "postgresql://bob:***@h/db and ***");
  EXPECT_EQ(redact_passwords("bad query param tiger", "postgres://h/db?user=u&password=tiger&sslmode=off"),
            "bad query param ***");
}

TEST(CaptureRedact, MalformedConninfoStillRedacted) {
  const std::string conninfo = "host=x password=topsecret junk";
  const std::string message = "missing \"=\" after \"junk\" in connection info string; password=topsecret";
  EXPECT_EQ(redact_passwords(message, conninfo).find("topsecret"), std::string::npos);
}

TEST(CaptureRedact, NothingToRedact) {
  EXPECT_EQ(redact_passwords("connection refused", "host=db user=u"), "connection refused");
  EXPECT_EQ(redact_passwords("password= nothing", "password="), "password= nothing");
}
