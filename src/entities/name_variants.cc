// Transliteration skeletons of names. Tests: tests/cases/entities/variants.txt via
// tests/unit/entities_test.cc.
#include "entities/name_variants.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "util/utf8.h"

namespace cronaca {

namespace {

// Lower-case ASCII letters of the word, diacritics dropped; other letters kept as UTF-8.
std::string fold_ascii(std::string_view word) {
  bool ascii = true;
  for (unsigned char c : word) ascii = ascii && c < 0x80;
  std::string out;
  if (ascii) {
    for (char c : word) {
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      else if (c >= 'a' && c <= 'z') out.push_back(c);
    }
    return out;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
  u.foldCase();
  if (U_SUCCESS(err)) u = nfd->normalize(u, err);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (!u_isalpha(c)) continue;
    if (c == 0x00DF) {  // ß
      out += "ss";
      continue;
    }
    utf8_append(out, static_cast<char32_t>(c));
  }
  return out;
}

bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

std::string name_skeleton(std::string_view word) {
  std::string s = fold_ascii(word);
  std::string r;
  r.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    char n = i + 1 < s.size() ? s[i + 1] : 0;
    char n2 = i + 2 < s.size() ? s[i + 2] : 0;
    if (c == 'd' && n == 'z' && n2 == 'h') { r.push_back('g'); i += 2; continue; }
    if (c == 'd' && n == 'j') { r.push_back('g'); ++i; continue; }
    if (c == 'z' && n == 'h') { r.push_back('i'); ++i; continue; }  // Zhomart / Jomart
    if (c == 'h' && !r.empty() && vowel(r.back()) && (n == 0 || !vowel(n))) continue;  // Abdullah
    if (n == 'h' && (c == 'k' || c == 'g' || c == 'c' || c == 's' || c == 'z' || c == 't' || c == 'p')) {
      r.push_back(c == 'k' ? 'h' : c == 'p' ? 'f' : c);
      ++i;
      continue;
    }
    if (c == 'c' && n == 'k') { r.push_back('k'); ++i; continue; }
    if (c == 't' && n == 's') { r.push_back('c'); ++i; continue; }
    if (c == 'o' && n == 'u') { r.push_back('u'); ++i; continue; }
    if (c == 'w') { r.push_back('v'); continue; }
    if (c == 'q') { r.push_back('k'); continue; }
    if (c == 'x') { r += "ks"; continue; }
    if (c == 'y' || c == 'j') { r.push_back('i'); continue; }
    r.push_back(c);
  }
  // Drop an i between vowels or after a final vowel ("tokaiev" -> "tokaev", "zelenskii" -> "zelenski").
  std::string t;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == 'i' && i > 0 && vowel(r[i - 1]) && r[i - 1] != 'i' &&
        (i + 1 == r.size() || (vowel(r[i + 1]) && r[i + 1] != 'i')))
      continue;
    if (r[i] == 'i' && i > 0 && r[i - 1] == 'i') continue;  // "ii" -> "i"
    t.push_back(r[i]);
  }
  // Doubled letters become one.
  std::string out;
  for (char c : t)
    if (out.empty() || out.back() != c) out.push_back(c);
  return out;
}

bool same_name_variant(std::string_view a, std::string_view b) {
  return same_skeleton_variant(name_skeleton(a), name_skeleton(b));
}

std::string skeleton_consonants(std::string_view s) {
  std::string c;
  for (char x : s)
    if (!vowel(x) && x != 'i') c.push_back(x);
  return c;
}

int skeleton_vowels(std::string_view s) {
  int n = 0;
  for (char x : s) n += vowel(x) ? 1 : 0;
  return n;
}

bool same_skeleton_variant(const std::string& sa, const std::string& sb) {
  if (sa.empty() || sb.empty()) return false;
  if (sa == sb) return true;
  if (sa.size() < 5 || sb.size() < 5 || sa[0] != sb[0]) return false;
  std::string ca = skeleton_consonants(sa), cb = skeleton_consonants(sb);
  if (ca.size() < 3 || ca != cb) return false;
  // The vowels may differ, but not their number by more than one.
  int d = skeleton_vowels(sa) - skeleton_vowels(sb);
  return d >= -1 && d <= 1;
}

}  // namespace cronaca
