// The output contract: spans in code points, ids, nulls, and one line per document.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "io/json_writer.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

// The writer as it was built on nlohmann::ordered_json: the bytes to_json_line must give.
using ojson = nlohmann::ordered_json;
ojson ref_span(const CodePointMap& cp, Span s) { return ojson::array({cp(s.begin), cp(s.end)}); }
ojson ref_id(const std::optional<uint32_t>& i, std::string (*make)(uint32_t)) { return i ? ojson(make(*i)) : ojson(nullptr); }
ojson ref_str_or_null(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }

std::string reference_json_line(const Document& doc, bool with_tokens) {
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
  for (const auto& s : doc.sentences) sentences.push_back(ref_span(cp, s.span));
  j["sentences"] = std::move(sentences);
  if (with_tokens) {
    ojson tokens = ojson::array();
    for (const auto& t : doc.tokens) tokens.push_back(ojson{{"span", ref_span(cp, t.span)}, {"lemma", t.lemma}, {"pos", std::string(t.pos)}});
    j["tokens"] = std::move(tokens);
  }
  ojson entities = ojson::array();
  for (uint32_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    ojson o;
    o["id"] = entity_id(i);
    o["name"] = e.name;
    o["type"] = std::string(to_string(e.type));
    o["actor"] = ref_str_or_null(e.actor);
    if (!e.kb_id.empty()) o["kb"] = e.kb_id;
    if (!e.country.empty()) o["country"] = e.country;
    if (!e.roles.empty()) o["roles"] = e.roles;
    ojson mentions = ojson::array();
    for (const Mention& m : e.mentions) {
      if (m.kind == MentionKind::Name) mentions.push_back(ref_span(cp, m.span));
      else mentions.push_back(ojson{{"span", ref_span(cp, m.span)}, {"kind", std::string(to_string(m.kind))}});
    }
    o["mentions"] = std::move(mentions);
    entities.push_back(std::move(o));
  }
  j["entities"] = std::move(entities);
  ojson timexes = ojson::array();
  for (const Timex& t : doc.timexes)
    timexes.push_back(ojson{{"span", ref_span(cp, t.span)}, {"type", std::string(to_string(t.type))}, {"value", t.value}, {"rule", t.rule}});
  j["timexes"] = std::move(timexes);
  ojson quotes = ojson::array();
  for (const Quote& q : doc.quotes) {
    ojson o{{"span", ref_span(cp, q.span)}, {"speaker", ref_id(q.speaker, entity_id)}};
    if (!q.cue.empty()) o["cue"] = ref_span(cp, q.cue);
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
    o["plover"] = ref_str_or_null(e.plover);
    o["source"] = ref_id(e.source, entity_id);
    o["target"] = ref_id(e.target, entity_id);
    o["source_actor"] = ref_str_or_null(e.source_actor);
    o["target_actor"] = ref_str_or_null(e.target_actor);
    o["date"] = ref_str_or_null(e.date);
    o["place"] = ref_id(e.place, entity_id);
    o["mode"] = std::string(to_string(e.mode));
    o["evidence"] = ref_span(cp, e.evidence);
    if (!e.trigger.empty()) o["trigger"] = ref_span(cp, e.trigger);
    o["rule"] = e.rule;
    events.push_back(std::move(o));
  }
  j["events"] = std::move(events);
  ojson claims = ojson::array();
  for (uint32_t i = 0; i < doc.claims.size(); ++i) {
    const Claim& c = doc.claims[i];
    ojson o;
    o["id"] = claim_id(i);
    o["source"] = ref_id(c.source, entity_id);
    o["span"] = ref_span(cp, c.span);
    o["event"] = ref_id(c.event, event_id);
    o["status"] = std::string(to_string(c.status));
    ojson history = ojson::array();
    for (const auto& h : c.history)
      history.push_back(ojson{{"status", std::string(to_string(h.status))}, {"by", ref_id(h.by, entity_id)},
                              {"evidence", ref_span(cp, h.evidence)}, {"date", ref_str_or_null(h.date)}});
    o["history"] = std::move(history);
    o["rule"] = c.rule;
    claims.push_back(std::move(o));
  }
  j["claims"] = std::move(claims);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriter, SpansAreCodePointsAndIdsAreStable) {
  Document d;
  d.id = "x";
  d.date = *DocDate::parse("2022-01");
  d.lang = "it";
  d.text = "“Ciao”, ha detto Tokayev.";  // “ is 3 bytes
  uint32_t tok = static_cast<uint32_t>(d.text.find("Tokayev"));
  d.sentences.push_back({{0, static_cast<uint32_t>(d.text.size())}, 0, 0});
  Entity e;
  e.name = "Kassym-Jomart Tokayev";
  e.type = EntityType::PER;
  e.actor = "KAZGOV";
  e.mentions.push_back({{tok, tok + 7}, MentionKind::Name, "kb"});
  e.mentions.push_back({{tok, tok + 7}, MentionKind::Pronoun, "test"});
  d.entities.push_back(e);
  d.quotes.push_back({{3, 7}, 0u, {}, "test"});
  Event ev;
  ev.code = "010";
  ev.source = 0u;
  ev.evidence = {0, static_cast<uint32_t>(d.text.size())};
  d.events.push_back(ev);
  Claim c;
  c.source = 0u;
  c.span = {3, 7};
  c.event = 0u;
  c.status = ClaimStatus::Retracted;
  d.claims.push_back(c);

  std::string line = to_json_line(d);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["date"], "2022-01");
  EXPECT_EQ(j["text"], d.text);
  // "Tokayev" starts at code point 17: “(1) Ciao(4) ”(1) ,(1) space ha detto space = 17
  EXPECT_EQ(j["entities"][0]["mentions"][0], nlohmann::json::array({17, 24}));
  EXPECT_EQ(j["entities"][0]["mentions"][1]["kind"], "pronoun");
  EXPECT_EQ(j["entities"][0]["id"], "e1");
  EXPECT_EQ(j["quotes"][0]["span"], nlohmann::json::array({1, 5}));
  EXPECT_EQ(j["quotes"][0]["speaker"], "e1");
  EXPECT_EQ(j["events"][0]["id"], "v1");
  EXPECT_EQ(j["events"][0]["target"], nullptr);
  EXPECT_EQ(j["events"][0]["mode"], "asserted");
  EXPECT_EQ(j["claims"][0]["event"], "v1");
  EXPECT_EQ(j["claims"][0]["status"], "retracted");
  EXPECT_EQ(to_json_line(d), line);  // deterministic
}

