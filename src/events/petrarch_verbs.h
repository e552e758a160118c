// Importer for PETRARCH's verb dictionary format (CAMEO.2.0.txt, the public
// English dictionary of the PETRARCH/Phoenix coders) into event patterns.
//
// What the format holds and what the importer keeps:
//   &NAME / +WORD ...        synonym sets (until a blank line); kept, and expanded
//                            where a pattern names them ("&WEAPON").
//   ---  VERB   [code]  ---  a verb block; "[---]" means no default code.
//   WORD [code] {FORMS}      a verb of the block, its own default code and its
//                            irregular forms; "+SET_UP" is a phrasal verb: the first
//                            word triggers, the rest must follow (pattern "near").
//   - pre * post [code] # c  a pattern for every verb of the block: the words after
//                            '*' become the pattern's complement ("needs"), those
//                            before it (when nothing follows) a complement before
//                            the verb; "(PREP ...)" groups are read as words;
//                            "{A B}" phrases as words in order; '$' (source), '+'
//                            (target), '%' and '^' markers are dropped, except that
//                            "(PREP +)" makes PREP the target's preposition.
//                            "[a:b]" codes keep the first non-empty part.
//   ~ ... (transformations) and # comments are skipped.
// Imported patterns get ids "petrarch:<BLOCK>" (the verbs' defaults) and
// "petrarch:<BLOCK>:<line>" (the patterns), language "en".
//
// Example:
//   PatternSet en("en");
//   PetrarchVerbImport r = import_petrarch_verbs("CAMEO.2.0.txt", en);
//   // r.verbs, r.patterns, r.skipped lines with r.warnings ("file:line: why")
//
// Errors: throws DataFileError only when the file cannot be read or is not
// UTF-8; odd lines are skipped and listed in the result's warnings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "events/patterns.h"

namespace cronaca {

struct PetrarchVerbImport {
  size_t blocks = 0;                  // verb blocks read
  size_t verbs = 0;                   // verb lines with a code (default patterns added)
  size_t patterns = 0;                // patterns added from "- ... * ..." lines
  size_t skipped = 0;                 // lines not understood (see warnings)
  std::vector<std::string> warnings;  // "file:line: why", at most 100
};

/// Reads a PETRARCH verb dictionary and adds its patterns to `into`.
PetrarchVerbImport import_petrarch_verbs(const std::filesystem::path& file, PatternSet& into);

}  // namespace cronaca
