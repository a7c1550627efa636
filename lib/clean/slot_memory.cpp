// SlotMemory (lib/clean/tracker_tables.hpp): zeroed blocks for the tracker's tables.
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "clean/tracker_tables.hpp"

namespace fbkit::clean {

#if defined(__unix__) || defined(__APPLE__)
SlotMemory::SlotMemory(std::size_t bytes) : m_bytes(bytes) {
  // Mapped with room to start on a 2 MiB boundary, the rest unmapped.
  m_map_bytes = bytes + kHuge;
  m_map = mmap(nullptr, m_map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m_map == MAP_FAILED) {
    throw std::bad_alloc();
  }
  const auto at = reinterpret_cast<std::uintptr_t>(m_map);
  m_data = static_cast<char*>(m_map) + (kHuge - at % kHuge) % kHuge;
#if defined(MADV_HUGEPAGE)
  madvise(m_data, m_bytes, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
#endif
}

SlotMemory::~SlotMemory() {
  munmap(m_map, m_map_bytes);
}

void SlotMemory::release(void* p, std::size_t n) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t from = (page - at % page) % page;  // offsets of the first and past the last whole page
  const std::uintptr_t to = n - (at + n) % page;
  if (n >= page && to > from) {
    madvise(static_cast<char*>(p) + from, to - from, MADV_DONTNEED);
  }
}
#else
SlotMemory::SlotMemory(std::size_t bytes) : m_bytes(bytes) {
  m_map = std::calloc(bytes, 1);
  if (m_map == nullptr) {
    throw std::bad_alloc();
  }
  m_data = static_cast<char*>(m_map);
}

SlotMemory::~SlotMemory() {
  std::free(m_map);
}

void SlotMemory::release(void*, std::size_t) {}
#endif

}  // namespace fbkit::clean
