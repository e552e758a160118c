// JSON Lines writer for the output contract. Written straight into one string (no
// DOM): the bytes are those nlohmann::ordered_json's dump() gave (compact, keys in
// the order below, UTF-8 kept as is, invalid UTF-8 replaced by U+FFFD), which
// tests/unit/json_writer_test.cc checks against nlohmann itself.
#include "io/json_writer.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>
#include <nlohmann/json.hpp>

#include "io/plain_ascii.h"
#include "util/utf8.h"

namespace cronaca {

std::string entity_id(uint32_t index) { return "e" + std::to_string(index + 1); }
std::string event_id(uint32_t index) { return "v" + std::to_string(index + 1); }
std::string claim_id(uint32_t index) { return "c" + std::to_string(index + 1); }

namespace {

// Byte offsets of the text to code point offsets, as CodePointMap gives them (the code
// point that starts at or contains the byte; past the end, the number of code points).
// For UTF-8 text: the number of code point starts before every 16th byte, counted in
// one pass eight bytes at a time; an offset is that count plus the starts among at most
// 15 bytes of its block (two words), whatever order the spans come in. Text that is
// not UTF-8 uses CodePointMap.
class SpanMap {
 public:
  SpanMap(std::string_view text, bool utf8) : text_(text), blocks_(block_buffer()) { set_utf8(utf8); }
  void set_utf8(bool utf8) {
    utf8_ = utf8;
    if (utf8_ && !built_) build();
  }
  uint32_t operator()(uint32_t pos) {
    if (!utf8_) return slow(pos);
    if (pos >= text_.size()) return total_;
    return starts_before(pos + 1) - 1;  // starts in [0, pos], less one
  }

 private:
  static constexpr uint32_t kBlock = 16;
  static std::vector<uint32_t>& block_buffer() {
    thread_local std::vector<uint32_t> b;
    return b;
  }
  static uint64_t load_le(const unsigned char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
  }
  // The first k bytes (k <= 8) of a little-endian word, the others zero.
  static uint64_t first_bytes(uint64_t x, uint32_t k) { return k == 0 ? 0 : x & (~uint64_t(0) >> (64 - 8 * k)); }
  // Continuation bytes (10xxxxxx) in a word; a sum of bytes by a multiply (std::popcount
  // is a call without -mpopcnt).
  static uint32_t continuations(uint64_t x) {
    const uint64_t c = x & ~(x << 1) & 0x8080808080808080ull;
    return static_cast<uint32_t>(((c >> 7) * 0x0101010101010101ull) >> 56);
  }
  // Code point starts among the first r bytes (r < 16) of the 16 bytes at q.
  static uint32_t starts_in(const unsigned char* q, uint32_t r) {
    const uint64_t w0 = load_le(q), w1 = load_le(q + 8);
    if (r <= 8) return r - continuations(first_bytes(w0, r));
    return r - continuations(w0) - continuations(first_bytes(w1, r - 8));
  }
  // The 16 bytes of block b: the text, or for the last, partial block a zero-padded copy.
  const unsigned char* block(size_t b) const {
    const size_t at = b * kBlock;
    if (at + kBlock <= text_.size()) return reinterpret_cast<const unsigned char*>(text_.data()) + at;
    return tail_;
  }
  void build() {
    built_ = true;
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    const size_t n = text_.size(), full = n / kBlock;
    blocks_.resize(full + 1);
    uint32_t count = 0;
    for (size_t b = 0; b < full; ++b) {
      blocks_[b] = count;
      count += kBlock - continuations(load_le(p + b * kBlock)) - continuations(load_le(p + b * kBlock + 8));
    }
    blocks_[full] = count;
    std::memcpy(tail_, p + full * kBlock, n - full * kBlock);
    total_ = count + starts_in(tail_, static_cast<uint32_t>(n - full * kBlock));
  }
  // Code point starts in [0, end), end <= text size.
  uint32_t starts_before(uint32_t end) const {
    const uint32_t b = end / kBlock;
    return blocks_[b] + starts_in(block(b), end % kBlock);
  }
  uint32_t slow(uint32_t pos) {
    if (!map_) map_.emplace(text_);
    return (*map_)(pos);
  }

  std::string_view text_;
  bool utf8_ = false, built_ = false;
  std::vector<uint32_t>& blocks_;  // blocks_[k]: code point starts in [0, 16k) (a buffer kept per thread)
  unsigned char tail_[kBlock] = {};
  uint32_t total_ = 0;             // code points in the text
  std::optional<CodePointMap> map_;
};

// Appends JSON to a buffer; knows where commas go. Writes through a pointer into a
// buffer kept per thread (room made before each write), and hands the bytes out as one
// string at the end: no capacity check per byte.
class Out {
 public:
  Out() : buf_(buffer()) {
    if (buf_.size() < 4096) buf_.resize(4096);
    p_ = buf_.data();
    end_ = p_ + buf_.size();
  }

