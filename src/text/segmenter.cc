// Segmentation: one left-to-right scan over code points makes the tokens (a
// character class table for ASCII, ICU's u_isalpha/u_isupper for the rest), then a
// second pass over the tokens places the sentence breaks. No regular expressions,
// no per-token allocation beyond the norm string. The rules are listed in
// segmenter.h; the cases that pin them are tests/cases/segment/{it,en}.txt.
#include "text/segmenter.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>

#include "util/errors.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

enum class Cls : uint8_t {
  Space,
  Newline,
  Letter,
  Digit,
  Mark,        // combining marks, soft hyphen, zero-width joiners: glue to the word
  Apostrophe,  // ' ’ ʼ : elision, clitic or single quotation mark
  OpenSingle,  // ‘ `
  Quote,       // “ ” „ ‟ « » ‹ › "
  Hyphen,      // - ‐ ‑
  Dash,        // – — ― −
  Period,      // .
  Ellipsis,    // …
  Punct,
  Symbol,
};

std::array<Cls, 128> make_ascii_table() {
  std::array<Cls, 128> t{};
  for (int c = 0; c < 128; ++c) {
    Cls k = Cls::Symbol;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') k = Cls::Space;
    else if (c == '\n') k = Cls::Newline;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = Cls::Letter;
    else if (c >= '0' && c <= '9') k = Cls::Digit;
    else if (c == '\'') k = Cls::Apostrophe;
    else if (c == '`') k = Cls::OpenSingle;
    else if (c == '"') k = Cls::Quote;
    else if (c == '-') k = Cls::Hyphen;
    else if (c == '.') k = Cls::Period;
    else if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' || c == '[' ||
             c == ']' || c == '{' || c == '}')
      k = Cls::Punct;
    else if (c < 0x20 || c == 0x7F) k = Cls::Space;
    t[c] = k;
  }
  return t;
}

const std::array<Cls, 128> kAscii = make_ascii_table();

Cls classify(char32_t c) {
  if (c < 128) return kAscii[c];
  switch (c) {
    case 0x2019: case 0x02BC: return Cls::Apostrophe;
    case 0x2018: case 0x201B: return Cls::OpenSingle;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
      return Cls::Quote;
    case 0x2010: case 0x2011: return Cls::Hyphen;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return Cls::Dash;
    case 0x2026: return Cls::Ellipsis;
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0xFE0F: return Cls::Mark;
    case 0x2028: case 0x2029: case 0x0085: return Cls::Newline;
    default: break;
  }
  if (u_isalpha(static_cast<UChar32>(c))) return Cls::Letter;
  int8_t type = u_charType(static_cast<UChar32>(c));
  switch (type) {
    case U_DECIMAL_DIGIT_NUMBER: return Cls::Digit;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK: return Cls::Mark;
    case U_SPACE_SEPARATOR: case U_CONTROL_CHAR: case U_FORMAT_CHAR: return Cls::Space;
    case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR: return Cls::Newline;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION: case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
      return Cls::Punct;
    default: return Cls::Symbol;
  }
}

bool is_upper(char32_t c) {
  if (c < 128) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}
bool is_lower(char32_t c) {
  if (c < 128) return c >= 'a' && c <= 'z';
  return u_islower(static_cast<UChar32>(c));
}
bool is_word_char(Cls k) { return k == Cls::Letter || k == Cls::Digit || k == Cls::Mark; }

// A code point with its class and byte length, read without advancing.
struct Peek {
  char32_t c = 0;
  Cls cls = Cls::Space;
  uint32_t len = 0;  // 0 at the end of the text
};

void append_lower_ascii(std::string& out, std::string_view s) {
  for (char ch : s) out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
}

// Case-folded, apostrophes as U+0027, NFC when the token holds combining marks; into
// out (cleared first).
void make_norm_into(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  bool ascii = true;
  for (unsigned char ch : s)
    if (ch >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    for (char ch : s) out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch == '`' ? '\'' : ch);
    return;
  }
  bool marks = false;
  size_t p = 0;
  while (p < s.size()) {
    char32_t c = utf8_next(s, p);
    if (c == 0x2019 || c == 0x2018 || c == 0x201B || c == 0x02BC || c == '`') {
      out.push_back('\'');
      continue;
    }
    if (c >= 0x300 && classify(c) == Cls::Mark) marks = true;
    if (c < 128) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
    } else {
      utf8_append(out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
    }
  }
  if (marks) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
    if (U_SUCCESS(err)) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(out);
      icu::UnicodeString n = nfc->normalize(u, err);
      if (U_SUCCESS(err)) {
        out.clear();
        n.toUTF8String(out);
      }
    }
  }
}

