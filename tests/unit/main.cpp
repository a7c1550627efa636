#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

// classify's compiled patterns go to the tests' folder (FBKIT_TEST_CACHE_DIR,
// tests/CMakeLists.txt), never the user's ~/.cache; an environment that sets
// them wins. (Set here: doctest_discover_tests keeps only the first entry of
// an ENVIRONMENT list.)
int main(int argc, char** argv) {
#ifdef FBKIT_TEST_CACHE_DIR
  ::setenv("FBKIT_CACHE_DIR", FBKIT_TEST_CACHE_DIR, 0);
  ::setenv("FBKIT_CACHE_KEEP", "256", 0);
#endif
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
