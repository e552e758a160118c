// JSON Lines writer for the output contract. Tests: tests/unit/json_writer_test.cc.
#include "io/json_writer.h"

#include <nlohmann/json.hpp>

#include "util/utf8.h"

namespace cronaca {

using ojson = nlohmann::ordered_json;

std::string entity_id(uint32_t index) { return "e" + std::to_string(index + 1); }
std::string event_id(uint32_t index) { return "v" + std::to_string(index + 1); }
std::string claim_id(uint32_t index) { return "c" + std::to_string(index + 1); }

namespace {

ojson span_json(const CodePointMap& cp, Span s) { return ojson::array({cp(s.begin), cp(s.end)}); }

ojson opt_index(const std::optional<uint32_t>& i, std::string (*make)(uint32_t)) {
  return i ? ojson(make(*i)) : ojson(nullptr);
}

ojson str_or_null(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }

}  // namespace

std::string to_json_line(const Document& doc, const JsonOptions& options) {
  CodePointMap cp(doc.text);
  ojson j;
  j["id"] = doc.id;
  j["date"] = doc.date.known() ? ojson(doc.date.str()) : ojson(nullptr);
  j["lang"] = doc.lang;
  if (!doc.source.empty()) j["source"] = doc.source;
  if (!doc.url.empty()) j["url"] = doc.url;
  if (!doc.title.empty()) j["title"] = doc.title;
  j["text"] = doc.text;

  ojson sentences = ojson::array();
  for (const auto& s : doc.sentences) sentences.push_back(span_json(cp, s.span));
  j["sentences"] = std::move(sentences);
  if (options.tokens) {
    ojson tokens = ojson::array();
    for (const auto& t : doc.tokens) {
      ojson o;
      o["span"] = span_json(cp, t.span);
      o["lemma"] = t.lemma;
      o["pos"] = std::string(t.pos);
      tokens.push_back(std::move(o));
    }
    j["tokens"] = std::move(tokens);
  }

  ojson entities = ojson::array();
  for (uint32_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    ojson o;
    o["id"] = entity_id(i);
    o["name"] = e.name;
    o["type"] = std::string(to_string(e.type));
    o["actor"] = str_or_null(e.actor);
    if (!e.kb_id.empty()) o["kb"] = e.kb_id;
    if (!e.country.empty()) o["country"] = e.country;
    if (!e.roles.empty()) o["roles"] = e.roles;
    ojson mentions = ojson::array();
    for (const Mention& m : e.mentions) {
      if (m.kind == MentionKind::Name) {
        mentions.push_back(span_json(cp, m.span));
      } else {
        mentions.push_back(ojson{{"span", span_json(cp, m.span)}, {"kind", std::string(to_string(m.kind))}});
      }
    }
    o["mentions"] = std::move(mentions);
    entities.push_back(std::move(o));
  }
  j["entities"] = std::move(entities);

  ojson timexes = ojson::array();
  for (const Timex& t : doc.timexes) {
    timexes.push_back(ojson{{"span", span_json(cp, t.span)},
                            {"type", std::string(to_string(t.type))},
                            {"value", t.value},
                            {"rule", t.rule}});
  }
  j["timexes"] = std::move(timexes);

  ojson quotes = ojson::array();
  for (const Quote& q : doc.quotes) {
    ojson o{{"span", span_json(cp, q.span)}, {"speaker", opt_index(q.speaker, entity_id)}};
    if (!q.cue.empty()) o["cue"] = span_json(cp, q.cue);
    o["rule"] = q.rule;
    quotes.push_back(std::move(o));
  }
  j["quotes"] = std::move(quotes);

  ojson events = ojson::array();
  for (uint32_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    ojson o;
    o["id"] = event_id(i);
    o["code"] = e.code;
    o["plover"] = str_or_null(e.plover);
    o["source"] = opt_index(e.source, entity_id);
    o["target"] = opt_index(e.target, entity_id);
    o["source_actor"] = str_or_null(e.source_actor);
    o["target_actor"] = str_or_null(e.target_actor);
    o["date"] = str_or_null(e.date);
    o["place"] = opt_index(e.place, entity_id);
    o["mode"] = std::string(to_string(e.mode));
    o["evidence"] = span_json(cp, e.evidence);
    if (!e.trigger.empty()) o["trigger"] = span_json(cp, e.trigger);
    o["rule"] = e.rule;
    events.push_back(std::move(o));
  }
  j["events"] = std::move(events);

  ojson claims = ojson::array();
  for (uint32_t i = 0; i < doc.claims.size(); ++i) {
    const Claim& c = doc.claims[i];
    ojson o;
    o["id"] = claim_id(i);
    o["source"] = opt_index(c.source, entity_id);
    o["span"] = span_json(cp, c.span);
    o["event"] = opt_index(c.event, event_id);
    o["status"] = std::string(to_string(c.status));
    ojson history = ojson::array();
    for (const auto& h : c.history) {
      history.push_back(ojson{{"status", std::string(to_string(h.status))},
                              {"by", opt_index(h.by, entity_id)},
                              {"evidence", span_json(cp, h.evidence)},
                              {"date", str_or_null(h.date)}});
    }
    o["history"] = std::move(history);
    o["rule"] = c.rule;
    claims.push_back(std::move(o));
  }
  j["claims"] = std::move(claims);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cronaca