std::string make_norm(std::string_view s) {
  std::string out;
  make_norm_into(s, out);
  return out;
}

bool is_terminal(std::string_view s) {
  return s == "." || s == "!" || s == "?" || s == "\xE2\x80\xA6" || s == "..." || (s.size() > 1 && s[0] == '.');
}

class Tokenizer {
 public:
  Tokenizer(const std::string& text, const SegmentStage::LangTables& t, std::vector<Token>& out)
      : text_(text), t_(t), out_(out) {}

  // Per token: line breaks before it (2 = paragraph break).
  std::vector<uint8_t> breaks_before;

  void run() {
    uint32_t n = static_cast<uint32_t>(text_.size());
    pos_ = 0;
    while (pos_ < n) {
      Peek p = peek(pos_);
      switch (p.cls) {
        case Cls::Space:
          space_ = true;
          pos_ += p.len;
          continue;
        case Cls::Newline:
          space_ = true;
          if (newlines_ < 2) ++newlines_;
          pos_ += p.len;
          continue;
        default: break;
      }
      if (newlines_ >= 2) open_single_ = 0;
      uint32_t start = pos_;
      switch (p.cls) {
        case Cls::Letter:
        case Cls::Mark: scan_word(start); break;
        case Cls::Digit: scan_number(start); break;
        case Cls::Apostrophe: scan_apostrophe(start, p); break;
        case Cls::OpenSingle:
          ++open_single_;
          emit(start, start + p.len, TokenKind::Quote);
          break;
        case Cls::Quote: emit(start, start + p.len, TokenKind::Quote); break;
        case Cls::Hyphen:
        case Cls::Dash: {
          uint32_t e = start + p.len;
          for (Peek q = peek(e); q.cls == Cls::Hyphen || q.cls == Cls::Dash; q = peek(e)) e += q.len;
          emit(start, e, TokenKind::Dash);
          break;
        }
        case Cls::Period: {
          uint32_t e = start + 1;
          while (e < n && text_[e] == '.') ++e;
          emit(start, e, TokenKind::Punct);
          break;
        }
        case Cls::Ellipsis:
        case Cls::Punct: emit(start, start + p.len, TokenKind::Punct); break;
        default: emit(start, start + p.len, TokenKind::Symbol); break;
      }
    }
  }

 private:
  Peek peek(uint32_t at) const {
    Peek p;
    if (at >= text_.size()) return p;
    auto b = static_cast<unsigned char>(text_[at]);
    if (b < 0x80) {
      p.c = b;
      p.cls = kAscii[b];
      p.len = 1;
      return p;
    }
    size_t q = at;
    p.c = utf8_next(text_, q);
    p.len = static_cast<uint32_t>(q - at);
    p.cls = classify(p.c);
    return p;
  }

  void emit(uint32_t b, uint32_t e, TokenKind kind, uint8_t extra = 0) {
    Token& t = out_.emplace_back();  // made in place: no token copied
    t.span = {b, e};
    t.kind = kind;
    t.flags = extra;
    if (space_) t.flags |= kSpaceBefore;
    std::string_view s(text_.data() + b, e - b);
    if (kind == TokenKind::Word && ascii_word(s, t)) {
      breaks_before.push_back(static_cast<uint8_t>(newlines_));
      space_ = false;
      newlines_ = 0;
      pos_ = e;
      return;
    }
    if (kind == TokenKind::Word) {
      int letters = 0, upper = 0;
      bool first_upper = false;
      size_t p = 0;
      while (p < s.size()) {
        char32_t c = utf8_next(s, p);
        Cls k = classify(c);
        if (k != Cls::Letter) continue;
        bool up = is_upper(c);
        if (letters == 0) first_upper = up;
        ++letters;
        if (up) ++upper;
      }
      if (first_upper) t.flags |= kCapitalised;
      if (letters >= 2 && upper == letters) t.flags |= kAllCaps;
    }
    make_norm_into(s, t.norm);
    breaks_before.push_back(static_cast<uint8_t>(newlines_));
    space_ = false;
    newlines_ = 0;
    pos_ = e;
  }

