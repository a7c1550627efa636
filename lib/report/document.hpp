// The report as a document: the sections (layout.hpp) write each heading,
// paragraph, table and chart once to a Document, and a backend draws it as an
// HTML page, a Markdown text or an xlsx workbook (one file each:
// document_html.cpp, document_md.cpp, document_xlsx.cpp).
//
// The forms do not all show everything: a block or a table column says in
// which backends it appears (render::Shown), so "md leaves out the confidence
// interval" is written where the column is. Customer text is made inert by
// the backends (HTML entities, the one Markdown escaper, string-only xlsx
// cells).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/html.hpp"
#include "render/xlsx.hpp"

namespace fbkit::report {

// The table, its cells and columns are render's (render/table.hpp): a
// column says in which forms it appears (Column::shown), a table too
// (Table::shown), and so does every other block here.
using render::Cell;
using render::Column;
using render::everywhere;
using render::in_html;
using render::in_md;
using render::in_text;
using render::in_xlsx;
using render::Shown;
using render::Table;

// A key and its value, e.g. "closure rate: 96.1%" (html: a two-column table,
// md: a list item).
struct Fact {
  std::string key;
  Cell value;
};

// A customer's comment: the text, a line of context for html and the short
// reference (the feedback id) md cites.
struct Quote {
  std::string text;
  std::string meta;
  std::string ref;
};

// A key figure as a tile (html; md and xlsx show the same figures as a table):
// its name, its value, and short lines below (n, the changes).
struct Tile {
  std::string label;
  std::string value;
  std::vector<std::string> lines;
};

// What the sections write to; one implementation per output form. Every text
// argument is plain text (never markup) except chart()'s SVG.
class Document {
public:
  virtual ~Document() = default;
  // The document's title, first.
  virtual void title(const std::string& text) = 0;
  // A top-level section, numbered 1, 2, ... in the order drawn ("2. Satisfaction";
  // the xlsx sheet "Satisfaction"), so a section the data cannot make leaves no gap.
  void section(const std::string& name) { start_section(++m_sections, name); }
  // A top-level section without a number (the summary, before the numbered ones).
  void unnumbered_section(const std::string& name) { start_section(0, name); }
  virtual void heading(int level, const std::string& text, unsigned shown = everywhere) = 0;
  virtual void paragraph(const std::string& text, unsigned shown = everywhere) = 0;
  // Small, muted text (sources, caveats).
  virtual void note(const std::string& text, unsigned shown = everywhere) = 0;
  // A line with a status badge in front (an alert, a target met or missed).
  virtual void status(render::Status status, const std::string& badge, const std::string& text,
                      unsigned shown = everywhere) = 0;
  virtual void table(const Table& table) = 0;
  virtual void facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown = everywhere) = 0;
  virtual void quotes(const std::vector<Quote>& quotes, unsigned shown = everywhere) = 0;
  // A chart drawn as SVG (render/svg.hpp); forms that cannot show it skip it
  // (the workbook draws native charts from Table::charts instead).
  virtual void chart(const std::string& svg) = 0;
  // Key figures side by side; forms without tiles skip them (the caller writes a table too).
  virtual void tiles(const std::vector<Tile>& tiles, unsigned shown = everywhere) {
    static_cast<void>(tiles);
    static_cast<void>(shown);
  }

protected:
  // Where each form starts a section; number 0: unnumbered.
  virtual void start_section(int number, const std::string& name) = 0;

private:
  int m_sections = 0;
};

// The HTML page (render::Page): lang is the html lang attribute.
class HtmlDocument final : public Document {
public:
  explicit HtmlDocument(std::string lang);
  void title(const std::string& text) override;
  void heading(int level, const std::string& text, unsigned shown) override;
  void paragraph(const std::string& text, unsigned shown) override;
  void note(const std::string& text, unsigned shown) override;
  void status(render::Status status, const std::string& badge, const std::string& text, unsigned shown) override;
  void table(const Table& table) override;
  void facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) override;
  void quotes(const std::vector<Quote>& quotes, unsigned shown) override;
  void chart(const std::string& svg) override;
  void tiles(const std::vector<Tile>& tiles, unsigned shown) override;
  // The whole page.
  std::string str() const;

protected:
  void start_section(int number, const std::string& name) override;

private:
  std::string m_lang;
  std::optional<render::Page> m_page;
};

// GitHub-flavoured Markdown: every text through markdown_escape().
class MarkdownDocument final : public Document {
public:
  void title(const std::string& text) override;
  void heading(int level, const std::string& text, unsigned shown) override;
  void paragraph(const std::string& text, unsigned shown) override;
  void note(const std::string& text, unsigned shown) override;
  void status(render::Status status, const std::string& badge, const std::string& text, unsigned shown) override;
  void table(const Table& table) override;
  void facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) override;
  void quotes(const std::vector<Quote>& quotes, unsigned shown) override;
  void chart(const std::string& svg) override;
  // The whole text.
  std::string str() const;

protected:
  void start_section(int number, const std::string& name) override;

private:
  // Adds a block; a list ends with a blank line before it.
  void block(const std::string& text);
  void item(const std::string& text);
  std::string m_out;
  bool m_in_list = false;
};

// The workbook: a sheet per table shown in xlsx, the section's first named
// after the section, the others by Table::sheet or the heading above them
// ("Overview", "Sentiment by channel"); text blocks and SVG charts are not
// part of it.
class XlsxDocument final : public Document {
public:
  // created: the workbook's time stamp (the report's as-of time).
  explicit XlsxDocument(std::time_t created);
  void title(const std::string& text) override;
  // Remembered: it names the next sheet of the section.
  void heading(int level, const std::string& text, unsigned shown) override;
  void paragraph(const std::string&, unsigned) override {}
  void note(const std::string&, unsigned) override {}
  void status(render::Status, const std::string&, const std::string&, unsigned) override {}
  void table(const Table& table) override;
  // A sheet of two columns, key and value (closure rate, SLA ...).
  void facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) override;
  void quotes(const std::vector<Quote>&, unsigned) override {}
  void chart(const std::string&) override {}
  const render::XlsxBook& book() const { return m_book; }

protected:
  void start_section(int number, const std::string& name) override;

private:
  render::XlsxBook m_book;
  std::string m_section;
  std::string m_heading;         // the last heading since the section's last sheet
  bool m_section_named = false;  // the section's name is taken by a sheet
};

}  // namespace fbkit::report
