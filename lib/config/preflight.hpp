// The pass over a YAML file's events before its tree is built (yaml.cpp's
// Node::parse, for every file but fbkit's own): what yaml-cpp lets through.
#pragma once

#include <string>

namespace fbkit::yaml {

class DocText;

// Throws ConfigError (file, line, column) at the first alias that takes the
// first document past expansion_budget() of its size, or at the second of a
// key written twice in one mapping.
void preflight(const std::string& origin, const DocText& text);

}  // namespace fbkit::yaml
