// Keeping passwords out of capture error messages (DESIGN.md, safety rules: passwords never reach
// a snapshot, a report or a log).
#pragma once

#include <string>
#include <string_view>

namespace dbopt::engine::capture_detail {

/// `message` with every password that `conninfo` carries replaced by "***": the value of a
/// `password=` keyword (keyword/value form, quoted or bare), the password of a URI's user info
/// (postgresql://user:secret@host) and of a `password=` URI query parameter, in the raw and the
/// percent-decoded spelling. Works on malformed connection strings too (no libpq parsing).
/// Empty passwords are ignored.
std::string redact_passwords(std::string message, std::string_view conninfo);

}  // namespace dbopt::engine::capture_detail
