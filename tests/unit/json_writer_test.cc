// The output contract: spans in code points, ids, nulls, and one line per document.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "io/json_writer.h"

namespace cronaca {
namespace {

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

TEST(JsonWriter, UnknownDateIsNull) {
  Document d;
  d.id = "y";
  d.text = "a";
  auto j = nlohmann::json::parse(to_json_line(d));
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_TRUE(j["entities"].is_array());
}

}  // namespace
}  // namespace cronaca
