#include "classify/matcher_cache.hpp"

#include <fcntl.h>
#include <hs/hs.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/io.hpp"

namespace fbkit::classify::hs_cache {

namespace {

constexpr std::string_view kMagic = "fbkit hyperscan image 1\n";  // a database as loaded, not serialized
constexpr std::string_view kRefused = "fbkit hyperscan refused 1\n";
constexpr std::string_view kNote = "fbkit note 1\n";

void append_u32(std::string& out, std::uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// FNV-1a, 64 bits: the file's name (the whole key is compared on load).
std::uint64_t fnv64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

std::string file_for(const std::string& dir, const std::string& key) {
  static const char kHex[] = "0123456789abcdef";
  std::string name = dir + "/hs-";
  const std::uint64_t h = fnv64(key);
  for (int shift = 60; shift >= 0; shift -= 4) {
    name += kHex[(h >> shift) & 15];
  }
  return name + ".db";
}

// What a kept file begins with: `magic`, the key's size, the key.
std::string header(std::string_view magic, const std::string& key) {
  std::string out(magic);
  append_u32(out, static_cast<std::uint32_t>(key.size()));
  return out + key;
}

// A file's bytes, mapped (read only): a database is read without a copy of it.
class MappedFile {
public:
  // `populate`: every page mapped at once (MAP_POPULATE), not a fault at a time.
  explicit MappedFile(const std::string& path, bool populate = false) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* at = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                        MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
      if (at != MAP_FAILED) {
        m_data = static_cast<const char*>(at);
        m_size = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_size);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    }
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {m_data == nullptr ? "" : m_data, m_size}; }
  // The mapping is the caller's from now on (to munmap(bytes())).
  void release() {
    m_data = nullptr;
    m_size = 0;
  }

private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
};

// The databases used in place in a mapped file, by address: their mappings
// (start, length), unmapped by free_database().
struct Mappings {
  std::mutex mutex;
  std::unordered_map<const void*, std::pair<const void*, std::size_t>> by_db;
};
Mappings& mappings() {
  static Mappings m;
  return m;
}

// A kept database is its image as hs_deserialize_database_at() writes it at a
// page boundary (its bytecode then cache-line aligned wherever a page maps it),
// used in place: loading it maps the file, not a fault, zeroing and copy of each
// of its megabytes into fresh memory (a third of a one-row classify's CPU). The
// file: kMagic, the key, the image's size and XXH3 (a damaged file is no
// database), zeros to the next multiple of kPage, the image.
constexpr std::size_t kPage = 4096;

// The name a database's file is kept under: another format's file (an older
// fbkit's) is another file, so two versions that share a folder do not replace each other's.
std::string image_name(const std::string& key) {
  return std::string(kMagic) + key;
}

std::size_t image_offset(std::size_t head) {
  return (head + 2 * sizeof(std::uint64_t) + kPage - 1) / kPage * kPage;
}

// The database `mapped` holds under `key`, used in place (the mapping is then
// its own); null otherwise.
hs_database_t* parse(MappedFile& mapped, const std::string& key) {
  const std::string head = header(kMagic, key);
  const std::string_view bytes = mapped.bytes();
  if (!bytes.starts_with(head) || bytes.size() < image_offset(head.size())) {
    return nullptr;
  }
  std::uint64_t size = 0, sum = 0;
  std::memcpy(&size, bytes.data() + head.size(), sizeof size);
  std::memcpy(&sum, bytes.data() + head.size() + sizeof size, sizeof sum);
  const std::size_t at = image_offset(head.size());
  if (size != bytes.size() - at || XXH3_64bits(bytes.data() + at, size) != sum) {
    return nullptr;
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): Hyperscan only reads a database
  auto* db = reinterpret_cast<hs_database_t*>(const_cast<char*>(bytes.data() + at));
  Mappings& m = mappings();
  const std::lock_guard<std::mutex> lock(m.mutex);
  m.by_db.emplace(db, std::pair{static_cast<const void*>(bytes.data()), bytes.size()});
  mapped.release();
  return db;
}

// At most kept() databases stay in the folder: after a new one is written, the
// least recently used beyond that number are removed (a rule writer's every
// edit makes a new one). A file's time is when it was last written or loaded
// (touch), so the databases of rules in constant use (the defaults) are not
// removed by a burst of others written meanwhile (and then compiled again).
// 32, or $FBKIT_CACHE_KEEP: a test suite's hundreds of rule files in one
// folder evicted the default rules' databases, whose compile is seconds.
std::size_t kept() {
  constexpr std::size_t kKept = 32;
  const char* v = std::getenv("FBKIT_CACHE_KEEP");
  if (v == nullptr || *v == '\0') {
    return kKept;
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return *end == '\0' && n > 0 ? static_cast<std::size_t>(n) : kKept;
}

void prune(const std::string& dir) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 6 && name.starts_with("hs-") && name.ends_with(".db")) {
      files.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  const std::size_t keep = kept();
  if (files.size() <= keep) {
    return;
  }
  std::sort(files.begin(), files.end(), std::greater<>());
  for (std::size_t i = keep; i < files.size(); ++i) {
    std::filesystem::remove(files[i].second, ec);
  }
}

// Marks a file as just used: prune() removes the least recently used.
void touch(const std::string& file) {
  std::error_code ec;
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
}

// Keeps `bytes` in the cache folder's file for `name` (written atomically),
// then prunes the folder; nothing when there is no folder. A cache that cannot
// be written is no cache: the next run finds the same again.
void keep(const std::string& name, std::string_view bytes) {
  const std::string dir = folder();
  if (dir.empty()) {
    return;
  }
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    write_file_atomic(file_for(dir, name), bytes);
    prune(dir);
  } catch (const std::exception&) {
    // Not kept.
  }
}

