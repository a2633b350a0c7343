#include "plan/plan_lines.hpp"

#include <cctype>
#include <cstddef>

namespace dbopt::engine {

namespace {

// UTF-8 of the frame and mark characters psql prints (psql \pset linestyle unicode).
constexpr std::string_view kVertLight = "\xE2\x94\x82";   // │
constexpr std::string_view kVertDouble = "\xE2\x95\x91";  // ║
constexpr std::string_view kNewlineMark = "\xE2\x86\xB5";  // ↵
constexpr std::string_view kHeader = "QUERYPLAN";
// Share of non-empty lines that must carry a decoration before it is stripped everywhere.
constexpr double kFrameShare = 0.8;   // frames, quotes: (almost) every line has them
constexpr double kMarkShare = 0.5;    // '+' / '↵': every line of a multi-line cell but the last


std::string_view rtrim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A box-drawing code point U+2500..U+257F is E2 94 80..E2 95 BF.
bool is_box_char_at(std::string_view s, std::size_t i) {
  return i + 2 < s.size() + 0 && static_cast<unsigned char>(s[i]) == 0xE2 &&
         (static_cast<unsigned char>(s[i + 1]) == 0x94 || static_cast<unsigned char>(s[i + 1]) == 0x95);
}

// A line made only of border characters (--------, +-----+, ═══╪═══, ┌──┐ …).
bool is_border_line(std::string_view s) {
  int rule_chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == ' ' || c == '|' || c == '+' || c == ':') {
      ++i;
    } else if (c == '-' || c == '=') {
      ++rule_chars;
      ++i;
    } else if (is_box_char_at(s, i)) {
      ++rule_chars;
      i += 3;
    } else {
      return false;
    }
  }
  return rule_chars >= 3;
}

bool is_footer(std::string_view t) {
  // "(12 rows)" / "(1 row)"
  if (t.size() < 7 || t.front() != '(' || t.back() != ')') return false;
  std::size_t i = 1;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 1) return false;
  if (i >= t.size() || t[i] != ' ') return false;
  for (std::size_t j = i + 1; j + 1 < t.size(); ++j)  // "(3 rows)", "(1 row)", "(3 lignes)", "(3 Zeilen)"
    if (t[j] == ' ' || t[j] == '(' || t[j] == ')') return false;
  return t.size() > i + 2;
}

bool is_comment(std::string_view raw) {
  if (std::string_view(raw).starts_with("# ") || raw == "#") return true;
  std::string_view t = trim_whitespace(raw);
  return std::string_view(t).starts_with("--") && t.size() > 2 && t[2] != '-';
}