  /// The bytes written, with room for `extra` more bytes without reallocating.
  std::string take(size_t extra) const {
    std::string out;
    out.reserve(size() + extra);
    out.append(buf_.data(), size());
    return out;
  }

  Out& key(std::string_view k) {  // k: plain ASCII, no escapes needed
    need(k.size() + 4);
    comma();
    *p_++ = '"';
    put(k);
    *p_++ = '"';
    *p_++ = ':';
    fresh_ = true;
    return *this;
  }
  Out& str(std::string_view v) {
    need(1);
    comma();
    escaped(v);
    return *this;
  }
  bool last_was_utf8() const { return last_utf8_; }
  Out& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  Out& null() {
    need(5);
    comma();
    put("null");
    return *this;
  }
  Out& num(uint64_t v) {
    need(24);
    comma();
    number(v);
    return *this;
  }
  Out& id(const std::optional<uint32_t>& i, char prefix) {
    if (!i) return null();
    need(16);
    comma();
    *p_++ = '"';
    *p_++ = prefix;
    number(static_cast<uint64_t>(*i) + 1);
    *p_++ = '"';
    return *this;
  }
  Out& span(SpanMap& cp, Span sp) {
    need(24);
    comma();
    *p_++ = '[';
    number(cp(sp.begin));
    *p_++ = ',';
    number(cp(sp.end));
    *p_++ = ']';
    return *this;
  }
  Out& open(char c) {
    need(2);
    comma();
    *p_++ = c;
    fresh_ = true;
    return *this;
  }
  Out& close(char c) {
    need(1);
    *p_++ = c;
    fresh_ = false;
    return *this;
  }

