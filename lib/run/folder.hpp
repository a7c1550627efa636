// The dated run folder, built beside its final place and put there at the end.
#pragma once

#include <string>

namespace fbkit::run {

class RunFolder {
public:
  // Makes `parent`/.NAME.fbkit-run-XXXXXX (mode 0755 less the umask), removed
  // (core/cleanup.hpp) if a signal ends the run before publish(). Throws IoError.
  RunFolder(const std::string& parent, const std::string& name);
  ~RunFolder();  // removes the temporary folder unless published
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  // The temporary folder's path, to write in.
  const std::string& temp() const { return m_temp; }
  // The final path, parent/NAME.
  const std::string& target() const { return m_target; }
  // Names the final folder parent/NAME instead, before publish(): the report's
  // scope is known only once the data is read.
  void rename(const std::string& name);
  // A path inside the temporary folder.
  std::string file(const std::string& name) const { return m_temp + "/" + name; }
  // Puts the folder at its target in one step: renamed there, or exchanged
  // with the previous run's folder of the same name (which is then removed).
  // Throws IoError.
  void publish();

private:
  void unregister_temp_dir();
  std::string m_temp;
  std::string m_parent;
  std::string m_target;
  bool m_published = false;
  int m_slot = -1;  // register_temp_dir's, while the folder is to be removed on a signal
};

}  // namespace fbkit::run
