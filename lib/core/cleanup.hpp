// The temporary files (and run folders) a run has open, removed when SIGHUP,
// SIGINT, SIGPIPE or SIGTERM interrupts it. SIGKILL cannot be handled: its leftovers are removed
// by the next run to the same target (OutputFile, by their lock).
#pragma once

namespace fbkit {

// Installs the handler: it unlinks every registered file, then dies of the
// same signal (the shell's exit status is 128+N). Call once, early in main().
void install_signal_cleanup();

// Registers `path` (relative paths are to the current folder, which fbkit
// never changes) to be unlinked if a signal ends the run. Returns the slot to
// pass to unregister_temp_file, or -1 when the fixed table is full (the file
// is then only removed by the next run). Thread-safe.
int register_temp_file(const char* path);

// Registers a flat folder (`fbkit run`'s run folder while it is built): if a
// signal ends the run, its entries are unlinked, then the folder removed,
// after every registered file. `path` should be absolute (a run changes into
// its folder). Same slots and return value as register_temp_file.
int register_temp_dir(const char* path);

// Forgets a slot (the file was renamed or removed); -1 is ignored.
void unregister_temp_file(int slot);

// While it lives (the renames that commit a run's outputs), a handled signal
// in any thread is only noted; the destructor then acts on it (removes the
// remaining temporary files and dies of it). One at a time.
class DeferSignals {
public:
  DeferSignals();
  ~DeferSignals();
  DeferSignals(const DeferSignals&) = delete;
  DeferSignals& operator=(const DeferSignals&) = delete;
};

}  // namespace fbkit
