// A small builder for the report's HTML: one self-contained document with
// inline CSS (no JavaScript, no external URLs), readable on a phone (fluid
// width, tables scroll sideways inside their own box, long words wrap) and
// printing to A4 (@page size A4, sections, charts and quotes kept whole).
// Every text argument is escaped here; only Page::raw() and Page::chart()
// take markup, which must come from this module (svg.hpp) or be trusted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/table.hpp"

namespace fbkit::render {

// text made safe for HTML and XML text and attribute values: & < > " ' as
// entities; control characters other than tab, LF and CR, U+FFFE/U+FFFF and
// bytes that are not UTF-8 become U+FFFD, so the result is valid UTF-8 and
// valid XML 1.0 character data.
std::string escape(std::string_view text);

// A customer's comment to quote, with a line of context ("2024-05-03 · app · 2/5").
struct Quote {
  std::string text;  // newlines are kept
  std::string meta;
};

// Whether cell text reads as a number (what Align::automatic right-aligns).
bool looks_numeric(std::string_view text);

// The inline <span class="badge ..."> for a status.
std::string badge(Status status, std::string_view text);

// The document, built top to bottom.
class Page {
public:
  // lang: the html lang attribute ("zh-CN", "en").
  explicit Page(std::string title, std::string lang = "en");

  // Opens a <section> with an <h2>; sections do not nest.
  void begin_section(std::string_view heading);
  void end_section();
  // <h1>..<h4>; level is clamped to 1..4.
  void heading(int level, std::string_view text);
  void paragraph(std::string_view text);
  // A paragraph of small, muted text (sources, as-of date, notes).
  void note(std::string_view text);
  // A paragraph with a badge in front of the text.
  void status_line(Status status, std::string_view badge_text, std::string_view text);
  // The columns shown in html (Column::shown), headed, each row's cells as
  // text or a badge; the caption if any.
  void table(const Table& table);
  // A figure holding an SVG from svg.hpp, with an optional caption.
  void chart(std::string_view svg, std::string_view caption = {});
  // Starts / ends a grid that puts charts side by side on wide screens.
  void begin_charts();
  void end_charts();
  void quotes(const std::vector<Quote>& quotes);
  // Markup inserted as is (trusted).
  void raw(std::string_view html);

  // The whole document; open sections and chart grids are closed.
  std::string str() const;

  // The page's stylesheet (for tests and for other documents).
  static std::string_view css();

private:
  std::string m_title;
  std::string m_lang;
  std::string m_body;
  bool m_in_section = false;
  bool m_in_charts = false;
};

}  // namespace fbkit::render
