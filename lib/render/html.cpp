#include "render/html.hpp"

#include <algorithm>
#include <cctype>

#include "render/detail.hpp"

namespace fbkit::render {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Fluid on phones, a readable column on desktops, A4 when printed. Colours are
// the Okabe-Ito ones of the charts; badges carry their text, not just a colour.
constexpr std::string_view kCss = R"css(*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1f1f1f;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:980px;margin:0 auto;padding:16px}
h1{font-size:1.55em;line-height:1.25;margin:.2em 0 .4em}
h2{font-size:1.25em;line-height:1.3;margin:0 0 .5em;padding-bottom:.2em;border-bottom:1px solid #d0d0d0}
h3{font-size:1.08em;margin:1em 0 .4em}
h4{font-size:1em;margin:1em 0 .3em}
h1,h2,h3,h4,p,li,figcaption,blockquote{overflow-wrap:anywhere}
section{margin:0 0 1.8em}
p{margin:.4em 0 .8em}
.note{color:#595959;font-size:.87em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:16px 24px;margin:.6em 0 1em}
.charts>figure{max-width:720px;margin:0}
figure{margin:0 0 1em;min-width:0}
figure svg{display:block;width:100%;height:auto;max-width:100%}
figcaption{color:#595959;font-size:.87em;margin-top:.2em}
.table-wrap{overflow-x:auto;margin:.4em 0 1em;max-width:100%}
table{border-collapse:collapse;font-size:.93em;min-width:60%}
caption{text-align:left;color:#595959;font-size:.93em;padding:0 0 .3em}
th,td{padding:.35em .6em;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
td{overflow-wrap:break-word}
th,td:first-child{white-space:nowrap}
th{background:#f3f5f7;font-weight:600;border-bottom:1px solid #bdbdbd}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:0 .5em;border-radius:.7em;font-size:.85em;font-weight:600;line-height:1.5;white-space:nowrap;border:1px solid}
.badge-ok{color:#005a8c;background:#e3f1fa;border-color:#0072b2}
.badge-warn{color:#6b4a00;background:#fdf1d6;border-color:#e69f00}
.badge-alert{color:#8f3b00;background:#fbe5d9;border-color:#d55e00}
.status{margin:.4em 0}
.status .badge{margin-right:.5em}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,140px),1fr));gap:10px;margin:.6em 0 1em}
.tile{border:1px solid #e3e3e3;border-left:4px solid #0072b2;background:#f5f7fa;padding:.45em .7em;min-width:0;overflow-wrap:anywhere;break-inside:avoid;page-break-inside:avoid;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.tile-label,.tile-line{color:#595959;font-size:.85em}
.tile-value{font-size:1.45em;font-weight:600;line-height:1.3;font-variant-numeric:tabular-nums}
.quotes{list-style:none;margin:.4em 0 1em;padding:0}
.quotes li{margin:0 0 .7em}
blockquote{margin:0;padding:.45em .8em;border-left:4px solid #0072b2;background:#f5f7fa;white-space:pre-wrap}
.quotes .meta{color:#595959;font-size:.85em;margin:.15em 0 0 .9em}
@media (max-width:600px){main{padding:12px}th,td{padding:.3em .45em}}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt;background:#fff}
main{max-width:none;padding:0}
section,figure,.quotes li,tr{break-inside:avoid;page-break-inside:avoid}
h2,h3,h4{break-after:avoid;page-break-after:avoid}
.charts{grid-template-columns:1fr 1fr}
.table-wrap{overflow:visible}
thead{display:table-header-group}
.badge,th,blockquote{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

const char* status_name(Status status) {
  switch (status) {
    case Status::ok:
      return "ok";
    case Status::warn:
      return "warn";
    case Status::alert:
      return "alert";
  }
  return "ok";
}

bool is_forbidden(char32_t cp) {
  if (cp < 0x20) {
    return cp != '\t' && cp != '\n' && cp != '\r';
  }
  return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

std::string cell_html(const Cell& cell) {
  return cell.status ? badge(*cell.status, cell.text) : escape(cell.text);
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t len = detail::decode_utf8(text, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (is_forbidden(cp)) {
          out += kReplacement;
        } else {
          out.append(text.substr(i, len));
        }
    }
    i += len;
  }
  return out;
}

bool looks_numeric(std::string_view text) {
  // Optional sign, digits with optional thousands commas and one decimal
  // point, then an optional % or ‰; surrounding spaces allowed.
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  if (text.ends_with("%")) {
    text.remove_suffix(1);
  } else if (text.ends_with("\xE2\x80\xB0")) {
    text.remove_suffix(3);
  }
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    text.remove_prefix(1);
  }
  if (text.starts_with("\xE2\x88\x92")) {  // U+2212 minus sign
    text.remove_prefix(3);
  }
  bool digit = false;
  bool point = false;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digit = true;
    } else if (c == '.' && !point) {
      point = true;
    } else if (c != ',' || point || !digit) {
      return false;
    }
  }
  return digit;
}

std::string badge(Status status, std::string_view text) {
  return detail::cat("<span class=\"badge badge-", status_name(status), "\">", escape(text), "</span>");
}

Page::Page(std::string title, std::string lang) : m_title(std::move(title)), m_lang(std::move(lang)) {}

void Page::begin_section(std::string_view heading) {
  end_section();
  m_body += detail::cat("<section>\n<h2>", escape(heading), "</h2>\n");
  m_in_section = true;
}

void Page::end_section() {
  end_charts();
  if (m_in_section) {
    m_body += "</section>\n";
    m_in_section = false;
  }
}

void Page::heading(int level, std::string_view text) {
  const std::string tag = std::to_string(std::clamp(level, 1, 4));
  m_body += detail::cat("<h", tag, ">", escape(text), "</h", tag, ">\n");
}

void Page::paragraph(std::string_view text) {
  m_body += detail::cat("<p>", escape(text), "</p>\n");
}

void Page::note(std::string_view text) {
  m_body += detail::cat("<p class=\"note\">", escape(text), "</p>\n");
}

void Page::status_line(Status status, std::string_view badge_text, std::string_view text) {
  m_body += detail::cat("<p class=\"status\">", badge(status, badge_text), escape(text), "</p>\n");
}

void Page::table(const Table& table) {
  std::vector<std::size_t> shown;  // the columns drawn, by number
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if ((table.columns[c].shown & in_html) != 0) {
      shown.push_back(c);
    }
  }
  std::vector<bool> right;
  for (const std::size_t c : shown) {
    const Align align = table.columns[c].align;
    if (align != Align::automatic) {
      right.push_back(align == Align::right);
      continue;
    }
    bool any = false;
    bool all = true;
    for (const auto& row : table.rows) {
      if (c < row.size() && !row[c].text.empty() && !row[c].status) {
        any = true;
        all = all && looks_numeric(row[c].text);
      }
    }
    right.push_back(any && all);
  }
  std::string& b = m_body;
  b += "<div class=\"table-wrap\"><table>\n";
  if (!table.caption.empty()) {
    b += detail::cat("<caption>", escape(table.caption), "</caption>\n");
  }
  if (!shown.empty()) {
    b += "<thead><tr>";
    for (std::size_t k = 0; k < shown.size(); ++k) {
      b += right[k] ? "<th class=\"num\">" : "<th>";
      b += escape(table.columns[shown[k]].header);
      b += "</th>";
    }
    b += "</tr></thead>\n";
  }
  b += "<tbody>\n";
  for (const auto& row : table.rows) {
    b += "<tr>";
    for (std::size_t k = 0; k < shown.size(); ++k) {
      b += right[k] ? "<td class=\"num\">" : "<td>";
      b += shown[k] < row.size() ? cell_html(row[shown[k]]) : "";
      b += "</td>";
    }
    b += "</tr>\n";
  }
  b += "</tbody></table></div>\n";
}

void Page::chart(std::string_view svg, std::string_view caption) {
  m_body += "<figure>";
  m_body += svg;
  if (!caption.empty()) {
    m_body += detail::cat("<figcaption>", escape(caption), "</figcaption>");
  }
  m_body += "</figure>\n";
}

void Page::begin_charts() {
  end_charts();
  m_body += "<div class=\"charts\">\n";
  m_in_charts = true;
}

void Page::end_charts() {
  if (m_in_charts) {
    m_body += "</div>\n";
    m_in_charts = false;
  }
}

void Page::quotes(const std::vector<Quote>& quotes) {
  if (quotes.empty()) {
    return;
  }
  m_body += "<ul class=\"quotes\">\n";
  for (const auto& q : quotes) {
    m_body += detail::cat("<li><blockquote>", escape(q.text), "</blockquote>");
    if (!q.meta.empty()) {
      m_body += detail::cat("<div class=\"meta\">", escape(q.meta), "</div>");
    }
    m_body += "</li>\n";
  }
  m_body += "</ul>\n";
}

void Page::raw(std::string_view html) {
  m_body += html;
}

std::string Page::str() const {
  std::string out;
  out.reserve(m_body.size() + kCss.size() + 512);
  out += detail::cat("<!DOCTYPE html>\n<html lang=\"", escape(m_lang), "\">\n<head>\n<meta charset=\"utf-8\">\n");
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += detail::cat("<title>", escape(m_title), "</title>\n<style>\n");
  out += kCss;
  out += "</style>\n</head>\n<body>\n<main>\n";
  out += m_body;
  if (m_in_charts) {
    out += "</div>\n";
  }
  if (m_in_section) {
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

std::string_view Page::css() {
  return kCss;
}

}  // namespace fbkit::render