  // A word of ASCII characters: its case flags and norm in one pass. False, having
  // done nothing, when the word holds other characters.
  static bool ascii_word(std::string_view s, Token& t) {
    int letters = 0, upper = 0;
    bool first_upper = false;
    char small[32];  // most words: no allocation, no zero-fill
    std::string big;
    char* norm = small;
    if (s.size() > sizeof small) {
      big.resize(s.size());
      norm = big.data();
    }
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) return false;
      char n = static_cast<char>(c);
      if (c >= 'A' && c <= 'Z') {
        if (letters == 0) first_upper = true;
        ++letters;
        ++upper;
        n = static_cast<char>(c + 32);
      } else if (c >= 'a' && c <= 'z') {
        ++letters;
      } else if (c == '`') {
        n = '\'';
      }
      norm[i] = n;
    }
    t.norm.assign(norm, s.size());
    if (first_upper) t.flags |= kCapitalised;
    if (letters >= 2 && upper == letters) t.flags |= kAllCaps;
    return true;
  }

  // Consumes letters, digits and marks from `at`; returns the end.
  uint32_t word_run(uint32_t at, int* letters = nullptr) const {
    int count = 0;
    // ASCII letters and digits, a byte at a time; anything else through peek().
    const auto* d = reinterpret_cast<const unsigned char*>(text_.data());
    const uint32_t n = static_cast<uint32_t>(text_.size());
    for (; at < n && d[at] < 0x80; ++at) {
      const Cls k = kAscii[d[at]];
      if (k == Cls::Letter) ++count;
      else if (k != Cls::Digit) break;
    }
    for (Peek q = peek(at); is_word_char(q.cls); q = peek(at)) {
      at += q.len;
      if (q.cls == Cls::Letter) ++count;
    }
    if (letters) *letters = count;
    return at;
  }

  bool lower_is(uint32_t b, uint32_t e, std::initializer_list<std::string_view> forms) const {
    std::string w;
    append_lower_ascii(w, std::string_view(text_.data() + b, e - b));
    for (auto f : forms)
      if (w == f) return true;
    return false;
  }

  void scan_word(uint32_t start) {
    uint32_t n = static_cast<uint32_t>(text_.size());
    int seg_letters = 0;
    uint32_t p = word_run(start, &seg_letters);
    bool dotted = false;      // holds inner dots
    bool single_dots = true;  // every dotted segment is one letter ("U.S")
    // URLs: scheme "://" up to white space, less trailing punctuation.
    if (p + 3 <= n && text_[p] == ':' && text_[p + 1] == '/' && text_[p + 2] == '/' &&
        lower_is(start, p, {"http", "https", "ftp"})) {
      uint32_t e = p;
      while (e < n) {
        Peek q = peek(e);
        if (q.cls == Cls::Space || q.cls == Cls::Newline || q.cls == Cls::Quote || q.cls == Cls::OpenSingle) break;
        e += q.len;
      }
      while (e > p + 3 && std::string_view(".,;:!?)]").find(text_[e - 1]) != std::string_view::npos) --e;
      emit(start, e, TokenKind::Word);
      return;
    }
    while (p < n) {
      Peek q = peek(p);
      if (q.cls == Cls::Hyphen) {
        Peek r = peek(p + q.len);
        if (r.cls == Cls::Letter || r.cls == Cls::Digit) {
          p = word_run(p + q.len);
          continue;
        }
        break;
      }
      if (q.c == '.' || q.c == '@') {
        Peek r = peek(p + 1);
        if (r.cls == Cls::Letter && (q.c == '@' || is_lower(r.c) || seg_letters == 1)) {
          if (q.c == '.') {
            dotted = true;
            if (seg_letters != 1) single_dots = false;
          }
          p = word_run(p + 1, &seg_letters);
          continue;
        }
        break;
      }
      if (q.cls == Cls::Apostrophe) {
        Peek r = peek(p + q.len);
        if (!t_.english_clitics && r.cls == Cls::Digit) {  // "all’8"
          emit(start, p + q.len, TokenKind::Word, kElided);
          return;
        }
        if (r.cls != Cls::Letter) break;
        if (!t_.english_clitics) {  // elision: "l’" + next word
          emit(start, p + q.len, TokenKind::Word, kElided);
          return;
        }
        int sl = 0;
        uint32_t se = word_run(p + q.len, &sl);
        Peek after = peek(se);
        bool free = !(after.cls == Cls::Letter || after.cls == Cls::Apostrophe);
        uint32_t ss = p + q.len;
        if (free && lower_is(ss, se, {"s", "m", "re", "ve", "d", "ll"})) {
          emit(start, p, TokenKind::Word);
          emit(p, se, TokenKind::Word);
          return;
        }
        if (free && lower_is(ss, se, {"t"}) && p - start >= 2 && (text_[p - 1] == 'n' || text_[p - 1] == 'N')) {
          emit(start, p - 1, TokenKind::Word);
          emit(p - 1, se, TokenKind::Word);
          return;
        }
        p = se;  // O’Brien, rock’n’roll
        seg_letters = 2;
        continue;
      }
      break;
    }
    // A final dot: abbreviation, initial or dotted acronym.
    if (p < n && text_[p] == '.' && !(p + 1 < n && text_[p + 1] == '.')) {
      std::string key = make_norm(std::string_view(text_.data() + start, p - start));
      key.push_back('.');
      auto it = t_.abbrevs.find(key);
      bool initial = !dotted && seg_letters == 1 && p - start <= 4 && is_upper(peek(start).c);
      if (it != t_.abbrevs.end() && it->second != AbbrevKind::Truncation) {
        emit(start, p + 1, TokenKind::Word, kAbbreviation);
        return;
      }
      if (initial || (dotted && single_dots && seg_letters == 1)) {
        emit(start, p + 1, TokenKind::Word, kAbbreviation);
        return;
      }
    }
    // A final apostrophe before a non-letter.
    if (p < n) {
      Peek q = peek(p);
      if (q.cls == Cls::Apostrophe && open_single_ == 0) {
        std::string key = make_norm(std::string_view(text_.data() + start, p + q.len - start));
        auto it = t_.abbrevs.find(key);
        if (it != t_.abbrevs.end() && it->second == AbbrevKind::Truncation) {
          emit(start, p + q.len, TokenKind::Word);
          return;
        }
        if (t_.english_clitics && (text_[p - 1] == 's' || text_[p - 1] == 'S')) {
          emit(start, p, TokenKind::Word);
          emit(p, p + q.len, TokenKind::Word);
          return;
        }
      }
    }
    emit(start, p, TokenKind::Word);
  }

  void scan_number(uint32_t start) {
    uint32_t n = static_cast<uint32_t>(text_.size());
    auto digits = [&](uint32_t at) {
      while (at < n && peek(at).cls == Cls::Digit) at += peek(at).len;
      return at;
    };
    uint32_t p = digits(start);
    // ISO date 2022-01 or 2022-01-07.
    if (p - start == 4 && p + 3 <= n && text_[p] == '-' && peek(p + 1).cls == Cls::Digit) {
      uint32_t e = digits(p + 1);
      if (e - p == 3 && !(peek(e).cls == Cls::Letter)) {
        p = e;
        if (p + 3 <= n && text_[p] == '-' && peek(p + 1).cls == Cls::Digit) {
          uint32_t e2 = digits(p + 1);
          if (e2 - p == 3) p = e2;
        }
      }
    }
    while (p + 1 < n) {
      char c = text_[p];
      if ((c == '.' || c == ',' || c == ':' || c == '/') && peek(p + 1).cls == Cls::Digit) {
        p = digits(p + 1);
        continue;
      }
      break;
    }
    Peek q = peek(p);
    if (q.c == 0xB0 || q.c == 0xBA || q.c == 0xAA) {  // 1° 1º 1ª
      emit(start, p + q.len, TokenKind::Number);
      return;
    }
    if (q.cls == Cls::Letter || q.cls == Cls::Hyphen) {
      uint32_t e = p;
      if (q.cls == Cls::Letter) {
        e = word_run(p);
        if (lower_is(p, e, {"s", "th", "st", "nd", "rd"}) && peek(e).cls != Cls::Hyphen) {
          emit(start, e, TokenKind::Number);
          return;
        }
      }
      // "5G", "10km", "18-year-old": a word that starts with digits.
      Peek h = peek(e);
      if (h.cls == Cls::Hyphen) {
        Peek r = peek(e + h.len);
        if (r.cls != Cls::Letter) {
          if (e == p) {
            emit(start, p, TokenKind::Number);
            return;
          }
          emit(start, e, TokenKind::Word);
          return;
        }
      }
      if (e == p && h.cls == Cls::Hyphen) e = p;  // digits-hyphen-letter: continue as a word
      uint32_t w = e;
      for (;;) {
        Peek hh = peek(w);
        if (hh.cls != Cls::Hyphen) break;
        Peek r = peek(w + hh.len);
        if (r.cls != Cls::Letter && r.cls != Cls::Digit) break;
        w = word_run(w + hh.len);
      }
      emit(start, w, TokenKind::Word);
      return;
    }
    emit(start, p, TokenKind::Number);
  }

  void scan_apostrophe(uint32_t start, Peek p) {
    bool attached = !space_ && !out_.empty() && out_.back().span.end == start &&
                    (out_.back().kind == TokenKind::Word || out_.back().kind == TokenKind::Number ||
                     out_.back().kind == TokenKind::Punct);
    if (attached) {  // closes a quotation
      if (open_single_ > 0) --open_single_;
      emit(start, start + p.len, TokenKind::Quote);
      return;
    }
    Peek r = peek(start + p.len);
    if (t_.english_clitics && r.cls == Cls::Digit) {  // ’90s
      uint32_t e = start + p.len;
      while (peek(e).cls == Cls::Digit) e += peek(e).len;
      if (e - (start + p.len) == 2) {
        Peek s = peek(e);
        if (s.c == 's') e += 1;
        emit(start, e, TokenKind::Number);
        return;
      }
    }
    ++open_single_;
    emit(start, start + p.len, TokenKind::Quote);
  }

  const std::string& text_;
  const SegmentStage::LangTables& t_;
  std::vector<Token>& out_;
  uint32_t pos_ = 0;
  bool space_ = false;
  int newlines_ = 0;
  int open_single_ = 0;
};