// Every byte offset of texts of every length up to a few 16-byte blocks, with letters
// of one to four bytes (offsets inside a letter, at a block's edge, in the last partial
// block, past the end): the code points CodePointMap gives, as the reference writer.
TEST(JsonWriter, EveryOffsetOfShortAndLongTexts) {
  const std::string letters = "aè€😀b\n\"z";
  std::string all;
  while (all.size() < 70) all += letters;
  for (size_t n = 0; n <= all.size(); ++n) {
    Document d;
    d.id = "n" + std::to_string(n);
    d.text = all.substr(0, n);
    if (!utf8_valid(d.text)) continue;   // cut inside a letter: not UTF-8, another path
    for (uint32_t b = 0; b <= n + 2; ++b) d.sentences.push_back({{b, b + 1}, 0, 0});
    for (uint32_t b = static_cast<uint32_t>(n) + 2; b-- > 0;) d.quotes.push_back({{b / 2, b}, std::nullopt, {}, ""});
    EXPECT_EQ(to_json_line(d), reference_json_line(d, false)) << n;
  }
}

TEST(JsonWriter, UnknownDateIsNull) {
  Document d;
  d.id = "y";
  d.text = "a";
  auto j = nlohmann::json::parse(to_json_line(d));
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_TRUE(j["entities"].is_array());
}

