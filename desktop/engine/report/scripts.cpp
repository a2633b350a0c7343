#include "report/scripts.hpp"

#include <array>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine {

namespace {

constexpr std::array<sdk::ScriptCategory, 5> kCategories = {
    sdk::ScriptCategory::Indexes, sdk::ScriptCategory::Vacuum, sdk::ScriptCategory::Config,
    sdk::ScriptCategory::Schema, sdk::ScriptCategory::Application};

/// Trailing newline guaranteed (scripts are concatenated).
void append_sql(std::string& out, const std::string& sql) {
  out += sql;
  if (!sql.empty() && sql.back() != '\n') out.push_back('\n');
}

bool has_script(const ReportItem& item) { return item.finding.script && !item.finding.script->apply.empty(); }

}  // namespace

std::string object_display_name(const sdk::ObjectRef& object) {
  namespace sql = sdk::sql;
  if (object.kind == "statement") {
    if (object.queryid) return "queryid " + std::to_string(*object.queryid);
    return object.name.empty() ? std::string("statement") : object.name;
  }
  if (object.kind == "setting") return object.name;
  if (object.kind == "database" || object.kind == "extension") return sql::quote_ident(object.name);
  if (object.name.empty()) return object.kind;
  std::string out = sql::qualified_name(object.schema, object.name);
  if (object.column) out += "." + sql::quote_ident(*object.column);
  return out;
}

std::string sql_comment_text(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    const auto uch = static_cast<unsigned char>(ch);
    if (uch < 0x20 || uch == 0x7f) ch = ' ';
  }
  return out;
}

std::string normalize_sql_whitespace(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;             // the quote character we are inside of, or 0
  bool backslash_escapes = false;  // inside an E'…' string: a backslash escapes the next char
  bool escaped = false;
  bool pending_space = false;
  char just_closed = 0;       // the quote that closed on the previous character ('' re-enters)
  bool line_comment = false;  // inside "-- …": copied as is up to its newline, which is kept
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (line_comment) {
      if (ch == '\n' || ch == '\r') {
        // The newline ends the comment: collapsing it would turn the SQL after it into comment
        // text ("-- x\nDROP …" and "-- x DROP …" are different scripts).
        line_comment = false;
        out.push_back('\n');
        pending_space = false;
      } else {
        out.push_back(ch);
      }
      continue;
    }
    if (quote) {
      out.push_back(ch);
      if (escaped) {
        escaped = false;
      } else if (backslash_escapes && ch == '\\') {
        escaped = true;
      } else if (ch == quote) {
        quote = 0;
        just_closed = ch;
      }
      continue;
    }
    const char closed_before = just_closed;
    just_closed = 0;
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && !(!out.empty() && out.back() == '\n')) out.push_back(' ');
    pending_space = false;
    if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') line_comment = true;
    if (ch == '\'' || ch == '"') {
      // E'…' / e'…': the E must not be the end of a longer identifier (…e'x' is not an E string)
      const std::size_t n = out.size();
      const auto ident = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
      };
      if (ch != closed_before)  // a new string, not the second half of a doubled quote
        backslash_escapes =
            ch == '\'' && n >= 1 && (out[n - 1] == 'E' || out[n - 1] == 'e') && (n == 1 || !ident(out[n - 2]));
      quote = ch;
    }
    out.push_back(ch);
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();  // a final comment's newline is trailing whitespace
  return out;
}

std::string script_header(const ReportItem& item) {
  return "-- " + item.id + " [" + to_string(item.priority) + "] " +
         sql_comment_text(item.finding.check_id + ": " + item.object + " — " + item.finding.title);
}

std::vector<CategoryScript> build_category_scripts(const std::vector<ReportItem>& items) {
  std::vector<CategoryScript> scripts;
  for (sdk::ScriptCategory category : kCategories) {
    CategoryScript cs;
    cs.category = category;
    std::vector<const ReportItem*> members;
    for (const auto& item : items)
      // Informational items keep their SQL next to the finding, but the implementation scripts
      // (and apply.sql) hold only the P1–P3 actions: running apply.sql applies what was prioritized.
      if (has_script(item) && item.priority != Priority::Info && item.finding.script->category == category)
        members.push_back(&item);
    for (const ReportItem* item : members) {
      const sdk::Script& script = *item->finding.script;
      cs.item_ids.push_back(item->id);
      if (!cs.apply.empty()) cs.apply += "\n";
      cs.apply += script_header(*item) + "\n";
      if (script.requires_restart) {
        cs.requires_restart = true;
        cs.apply += "-- NOTE: takes effect only after a server restart (pg_settings.context = 'postmaster')\n";
      }
      append_sql(cs.apply, script.apply);
    }
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
      const sdk::Script& script = *(*it)->finding.script;
      if (!cs.rollback.empty()) cs.rollback += "\n";
      cs.rollback += script_header(**it) + "\n";
      if (script.rollback.empty())
        cs.rollback += "-- no rollback provided by the check\n";
      else
        append_sql(cs.rollback, script.rollback);
      if (script.requires_restart)
        cs.rollback += "-- NOTE: takes effect only after a server restart (pg_settings.context = 'postmaster')\n";
    }
    scripts.push_back(std::move(cs));
  }
  return scripts;
}

std::string combined_apply_script(const Report& report) {
  std::string out;
  for (const auto& cs : report.scripts) {
    if (cs.item_ids.empty()) continue;
    if (!out.empty()) out += "\n";
    out += std::string("-- ==== ") + sdk::to_string(cs.category) + " ====\n\n" + cs.apply;
  }
  return out;
}

std::string combined_rollback_script(const Report& report) {
  std::string out;
  for (auto it = report.scripts.rbegin(); it != report.scripts.rend(); ++it) {
    if (it->item_ids.empty()) continue;
    if (!out.empty()) out += "\n";
    out += std::string("-- ==== ") + sdk::to_string(it->category) + " ====\n\n" + it->rollback;
  }
  return out;
}

}  // namespace dbopt::engine
