// The floor to compare against: a bare std::getline loop over FILE, counting
// lines (it does not understand quoted newlines, so its count is wrong).
#include <cstdio>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string line;
  long long lines = 0;
  long long bytes = 0;
  while (std::getline(in, line)) {
    ++lines;
    bytes += static_cast<long long>(line.size());
  }
  std::fprintf(stderr, "%lld lines, %lld bytes\n", lines, bytes);
  return 0;
}
