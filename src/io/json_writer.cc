// JSON Lines writer for the output contract. Written straight into one string (no
// DOM): the bytes are those nlohmann::ordered_json's dump() gave (compact, keys in
// the order below, UTF-8 kept as is, invalid UTF-8 replaced by U+FFFD), which
// tests/unit/json_writer_test.cc checks against nlohmann itself.
#include "io/json_writer.h"

#include <charconv>
#include <cstring>
#include <optional>
#include <nlohmann/json.hpp>

#include "util/utf8.h"

namespace cronaca {

std::string entity_id(uint32_t index) { return "e" + std::to_string(index + 1); }
std::string event_id(uint32_t index) { return "v" + std::to_string(index + 1); }
std::string claim_id(uint32_t index) { return "c" + std::to_string(index + 1); }

namespace {

// Byte offsets of the text to code point offsets, as CodePointMap gives them (the code
// point that starts at or contains the byte; past the end, the number of code points).
// Spans mostly come in text order, so it counts code point starts from the previous
// offset instead of searching; far jumps, and text that is not UTF-8, use CodePointMap.
class SpanMap {
 public:
  SpanMap(std::string_view text, bool utf8) : text_(text), utf8_(utf8) {}
  void set_utf8(bool utf8) { utf8_ = utf8; }
  uint32_t operator()(uint32_t pos) {
    if (!utf8_) return slow(pos);
    if (pos >= text_.size()) {
      if (!total_) total_ = starts_before(static_cast<uint32_t>(text_.size()));
      return *total_;
    }
    return starts_before(pos + 1) - 1;  // starts in [0, pos], less one
  }

 private:
  // Code point starts in [0, end).
  uint32_t starts_before(uint32_t end) {
    if (end + 4096 < at_) {  // far back: ask the map (code point starts in [0, end))
      at_ = end;
      count_ = end == 0 ? 0 : end >= text_.size() ? slow(end) : slow(end - 1) + 1;
      return count_;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    if (end >= at_) {
      uint32_t i = at_;
      for (; i + 8 <= end; i += 8) {  // eight bytes at a time: 8 less the continuation bytes
        uint64_t x;
        std::memcpy(&x, p + i, 8);
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;  // 10xxxxxx
        count_ += 8 - static_cast<uint32_t>(((cont >> 7) * 0x0101010101010101ull) >> 56);
      }
      for (; i < end; ++i) count_ += (p[i] & 0xC0) != 0x80;
    } else {
      for (uint32_t i = end; i < at_; ++i) count_ -= (p[i] & 0xC0) != 0x80;
    }
    at_ = end;
    return count_;
  }
  uint32_t slow(uint32_t pos) {
    if (!map_) map_.emplace(text_);
    return (*map_)(pos);
  }

  std::string_view text_;
  bool utf8_;
  uint32_t at_ = 0, count_ = 0;  // count_ = code point starts in [0, at_)
  std::optional<uint32_t> total_;
  std::optional<CodePointMap> map_;
};

// Appends JSON to a string; knows where commas go.
class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}

  Out& key(std::string_view k) {  // k: plain ASCII, no escapes needed
    comma();
    s_.push_back('"');
    s_.append(k);
    s_.append("\":");
    fresh_ = true;
    return *this;
  }
  Out& str(std::string_view v) {
    comma();
    escaped(v);
    return *this;
  }
  bool last_was_utf8() const { return last_utf8_; }
  Out& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  Out& null() {
    comma();
    s_.append("null");
    return *this;
  }
  Out& num(uint64_t v) {
    comma();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    s_.append(buf, r.ptr);
    return *this;
  }
  Out& id(const std::optional<uint32_t>& i, char prefix) {
    if (!i) return null();
    comma();
    s_.push_back('"');
    s_.push_back(prefix);
    char buf[16];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(*i) + 1);
    s_.append(buf, r.ptr);
    s_.push_back('"');
    return *this;
  }
  Out& span(SpanMap& cp, Span sp) {
    open('[');
    num(cp(sp.begin));
    num(cp(sp.end));
    return close(']');
  }
  Out& open(char c) {
    comma();
    s_.push_back(c);
    fresh_ = true;
    return *this;
  }
  Out& close(char c) {
    s_.push_back(c);
    fresh_ = false;
    return *this;
  }

 private:
  void comma() {
    if (!fresh_) s_.push_back(',');
    fresh_ = false;
  }
  // The string in quotes, escaped as nlohmann escapes it; checks UTF-8 on the way.
  void escaped(std::string_view v) {
    static const char* kHex = "0123456789abcdef";
    const size_t start = s_.size();
    s_.push_back('"');
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    const size_t n = v.size();
    size_t run = 0;  // bytes [run, i) are still to copy
    for (size_t i = 0; i < n;) {
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
          s_.resize(start);
          s_.append(nlohmann::ordered_json(std::string(v)).dump(-1, ' ', false,
                                                                nlohmann::json::error_handler_t::replace));
          return;
        }
        i += len;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      s_.append(v.data() + run, i - run);
      switch (c) {
        case '"': s_.append("\\\""); break;
        case '\\': s_.append("\\\\"); break;
        case '\b': s_.append("\\b"); break;
        case '\t': s_.append("\\t"); break;
        case '\n': s_.append("\\n"); break;
        case '\f': s_.append("\\f"); break;
        case '\r': s_.append("\\r"); break;
        default:
          s_.append("\\u00");
          s_.push_back(kHex[c >> 4]);
          s_.push_back(kHex[c & 15]);
      }
      run = ++i;
    }
    s_.append(v.data() + run, n - run);
    s_.push_back('"');
    last_utf8_ = true;
  }


  std::string& s_;
  bool last_utf8_ = true;  // the last string written was UTF-8
  bool fresh_ = true;  // nothing written yet in the current array or object (or after a key)
};

}  // namespace

std::string to_json_line(const Document& doc, const JsonOptions& options) {
  SpanMap cp(doc.text, false);
  std::string s;
  s.reserve(doc.text.size() * 2 + 256 + (options.tokens ? doc.tokens.size() * 48 : 0));
  Out o(s);
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
  return s;
}

}  // namespace cronaca
