// FlatTable: an immutable hash table from strings to a small value, for the look-ups
// that run at every token (the gazetteer, the entity cue words).
//
// Open addressing with linear probing over a power-of-two array of slots; each slot
// holds 32 bits of the key's 64-bit hash (the other bits choose the slot), the key's first
// 8 bytes, where the rest is in one arena, and the value: 24 bytes for a 4-byte value. A look-up computes one hash (callers that probe
// several tables with the same word compute it once: FlatTable::hash) and usually
// touches one slot; keys are compared only when the stored bits match. Nothing is
// allocated after build().
//
// Example:
//   FlatTable<uint32_t> t;
//   t.build({{"nato", 1}, {"onu", 2}});
//   if (const uint32_t* v = t.find("nato")) use(*v);
//
// Thread safety: immutable after build(); find() is safe from any thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cronaca {

/// The hash FlatTable uses (deterministic: the same in every run).
[[gnu::always_inline]] inline uint64_t flat_hash(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(p[i]) << (8 * i);
  h = (h ^ w) * 0x94d049bb133111ebull;
  h ^= h >> 32;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 29;
  return h;
}

template <class V>
class FlatTable {
 public:
  static uint64_t hash(std::string_view key) { return flat_hash(key); }

  /// Builds the table; keys must be distinct (a repeated key keeps its first value).
  void build(const std::vector<std::pair<std::string, V>>& items) {
    std::vector<Item> hashed;
    hashed.reserve(items.size());
    for (const auto& [key, value] : items) hashed.push_back(Item{key, hash(key), value});
    build_hashed(hashed);
  }
  /// A key with its hash (hash(key)) and value, for a caller that has the hashes.
  struct Item {
    std::string_view key;
    uint64_t hash;
    V value;
  };
  void build_hashed(const std::vector<Item>& items) {
    // At most 70% full: short probe runs in a table small enough to stay in the cache.
    size_t cap = 16;
    while (cap * 7 < items.size() * 10 + 7) cap <<= 1;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    arena_.clear();
    size_t bytes = 0;
    for (const auto& it : items) bytes += it.key.size();
    arena_.reserve(bytes);
    for (const auto& [key, h, value] : items) {
      size_t i = h & mask_;
      bool dup = false;
      while (slots_[i].len != kEmpty) {
        if (slots_[i].tag == tag(h) && view(slots_[i]) == key) {
          dup = true;
          break;
        }
        i = (i + 1) & mask_;
      }
      if (dup) continue;
      slots_[i].tag = tag(h);
      slots_[i].off = static_cast<uint32_t>(arena_.size());
      slots_[i].len = static_cast<uint32_t>(key.size());
      slots_[i].head = head(key);
      slots_[i].value = value;
      arena_.append(key);
    }
    size_ = 0;
    for (const auto& s : slots_) size_ += s.len != kEmpty;
  }

  /// The value of `key`, or null. `h` must be hash(key).
  const V* find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.len == kEmpty) return nullptr;
      // The first 8 bytes are in the slot: most words are compared without reading the arena.
      if (s.tag == tag(h) && s.len == key.size() && s.head == head(key) &&
          (key.size() <= 8 || std::memcmp(arena_.data() + s.off + 8, key.data() + 8, key.size() - 8) == 0))
        return &s.value;
    }
  }
  const V* find(std::string_view key) const { return find(key, hash(key)); }
  /// Asks the processor to fetch the slot where find(key, h) starts: a caller with many keys
  /// to look up prefetches a few ahead, so that their cache misses overlap.
  void prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }

  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static uint32_t tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
  static uint64_t head(std::string_view k) {
    uint64_t w = 0;
    std::memcpy(&w, k.data(), k.size() < 8 ? k.size() : 8);
    return w;
  }
  struct Slot {
    uint64_t head = 0;  // the key's first 8 bytes, zero-padded
    uint32_t tag = 0;
    uint32_t off = 0;
    uint32_t len = kEmpty;
    V value{};
  };
  std::string_view view(const Slot& s) const { return std::string_view(arena_).substr(s.off, s.len); }

  std::vector<Slot> slots_;
  std::string arena_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

/// A map from strings to V that grows as a loader fills it: each key is copied once into an
/// arena and found by open addressing over its flat_hash, with no allocation per key. Then
/// for_each() hands the items, in the order first added, with their hashes, to make a
/// FlatTable (build_hashed) or anything else. Keys handed out stay valid while the builder lives.
template <class V>
class FlatTableBuilder {
 public:
  /// The value of `key`, value-initialised when the key is new.
  V& operator[](std::string_view key) { return *try_emplace(key, V{}).first; }
  /// Adds `key` with `value` unless it is there: its value, and whether it was added.
  std::pair<V*, bool> try_emplace(std::string_view key, V value) {
    uint64_t h = flat_hash(key);
    if ((items_.size() + 1) * 10 > slots_.size() * 7) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNil) {
        slots_[i] = static_cast<uint32_t>(items_.size());
        items_.push_back(Item{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), h, std::move(value)});
        arena_.append(key);
        return {&items_.back().value, true};
      }
      if (items_[id].hash == h && key_of(items_[id]) == key) return {&items_[id].value, false};
    }
  }
  /// The value of `key`, or null.
  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    uint64_t h = flat_hash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNil) return nullptr;
      if (items_[id].hash == h && key_of(items_[id]) == key) return &items_[id].value;
    }
  }
  /// f(key, hash, value) for every item, in the order first added.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& it : items_) f(key_of(it), it.hash, it.value);
  }
  size_t size() const { return items_.size(); }

 private:
  static constexpr uint32_t kNil = UINT32_MAX;
  struct Item {
    uint32_t off, len;
    uint64_t hash;
    V value;
  };
  std::string_view key_of(const Item& it) const { return std::string_view(arena_).substr(it.off, it.len); }
  void grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, kNil);
    size_t mask = slots_.size() - 1;
    for (uint32_t id = 0; id < items_.size(); ++id) {
      size_t i = items_[id].hash & mask;
      while (slots_[i] != kNil) i = (i + 1) & mask;
      slots_[i] = id;
    }
  }
  std::vector<uint32_t> slots_;
  std::vector<Item> items_;
  std::string arena_;
};

}  // namespace cronaca
