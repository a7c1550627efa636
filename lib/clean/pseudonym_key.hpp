// Where clean's pseudonym key comes from: --key-file FILE, else the
// environment variable FBKIT_PSEUDONYM_KEY, else the user's key file
// $XDG_CONFIG_HOME/fbkit/pseudonym.key (~/.config/fbkit/pseudonym.key),
// created with a random key (mode 0600) the first time one is needed.
#pragma once

#include <ostream>
#include <string>

#include "text/pseudonym.hpp"

namespace fbkit::clean {

// ConfigError (exit 2) naming the file or variable that holds no key
// (32 hex digits), or when no key can be found or made. With make false
// (--dry-run) a missing user key file is not created: the run gets a random
// key of its own (its decisions are the same with any key).
text::PseudonymKey load_pseudonym_key(const std::string& key_file, std::ostream& log, bool make = true);

}  // namespace fbkit::clean