// Every field, every kind of value, strings that need escaping (quotes, backslashes,
// control characters, U+007F, non-ASCII) and strings that are not UTF-8 (replaced):
// the same bytes as the nlohmann-based writer, with and without tokens.
TEST(JsonWriter, SameBytesAsTheNlohmannWriter) {
  Document d;
  d.id = "id \"quoted\" \\ back";
  d.date = *DocDate::parse("2022-01-07");
  d.lang = "it";
  d.source = "Ansa\tTab";
  d.url = "http://x/y?a=1&b=2";
  d.title = std::string("ctl \x01\x1f del \x7f nl\n cr\r ff\f bs\b");
  d.text = "“Ciao”, ha detto Tokayev a Nur-Sultan. È così: l’ha detto 😀 ieri.";
  const auto n = static_cast<uint32_t>(d.text.size());
  d.sentences.push_back({{0, 40}, 0, 3});
  d.sentences.push_back({{41, n}, 3, 6});
  for (uint32_t b = 0; b + 3 < n; b += 7) {
    Token t;
    t.span = {b, b + 3};
    t.lemma = b % 2 ? "l’" : "say \"x\"";
    t.pos = b % 3 ? "NOUN" : "PROPN";
    d.tokens.push_back(t);
  }
  Entity e;
  e.name = "Kassym-Jomart \"Tokayev\"";
  e.type = EntityType::PER;
  e.actor = "KAZGOV";
  e.kb_id = "tokayev";
  e.country = "KAZ";
  e.roles = {"presidente", "capo \\ di stato"};
  e.mentions.push_back({{24, 31}, MentionKind::Name, "kb"});
  e.mentions.push_back({{40, 44}, MentionKind::Pronoun, "p"});
  e.mentions.push_back({{45, 50}, MentionKind::Nominal, "n"});
  d.entities.push_back(e);
  Entity f;
  f.name = std::string("bad \xC3\x28 utf8 \xE2\x82 end \xFF");
  f.type = EntityType::GPE;
  d.entities.push_back(f);
  d.timexes.push_back({{60, 64}, Timex::Type::DATE, "2022-01-06", "it:deictic"});
  d.timexes.push_back({{1, 2}, Timex::Type::SET, "", ""});
  d.quotes.push_back({{3, 7}, 0u, {10, 20}, "colon"});
  d.quotes.push_back({{3, 7}, std::nullopt, {}, ""});
  Event ev;
  ev.code = "173";
  ev.plover = "ARREST";
  ev.source = 0u;
  ev.source_actor = "KAZGOV";
  ev.date = "2022-01";
  ev.place = 1u;
  ev.mode = Mode::Reported;
  ev.evidence = {0, n};
  ev.trigger = {10, 14};
  ev.rule = "it:arrestare#passive";
  d.events.push_back(ev);
  Event ev2;
  ev2.code = "010";
  d.events.push_back(ev2);
  Claim c;
  c.source = 0u;
  c.span = {3, 7};
  c.event = 1u;
  c.status = ClaimStatus::Denied;
  c.history.push_back({ClaimStatus::Reported, 0u, {3, 7}, "2022-01-07"});
  c.history.push_back({ClaimStatus::Denied, std::nullopt, {50, 60}, ""});
  c.rule = "r";
  d.claims.push_back(c);
  d.claims.push_back(Claim{});
  for (bool tokens : {false, true}) EXPECT_EQ(to_json_line(d, {tokens}), reference_json_line(d, tokens)) << tokens;

  // A long text whose spans jump back and forth (sentences in order, mentions not), and
  // a text that is not UTF-8 (its spans counted as the nlohmann writer counted them).
  Document big;
  big.id = "big";
  for (int k = 0; k < 400; ++k) big.text += k % 3 ? "Ieri a Città di Castello è piovuto. " : "Plain ascii words here. ";
  const auto bn = static_cast<uint32_t>(big.text.size());
  for (uint32_t b = 0; b + 40 < bn; b += 997) big.sentences.push_back({{b, b + 30}, 0, 0});
  big.sentences.push_back({{bn - 10, bn}, 0, 0});
  Entity far;
  far.name = "x";
  for (uint32_t b : {bn - 50, 10u, bn / 2, 5000u, 20u, bn - 1, 0u}) far.mentions.push_back({{b, b + 1}, MentionKind::Name, ""});
  big.entities.push_back(far);
  Document bad = big;
  bad.text[100] = '\xFF';
  bad.text[2000] = '\x80';
  for (const Document* x : {&big, &bad})
    for (bool tokens : {false, true}) EXPECT_EQ(to_json_line(*x, {tokens}), reference_json_line(*x, tokens)) << x->id;

  Document empty;  // no layers, no date, no optional fields
  empty.id = "";
  empty.text = "x";
  for (bool tokens : {false, true}) EXPECT_EQ(to_json_line(empty, {tokens}), reference_json_line(empty, tokens));
}

}  // namespace
}  // namespace cronaca
