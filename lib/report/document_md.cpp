// The report's Markdown backend. All text goes through the one Markdown
// escaper (core/strings.hpp), so customer text stays inert also when the
// Markdown is turned into HTML; charts are left out.
#include <algorithm>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "report/document.hpp"

namespace fbkit::report {

void MarkdownDocument::block(const std::string& text) {
  if (m_in_list) {
    m_out += "\n";
    m_in_list = false;
  }
  m_out += text;
}

void MarkdownDocument::item(const std::string& text) {
  m_out += "- " + text + "\n";
  m_in_list = true;
}

void MarkdownDocument::title(const std::string& text) {
  block("# " + markdown_escape(text) + "\n\n");
}

void MarkdownDocument::start_section(int number, const std::string& name) {
  block("## " + (number > 0 ? std::to_string(number) + ". " : "") + markdown_escape(name) + "\n\n");
}

void MarkdownDocument::heading(int level, const std::string& text, unsigned shown) {
  if ((shown & in_md) != 0) {
    block(std::string(static_cast<std::size_t>(std::clamp(level, 1, 6)), '#') + " " + markdown_escape(text) + "\n\n");
  }
}

void MarkdownDocument::paragraph(const std::string& text, unsigned shown) {
  if ((shown & in_md) != 0) {
    block(markdown_escape(text) + "\n\n");
  }
}

void MarkdownDocument::note(const std::string& text, unsigned shown) {
  paragraph(text, shown);
}

void MarkdownDocument::status(render::Status, const std::string& badge, const std::string& text, unsigned shown) {
  if ((shown & in_md) != 0) {
    item("**" + markdown_escape(badge) + "**: " + markdown_escape(text));
  }
}

void MarkdownDocument::table(const Table& table) {
  if ((table.shown & in_md) == 0) {
    return;
  }
  std::string out = "|";
  std::size_t columns = 0;
  for (const Column& c : table.columns) {
    if ((c.shown & in_md) != 0) {
      out += " " + markdown_escape(c.header) + " |";
      ++columns;
    }
  }
  out += "\n|";
  for (std::size_t i = 0; i < columns; ++i) {
    out += " --- |";
  }
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
      if ((table.columns[i].shown & in_md) != 0) {
        out += " " + markdown_escape(row[i].text) + " |";
      }
    }
    out += "\n";
  }
  block(out + "\n");
}

void MarkdownDocument::facts(const std::string&, const std::vector<Fact>& facts, unsigned shown) {
  if ((shown & in_md) == 0) {
    return;
  }
  block("");
  for (const Fact& f : facts) {
    item(markdown_escape(f.key) + ": " + markdown_escape(f.value.text));
  }
}

void MarkdownDocument::quotes(const std::vector<Quote>& quotes, unsigned shown) {
  if ((shown & in_md) == 0 || quotes.empty()) {
    return;
  }
  std::string out;
  for (const Quote& q : quotes) {
    out += "> " + markdown_escape(q.text) + " (" + markdown_escape(q.ref) + ")\n>\n";
  }
  block(out + "\n");
}

void MarkdownDocument::chart(const std::string&) {}

std::string MarkdownDocument::str() const {
  return m_in_list ? m_out + "\n" : m_out;
}

}  // namespace fbkit::report
