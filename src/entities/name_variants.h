// Spelling variants of one name: the transliteration skeleton.
//
// Names from languages written in other alphabets reach Italian and English news
// in several spellings (Tokayev / Tokaev, Nazarbayev / Nazarbaev, Zelensky /
// Zelenskyy / Zelenskij, Gorbachev / Gorbaciov). name_skeleton() maps a name to a
// key that such spellings share:
//   - case-folded, diacritics removed (NFD, marks dropped);
//   - digraphs reduced: kh->h, gh->g, ch->c, sh->s, zh->z, ph->f, th->t, ck->k, ts->c,
//     dzh->g, dj->g, ou->u, w->v, q->k, x->ks;
//   - y and j become i; an i between two vowels, or at the end after a vowel, is dropped;
//   - a doubled letter becomes one.
// same_name_variant() compares two skeletons and also accepts two names whose
// consonants agree and whose first letters agree (Gorbachev / Gorbaciov), when the
// names are long enough (5 letters) for that not to join unrelated names.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace cronaca {

/// The transliteration skeleton of one word of a name ("Tokayev" -> "tokaev").
std::string name_skeleton(std::string_view word);
/// True when two words of a name are spellings of one name (see above).
bool same_name_variant(std::string_view a, std::string_view b);
/// The same test on skeletons already made by name_skeleton() (for loops).
bool same_skeleton_variant(const std::string& sa, const std::string& sb);
/// The parts of a skeleton that same_skeleton_variant compares beyond the skeleton itself:
/// its consonants (letters other than a e i o u) and its number of vowels (a e i o u). A loop
/// over many pairs computes them once per skeleton.
std::string skeleton_consonants(std::string_view skeleton);
int skeleton_vowels(std::string_view skeleton);

}  // namespace cronaca
