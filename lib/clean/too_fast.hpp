// The relative too_fast threshold of `fbkit clean`: the smallest t >= floor
// with t = max(floor, fraction * median{d >= t}) over the durations of the
// survey answers every other rule keeps. The rows it keeps give the same t
// again, so a second clean removes nothing more.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace fbkit::clean {

class SpillFile;

// t and the median it came from (nullopt when no duration is >= floor), over
// durations held in memory; the search starts at `start` (>= floor).
std::pair<double, std::optional<double>> too_fast_threshold(std::vector<double> d, double floor, double fraction,
                                                            double start);

// The durations, held in memory up to `cap` values (8 bytes each), past that
// in a temporary file; threshold() gives exactly too_fast_threshold()'s answer
// either way, from the file by counting passes (core/select.hpp): t only
// grows from round to round, so each round needs only the durations >= t, and
// once those fit they are held and the rounds end in memory.
class Durations {
public:
  explicit Durations(std::size_t cap = std::size_t{1} << 20);
  ~Durations();
  Durations(const Durations&) = delete;
  Durations& operator=(const Durations&) = delete;

  void add(double d);
  std::size_t size() const { return m_n; }
  bool on_disk() const { return m_file != nullptr; }
  std::pair<double, std::optional<double>> threshold(double floor, double fraction);

private:
  std::size_t m_cap;
  std::size_t m_n = 0;
  std::vector<double> m_held;
  std::unique_ptr<SpillFile> m_file;
};

}  // namespace fbkit::clean
