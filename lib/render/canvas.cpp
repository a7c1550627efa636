#include "render/canvas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "render/detail.hpp"
#include "render/html.hpp"
#include "text/unicode.hpp"

namespace fbkit::render {

namespace {

constexpr double kEmPerColumn = 0.62;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one column

// "-0", "-0.0", "-0.00%" -> without the sign.
std::string drop_negative_zero(std::string s) {
  if (!s.empty() && s.front() == '-' && s.find_first_of("123456789") == std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

// The width of the unit (a code point and the zero-width ones after it, or a
// stray byte) starting at i; len receives its byte length.
std::size_t unit_columns(std::string_view s, std::size_t i, std::size_t& len) {
  char32_t cp = 0;
  std::size_t n = detail::decode_utf8(s, i, cp);
  if (n == 0) {
    len = 1;
    return 1;  // shown as U+FFFD by escape(): one column
  }
  const std::size_t cols = text::display_width(s.substr(i, n));
  len = n;
  while (i + len < s.size()) {
    const std::size_t m = detail::decode_utf8(s, i + len, cp);
    if (m == 0 || text::display_width(s.substr(i + len, m)) != 0) {
      break;
    }
    len += m;
  }
  return cols;
}

}  // namespace

double estimate_width(std::string_view s, double font_size) {
  std::size_t cols = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    cols += unit_columns(s, i, len);
    i += len;
  }
  return static_cast<double>(cols) * kEmPerColumn * font_size;
}

std::string fit_text(std::string_view s, double font_size, double max_width) {
  if (estimate_width(s, font_size) <= max_width) {
    return std::string(s);
  }
  const double column = kEmPerColumn * font_size;
  const double budget = max_width - column;  // room left for the ellipsis
  std::size_t cols = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const std::size_t c = unit_columns(s, i, len);
    if (static_cast<double>(cols + c) * column > budget) {
      break;
    }
    cols += c;
    i += len;
  }
  if (i == 0) {
    return {};
  }
  // No space before the ellipsis: "Delivery …" reads worse than "Delivery…".
  std::size_t end = i;
  while (end > 0 && s[end - 1] == ' ') {
    --end;
  }
  return detail::cat(s.substr(0, end), kEllipsis);
}

std::string format_value(double value, Scale scale, int decimals) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  switch (scale) {
    case Scale::score:
      return drop_negative_zero(fmt::format("{:.2f}", value));
    case Scale::share:
      return drop_negative_zero(fmt::format("{:.1f}%", value * 100.0));
    case Scale::count:
      break;
  }
  return drop_negative_zero(fmt::format("{:.{}f}", value, std::clamp(decimals, 0, 6)));
}

namespace detail {

namespace {

const char* anchor_name(Anchor a) {
  switch (a) {
    case Anchor::start:
      return "start";
    case Anchor::middle:
      return "middle";
    case Anchor::end:
      return "end";
  }
  return "start";
}

std::string tip_element(std::string_view tip) {
  return tip.empty() ? std::string() : cat("<title>", escape(tip), "</title>");
}

}  // namespace

std::string num(double v) {
  std::string s = drop_negative_zero(fmt::format("{:.1f}", v));
  if (s.ends_with(".0")) {
    s.resize(s.size() - 2);
  }
  return s;
}

std::string Axis::label(double t) const {
  switch (scale) {
    case Scale::share:
      return drop_negative_zero(fmt::format("{:.0f}%", t * 100.0));
    case Scale::score:
      return drop_negative_zero(fmt::format("{:.0f}", t));
    case Scale::count:
      break;
  }
  return drop_negative_zero(fmt::format("{:.{}f}", t, tick_decimals));
}

double Axis::label_width() const {
  double w = 0;
  for (const double t : ticks) {
    w = std::max(w, estimate_width(label(t), kTickSize));
  }
  return w;
}

double Axis::fraction(double v) const {
  return (std::clamp(v, lo, hi) - lo) / (hi - lo);
}

Axis make_axis(Scale scale, double min, double max, bool integer_steps) {
  Axis axis;
  axis.scale = scale;
  if (scale == Scale::score) {
    axis.lo = 1;
    axis.hi = 5;
    axis.ticks = {1, 2, 3, 4, 5};
    return axis;
  }
  if (scale == Scale::share) {
    axis.lo = 0;
    axis.hi = 1;
    axis.ticks = {0, 0.2, 0.4, 0.6, 0.8, 1};
    return axis;
  }
  double lo = std::isfinite(min) ? std::min(0.0, min) : 0.0;
  double hi = std::isfinite(max) ? std::max(0.0, max) : 0.0;
  if (!(hi > lo)) {
    hi = lo + 1;  // all zeros: a 0..1 axis with nothing drawn above the base
  }
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (const double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) {
      step = m * magnitude;
      break;
    }
  }
  if (integer_steps) {
    step = std::max(step, 1.0);
  }
  axis.lo = std::floor(lo / step + 1e-9) * step;
  axis.hi = std::ceil(hi / step - 1e-9) * step;
  for (int k = 0;; ++k) {
    const double t = axis.lo + k * step;
    if (t > axis.hi + step * 1e-6) {
      break;
    }
    axis.ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  while (axis.tick_decimals < 6) {
    const double scaled = step * std::pow(10.0, axis.tick_decimals);
    if (std::abs(scaled - std::round(scaled)) < 1e-6) {
      break;
    }
    ++axis.tick_decimals;
  }
  return axis;
}

Canvas::Canvas(double width, double height, std::string_view title) : m_width(width), m_height(height) {
  const std::string t = escape(title);
  m_out = cat("<svg class=\"fbkit-chart\" viewBox=\"0 0 ", num(width), " ", num(height),
              "\" width=\"100%\" role=\"img\" aria-label=\"", t,
              "\" font-family=\"system-ui, 'DejaVu Sans', 'Noto Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', "
              "sans-serif\">\n<title>",
              t, "</title>\n");
}

void Canvas::text(double x, double y, std::string_view s, double size, Anchor anchor, std::string_view fill,
                  std::string_view extra) {
  if (s.empty()) {
    return;
  }
  m_out += cat("<text x=\"", num(x), "\" y=\"", num(y), "\" font-size=\"", num(size), "\"");
  if (anchor != Anchor::start) {
    m_out += cat(" text-anchor=\"", anchor_name(anchor), "\"");
  }
  m_out += cat(" fill=\"", fill, "\"");
  if (!extra.empty()) {
    m_out += cat(" ", extra);
  }
  m_out += cat(">", escape(s), "</text>\n");
}

void Canvas::rect(double x, double y, double w, double h, std::string_view fill, std::string_view tip) {
  m_out += cat("<rect x=\"", num(x), "\" y=\"", num(y), "\" width=\"", num(std::max(0.0, w)), "\" height=\"",
               num(std::max(0.0, h)), "\" fill=\"", fill, "\"");
  m_out += tip.empty() ? std::string("/>\n") : cat(">", tip_element(tip), "</rect>\n");
}

void Canvas::line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
                  std::string_view dash) {
  m_out += cat("<line x1=\"", num(x1), "\" y1=\"", num(y1), "\" x2=\"", num(x2), "\" y2=\"", num(y2), "\" stroke=\"",
               stroke, "\" stroke-width=\"", num(width), "\"");
  if (!dash.empty()) {
    m_out += cat(" stroke-dasharray=\"", dash, "\"");
  }
  m_out += "/>\n";
}