 private:
  static std::string& buffer() {
    thread_local std::string b;
    return b;
  }
  size_t size() const { return static_cast<size_t>(p_ - buf_.data()); }
  // Room for n more bytes.
  [[gnu::always_inline]] void need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) grow(n);
  }
  [[gnu::noinline]] void grow(size_t n) {
    const size_t used = size();
    buf_.resize(std::max(buf_.size() * 2, used + n + 4096));
    p_ = buf_.data() + used;
    end_ = buf_.data() + buf_.size();
  }
  void put(std::string_view v) {  // room made by the caller
    std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  void number(uint64_t v) {  // room for 20 digits made by the caller
    p_ = std::to_chars(p_, p_ + 20, v).ptr;
  }
  void comma() {  // room for one byte made by the caller
    if (!fresh_) *p_++ = ',';
    fresh_ = false;
  }
  // The string in quotes, escaped as nlohmann escapes it; checks UTF-8 on the way.
  void escaped(std::string_view v) {
    static const char* kHex = "0123456789abcdef";
    const size_t start = size();
    need(1);
    *p_++ = '"';
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    const size_t n = v.size();
    size_t run = 0;  // bytes [run, i) are still to copy
    for (size_t i = 0; i < n;) {
      i = plain_ascii_run(p, i, n);
      // Eight plain ASCII bytes at a time (no quote, backslash or control character).
      while (i + 8 <= n) {
        uint64_t x;
        std::memcpy(&x, p + i, 8);
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        auto has_zero = [&](uint64_t v) { return (v - ones) & ~v & highs; };
        if ((x & highs) || has_zero(x ^ (ones * '"')) || has_zero(x ^ (ones * '\\')) || ((x - ones * 0x20) & ~x & highs))
          break;
        i += 8;
      }
      if (i >= n) break;
      const unsigned char c = p[i];
      if (c >= 0x80) {
        size_t len = utf8_sequence_length(p + i, n - i);
        if (len == 0) {  // not UTF-8: nlohmann's replacement of bad bytes, exactly
          last_utf8_ = false;
          p_ = buf_.data() + start;
          const std::string dumped =
              nlohmann::ordered_json(std::string(v)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          need(dumped.size());
          put(dumped);
          return;
        }
        i += len;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      need(i - run + 6);
      put(v.substr(run, i - run));
      *p_++ = '\\';
      switch (c) {
        case '"': *p_++ = '"'; break;
        case '\\': *p_++ = '\\'; break;
        case '\b': *p_++ = 'b'; break;
        case '\t': *p_++ = 't'; break;
        case '\n': *p_++ = 'n'; break;
        case '\f': *p_++ = 'f'; break;
        case '\r': *p_++ = 'r'; break;
        default:
          put("u00");
          *p_++ = kHex[c >> 4];
          *p_++ = kHex[c & 15];
      }
      run = ++i;
    }
    need(n - run + 1);
    put(v.substr(run));
    *p_++ = '"';
    last_utf8_ = true;
  }

  std::string& buf_;
  char* p_ = nullptr;
  char* end_ = nullptr;
  bool last_utf8_ = true;  // the last string written was UTF-8
  bool fresh_ = true;  // nothing written yet in the current array or object (or after a key)
};

}  // namespace

std::string to_json_line(const Document& doc, const JsonOptions& options) {
  SpanMap cp(doc.text, false);
  Out o;
  o.open('{');
  o.key("id").str(doc.id);
  o.key("date");
  if (doc.date.known()) o.str(doc.date.str());
  else o.null();
  o.key("lang").str(doc.lang);
  if (!doc.source.empty()) o.key("source").str(doc.source);
  if (!doc.url.empty()) o.key("url").str(doc.url);
  if (!doc.title.empty()) o.key("title").str(doc.title);
  o.key("text").str(doc.text);
  cp.set_utf8(o.last_was_utf8());  // checked while writing it

  o.key("sentences").open('[');
  for (const auto& st : doc.sentences) o.span(cp, st.span);
  o.close(']');
  if (options.tokens) {
    o.key("tokens").open('[');
    for (const auto& t : doc.tokens) {
      o.open('{');
      o.key("span").span(cp, t.span);
      o.key("lemma").str(t.lemma);
      o.key("pos").str(t.pos);
      o.close('}');
    }
    o.close(']');
  }

  o.key("entities").open('[');
  for (uint32_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    o.open('{');
    o.key("id").id(i, 'e');
    o.key("name").str(e.name);
    o.key("type").str(to_string(e.type));
    o.key("actor").str_or_null(e.actor);
    if (!e.kb_id.empty()) o.key("kb").str(e.kb_id);
    if (!e.country.empty()) o.key("country").str(e.country);
    if (!e.roles.empty()) {
      o.key("roles").open('[');
      for (const auto& r : e.roles) o.str(r);
      o.close(']');
    }
    o.key("mentions").open('[');
    for (const Mention& m : e.mentions) {
      if (m.kind == MentionKind::Name) {
        o.span(cp, m.span);
      } else {
        o.open('{');
        o.key("span").span(cp, m.span);
        o.key("kind").str(to_string(m.kind));
        o.close('}');
      }
    }
    o.close(']');
    o.close('}');
  }
  o.close(']');

  o.key("timexes").open('[');
  for (const Timex& t : doc.timexes) {
    o.open('{');
    o.key("span").span(cp, t.span);
    o.key("type").str(to_string(t.type));
    o.key("value").str(t.value);
    o.key("rule").str(t.rule);
    o.close('}');
  }
  o.close(']');

  o.key("quotes").open('[');
  for (const Quote& q : doc.quotes) {
    o.open('{');
    o.key("span").span(cp, q.span);
    o.key("speaker").id(q.speaker, 'e');
    if (!q.cue.empty()) o.key("cue").span(cp, q.cue);
    o.key("rule").str(q.rule);
    o.close('}');
  }
  o.close(']');

  o.key("events").open('[');
  for (uint32_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    o.open('{');
    o.key("id").id(i, 'v');
    o.key("code").str(e.code);
    o.key("plover").str_or_null(e.plover);
    o.key("source").id(e.source, 'e');
    o.key("target").id(e.target, 'e');
    o.key("source_actor").str_or_null(e.source_actor);
    o.key("target_actor").str_or_null(e.target_actor);
    o.key("date").str_or_null(e.date);
    o.key("place").id(e.place, 'e');
    o.key("mode").str(to_string(e.mode));
    o.key("evidence").span(cp, e.evidence);
    if (!e.trigger.empty()) o.key("trigger").span(cp, e.trigger);
    o.key("rule").str(e.rule);
    o.close('}');
  }
  o.close(']');

  o.key("claims").open('[');
  for (uint32_t i = 0; i < doc.claims.size(); ++i) {
    const Claim& c = doc.claims[i];
    o.open('{');
    o.key("id").id(i, 'c');
    o.key("source").id(c.source, 'e');
    o.key("span").span(cp, c.span);
    o.key("event").id(c.event, 'v');
    o.key("status").str(to_string(c.status));
    o.key("history").open('[');
    for (const auto& h : c.history) {
      o.open('{');
      o.key("status").str(to_string(h.status));
      o.key("by").id(h.by, 'e');
      o.key("evidence").span(cp, h.evidence);
      o.key("date").str_or_null(h.date);
      o.close('}');
    }
    o.close(']');
    o.key("rule").str(c.rule);
    o.close('}');
  }
  o.close(']');
  o.close('}');
  return o.take(1);  // room for the newline the caller adds
}

}  // namespace cronaca
