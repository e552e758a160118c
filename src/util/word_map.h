// WordMap: a hash map from short strings (token norms, lemmas) to small values, for
// the look-ups the stages make at every token.
//
// Keys of up to 16 bytes are kept inline in the table as two machine words, so a
// look-up hashes two words and compares them: no allocation, no string compare, one
// cache line touched. Longer keys are kept in an arena and compared with memcmp.
// Open addressing with linear probing, power-of-two size, at most half full.
//
// Example:
//   WordMap<uint32_t> kinds;
//   kinds.set("della", 3);
//   if (const uint32_t* k = kinds.find(token.norm)) ...
//
// Thread safety: find() is const and safe from any thread once no thread calls set().
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cronaca {

namespace word_map_detail {

// Little-endian loads (the byte at p first), whatever the machine.
inline uint32_t load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}
inline uint64_t load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The bytes of s[0, n) (n <= 8), zero-padded, as a little-endian word, reading no
// byte outside the string.
inline uint64_t load_upto8(const char* p, size_t n) {
  if (n >= 4) return uint64_t(load32(p)) | (uint64_t(load32(p + n - 4)) << (8 * (n - 4)));
  if (n == 0) return 0;
  // 1 to 3 bytes: the first, middle and last byte cover them all
  auto byte = [&](size_t k) { return uint64_t(static_cast<unsigned char>(p[k])) << (8 * k); };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

inline uint64_t mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 32);
}

}  // namespace word_map_detail

/// A string of up to 16 bytes as two words (zero-padded) and its length.
struct ShortKey {
  static constexpr size_t kMax = 16;
  uint64_t w0 = 0, w1 = 0;
  uint32_t size = 0;

  /// s.size() must be <= kMax.
  static ShortKey of(std::string_view s) {
    ShortKey k;
    k.size = static_cast<uint32_t>(s.size());
    if (s.size() <= 8) {
      k.w0 = word_map_detail::load_upto8(s.data(), s.size());
    } else {
      k.w0 = word_map_detail::load64(s.data());
      // bytes 8.. of s: the last eight, with the overlap with w0 shifted out
      k.w1 = word_map_detail::load64(s.data() + s.size() - 8) >> (8 * (kMax - s.size()));
    }
    return k;
  }
  /// One multiply: WordMap takes the slot and filter bits from the top of the product,
  /// which depend on every byte of the key.
  uint64_t hash() const { return (w0 ^ (w1 * 0x9E3779B97F4A7C15ull) ^ (uint64_t(size) << 56)) * 0xBF58476D1CE4E5B9ull; }
  bool operator==(const ShortKey& o) const { return w0 == o.w0 && w1 == o.w1 && size == o.size; }
};

/// a == b, with no call for strings of up to eight bytes (two word loads and a compare).
inline bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() <= 8) return word_map_detail::load_upto8(a.data(), a.size()) == word_map_detail::load_upto8(b.data(), b.size());
  return std::memcmp(a.data(), b.data(), a.size()) == 0;
}

/// A hash of any string (for keys longer than ShortKey::kMax).
inline uint64_t long_key_hash(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t k = 0;
  for (; k + 8 <= s.size(); k += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + k, 8);
    h = word_map_detail::mix(h ^ v);
  }
  return word_map_detail::mix(h ^ word_map_detail::load_upto8(s.data() + k, s.size() - k));
}