void Canvas::path(const std::string& d, std::string_view stroke, double width) {
  m_out += cat("<path d=\"", d, "\" fill=\"none\" stroke=\"", stroke, "\" stroke-width=\"", num(width),
               "\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
}

void Canvas::circle(double cx, double cy, double r, std::string_view fill, std::string_view tip) {
  m_out += cat("<circle cx=\"", num(cx), "\" cy=\"", num(cy), "\" r=\"", num(r), "\" fill=\"", fill, "\"");
  m_out += tip.empty() ? std::string("/>\n") : cat(">", tip_element(tip), "</circle>\n");
}

void Canvas::title(std::string_view t) {
  text(8, 18, fit_text(t, kTitleSize, m_width - 16), kTitleSize, Anchor::start, kInk, "font-weight=\"600\"");
}

void Canvas::legend(double y, const std::vector<LegendItem>& items) {
  if (items.empty()) {
    return;
  }
  const double share = (m_width - 16) / static_cast<double>(items.size());
  double x = 8;
  for (const auto& item : items) {
    if (item.bar) {
      rect(x, y - 9, 10, 10, item.colour);
    } else {
      line(x - 1, y - 4, x + 11, y - 4, item.colour, 2.5);
    }
    const std::string name = fit_text(item.name, kLabelSize, share - 22);
    text(x + 15, y, name, kLabelSize, Anchor::start, kMuted);
    x += std::min(share, 15 + estimate_width(name, kLabelSize) + 16);
  }
}

void Canvas::raw(std::string_view markup) {
  m_out += markup;
}

std::string Canvas::finish() {
  return std::move(m_out) + "</svg>\n";
}

std::string placeholder(std::string_view title, std::string_view no_data) {
  Canvas c(kWidth, 120, title);
  c.title(title);
  c.raw(cat("<rect x=\"8.5\" y=\"30.5\" width=\"", num(kWidth - 17),
            "\" height=\"81\" fill=\"#FAFAFA\" stroke=\"#BDBDBD\" stroke-dasharray=\"4 3\"/>\n"));
  c.text(kWidth / 2, 76, fit_text(no_data, 13, kWidth - 40), 13, Anchor::middle, kMuted);
  return c.finish();
}

// Horizontal grid lines with tick labels on the left or right of the plot.
void draw_ticks(Canvas& c, const Axis& axis, double left, double right, double top, double bottom, bool on_right,
                bool grid) {
  for (const double t : axis.ticks) {
    const double y = bottom - axis.fraction(t) * (bottom - top);
    if (grid) {
      c.line(left, y, right, y, kGrid);
    }
    if (on_right) {
      c.text(right + 5, y + 3.5, axis.label(t), kTickSize, Anchor::start, kMuted);
    } else {
      c.text(left - 5, y + 3.5, axis.label(t), kTickSize, Anchor::end, kMuted);
    }
  }
}

// Category labels under slots: every step-th one, so that none overlaps the
// next, each shortened to its room and kept inside the viewBox.
void draw_x_labels(Canvas& c, const std::vector<std::string>& labels, const Slots& slots, double y) {
  double widest = 0;
  for (const auto& l : labels) {
    widest = std::max(widest, estimate_width(l, kLabelSize));
  }
  const auto step =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 6) / std::max(slots.width, 1.0))));
  for (std::size_t i = 0; i < labels.size(); i += step) {
    const double x = slots.centre(i);
    const double room = std::min({static_cast<double>(step) * slots.width - 6, 2 * (x - 2), 2 * (c.width() - 2 - x)});
    c.text(x, y, fit_text(labels[i], kLabelSize, room), kLabelSize, Anchor::middle, kMuted);
  }
}

}  // namespace detail

}  // namespace fbkit::render
