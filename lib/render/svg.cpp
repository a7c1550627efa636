// The trend chart on the Canvas of canvas.hpp (the bar-based charts are in
// svg_bars.cpp). Layout is computed from estimated text widths first, then
// drawn, so nothing needs measuring later.
#include "render/svg.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "render/canvas.hpp"
#include "render/detail.hpp"

namespace fbkit::render {

namespace {

using detail::Anchor;
using detail::Axis;
using detail::Canvas;
using detail::draw_ticks;
using detail::draw_x_labels;
using detail::kTickSize;
using detail::kWidth;
using detail::Slots;

double value_at(const Series& s, std::size_t i) {
  return i < s.values.size() && std::isfinite(s.values[i]) ? s.values[i] : kMissing;
}

bool any_value(const Series& s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(value_at(s, i))) {
      return true;
    }
  }
  return false;
}

Axis axis_for(const Series& s, std::size_t n) {
  double lo = INFINITY;
  double hi = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value_at(s, i);
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  return detail::make_axis(s.scale, lo, hi, s.decimals == 0);
}

// The value bars grow from: 0 inside the range, else the range's low end.
double base_of(const Axis& axis) {
  return std::clamp(0.0, axis.lo, axis.hi);
}

// Vertical event markers with their labels in a band above the plot; each
// label takes the room up to the next marker (or back to the previous one).
void draw_annotations(Canvas& c, const LineChart& chart, const Slots& slots, double top, double bottom) {
  std::map<std::size_t, std::string> at;  // merged by index, in x order
  for (const auto& a : chart.annotations) {
    if (a.index < chart.labels.size()) {
      auto& text = at[a.index];
      text += text.empty() ? a.label : detail::cat("; ", a.label);
    }
  }
  double used_until = 2;  // where the previous label ends
  for (auto it = at.begin(); it != at.end(); ++it) {
    const double x = slots.centre(it->first);
    const auto next = std::next(it);
    const double limit = next == at.end() ? c.width() - 2 : slots.centre(next->first) - 3;
    c.line(x, top - 12, x, bottom, detail::kPurple, 1.5, "4 3");
    const double right_room = limit - (x + 3);
    const double left_room = x - 3 - used_until;
    const double need = estimate_width(it->second, kTickSize);
    if (need <= right_room || right_room >= left_room) {
      const std::string s = fit_text(it->second, kTickSize, right_room);
      c.text(x + 3, top - 4, s, kTickSize, Anchor::start, "#8A3B6C");
      used_until = x + 3 + estimate_width(s, kTickSize) + 3;
    } else {
      c.text(x - 3, top - 4, fit_text(it->second, kTickSize, left_room), kTickSize, Anchor::end, "#8A3B6C");
      used_until = x + 3;
    }
  }
}

void draw_series(Canvas& c, const LineChart& chart, const Series& s, const Axis& axis, const Slots& slots, double top,
                 double bottom, std::string_view colour, bool bars) {
  const std::size_t n = chart.labels.size();
  const auto y_of = [&](double v) { return bottom - axis.fraction(v) * (bottom - top); };
  const auto tip = [&](std::size_t i, double v) {
    return detail::cat(chart.labels[i], " ", s.name, ": ", format_value(v, s.scale, s.decimals));
  };
  if (bars) {
    const double w = std::clamp(slots.width * 0.64, 1.0, 40.0);
    const double y0 = y_of(base_of(axis));
    for (std::size_t i = 0; i < n; ++i) {
      const double v = value_at(s, i);
      if (std::isfinite(v)) {
        const double y = y_of(v);
        c.rect(slots.centre(i) - w / 2, std::min(y, y0), w, std::abs(y0 - y), colour, tip(i, v));
      }
    }
    return;
  }
  std::string d;
  bool pen_down = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value_at(s, i);
    if (!std::isfinite(v)) {
      pen_down = false;  // a gap, not a line through zero
      continue;
    }
    d += detail::cat(pen_down ? " L" : (d.empty() ? "M" : " M"), detail::num(slots.centre(i)), " ",
                     detail::num(y_of(v)));
    pen_down = true;
  }
  c.path(d, colour, 2);
  const double r = n > 60 ? 1.5 : 2.8;  // dots also show single points between gaps
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value_at(s, i);
    if (std::isfinite(v)) {
      c.circle(slots.centre(i), y_of(v), r, colour, tip(i, v));
    }
  }
}

}  // namespace

std::string line_chart(const LineChart& chart) {
  const std::size_t n = chart.labels.size();
  const Series* primary = &chart.primary;
  const Series* secondary = &chart.secondary;
  if (!any_value(*primary, n)) {
    std::swap(primary, secondary);  // the one series there is goes on the left axis
  }
  if (n == 0 || !any_value(*primary, n)) {
    return detail::placeholder(chart.title, chart.no_data);
  }
  const bool two = any_value(*secondary, n);
  const bool bars = primary->bars;
  const std::string_view first_colour = detail::kBlue;
  const std::string_view second_colour = bars ? detail::kVermillion : detail::kOrange;

  const double height = 270;
  const Axis left_axis = axis_for(*primary, n);
  const Axis right_axis = two ? axis_for(*secondary, n) : Axis{};
  const double top = 50 + (chart.annotations.empty() ? 0 : 14);
  const double bottom = height - 26;
  const double left = 8 + left_axis.label_width() + 6;
  const double right = kWidth - (two ? 8 + right_axis.label_width() + 6 : 12);
  const Slots slots{left, (right - left) / static_cast<double>(n)};

  Canvas c(kWidth, height, chart.title);
  c.title(chart.title);
  std::vector<Canvas::LegendItem> legend;
  if (!primary->name.empty()) {
    legend.push_back({primary->name, first_colour, bars});
  }
  if (two && !secondary->name.empty()) {
    legend.push_back({secondary->name, second_colour, false});
  }
  c.legend(36, legend);
  draw_ticks(c, left_axis, left, right, top, bottom, false, true);
  if (two) {
    draw_ticks(c, right_axis, left, right, top, bottom, true, false);
  }
  const double base_y = bottom - left_axis.fraction(base_of(left_axis)) * (bottom - top);
  c.line(left, base_y, right, base_y, detail::kAxis);
  draw_series(c, chart, *primary, left_axis, slots, top, bottom, first_colour, bars);
  if (two) {
    draw_series(c, chart, *secondary, right_axis, slots, top, bottom, second_colour, false);
  }
  draw_annotations(c, chart, slots, top, bottom);
  draw_x_labels(c, chart.labels, slots, height - 9);
  return c.finish();
}

}  // namespace fbkit::render
