// Compiled Hyperscan databases kept between runs: compiling the default
// rules' patterns costs about 0.1 s of CPU in every run (more than classifying
// 20,000 rows), loading the compiled database a millisecond. A database is
// kept per set of expressions, flags and ids, Hyperscan version and CPU
// features, in the folder of folder(); a file that is missing, damaged, of
// another key or another CPU is compiled afresh (and written again); at most
// 32 files are kept, the least recently used (written or loaded) removed first. Outputs
// do not depend on it: the database loaded is the one the compile makes.
#pragma once

#include <optional>
#include <string>
#include <vector>

struct hs_database;
struct hs_compile_error;

namespace fbkit::classify::hs_cache {

// $FBKIT_CACHE_DIR ("off": no cache), else $XDG_CACHE_HOME/fbkit, else
// ~/.cache/fbkit (absolute paths only); "" when there is none.
std::string folder();

// What a database is compiled from, as one string (compared whole on load).
std::string key(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                const std::vector<unsigned>& ids, unsigned mode);

// hs_compile_multi(), through the cache: the database, or null with *error
// set as hs_compile_multi sets it.
::hs_database* compile(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                       const std::vector<unsigned>& ids, unsigned mode, ::hs_compile_error** error);

// Frees a database compile() made (hs_free_database(), or the unmapping of
// one used in place in its file of the folder), as a deleter (its void*:
// the Matcher's std::shared_ptr<void>, which keeps hs.h out of headers).
void free_database(void* db);

// A regular expression Hyperscan refused alone ("Pattern is too large"): a
// marker file under its key, so later runs hand it to RE2 at once instead of
// failing the same compiles again (0.4 s for two such expressions). False
// when there is no cache folder.
bool refused(const char* expr, unsigned flags, unsigned mode);
void mark_refused(const char* expr, unsigned flags, unsigned mode);

// A small answer an earlier run found, kept under `key` (compared whole on
// load; the key should name what the answer depends on): the value, or none.
std::optional<std::string> recall(const std::string& key);
// Keeps `value` under `key` for recall() (nothing without a cache folder).
void remember(const std::string& key, const std::string& value);

}  // namespace fbkit::classify::hs_cache
