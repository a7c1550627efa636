#include "clean/emit.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "core/strings.hpp"

namespace fbkit::clean {

namespace {

// A kept row's fields. Runs of fields that still lie in the row as read
// (`plain`: no quotes needed) are copied as they are, the others encoded.
void put_fields(csv::Writer& writer, const std::vector<std::string_view>& fields, std::string_view plain) {
  const std::less<const char*> before;
  const auto as_read = [&](std::string_view f) {
    return !plain.empty() && !before(f.data(), plain.data()) &&
           !before(plain.data() + plain.size(), f.data() + f.size());
  };
  for (std::size_t c = 0; c < fields.size();) {
    if (!as_read(fields[c])) {
      writer.field(fields[c++]);
      continue;
    }
    std::size_t e = c + 1;
    while (e < fields.size() && as_read(fields[e])) {
      ++e;
    }
    const char* from = fields[c].data();
    writer.encoded(std::string_view(from, static_cast<std::size_t>(fields[e - 1].data() + fields[e - 1].size() - from)),
                   e - c);
    c = e;
  }
}

}  // namespace

void encode_rows(Batch& b, const Layout& layout, const csv::WriterOptions& options, bool copy) {
  if (!b.writer) {
    b.writer = std::make_unique<csv::Writer>(b.bytes, options);
  }
  // The bytes are what the writer gave its sink (past its buffer's size:
  // rarely), then what it holds; the sink stage takes them from both.
  b.bytes.clear();
  b.writer->drop_buffered();
  b.encoded_end.resize(b.rows);
  for (std::size_t i = 0; i < b.rows; ++i) {
    const RowOut& r = b.out[i];
    put_fields(*b.writer, r.fields, copy ? r.plain : std::string_view());
    if (layout.flags < 0) {
      b.writer->field(r.flags);
    }
    b.writer->end_record();
    b.encoded_end[i] = b.bytes.str().size() + b.writer->buffered().size();
  }
}

void Emitter::operator()(Reason reason, const std::string& why, std::size_t input, std::int64_t line,
                         const std::vector<std::string_view>& fields, std::string_view flags) {
  if (reason == Reason::none) {
    ++summary.written;
    put_fields(writer, fields, {});
    if (layout.flags < 0) {
      writer.field(flags);
    }
    writer.end_record();
    count_flags(flags);
    return;
  }
  ++summary.removed;
  ++summary.removed_by_reason[reason_name(reason)];
  if (examples > 0) {
    example(reason, why, input, line, fields);
  }
  if (removed) {
    removed->field(reason_name(reason));
    removed->field(why);
    removed->field(names[input]);
    removed->field(std::to_string(line));
    for (const std::string_view f : fields) {
      removed->field(f);
    }
    if (layout.flags < 0) {
      removed->field(flags);
    }
    removed->end_record();
  }
}

void Emitter::kept(const Batch& b, std::size_t from, std::size_t to) {
  if (from == to) {
    return;
  }
  const std::size_t begin = from == 0 ? 0 : b.encoded_end[from - 1], end = b.encoded_end[to - 1];
  const std::string_view flushed = b.bytes.str(), held = b.writer->buffered();
  if (begin < flushed.size()) {
    writer.records(flushed.substr(begin, std::min(end, flushed.size()) - begin));
  }
  if (end > flushed.size()) {
    const std::size_t from_held = std::max(begin, flushed.size()) - flushed.size();
    writer.records(held.substr(from_held, end - flushed.size() - from_held));
  }
  summary.written += static_cast<std::int64_t>(to - from);
  for (std::size_t i = from; i < to; ++i) {
    count_flags(b.out[i].flags);
  }
}

void Emitter::count_flags(std::string_view flags) {
  for (std::string_view rest = flags; !rest.empty();) {
    const std::size_t semi = rest.find(';');
    if (semi != 0) {
      ++summary.flags[std::string(rest.substr(0, semi))];
    }
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
  }
}

// A removed row as --dry-run shows it: where, why, and its first text (or the whole row).
void Emitter::example(Reason reason, const std::string& why, std::size_t input, std::int64_t line,
                      const std::vector<std::string_view>& fields) {
  auto& list = summary.examples[reason_name(reason)];
  if (list.size() >= examples) {
    return;
  }
  std::string shown;
  for (const std::size_t c : layout.text_cols) {
    if (!fields[c].empty()) {
      shown = fields[c];
      break;
    }
  }
  if (shown.empty()) {
    for (std::size_t c = 0; c < fields.size(); ++c) {
      shown += c > 0 ? "," : "";
      shown += fields[c];
    }
  }
  list.push_back({names[input] + ":" + std::to_string(line), why, quote_value(shown, 50)});
}

}  // namespace fbkit::clean