// Strips spaces and frame characters, for recognising a framed "QUERY PLAN" header.
std::string header_letters(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i, 3) == kVertLight || s.substr(i, 3) == kVertDouble) {
      i += 3;
    } else {
      if (s[i] != ' ' && s[i] != '|') out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

std::string_view left_frame(std::string_view s) {
  if (std::string_view(s).starts_with("|")) return "|";
  if (std::string_view(s).starts_with(kVertLight)) return kVertLight;
  if (std::string_view(s).starts_with(kVertDouble)) return kVertDouble;
  return {};
}
std::string_view right_frame(std::string_view s) {
  s = rtrim(s);
  if (std::string_view(s).ends_with("|")) return "|";
  if (std::string_view(s).ends_with(kVertLight)) return kVertLight;
  if (std::string_view(s).ends_with(kVertDouble)) return kVertDouble;
  return {};
}

template <class Pred>
bool most_lines(const std::vector<PlanLine>& lines, double share, Pred pred) {
  std::size_t n = 0, hits = 0;
  for (const auto& l : lines) {
    if (trim_whitespace(l.text).empty()) continue;
    ++n;
    if (pred(std::string_view(l.text))) ++hits;
  }
  return n > 0 && static_cast<double>(hits) >= share * static_cast<double>(n);
}

void strip_quotes(std::vector<PlanLine>& lines) {
  for (char q : {'"', '\''}) {
    // Both ends quoted (pgAdmin, CSV) or only the end (a copy that lost the first quote).
    auto quoted = [q](std::string_view s) {
      s = rtrim(s);
      return s.size() >= 2 && s.back() == q;
    };
    if (!most_lines(lines, kFrameShare, quoted)) continue;
    for (auto& l : lines) {
      if (!quoted(l.text)) continue;
      std::string_view s = rtrim(l.text);
      s.remove_suffix(1);
      if (!s.empty() && s.front() == q) s.remove_prefix(1);
      std::string inner(s);
      if (q == '"') {  // CSV doubles embedded quotes
        std::string un;
        for (std::size_t i = 0; i < inner.size(); ++i) {
          un.push_back(inner[i]);
          if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
        }
        inner = std::move(un);
      }
      l.text = std::move(inner);
    }
    return;
  }
}

void drop_header(std::vector<PlanLine>& lines) {
  std::string acc;
  std::vector<std::size_t> header;
  int seen = 0;
  for (std::size_t i = 0; i < lines.size() && seen < 8; ++i) {
    std::string_view t = trim_whitespace(lines[i].text);
    if (t.empty()) continue;
    ++seen;
    if (is_border_line(t)) {
      if (!acc.empty()) break;
      continue;
    }
    std::string letters = header_letters(t);
    std::string next = acc + letters;
    if (kHeader.substr(0, next.size()) != next) break;
    acc = next;
    header.push_back(i);
    if (acc == kHeader) break;
  }
  if (acc != kHeader) return;
  for (std::size_t i : header) lines[i].text.clear();
}

bool is_plan_start(std::string_view raw) {
  std::string_view t = trim_whitespace(raw);
  if (t == "[" || t == "{" || std::string_view(t).starts_with("[{") || std::string_view(t).starts_with("{\"")) return true;
  return t.find("(cost=") != std::string_view::npos || t.find("(actual ") != std::string_view::npos ||
         t.find("(never executed)") != std::string_view::npos;
}

// Drops what precedes the plan: a psql session transcript, the echoed query, the column title
// ("QUERY PLAN" or a function's column name) — everything up to the last border line above the
// first plan line. `border` flags the lines that were border-only.
bool drop_preamble(std::vector<PlanLine>& lines, const std::vector<bool>& border) {
  std::size_t first = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (!border[i] && is_plan_start(lines[i].text)) {
      first = i;
      break;
    }
  std::size_t last_border = lines.size();
  for (std::size_t i = 0; i < first && i < lines.size(); ++i)
    if (border[i]) last_border = i;
  if (last_border == lines.size()) return false;
  for (std::size_t i = 0; i < last_border; ++i) lines[i].text.clear();
  return true;
}

void strip_frames(std::vector<PlanLine>& lines) {
  if (most_lines(lines, kFrameShare, [](std::string_view s) { return !left_frame(s).empty(); })) {
    for (auto& l : lines) {
      std::string_view f = left_frame(l.text);
      if (f.empty()) continue;
      std::size_t cut = f.size();
      if (cut < l.text.size() && l.text[cut] == ' ') ++cut;
      l.text.erase(0, cut);
    }
  }
  if (most_lines(lines, kFrameShare, [](std::string_view s) { return !right_frame(s).empty(); })) {
    for (auto& l : lines) {
      std::string_view s = rtrim(l.text);
      std::string_view f = right_frame(s);
      if (f.empty()) continue;
      l.text = std::string(rtrim(s.substr(0, s.size() - f.size())));
    }
  }
}

void strip_newline_marks(std::vector<PlanLine>& lines) {
  auto marked = [](std::string_view s) {
    s = rtrim(s);
    return std::string_view(s).ends_with("+") || std::string_view(s).ends_with(kNewlineMark);
  };
  if (!most_lines(lines, kMarkShare, marked)) return;
  for (auto& l : lines) {
    if (!marked(l.text)) continue;
    std::string_view s = rtrim(l.text);
    s.remove_suffix(std::string_view(s).ends_with("+") ? 1 : kNewlineMark.size());
    l.text = std::string(rtrim(s));
  }
}

// Parenthesis balance outside '…' string literals.
int paren_balance(std::string_view s) {
  int depth = 0;
  bool in_str = false;
  for (char c : s) {
    if (c == '\'') in_str = !in_str;
    if (in_str) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
  }
  return depth;
}

bool is_node_arrow(std::string_view t) {
  return std::string_view(t).starts_with("->  ") && t.size() > 4 && std::isupper(static_cast<unsigned char>(t[4]));
}

// "Key: value" with a capitalised key of letters, digits, spaces, '/', '-', '_' (Filter:,
// Rows Removed by Filter:, I/O Timings:, Worker 0:, Full-sort Groups:, Planning:).
bool is_detail_line(std::string_view t) {
  if (t.empty() || !std::isupper(static_cast<unsigned char>(t[0]))) return false;
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) return false;
  for (char c : t.substr(0, colon))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '/' || c == '-' || c == '_')) return false;
  return colon + 1 == t.size() || t[colon + 1] == ' ';
}

bool is_structural(std::string_view t) {
  return is_node_arrow(t) || is_detail_line(t) || std::string_view(t).starts_with("InitPlan") || std::string_view(t).starts_with("SubPlan") ||
         std::string_view(t).starts_with("CTE ") || std::string_view(t).starts_with("Trigger ");
}

}  // namespace

std::vector<PlanLine> clean_plan_lines(std::string_view input) {
  if (std::string_view(input).starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);  // UTF-8 BOM
  std::vector<PlanLine> lines;
  int number = 0;
  while (!input.empty() || number == 0) {
    std::size_t nl = input.find('\n');
    std::string_view raw = input.substr(0, nl);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    ++number;
    if (!is_comment(raw) && !is_footer(trim_whitespace(raw))) lines.push_back({number, std::string(raw)});
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  strip_quotes(lines);
  std::vector<bool> border(lines.size(), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    border[i] = is_border_line(trim_whitespace(lines[i].text));
    if (border[i]) lines[i].text.clear();
  }
  strip_frames(lines);
  strip_newline_marks(lines);
  if (!drop_preamble(lines, border)) drop_header(lines);
  std::vector<PlanLine> out;
  for (auto& l : lines)
    if (!trim_whitespace(l.text).empty()) out.push_back(std::move(l));
  return out;
}

std::vector<PlanLine> unwrap_text_lines(const std::vector<PlanLine>& lines) {
  std::vector<PlanLine> out;
  for (const auto& l : lines) {
    std::string_view t = trim_whitespace(l.text);
    bool join = false;
    if (!out.empty() && !is_node_arrow(t)) {
      if (paren_balance(out.back().text) > 0) {
        join = true;
      } else if (!is_structural(t)) {
        join = true;
      }
    }
    if (join) {
      out.back().text += l.text;
    } else {
      out.push_back(l);
    }
  }
  return out;
}

std::string_view trim_whitespace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace dbopt::engine