bool is_closing(const Token& t, std::string_view s) {
  if (t.has(kSpaceBefore)) return false;
  if (t.kind == TokenKind::Quote) return true;
  return s == ")" || s == "]" || s == "}";
}

// True when the token's first letter is lower case ("arresto", "iPhone").
bool starts_lower(std::string_view s) {
  size_t p = 0;
  while (p < s.size()) {
    char32_t c = utf8_next(s, p);
    Cls k = classify(c);
    if (k == Cls::Letter) return is_lower(c);
    if (k == Cls::Digit) return false;
  }
  return false;
}

bool opens_sentence(const Token& t, std::string_view s) {
  switch (t.kind) {
    case TokenKind::Word: return !starts_lower(s);
    case TokenKind::Number: return true;
    case TokenKind::Quote: return true;
    case TokenKind::Dash: return true;
    case TokenKind::Punct: return s == "(" || s == "[" || s == "\xE2\x80\xA6" || s.substr(0, 1) == ".";
    case TokenKind::Symbol: return true;
  }
  return false;
}

bool lower_word(const Token& t, std::string_view s) { return t.kind == TokenKind::Word && starts_lower(s); }

void load_abbrevs(const std::filesystem::path& file, SegmentStage::LangTables& t) {
  if (!std::filesystem::exists(file)) return;
  TsvFile f = TsvFile::read(file, {"form", "kind"});
  for (const TsvRow& r : f.rows) {
    const std::string& k = r.get("kind");
    AbbrevKind kind;
    if (k == "title") kind = AbbrevKind::Title;
    else if (k == "abbr") kind = AbbrevKind::Abbr;
    else if (k == "final") kind = AbbrevKind::Final;
    else if (k == "truncation") kind = AbbrevKind::Truncation;
    else f.fail(r, "unknown kind '" + k + "' (title, abbr, final, truncation)");
    std::string form = make_norm(r.get("form"));
    if (form.empty()) f.fail(r, "empty form");
    if (kind != AbbrevKind::Truncation && form.back() != '.') f.fail(r, "an abbreviation ends with its dot");
    t.abbrevs[form] = kind;
  }
}

