#include "clean/decider.hpp"

#include "core/error.hpp"

namespace fbkit::clean {

void Deferred::write(SpillFile& f, std::size_t input, const RowOut& r) {
  const auto in = static_cast<std::uint32_t>(input);
  f.put(&in, sizeof in);
  f.put(&r.line, sizeof r.line);
  const auto local = static_cast<std::uint8_t>(r.local);
  f.put(&local, 1);
  f.put_str(r.detail);
  const std::uint8_t has = r.duration ? 1 : 0;
  f.put(&has, 1);
  const double d = r.duration.value_or(0);
  f.put(&d, sizeof d);
  f.put_str(r.flags);
  const auto n = static_cast<std::uint32_t>(r.fields.size());
  f.put(&n, sizeof n);
  for (const std::string_view v : r.fields) {
    f.put_str(v);
  }
}

bool Deferred::read(SpillFile& f) {
  if (!f.get(&input, sizeof input)) {
    return false;
  }
  std::uint8_t code = 0, has = 0;
  double d = 0;
  std::uint32_t n = 0;
  bool ok = f.get(&line, sizeof line) && f.get(&code, 1) && f.get_str(detail) && f.get(&has, 1) &&
            f.get(&d, sizeof d) && f.get_str(flags) && f.get(&n, sizeof n);
  fields.resize(n);
  for (std::uint32_t i = 0; ok && i < n; ++i) {
    ok = f.get_str(fields[i]);
  }
  if (!ok) {
    throw IoError("clean: a temporary file ends inside a record");
  }
  local = static_cast<Reason>(code);
  duration = has != 0 ? std::optional<double>(d) : std::nullopt;
  views.assign(fields.begin(), fields.end());
  return true;
}

}  // namespace fbkit::clean
