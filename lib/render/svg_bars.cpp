// The bar-based charts: horizontal bars, the pareto and scores against
// targets, on the Canvas of canvas.hpp.
#include <algorithm>
#include <cmath>

#include "render/canvas.hpp"
#include "render/detail.hpp"
#include "render/svg.hpp"

namespace fbkit::render {

namespace {

using detail::Anchor;
using detail::Axis;
using detail::Canvas;
using detail::draw_ticks;
using detail::draw_x_labels;
using detail::kLabelSize;
using detail::kTickSize;
using detail::kWidth;
using detail::Slots;

constexpr double kCos45 = 0.70710678;

}  // namespace

std::string bar_chart(const BarChart& chart) {
  const std::size_t n = chart.bars.size();
  if (n == 0) {
    return detail::placeholder(chart.title, chart.no_data);
  }
  double total = 0;
  double max = 0;
  for (const auto& b : chart.bars) {
    if (std::isfinite(b.value)) {
      total += b.value;
      max = std::max(max, b.value);
    }
  }
  std::vector<std::string> values;
  double label_w = 0;
  double value_w = 0;
  for (const auto& b : chart.bars) {
    std::string v = format_value(b.value, chart.scale, chart.decimals);
    if (chart.with_share && std::isfinite(b.value) && total > 0) {
      v += detail::cat(" (", format_value(b.value / total, Scale::share), ")");
    }
    value_w = std::max(value_w, estimate_width(v, kLabelSize));
    label_w = std::max(label_w, estimate_width(b.label, kLabelSize));
    values.push_back(std::move(v));
  }
  label_w = std::min(label_w, kWidth * 0.36);
  const Axis axis = detail::make_axis(chart.scale, 0, max, chart.decimals == 0);
  const double row = 26;
  const double top = 30;
  const double height = top + static_cast<double>(n) * row + 6;
  const double x0 = 8 + label_w + 8;
  const double length = kWidth - 8 - (value_w + 6) - x0;
  // Count bars are scaled to the largest, scores and shares to their fixed range.
  const auto fraction = [&](double v) {
    if (chart.scale != Scale::count) {
      return axis.fraction(v);
    }
    return max > 0 ? std::clamp(v / max, 0.0, 1.0) : 0.0;
  };

  Canvas c(kWidth, height, chart.title);
  c.title(chart.title);
  c.line(x0, top - 2, x0, height - 4, detail::kAxis);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& b = chart.bars[i];
    const double y = top + static_cast<double>(i) * row;
    c.text(8 + label_w, y + 17, fit_text(b.label, kLabelSize, label_w), kLabelSize, Anchor::end);
    double end = x0;
    if (std::isfinite(b.value)) {
      end = x0 + fraction(b.value) * length;
      c.rect(x0, y + 5, end - x0, 16, detail::kBlue, detail::cat(b.label, ": ", values[i]));
    }
    c.text(end + 5, y + 17, values[i], kLabelSize, Anchor::start, detail::kMuted);
  }
  return c.finish();
}

namespace {

// The pareto's columns: the positive values, largest first, the ones past
// max_items summed into one "other" column.
std::vector<Bar> pareto_items(const ParetoChart& chart) {
  std::vector<Bar> items;
  for (const auto& b : chart.items) {
    if (std::isfinite(b.value) && b.value > 0) {
      items.push_back(b);
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Bar& a, const Bar& b) {
    return a.value != b.value ? a.value > b.value : a.label < b.label;
  });
  const std::size_t keep = std::max<std::size_t>(chart.max_items, 2);
  if (items.size() > keep) {
    Bar other{chart.other_label, 0};
    for (std::size_t i = keep - 1; i < items.size(); ++i) {
      other.value += items[i].value;
    }
    items.resize(keep - 1);
    items.push_back(other);
  }
  return items;
}

// Rotated 45 degrees, hanging down-left from just under each column: the
// room is what keeps the glyph box (ascent 0.8 em, descent 0.2 em) inside
// the viewBox, at most 110 units; every step-th label when columns are narrow.
void draw_rotated_labels(Canvas& c, const std::vector<std::string>& labels, const Slots& slots, double bottom,
                         double height) {
  const auto step =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(kLabelSize * 1.3 / (slots.width * kCos45))));
  const double ay = bottom + 10;
  for (std::size_t i = 0; i < labels.size(); i += step) {
    const double ax = slots.centre(i) + 3;
    const double room =
        std::min({110.0, (ax - 1) / kCos45 - 0.8 * kLabelSize, (height - 1 - ay) / kCos45 - 0.2 * kLabelSize});
    c.text(ax, ay, fit_text(labels[i], kLabelSize, room), kLabelSize, Anchor::end, detail::kMuted,
           detail::cat("transform=\"rotate(-45 ", detail::num(ax), " ", detail::num(ay), ")\""));
  }
}

}  // namespace

