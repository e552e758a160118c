// Importer for actor dictionaries in the PETRARCH/TABARI format (the public
// Phoenix.*.actors.txt files of openeventdata/petrarch2).
//
// The format, one item a line:
//   AFGHANISTAN_  [AFG]            an actor: its name (words joined by '_' or spaces;
//                                  a trailing '_' is dropped) and codes in brackets
//   +AFGHAN_                       an alias of the actor above
//   	[AFGGOV 030101-050131]    (indented) another code of the actor above, with a
//                                  date range; also [CODE >YYMMDD] (from the day after)
//                                  and [CODE <YYMMDD] (until the day before); dates are
//                                  YYMMDD (YY <= 30 is 20YY, else 19YY) or YYYYMMDD
//   # comment                      to the end of the line, anywhere
//   <!-- ... -->, <! ... !>        comment blocks, possibly over several lines
//   [---]                          no code
// Undated codes are moved after the dated ones, so the KnowledgeBase's rule
// "the first item whose range holds the date wins" gives the dated code first and
// the undated one as the default.
//
// The format has no entity type: GPE when every code is a bare country code,
// PER when the actor has dated codes (office holders), ORG otherwise.
//
// Errors: DataFileError (file:line) when the file cannot be read, is not UTF-8,
// has an alias or a code before any actor, or an unterminated '['. Dates that
// cannot be read are ignored (that side stays open) and reported in `warnings`.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kb/knowledge_base.h"

namespace cronaca {

struct PetrarchActorImport {
  std::vector<Actor> actors;
  std::vector<std::string> warnings;   // "file:line: what was ignored"
};

/// Reads one PETRARCH actor dictionary.
PetrarchActorImport import_petrarch_actors(const std::filesystem::path& file);
/// Same, from text already in memory (`origin` names it in messages).
PetrarchActorImport parse_petrarch_actors(std::string_view text, const std::filesystem::path& origin);

/// "GEORGE_W._BUSH_" -> "George W. Bush": underscores to spaces, words in title
/// case except short function words ("of", "the", "de", "al"), which stay lower case.
std::string petrarch_display_name(std::string_view raw);

}  // namespace cronaca
