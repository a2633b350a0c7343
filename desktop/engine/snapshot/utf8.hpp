// UTF-8 well-formedness for snapshot text (JSON strings must be UTF-8). Internal to the
// snapshot component.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dbopt::engine::snapshot_detail {

/// Offset of the first byte of `text` that does not start a well-formed UTF-8 sequence (no
/// overlong forms, no surrogates, nothing above U+10FFFF — the rules nlohmann's dump() applies),
/// or npos when all of `text` is well-formed. `from` is where to start looking.
std::size_t invalid_utf8_offset(std::string_view text, std::size_t from = 0);

/// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD, so it can be
/// shown or stored anywhere (used for error messages that quote input).
std::string valid_utf8(std::string_view text);

}  // namespace dbopt::engine::snapshot_detail
