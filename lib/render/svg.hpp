// Inline SVG charts for the report, drawn from plain data (no stats types):
// a period trend (bars and/or lines on one or two axes, with event markers),
// horizontal bars, a pareto and dimension scores against targets.
//
// Every chart is a self-contained <svg> element for inline use in HTML (no
// xmlns, no ids, no scripts, no external references): a fixed viewBox with
// width="100%" so it scales to the page, role="img" with an aria-label and a
// <title>. Output depends on the input only (byte-identical across runs and
// locales). Text is escaped; labels are measured with text::display_width
// (estimate_width below) and shortened with an ellipsis, thinned or rotated
// so that no text crosses the viewBox. Colours are the Okabe-Ito palette,
// which stays distinguishable with the common colour-vision deficiencies, and
// meeting/missing a target is also said in text, not by colour alone.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::render {

// A value that is not there: drawn as a gap, never as zero.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// How a value axis runs and how its values are written.
enum class Scale {
  count,  // 0 .. a round maximum; values with Series::decimals digits
  score,  // fixed 1 .. 5; values with 2 decimals
  share,  // fixed 0 .. 1 shown as 0% .. 100%; values as percent with 1 decimal
};

// One series over the x labels of a LineChart.
struct Series {
  std::string name;            // legend text
  std::vector<double> values;  // one per label; kMissing (any non-finite) = a gap
  Scale scale = Scale::count;
  int decimals = 0;   // for Scale::count
  bool bars = false;  // columns instead of a line (only for the primary series)
};

// A vertical marker at one x label with a short text ("price change").
struct Annotation {
  std::size_t index = 0;  // into LineChart::labels; out of range = ignored
  std::string label;
};

// A trend over periods: the primary series on the left axis, an optional
// secondary one as a line on the right axis (volume bars + CSAT line).
struct LineChart {
  std::string title;
  std::vector<std::string> labels;  // the periods, in order
  Series primary;
  Series secondary;  // drawn only when it has values
  std::vector<Annotation> annotations;
  std::string no_data = "No data";
};

// One labelled value.
struct Bar {
  std::string label;
  double value = 0;  // non-finite = missing (no bar, "n/a")
};

// Horizontal bars in the given order (channel distribution).
struct BarChart {
  std::string title;
  std::vector<Bar> bars;
  Scale scale = Scale::count;
  int decimals = 0;         // for Scale::count
  bool with_share = false;  // append each bar's share of the total: "120 (34.5%)"
  std::string no_data = "No data";
};

// Columns sorted by value (largest first, ties by label), the cumulative share
// as a line on a 0-100% right axis and a reference line (the 80% of 80/20).
// Beyond max_items the rest are summed into one last column named other_label.
struct ParetoChart {
  std::string title;
  std::vector<Bar> items;  // non-finite or negative values are left out
  std::size_t max_items = 10;
  std::string other_label = "Other";
  double reference = 0.8;
  int decimals = 0;
  std::string value_name = "Count";                  // legend of the columns
  std::string cumulative_name = "Cumulative share";  // legend of the line
  std::string no_data = "No data";
  // The whole the cumulative share is of, when the items are only the largest
  // groups of it (the top 5 issues of 16); non-finite: the items' sum (100% at the end).
  double total = kMissing;
};

// A dimension's mean score (1-5) and its target.
struct TargetRow {
  std::string label;
  double mean = kMissing;    // non-finite = no scores ("n/a", no bar)
  double target = kMissing;  // non-finite = no target (grey bar, no tick)
};

// Per dimension a bar of the mean on a 1-5 axis with a tick at the target;
// blue when the mean meets the target, vermillion when below, and the value
// text says it too ("4.12 ≥ 4.00", "3.80 < 4.00").
struct TargetChart {
  std::string title;
  std::vector<TargetRow> rows;
  std::string no_data = "No data";
};

std::string line_chart(const LineChart& chart);
std::string bar_chart(const BarChart& chart);
std::string pareto_chart(const ParetoChart& chart);
std::string target_chart(const TargetChart& chart);

// --- layout helpers, public for the tests and for other renderers ---

// The width in SVG units that text is assumed to take at font_size: each
// display column (text::display_width; CJK counts 2) is 0.62 em, a little
// wider than DejaVu Sans and Liberation Sans set digits and lower case.
double estimate_width(std::string_view text, double font_size);

// text shortened to at most max_width (estimate_width) with "…" at the end
// when it was cut; whole code points are kept, with the marks joined to them.
// Returns "" when not even one character and the ellipsis fit.
std::string fit_text(std::string_view text, double font_size, double max_width);

// value written for its scale: count "1234" / "12.5", score "4.12", share "34.5%".
// Non-finite values give "n/a". Locale-independent.
std::string format_value(double value, Scale scale, int decimals = 0);

}  // namespace fbkit::render
