// The document model: one news article and every annotation found in it.
//
// A Document owns its text (UTF-8, exactly as read). Every annotation is a
// Span of byte offsets into that text; the writers convert to Unicode code
// points only when they emit the output contract (docs: ../shared/docs/CONTRACT.md).
//
// The layers are filled in pipeline order, each by one stage:
//
//   reader    -> id, date, lang, source, url, title, text, origin
//   segment   -> sentences, tokens (span, kind, shape flags, norm)
//   morph     -> tokens[i].lemma, .pos, .known
//   entities  -> entities, mentions
//   time      -> timexes
//   quotes    -> quotes (and pronoun/nominal mentions for speakers)
//   events    -> events
//   claims    -> claims
//
// Entities, events and claims refer to each other by index into their vectors;
// the contract's string ids ("e1", "v1", "c1") are made by the writers from those
// indexes, so ids are stable for a given input.
//
// Thread safety: a Document is owned by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"

namespace cronaca {

/// Byte offsets [begin, end) into Document::text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

/// What a token is, decided by the segmenter from its characters.
enum class TokenKind : uint8_t {
  Word,         // letters, with inner hyphens, apostrophes or dots ("Orda.kz", "Nato-Russia")
  Number,       // digits, with inner separators ("2019", "1.500", "3,5", "7/1/2022")
  Punct,        // . , ; : ! ? ( ) [ ] … and other punctuation
  Quote,        // “ ” ‘ ’ « » " ' used as quotation marks
  Dash,         // – — and a free-standing - (an aside, a range, Putin–Tokayev)
  Symbol,       // anything else: % € $ @ # & /
};

/// Flags the segmenter sets from the token's characters and position.
enum TokenFlag : uint8_t {
  kCapitalised = 1 << 0,     // first letter upper case ("Tokayev", "USA")
  kAllCaps = 1 << 1,         // every letter upper case, at least two letters ("NATO", "KNB")
  kSentenceStart = 1 << 2,   // first word of its sentence (after opening quotes or dashes)
  kElided = 1 << 3,          // ends in an apostrophe of elision ("l'", "dell’", "un'")
  kSpaceBefore = 1 << 4,     // white space precedes it
  kAbbreviation = 1 << 5,    // a known abbreviation that keeps its final dot ("Dr.", "ecc.")
};

struct Token {
  Span span;                 // in Document::text
  TokenKind kind = TokenKind::Word;
  uint8_t flags = 0;         // TokenFlag bits
  uint32_t sentence = 0;     // index into Document::sentences
  std::string norm;          // case-folded, apostrophes normalised to U+0027, NFC
  // Filled by the morphology stage:
  std::string lemma;         // the most likely lemma; norm when unknown
  // pos and features point at strings interned for the life of the process (a closed,
  // small set), so filling them costs no allocation per token.
  std::string_view pos;      // coarse part of speech: NOUN VERB ADJ ADV DET PRON ADP CONJ NUM PROPN PUNCT X
  std::string_view features; // the analyser's tags for the chosen reading ("<vblex><pii><p3><sg>")
  bool known = false;        // a dictionary knows this form (lower-cased)

  bool has(TokenFlag f) const { return (flags & f) != 0; }
};

struct Sentence {
  Span span;                 // from the first token's begin to the last token's end
  uint32_t first_token = 0;  // tokens [first_token, end_token)
  uint32_t end_token = 0;
};

enum class EntityType : uint8_t { PER, ORG, GPE, LOC, MISC };
enum class MentionKind : uint8_t { Name, Nominal, Pronoun };

struct Mention {
  Span span;
  MentionKind kind = MentionKind::Name;
  std::string rule;          // which rule found it ("kb", "propn", "apposition", ...)
};

struct Entity {
  std::string name;          // canonical name (from the knowledge base, else the longest name mention)
  EntityType type = EntityType::MISC;
  std::string actor;         // CAMEO actor code valid at the document date ("KAZGOV"); empty if none
  std::string kb_id;         // knowledge-base id when the entity is known ("tokayev"); else empty
  std::string country;       // ISO 3166 alpha-3 / CAMEO country code when known
  std::vector<std::string> roles;  // roles the text gives it ("presidente kazako")
  std::vector<Mention> mentions;   // sorted by span
};

struct Timex {
  Span span;
  enum class Type : uint8_t { DATE, TIME, DURATION, SET } type = Type::DATE;
  std::string value;         // TIMEX3 value resolved against the document date ("2022-01", "P3D", "PAST_REF")
  std::string rule;
};

struct Quote {
  Span span;                         // the quoted words, without the marks
  std::optional<uint32_t> speaker;   // index into Document::entities
  Span cue;                          // the cue that attributes it ("ha aggiunto"); empty if none
  std::string rule;
};

enum class Mode : uint8_t { Asserted, Reported, Negated, Hypothetical, Future };

struct Event {
  std::string code;                  // CAMEO event code ("173", "0871")
  std::string plover;                // PLOVER category ("ARREST")
  std::optional<uint32_t> source;    // index into Document::entities
  std::optional<uint32_t> target;
  std::string source_actor;          // CAMEO actor codes; may be set without an entity
  std::string target_actor;
  std::string date;                  // TIMEX3 value of the governing time expression, else the document date
  std::optional<uint32_t> place;     // index into Document::entities (a GPE or LOC)
  Mode mode = Mode::Asserted;
  Span evidence;                     // the clause or sentence that states it
  Span trigger;                      // the words that triggered the rule
  std::string rule;                  // which pattern made it ("it:arrestare#passive")
};

enum class ClaimStatus : uint8_t { Reported, Retracted, Denied, Contradicted, Confirmed, Disputed };

struct ClaimStatusChange {
  ClaimStatus status = ClaimStatus::Reported;
  std::optional<uint32_t> by;        // entity that changed it (retracting source, denier)
  Span evidence;                     // the words that change it
  std::string date;                  // when (TIMEX3 value)
};

struct Claim {
  std::optional<uint32_t> source;    // index into Document::entities
  Span span;                         // the proposition's words
  std::optional<uint32_t> event;     // index into Document::events
  ClaimStatus status = ClaimStatus::Reported;
  std::vector<ClaimStatusChange> history;  // oldest first; the last one is the current status
  std::string rule;
};

struct Document {
  // Set by the reader.
  std::string id;
  DocDate date;                      // precision None when the input gives no date
  std::string lang;                  // ISO 639-1; empty until detected
  std::string source;                // the outlet ("Gazzetta di Modena")
  std::string url;
  std::string title;
  std::string text;                  // the body exactly as read, valid UTF-8
  std::string origin;                // where it came from, for messages: "path" or "path:line"

  // Layers, filled by the stages.
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<Entity> entities;
  std::vector<Timex> timexes;
  std::vector<Quote> quotes;
  std::vector<Event> events;
  std::vector<Claim> claims;

  std::string_view slice(Span s) const { return std::string_view(text).substr(s.begin, s.end - s.begin); }
  /// The index of the token containing (or first starting after) byte offset `pos`.
  uint32_t token_at(uint32_t pos) const;
  /// The index of the sentence containing byte offset `pos` (the last one if past the end).
  uint32_t sentence_at(uint32_t pos) const;
};

std::string_view to_string(EntityType t);
std::optional<EntityType> entity_type_from(std::string_view s);
std::string_view to_string(MentionKind k);
std::string_view to_string(Timex::Type t);
std::string_view to_string(Mode m);
std::string_view to_string(ClaimStatus s);
std::optional<ClaimStatus> claim_status_from(std::string_view s);
std::optional<Mode> mode_from(std::string_view s);

}  // namespace cronaca