// The bytes after `head` in the cache folder's file for `name`, which is then
// marked as just used; none without a folder, without the file (or unreadable)
// or when the file does not begin with `head` (another's).
std::optional<std::string> read_kept(const std::string& name, std::string_view head) {
  const std::string dir = folder();
  if (dir.empty()) {
    return std::nullopt;
  }
  const std::string file = file_for(dir, name);
  const MappedFile mapped(file);
  if (!mapped.bytes().starts_with(head)) {
    return std::nullopt;
  }
  touch(file);
  return std::string(mapped.bytes().substr(head.size()));
}

void store(const std::string& key, const hs_database_t* db) {
  char* data = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &data, &size) != HS_SUCCESS) {
    return;
  }
  const std::unique_ptr<char, void (*)(void*)> serialized(data, std::free);
  std::size_t image_size = 0;
  if (hs_serialized_database_size(data, size, &image_size) != HS_SUCCESS) {
    return;
  }
  // NOLINTNEXTLINE(cppcoreguidelines-no-malloc): freed by the deleter
  const std::unique_ptr<void, void (*)(void*)> image(
      std::aligned_alloc(kPage, (image_size + kPage - 1) / kPage * kPage), std::free);
  if (image == nullptr ||
      hs_deserialize_database_at(data, size, static_cast<hs_database_t*>(image.get())) != HS_SUCCESS) {
    return;
  }
  std::string bytes = header(kMagic, key);
  const std::size_t at = image_offset(bytes.size());
  const std::uint64_t n = image_size, sum = XXH3_64bits(image.get(), image_size);
  bytes.append(reinterpret_cast<const char*>(&n), sizeof n);
  bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  bytes.resize(at, '\0');
  bytes.append(static_cast<const char*>(image.get()), image_size);
  keep(image_name(key), bytes);
}

}  // namespace

std::string folder() {
  const auto absolute = [](const char* v) { return v != nullptr && v[0] == '/'; };
  if (const char* dir = std::getenv("FBKIT_CACHE_DIR"); dir != nullptr && *dir != '\0') {
    return std::string_view(dir) == "off" || !absolute(dir) ? std::string() : std::string(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); absolute(xdg)) {
    return std::string(xdg) + "/fbkit";
  }
  if (const char* home = std::getenv("HOME"); absolute(home)) {
    return std::string(home) + "/.cache/fbkit";
  }
  return {};
}

std::string key(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                const std::vector<unsigned>& ids, unsigned mode) {
  std::string k = hs_version();
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    append_u32(k, platform.tune);
    k.append(reinterpret_cast<const char*>(&platform.cpu_features), sizeof platform.cpu_features);
  }
  append_u32(k, mode);
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    append_u32(k, flags[i]);
    append_u32(k, ids[i]);
    const std::size_t n = std::strlen(exprs[i]);
    append_u32(k, static_cast<std::uint32_t>(n));
    k.append(exprs[i], n);
  }
  return k;
}

hs_database_t* compile(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                       const std::vector<unsigned>& ids, unsigned mode, hs_compile_error_t** error) {
  *error = nullptr;
  const std::string dir = folder();
  const std::string k = dir.empty() ? std::string() : key(exprs, flags, ids, mode);
  if (!dir.empty()) {
    // Not there (or unreadable, or another's): compiled below.
    const std::string file = file_for(dir, image_name(k));
    MappedFile mapped(file, true);  // the checksum reads every page
    if (hs_database_t* db = parse(mapped, k); db != nullptr) {
      touch(file);
      return db;
    }
  }
  hs_database_t* db = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), mode, nullptr, &db,
                       error) != HS_SUCCESS) {
    return nullptr;
  }
  if (!dir.empty()) {
    store(k, db);
  }
  return db;
}

namespace {

std::string refused_key(const char* expr, unsigned flags, unsigned mode) {
  return std::string(kRefused) + key({expr}, {flags}, {0}, mode);
}

}  // namespace

bool refused(const char* expr, unsigned flags, unsigned mode) {
  // A marker holds its key and nothing else.
  const std::string k = refused_key(expr, flags, mode);
  const std::optional<std::string> rest = read_kept(k, k);
  return rest && rest->empty();
}

void mark_refused(const char* expr, unsigned flags, unsigned mode) {
  const std::string k = refused_key(expr, flags, mode);
  keep(k, k);
}

std::optional<std::string> recall(const std::string& key) {
  return read_kept(std::string(kNote) + key, header(kNote, key));
}

void remember(const std::string& key, const std::string& value) {
  keep(std::string(kNote) + key, header(kNote, key) + value);
}

void free_database(void* db) {
  {
    Mappings& m = mappings();
    const std::lock_guard<std::mutex> lock(m.mutex);
    if (const auto it = m.by_db.find(db); it != m.by_db.end()) {
      ::munmap(const_cast<void*>(it->second.first),
               it->second.second);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
      m.by_db.erase(it);
      return;
    }
  }
  hs_free_database(static_cast<hs_database_t*>(db));
}

}  // namespace fbkit::classify::hs_cache
