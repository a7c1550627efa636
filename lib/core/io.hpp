// Byte streams in and out: files, standard input/output and memory, and the
// atomic output file (temporary file + rename) every command writes through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit {

// A forward-only source of bytes (a file, stdin, a transcoder, memory).
class ByteSource {
public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into buf; returns 0 only at end of input. Throws IoError.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
  // The name used in messages: the path, or "<stdin>".
  virtual const std::string& name() const = 0;
};

// Reads a file, or standard input when path is "-".
class FileSource : public ByteSource {
public:
  explicit FileSource(const std::string& path);
  // The file at `path`, called `name` in messages (a spooled copy of standard
  // input is still "<stdin>").
  FileSource(const std::string& path, std::string name);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_name; }

private:
  int m_fd = -1;
  bool m_owned = false;
  std::string m_name;
};

// A copy of standard input in an unlinked temporary file ($TMPDIR, or /tmp),
// for the commands that read their input more than once; path() opens it
// again (/proc/self/fd/N). Nothing is left behind, even by a killed run.
class StdinSpool {
public:
  // Names the file fbkit-<command>-XXXXXX; `already_read` is what was taken
  // from standard input before (see RecordingSource), written first.
  explicit StdinSpool(const std::string& command, std::string_view already_read = {});
  ~StdinSpool();
  StdinSpool(const StdinSpool&) = delete;
  StdinSpool& operator=(const StdinSpool&) = delete;
  const std::string& path() const { return m_path; }

private:
  int m_fd = -1;
  std::string m_path;
};

// Reads a string held in memory (tests, embedded data).
class StringSource : public ByteSource {
public:
  StringSource(std::string data, std::string name = "<memory>") : m_data(std::move(data)), m_name(std::move(name)) {}
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_name; }

private:
  std::string m_data;
  std::size_t m_pos = 0;
  std::string m_name;
};

// Replays bytes already read (a sniffed prefix), then continues with the source.
class PrefixedSource : public ByteSource {
public:
  PrefixedSource(std::string prefix, ByteSource& rest) : m_prefix(std::move(prefix)), m_rest(rest) {}
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_rest.name(); }

private:
  std::string m_prefix;
  std::size_t m_pos = 0;
  ByteSource& m_rest;
};

// Reads a source and keeps a copy of what it read until stop(): for a
// command that must see the header of standard input before it knows
// whether to copy all of it to a StdinSpool.
class RecordingSource : public ByteSource {
public:
  explicit RecordingSource(std::unique_ptr<ByteSource> in) : m_in(std::move(in)) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t got = m_in->read(buf, n);
    if (m_recording) {
      m_copy.append(buf, got);
    }
    return got;
  }
  const std::string& name() const override { return m_in->name(); }
  const std::string& recorded() const { return m_copy; }
  void stop() {
    m_recording = false;
    m_copy = std::string();
  }

private:
  std::unique_ptr<ByteSource> m_in;
  std::string m_copy;
  bool m_recording = true;
};

// A destination for bytes. Callers buffer; write() is called with large chunks.
class ByteSink {
public:
  virtual ~ByteSink() = default;
  // Writes all n bytes or throws IoError.
  virtual void write(const char* data, std::size_t n) = 0;
  // Makes the output final (atomic rename for files). Without it, nothing remains.
  virtual void commit() {}
};

// Collects output in memory.
class StringSink : public ByteSink {
public:
  void write(const char* data, std::size_t n) override { m_data.append(data, n); }
  const std::string& str() const { return m_data; }
  void clear() { m_data.clear(); }

private:
  std::string m_data;
};

// Writes standard output when path is "-"; otherwise a temporary file beside the
// target that commit() renames over it, so the target is either the previous
// file or the complete new one, never a partial one. The temporary file is
// created mode 0600 and locked (flock) while it is written; the new target gets
// the previous target's mode (and owner and group, where the system allows),
// or 0666 less the umask. A symbolic link is written through (its target is
// replaced, the link stays); other hard links of the target keep the old
// content. Temporary files of this target that no live run holds locked (a
// killed run's) are removed when the next run opens the same target. A signal
// handled by install_signal_cleanup removes the temporary file. Special files
// (/dev/null, FIFOs) are written directly.
class OutputFile : public ByteSink {
public:
  explicit OutputFile(const std::string& path);
  ~OutputFile() override;  // removes the temporary file unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  void write(const char* data, std::size_t n) override;
  // finish(), then publish().
  void commit() override;
  // Makes the temporary file durable (fsync) with the target's mode and owner;
  // writing after it is an error. Throws IoError.
  void finish();
  // Renames the finished temporary file over the target. Throws IoError.
  void publish();
  // The target (a symbolic link resolved), or "<stdout>".
  const std::string& path() const { return m_path; }
  // The temporary file's path, or "" when writing directly.
  const std::string& temp_path() const { return m_tmp; }

private:
  std::string m_path;
  std::string m_tmp;  // empty when writing directly
  int m_fd = -1;
  int m_slot = -1;  // in the signal handler's table (core/cleanup.hpp)
  bool m_owned = false;
  bool m_finished = false;
  bool m_committed = false;
  std::uint64_t m_written = 0;  // bytes written to the temporary file
  std::uint64_t m_flushed = 0;  // of them, handed to the disk ahead of the fsync
};

// The temporary-file prefix used for target `path` (".name.fbkit-tmp-").
std::string temp_prefix_for(const std::string& path);

// A new temporary file name for target `path`: the prefix, then a tag of this
// machine's running kernel (its boot id), the process id and a random number.
std::string temp_name_for(const std::string& path);

// The inputs a command reads: the paths named, or standard input ("-") when
// none is. Throws UsageError when "-" is named more than once (it can be read
// only once). Every command's list of inputs goes through it.
std::vector<std::string> input_paths(const std::vector<std::string>& named);
// How messages name an input: the path, or "<stdin>" for "-".
std::string input_name(const std::string& path);

// Reads a whole file ("-" = stdin) into memory. Throws IoError.
std::string read_file(const std::string& path);

// Writes a whole file atomically.
void write_file_atomic(const std::string& path, std::string_view data);

}  // namespace fbkit