std::string pareto_chart(const ParetoChart& chart) {
  const std::vector<Bar> items = pareto_items(chart);
  if (items.empty()) {
    return detail::placeholder(chart.title, chart.no_data);
  }
  const std::size_t n = items.size();
  double total = 0;
  for (const auto& b : items) {
    total += b.value;
  }
  if (std::isfinite(chart.total) && chart.total > total) {
    total = chart.total;  // the items are the largest part of a whole
  }

  const double height = 300;
  const Axis left_axis = detail::make_axis(Scale::count, 0, items.front().value, chart.decimals == 0);
  const Axis right_axis = detail::make_axis(Scale::share, 0, 1);
  const double left = 8 + left_axis.label_width() + 6;
  const double right = kWidth - (8 + right_axis.label_width() + 6);
  const Slots slots{left, (right - left) / static_cast<double>(n)};
  double widest = 0;
  for (const auto& b : items) {
    widest = std::max(widest, estimate_width(b.label, kLabelSize));
  }
  const bool rotate = widest > slots.width - 6;
  const double top = 50;
  const double bottom = height - (rotate ? 86 : 26);
  const auto y_left = [&](double v) { return bottom - left_axis.fraction(v) * (bottom - top); };
  const auto y_right = [&](double v) { return bottom - right_axis.fraction(v) * (bottom - top); };

  Canvas c(kWidth, height, chart.title);
  c.title(chart.title);
  c.legend(36, {{chart.value_name, detail::kBlue, true}, {chart.cumulative_name, detail::kVermillion, false}});
  draw_ticks(c, left_axis, left, right, top, bottom, false, true);
  draw_ticks(c, right_axis, left, right, top, bottom, true, false);
  c.line(left, bottom, right, bottom, detail::kAxis);
  const double ref_y = y_right(std::clamp(chart.reference, 0.0, 1.0));
  c.line(left, ref_y, right, ref_y, detail::kMuted, 1, "5 4");

  const double w = std::clamp(slots.width * 0.7, 1.0, 44.0);
  double cum = 0;
  std::string d;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = slots.centre(i);
    const double y = y_left(items[i].value);
    const std::string value = format_value(items[i].value, Scale::count, chart.decimals);
    cum += items[i].value;
    const std::string tip =
        detail::cat(items[i].label, ": ", value, " (", format_value(cum / total, Scale::share), ")");
    c.rect(x - w / 2, y, w, bottom - y, detail::kBlue, tip);
    if (estimate_width(value, kTickSize) <= slots.width - 2 && y - 3 - kTickSize >= top - 12) {
      c.text(x, y - 3, value, kTickSize, Anchor::middle, detail::kMuted);
    }
    d += detail::cat(i == 0 ? "M" : " L", detail::num(x), " ", detail::num(y_right(cum / total)));
  }
  c.path(d, detail::kVermillion, 2);
  cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cum += items[i].value;
    c.circle(slots.centre(i), y_right(cum / total), 2.8, detail::kVermillion);
  }

  std::vector<std::string> labels;
  for (const auto& b : items) {
    labels.push_back(b.label);
  }
  if (rotate) {
    draw_rotated_labels(c, labels, slots, bottom, height);
  } else {
    draw_x_labels(c, labels, slots, height - 9);
  }
  return c.finish();
}

std::string target_chart(const TargetChart& chart) {
  const std::size_t n = chart.rows.size();
  if (n == 0) {
    return detail::placeholder(chart.title, chart.no_data);
  }
  // Met or not is decided on the values as shown (2 decimals), so the text
  // never reads "4.00 < 4.00".
  const auto hundredths = [](double v) { return std::llround(v * 100); };
  std::vector<std::string> values;
  double label_w = 0;
  double value_w = 0;
  for (const auto& r : chart.rows) {
    std::string v = format_value(r.mean, Scale::score);
    if (std::isfinite(r.mean) && std::isfinite(r.target)) {
      v += hundredths(r.mean) >= hundredths(r.target) ? " \xE2\x89\xA5 " : " < ";
      v += format_value(r.target, Scale::score);
    }
    value_w = std::max(value_w, estimate_width(v, kLabelSize));
    label_w = std::max(label_w, estimate_width(r.label, kLabelSize));
    values.push_back(std::move(v));
  }
  label_w = std::min(label_w, kWidth * 0.32);
  const Axis axis = detail::make_axis(Scale::score, 1, 5);
  const double row = 28;
  const double top = 32;
  const double rows_bottom = top + static_cast<double>(n) * row;
  const double height = rows_bottom + 20;
  const double x0 = 8 + label_w + 10;
  const double x1 = kWidth - 8 - value_w - 8;
  const auto x_of = [&](double v) { return x0 + axis.fraction(v) * (x1 - x0); };

  Canvas c(kWidth, height, chart.title);
  c.title(chart.title);
  for (const double t : axis.ticks) {
    c.line(x_of(t), top - 2, x_of(t), rows_bottom, t == axis.lo ? detail::kAxis : detail::kGrid);
    c.text(x_of(t), height - 6, axis.label(t), kTickSize, Anchor::middle, detail::kMuted);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = chart.rows[i];
    const double y = top + static_cast<double>(i) * row;
    c.text(8 + label_w, y + 18, fit_text(r.label, kLabelSize, label_w), kLabelSize, Anchor::end);
    if (std::isfinite(r.mean)) {
      const bool has_target = std::isfinite(r.target);
      const bool met = has_target && hundredths(r.mean) >= hundredths(r.target);
      const std::string_view colour = !has_target ? detail::kNoTarget : (met ? detail::kBlue : detail::kVermillion);
      c.rect(x0, y + 6, x_of(r.mean) - x0, 16, colour, detail::cat(r.label, ": ", values[i]));
    }
    if (std::isfinite(r.target)) {
      const double tx = x_of(r.target);
      c.line(tx, y + 2, tx, y + 26, detail::kInk, 2.5);
    }
    c.text(x1 + 8, y + 18, values[i], kLabelSize, Anchor::start, detail::kMuted);
  }
  return c.finish();
}

}  // namespace fbkit::render