/// `Filtered`: keep a bit per possible hash (a byte per slot) so that most look-ups of
/// absent keys touch no slot: for small maps mostly asked for words they do not have.
template <class V, bool Filtered = true>
class WordMap {
 public:
  /// Adds `key` with `value`, or replaces the value it has; returns the stored value.
  V& set(std::string_view key, V value) {
    if (V* v = find_mut(key)) return *v = std::move(value);
    if ((count_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    Slot s;
    if (key.size() <= ShortKey::kMax) {
      const ShortKey k = ShortKey::of(key);
      s.w0 = k.w0;
      s.w1 = k.w1;
    } else {
      s.w0 = arena_.size();   // a long key: its offset in arena_
      arena_.append(key);
    }
    s.size = static_cast<uint32_t>(key.size());
    s.value = std::move(value);
    ++count_;
    return place(std::move(s)).value;
  }

  /// The value of `key`, added with V{} when absent.
  V& operator[](std::string_view key) {
    if (V* v = find_mut(key)) return *v;
    return set(key, V{});
  }

  /// The value of `key`, or nullptr.
  [[gnu::always_inline]] const V* find(std::string_view key) const { return const_cast<WordMap*>(this)->find_mut(key); }

  /// Asks the memory for the slot where find(key) will start (a hint; no effect on
  /// results): several look-ups in a large map then wait for the memory together.
  void prefetch(std::string_view key) const {
    if (count_ == 0) return;
    const uint64_t h = key.size() <= ShortKey::kMax ? ShortKey::of(key).hash() : long_key_hash(key);
    __builtin_prefetch(slots_.data() + slot_of(h));
  }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  void clear() {
    slots_.clear();
    filter_.clear();
    arena_.clear();
    count_ = 0;
    mask_ = 0;
    shift_ = 64;
  }

 private:
  static constexpr uint32_t kUnused = UINT32_MAX;
  struct Slot {
    uint64_t w0 = 0, w1 = 0;   // a short key's bytes (ShortKey); a long key's offset in arena_ (w0)
    uint32_t size = kUnused;   // the key's size; kUnused for an empty slot
    V value{};
  };

  std::string_view long_key(const Slot& s) const { return std::string_view(arena_).substr(s.w0, s.size); }
  uint64_t hash_of(const Slot& s) const {
    return s.size <= ShortKey::kMax ? ShortKey{s.w0, s.w1, s.size}.hash() : long_key_hash(long_key(s));
  }
  // The slot of a hash: its top bits. The filter bit: the top bits too, three more (a
  // finer bucket: 8 filter bits a slot).
  size_t slot_of(uint64_t h) const { return static_cast<size_t>(h >> shift_); }
  size_t filter_bit(uint64_t h) const { return static_cast<size_t>(h >> (shift_ - 3)); }
  bool filter_has(uint64_t h) const {
    const size_t b = filter_bit(h);
    return (filter_[b / 64] >> (b % 64)) & 1;
  }
  Slot& place(Slot&& s) {
    const uint64_t h = hash_of(s);
    if (Filtered) filter_[filter_bit(h) / 64] |= uint64_t(1) << (filter_bit(h) % 64);
    size_t i = slot_of(h);
    while (slots_[i].size != kUnused) i = (i + 1) & mask_;
    slots_[i] = std::move(s);
    return slots_[i];
  }
  void rehash(size_t n) {   // n: a power of two, 16 or more
    std::vector<Slot> old(n);
    old.swap(slots_);
    mask_ = n - 1;
    shift_ = 64 - std::countr_zero(n);
    if (Filtered) filter_.assign(n / 8, 0);   // 8 bits a slot
    for (Slot& s : old)
      if (s.size != kUnused) place(std::move(s));
  }
  // The look-up of a short key is inline in the caller (the common case: a token norm,
  // in a loop over tokens); a long key's is a call.
  [[gnu::always_inline]] V* find_mut(std::string_view key) {
    if (key.size() > ShortKey::kMax) return find_long(key);
    if (count_ == 0) return nullptr;
    const ShortKey k = ShortKey::of(key);
    const uint64_t h = k.hash();
    if (Filtered && !filter_has(h)) return nullptr;
    Slot* slots = slots_.data();
    for (size_t i = slot_of(h);; i = (i + 1) & mask_) {
      Slot& s = slots[i];
      if (s.size == k.size && s.w0 == k.w0 && s.w1 == k.w1) return &s.value;
      if (s.size == kUnused) return nullptr;
    }
  }
  [[gnu::noinline]] V* find_long(std::string_view key) {
    if (count_ == 0) return nullptr;
    for (size_t i = slot_of(long_key_hash(key));; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.size == kUnused) return nullptr;
      if (s.size == key.size() && std::memcmp(arena_.data() + s.w0, key.data(), key.size()) == 0) return &s.value;
    }
  }

  std::vector<Slot> slots_;
  std::vector<uint64_t> filter_;   // with Filtered: a bit per filter_bit() of the keys present
  std::string arena_;
  size_t count_ = 0;
  size_t mask_ = 0;                // slots_.size() - 1
  int shift_ = 64;                 // 64 - log2(slots_.size())
};

}  // namespace cronaca
