// Stage "morph": lemma, coarse part of speech, features and "known" for each token.
//
// Reads:  tokens (kind, flags, norm, span), lang
// Writes: tokens[].lemma, pos, features, known
// Data:   Apertium analysers through lttoolbox (Debian apertium-spa-ita, apertium-eng-spa):
//           /usr/share/apertium/apertium-spa-ita/ita-spa.automorf.bin (Italian)
//           /usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin (English)
//         hunspell dictionaries (hunspell-it, hunspell-en-us): /usr/share/hunspell/{it_IT,en_US}.{aff,dic}
//         Snowball stemmers (libstemmer) "italian", "english"
//         data/<lang>/morph_forms.tsv: forms the analysers cannot see because the segmenter
//           makes them (English "n't", "ca" of "can't") — form, lemma, pos, features
//         Paths of the Debian resources can be moved with $CRONACA_APERTIUM_DIR and
//         $CRONACA_HUNSPELL_DIR. A language with no resources gets pos from the token kind
//         and lemma = norm.
//
// How a word is analysed (once per form, then cached):
//   1. morph_forms.tsv, when it lists the form;
//   2. Apertium (the transducer walked by FstAnalyser, text/fst_analyser.h, giving what
//      lt-proc gives for the word alone): every reading (lemma + tags); the first tag gives
//      the coarse pos:
//      n NOUN, np PROPN, vblex vbser vbhaver vbmod vaux vbdo VERB, adj ADJ, adv preadv ADV,
//      det predet DET, prn rel PRON, pr ADP, cnjcoo cnjsub cnjadv CONJ, num NUM, else X.
//      For a multi-part reading ("dell’" = di<pr>+il<det>) the first part decides.
//   3. else hunspell: when it knows the lower-cased form, its stem (if the stem shares the
//      word's first letters) is the lemma and the pos is guessed from the ending (NOUN by
//      default; -are/-ere/-ire VERB in Italian; -ly ADV, -ing/-ed VERB in English);
//   4. else Snowball's stem is the lemma and the pos is X (PROPN when capitalised).
//   known = the lower-cased form is a word: Apertium has a reading other than a proper noun
//   for it, or hunspell accepts it ("Putin" is not known, "Mosca" is: mosca, the fly).
// Choosing among readings, left to right (heuristics, in this order):
//   - a capitalised word not at the start of its sentence (nor after an opening quote or a
//     colon): its proper-noun reading; else PROPN with the surface as lemma unless it can be
//     a determiner, pronoun, preposition or conjunction ("Nato" is not "nascere", "Mosca"
//     not the fly); an unknown capitalised word is PROPN anywhere;
//   - a determiner/pronoun ambiguity ("la", "l’", "that"): DET when the next word can be a
//     noun or an adjective, else PRON;
//   - after a determiner or an adjective: NOUN, then ADJ;
//   - after an auxiliary or modal verb or a personal/clitic pronoun: VERB;
//   - after a preposition: an infinitive, else NOUN;
//   - Italian: after a noun, ADJ or a participle; a participle after an article is a NOUN
//     ("la testata"; lemma: the singular of its gender);
//   - English: "'s" after a noun is the possessive; after an auxiliary or modal, a participle,
//     infinitive or gerund; adverbs are looked through ("can't wait");
//   - else by a fixed order: DET ADP CONJ PRON NOUN VERB ADJ ADV NUM PROPN X, ties by the
//     analyser's order.
// Punctuation, quotes and dashes get PUNCT, numbers NUM, symbols X; their lemma is norm.
//
// Thread safety: the analysers are loaded once per process, on first use of a language
// (the transducer in about 10 ms, hunspell in about 35 ms), and shared by all stages and
// threads: the transducer walker is immutable, hunspell and Snowball are used under a
// lock. The cache of analyses per form is the stage's, shared by all threads: looked up
// under a shared lock; a new form is claimed under an exclusive one, analysed by the
// thread that claimed it while any other thread that meets it waits, then published. So
// each form is analysed once whatever the number of threads, and as an analysis depends
// only on the form, the output does not depend on which thread made it. The hunspell
// guess for a form no analyser reads is made on first need (most are capitalised names,
// proper nouns wherever they stand, which never need one) and shared by the forms with
// the same lower case.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/stage.h"

namespace cronaca {

/// One analysis of a word form.
struct MorphReading {
  std::string lemma;
  std::string_view pos;       // coarse part of speech (an interned string, see morph_intern)
  std::string_view features;  // the analyser's tags ("<vblex><pp><m><sg>"), interned
};

/// The one copy, kept for the life of the process, of a part-of-speech or tag string.
/// Thread-safe. Tags form a small closed set, so the pool stays small.
std::string_view morph_intern(std::string_view s);

class MorphStage : public Stage {
 public:
  /// Reads ctx.data_dir/{it,en}/morph_forms.tsv (DataFileError when malformed). The
  /// analysers are loaded on first use; a missing resource file leaves that language
  /// without it.
  explicit MorphStage(const StageContext& ctx);
  ~MorphStage() override;
  std::string_view name() const override { return "morph"; }
  void run(Document& doc) const override;

  /// Every reading of one word form in `lang` ("it", "en"), in the analyser's order,
  /// and whether a dictionary knows the lower-cased form. For tests and tools.
  std::vector<MorphReading> analyse(std::string_view lang, std::string_view form, bool* known = nullptr) const;

  struct LangResources {
    std::string apertium;  // path of the automorf.bin, empty when missing
    std::string hunspell;  // path without extension (".../it_IT"), empty when missing
    std::string snowball;  // Snowball algorithm name
    std::unordered_map<std::string, MorphReading> forms;  // morph_forms.tsv, by norm
  };

 private:
  struct Lang;
  const Lang* lang(std::string_view code) const;
  const LangResources* resources(std::string_view lang) const;

  LangResources it_, en_;
  std::unique_ptr<Lang> it_lang_, en_lang_;
};

}  // namespace cronaca
