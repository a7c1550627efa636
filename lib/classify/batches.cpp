#include "classify/batches.hpp"

#include <utility>

#include "core/io.hpp"
#include "csv/reader.hpp"

namespace fbkit::classify {

std::unique_ptr<csv::BatchReader> open_batches(const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& shown) {
  auto source = std::make_unique<FileSource>(inputs.front(), shown.front());
  auto reader = std::make_unique<csv::Reader>(*source);
  reader->read_header();
  return std::make_unique<csv::BatchReader>(inputs, shown, std::move(source), std::move(reader), "classify");
}

}  // namespace fbkit::classify