void load_starters(const std::filesystem::path& file, SegmentStage::LangTables& t) {
  if (!std::filesystem::exists(file)) return;
  TsvFile f = TsvFile::read(file, {"word"});
  for (const TsvRow& r : f.rows) t.starters[make_norm(r.get("word"))] = true;
}

}  // namespace

SegmentStage::SegmentStage(const StageContext& ctx) {
  load_abbrevs(ctx.data_dir / "it" / "abbreviations.tsv", it_);
  load_starters(ctx.data_dir / "it" / "seg_sentence_starters.tsv", it_);
  load_abbrevs(ctx.data_dir / "en" / "abbreviations.tsv", en_);
  load_starters(ctx.data_dir / "en" / "seg_sentence_starters.tsv", en_);
  en_.english_clitics = true;
  other_ = it_;
  for (const auto& [k, v] : en_.abbrevs) other_.abbrevs.emplace(k, v);
  for (const auto& [k, v] : en_.starters) other_.starters.emplace(k, v);
}

const SegmentStage::LangTables& SegmentStage::tables(std::string_view lang) const {
  if (lang == "it") return it_;
  if (lang == "en") return en_;
  return other_;
}

void SegmentStage::run(Document& doc) const {
  doc.tokens.clear();
  doc.sentences.clear();
  const LangTables& t = tables(doc.lang);
  doc.tokens.reserve(doc.text.size() / 5 + 1);
  Tokenizer tok(doc.text, t, doc.tokens);
  tok.breaks_before.reserve(doc.tokens.capacity());
  tok.run();
  auto& tokens = doc.tokens;
  const auto& breaks = tok.breaks_before;
  const uint32_t n = static_cast<uint32_t>(tokens.size());
  if (n == 0) return;

  auto text_of = [&](uint32_t i) { return doc.slice(tokens[i].span); };
  uint32_t first = 0;
  auto close = [&](uint32_t end) {  // sentence [first, end)
    Sentence s;
    s.first_token = first;
    s.end_token = end;
    s.span = {tokens[first].span.begin, tokens[end - 1].span.end};
    uint32_t idx = static_cast<uint32_t>(doc.sentences.size());
    bool started = false;
    for (uint32_t k = first; k < end; ++k) {
      tokens[k].sentence = idx;
      if (!started && (tokens[k].kind == TokenKind::Word || tokens[k].kind == TokenKind::Number)) {
        tokens[k].flags |= kSentenceStart;
        started = true;
      }
    }
    doc.sentences.push_back(s);
    first = end;
  };

  for (uint32_t i = 0; i < n; ++i) {
    const Token& cur = tokens[i];
    std::string_view s = text_of(i);
    bool brk = false;
    uint32_t last = i;  // the sentence's last token if it breaks
    if (cur.kind == TokenKind::Punct && is_terminal(s)) {
      uint32_t j = i + 1;
      while (j < n && breaks[j] == 0) {
        std::string_view sj = text_of(j);
        if ((tokens[j].kind == TokenKind::Punct && is_terminal(sj) && !tokens[j].has(kSpaceBefore)) ||
            is_closing(tokens[j], sj))
          ++j;
        else
          break;
      }
      last = j - 1;
      if (j >= n || breaks[j] > 0) brk = true;
      else brk = opens_sentence(tokens[j], text_of(j)) && tokens[j].has(kSpaceBefore);
    } else if (cur.has(kAbbreviation) && i + 1 < n && breaks[i + 1] == 0) {
      std::string key = cur.norm;
      auto it = t.abbrevs.find(key);
      bool final = (it != t.abbrevs.end() && it->second == AbbrevKind::Final) ||
                   (it == t.abbrevs.end() && key.size() > 2 && key.find('.') < key.size() - 1);
      if (final && tokens[i + 1].kind == TokenKind::Word && tokens[i + 1].has(kCapitalised) &&
          t.starters.count(tokens[i + 1].norm))
        brk = true;
    }
    if (!brk && i + 1 < n && breaks[i + 1] > 0) {
      if (breaks[i + 1] >= 2) {
        brk = true;
      } else {
        // A line ending in , ; ( [ or an opening quote goes on.
        bool cont = s == "," || s == ";" || s == "(" || s == "[" ||
                    (cur.kind == TokenKind::Quote && cur.has(kSpaceBefore));
        brk = !cont && !lower_word(tokens[i + 1], text_of(i + 1));
      }
    }
    if (brk || last + 1 >= n) {
      close(last + 1);
      i = last;
    }
  }
  if (first < n) close(n);
}

}  // namespace cronaca
