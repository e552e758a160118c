#include "quotes/quote_lexicon.h"

#include "util/tsv.h"

namespace cronaca {

QuoteLexicon QuoteLexicon::load(const std::filesystem::path& lang_dir) {
  QuoteLexicon lex;
  TsvFile cues = TsvFile::read(lang_dir / "quote_cues.tsv", {"cue", "kind"});
  for (const TsvRow& r : cues.rows) {
    std::string_view cue = trim(r.get("cue"));
    const std::string& kind = r.get("kind");
    uint8_t k = kind == "verb" ? kCueVerb : kind == "prep" ? kCuePrep : kind == "noun" ? kCueNoun : 0;
    if (!k) cues.fail(r, "unknown cue kind '" + kind + "' (verb, prep, noun)");
    if (cue.empty()) cues.fail(r, "empty cue");
    std::vector<std::string> parts;
    for (const std::string& p : split(cue, ' '))
      if (!p.empty()) parts.push_back(p);
    if (parts.size() == 1) {
      lex.cues[parts[0]] |= k;
    } else {
      MultiCue m;
      m.words.assign(parts.begin() + 1, parts.end());
      m.kinds = k;
      lex.multi_cues[parts[0]].push_back(std::move(m));
    }
  }
  static const std::unordered_map<std::string, uint32_t> kClasses = {
      {"aux", kWAux},         {"adverb", kWAdverb}, {"clitic", kWClitic}, {"pron_m", kWPronM},
      {"pron_f", kWPronF},    {"pron_pl", kWPronPl}, {"pron_it", kWPronIt}, {"pron_1", kWPron1},
      {"relative", kWRelative}, {"prep", kWPrep},   {"det", kWDet},       {"poss", kWPoss},
      {"conj", kWConj},       {"same", kWSame},     {"title", kWTitle},   {"org", kWOrg}};
  TsvFile words = TsvFile::read(lang_dir / "quote_words.tsv", {"word", "class"});
  for (const TsvRow& r : words.rows) {
    auto it = kClasses.find(r.get("class"));
    if (it == kClasses.end()) words.fail(r, "unknown word class '" + r.get("class") + "'");
    std::string w(trim(r.get("word")));
    if (w.empty()) words.fail(r, "empty word");
    lex.words[w] |= it->second;
  }
  if (std::filesystem::exists(lang_dir / "quote_options.tsv")) {
    TsvFile opts = TsvFile::read(lang_dir / "quote_options.tsv", {"option", "value"});
    for (const TsvRow& r : opts.rows) {
      const std::string& v = r.get("value");
      if (r.get("option") == "partial_quotes") {
        if (v != "keep" && v != "drop") opts.fail(r, "partial_quotes is keep or drop, not '" + v + "'");
        lex.keep_partial = v == "keep";
      } else {
        opts.fail(r, "unknown option '" + r.get("option") + "'");
      }
    }
  }
  return lex;
}

}  // namespace cronaca
