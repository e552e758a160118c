// Readable view of a document. Tests: tests/cli/analyze_text.sh.
#include "io/text_view.h"

#include <cctype>
#include <sstream>

#include "events/cameo.h"
#include "io/json_writer.h"

namespace cronaca {
namespace {

/// The words of a span on one line, shortened in the middle when long.
std::string quote(const Document& doc, Span s, size_t max = 90) {
  std::string t(doc.slice(s));
  for (char& c : t)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (t.size() > max) {
    size_t cut = max / 2;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    size_t tail = t.size() - max / 2;
    while (tail < t.size() && (static_cast<unsigned char>(t[tail]) & 0xC0) == 0x80) ++tail;
    t = t.substr(0, cut) + " … " + t.substr(tail);
  }
  return t;
}

std::string entity_label(const Document& doc, const std::optional<uint32_t>& e, const std::string& actor) {
  std::string out;
  if (!actor.empty()) out = actor;
  if (e && *e < doc.entities.size()) out += (out.empty() ? "" : " ") + doc.entities[*e].name;
  return out.empty() ? "-" : out;
}

/// The CAMEO name of a code in lower case ("use violent repression"); empty when unknown.
std::string code_name(const std::string& code) {
  std::string name;
  try {
    name = std::string(cameo_table().name(code));
  } catch (const std::exception&) {
    return {};  // no code table: the code alone
  }
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

std::string to_text_view(const Document& doc, const TextViewOptions& options) {
  std::ostringstream o;
  o << "== " << doc.id << "  date " << (doc.date.known() ? doc.date.str() : "unknown") << "  lang "
    << (doc.lang.empty() ? "?" : doc.lang);
  if (!doc.source.empty()) o << "  source " << doc.source;
  o << "\n";
  if (!doc.title.empty()) o << "   title: " << doc.title << "\n";
  o << "   " << doc.text.size() << " bytes, " << doc.sentences.size() << " sentences, " << doc.tokens.size()
    << " tokens\n";

  if (options.tokens) {
    o << "-- sentences and tokens\n";
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      o << "  [" << s + 1 << "]";
      for (uint32_t t = doc.sentences[s].first_token; t < doc.sentences[s].end_token; ++t) {
        const Token& tok = doc.tokens[t];
        o << " " << doc.slice(tok.span);
        if (!tok.lemma.empty() && tok.kind == TokenKind::Word) o << "/" << tok.lemma << "/" << tok.pos;
      }
      o << "\n";
    }
  }
  if (!doc.entities.empty()) {
    o << "-- entities\n";
    for (uint32_t i = 0; i < doc.entities.size(); ++i) {
      const Entity& e = doc.entities[i];
      o << "  " << entity_id(i) << " " << to_string(e.type) << " " << (e.actor.empty() ? "-" : e.actor) << " "
        << e.name;
      if (!e.roles.empty()) {
        o << " (";
        for (size_t r = 0; r < e.roles.size(); ++r) o << (r ? "; " : "") << e.roles[r];
        o << ")";
      }
      o << ":";
      for (const Mention& m : e.mentions) {
        o << " «" << quote(doc, m.span, 40) << "»";
        if (m.kind != MentionKind::Name) o << "/" << to_string(m.kind);
      }
      o << "\n";
    }
  }
  if (!doc.timexes.empty()) {
    o << "-- times\n";
    for (const Timex& t : doc.timexes)
      o << "  " << to_string(t.type) << " " << t.value << " «" << quote(doc, t.span) << "»\n";
  }
  if (!doc.quotes.empty()) {
    o << "-- quotations\n";
    for (const Quote& q : doc.quotes)
      o << "  " << entity_label(doc, q.speaker, "") << ": «" << quote(doc, q.span) << "»\n";
  }
  if (!doc.events.empty()) {
    o << "-- events\n";
    for (const Event& e : doc.events) {
      o << "  " << (e.date.empty() ? "-" : e.date) << " " << entity_label(doc, e.source, e.source_actor) << " → "
        << entity_label(doc, e.target, e.target_actor) << ": " << e.code << " " << code_name(e.code);
      if (!e.plover.empty()) o << " (" << e.plover << ")";
      o << " [" << to_string(e.mode) << "] «" << quote(doc, e.evidence) << "»  (" << e.rule << ")\n";
    }
  }
  if (!doc.claims.empty()) {
    o << "-- claims\n";
    for (const Claim& c : doc.claims) {
      o << "  " << entity_label(doc, c.source, "") << " [" << to_string(c.status) << "] «" << quote(doc, c.span)
        << "»\n";
      for (const auto& h : c.history)
        o << "      " << to_string(h.status) << " by " << entity_label(doc, h.by, "") << " «"
          << quote(doc, h.evidence, 60) << "»\n";
    }
  }
  return o.str();
}

}  // namespace cronaca
