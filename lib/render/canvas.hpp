// The drawing layer under svg.cpp: an SVG element list with fixed-precision
// coordinates, value axes with round ticks, and the shared chart furniture
// (title, legend, "no data" placeholder). Internal to lib/render.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/svg.hpp"

namespace fbkit::render::detail {

// The Okabe-Ito colours used, and the greys.
inline constexpr std::string_view kBlue = "#0072B2";
inline constexpr std::string_view kOrange = "#E69F00";
inline constexpr std::string_view kVermillion = "#D55E00";
inline constexpr std::string_view kPurple = "#CC79A7";
inline constexpr std::string_view kInk = "#1F1F1F";
inline constexpr std::string_view kMuted = "#595959";
inline constexpr std::string_view kGrid = "#E3E3E3";
inline constexpr std::string_view kAxis = "#9E9E9E";
inline constexpr std::string_view kNoTarget = "#A0A0A0";

// Every chart's viewBox width: narrow enough that on a 390 px phone (about
// 358 px of content) the 12-unit labels still show at 10 px.
inline constexpr double kWidth = 420;
inline constexpr double kTitleSize = 15;  // title font size
inline constexpr double kLabelSize = 12;  // category labels, legends, values
inline constexpr double kTickSize = 11;   // tick labels, annotations

// A coordinate with one decimal, trailing ".0" dropped, never "-0".
std::string num(double v);

// A value axis: its range, its ticks and how tick labels are written.
struct Axis {
  Scale scale = Scale::count;
  double lo = 0;
  double hi = 1;
  std::vector<double> ticks;
  int tick_decimals = 0;

  // The tick label for t ("25%", "4", "1500", "0.5").
  std::string label(double t) const;
  // The widest tick label's estimated width at kTickSize.
  double label_width() const;
  // v clamped to the range, as a fraction 0..1 of it.
  double fraction(double v) const;
};

// The axis for finite values in [min, max] (ignored for score and share,
// whose ranges are fixed): count axes start at 0 (or below, for negative
// values) and end at a round number, with 4-7 ticks; whole-number steps
// when integer_steps (counts shown without decimals).
Axis make_axis(Scale scale, double min, double max, bool integer_steps = true);

enum class Anchor { start, middle, end };

// Builds one <svg> element; elements are appended in drawing order.
class Canvas {
public:
  Canvas(double width, double height, std::string_view title);

  // text is escaped here; callers shorten it first (fit_text).
  void text(double x, double y, std::string_view text, double size, Anchor anchor = Anchor::start,
            std::string_view fill = kInk, std::string_view extra = {});
  // tip: a tooltip (<title>) for the element, optional.
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view tip = {});
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            std::string_view dash = {});
  void path(const std::string& d, std::string_view stroke, double width);
  void circle(double cx, double cy, double r, std::string_view fill, std::string_view tip = {});
  // The chart title, fitted to the width.
  void title(std::string_view text);
  // Legend entries in a row at y: a swatch (a square for bars, a short line
  // otherwise) and the name, each fitted to its share of the width.
  struct LegendItem {
    std::string name;
    std::string_view colour;
    bool bar;
  };
  void legend(double y, const std::vector<LegendItem>& items);

  // Markup appended as is (built by the caller from escaped parts).
  void raw(std::string_view markup);

  double width() const { return m_width; }
  double height() const { return m_height; }
  std::string finish();

private:
  double m_width;
  double m_height;
  std::string m_out;
};

// A chart with nothing to draw: the title and a framed "no data" text.
std::string placeholder(std::string_view title, std::string_view no_data);

// The x positions of n equal slots between left and right: slot centres.
struct Slots {
  double left;
  double width;  // of one slot
  double centre(std::size_t i) const { return left + (static_cast<double>(i) + 0.5) * width; }
};

// Horizontal grid lines (when grid) and tick labels left or right of the plot.
void draw_ticks(Canvas& c, const Axis& axis, double left, double right, double top, double bottom, bool on_right,
                bool grid);

// Category labels centred under the slots at baseline y: every step-th one so
// that none overlaps the next, each shortened to its room inside the viewBox.
void draw_x_labels(Canvas& c, const std::vector<std::string>& labels, const Slots& slots, double y);

}  // namespace fbkit::render::detail
