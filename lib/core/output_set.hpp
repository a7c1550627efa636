// The files one run reads and writes, named before it reads anything: no two
// of them may be the same file, every output is created before the first
// input byte is read, and the outputs are committed together at the end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/io.hpp"

namespace fbkit {

class OutputSet {
public:
  OutputSet();
  ~OutputSet();  // removes the temporary files unless committed
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Names an input ("-" or "": standard input); `what` names it in messages
  // ("input", "--rules"). Folders and special files are not compared.
  void input(const std::string& path, const std::string& what = "input");
  // The inputs of a command: none means standard input.
  void inputs(const std::vector<std::string>& paths);

  // Names an output ("-": standard output) and returns its sink, usable once
  // open() has run. The sink's commit() only finishes it (fsync); the set's
  // commit() renames.
  ByteSink& output(const std::string& path, const std::string& what);

  // UsageError when two named files are the same file (device and inode; a
  // file yet to be made: its folder and name), an input included, or when two
  // outputs are standard output. Then creates every output's temporary file
  // (IoError, e.g. a missing folder), so nothing is read before both checks.
  void open();

  // Finishes every output, then renames each temporary file over its target
  // in the order output() named them (a caller names its main output last).
  // Signals are held off during the renames. Throws IoError; the outputs
  // renamed before a failed rename stay renamed.
  void commit();

private:
  class Member;
  struct Named;
  // Fills in what makes n the same file as another; standard_fd 0 or 1 for
  // standard input or output, -1 for a path.
  static void identify(Named& n, int standard_fd);
  std::vector<Named> m_named;
  std::vector<std::unique_ptr<Member>> m_outputs;
};

}  // namespace fbkit
