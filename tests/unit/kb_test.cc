// Knowledge-base loader and PETRARCH importer tests.
// Fixtures: tests/cases/kb/ (good/, bad_*/, petrarch_sample.txt).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kb/knowledge_base.h"
#include "kb/petrarch_actors.h"
#include "util/errors.h"

namespace cronaca {
namespace {

const std::filesystem::path kCases = std::filesystem::path(CRONACA_TEST_DIR) / "cases" / "kb";

const KnowledgeBase& fixture() {
  static const KnowledgeBase kb = KnowledgeBase::load(kCases / "good", KbOptions{{}, false});
  return kb;
}

DocDate date(const char* s) { return *DocDate::parse(s); }

std::string load_error(const std::filesystem::path& dir) {
  try {
    KnowledgeBase::load(dir);
  } catch (const DataFileError& e) {
    return e.what();
  }
  return "";
}

TEST(KbTest, KeysFoldCaseDropDotsAndJoinElisions) {
  EXPECT_EQ(KnowledgeBase::token_key("u.s."), "us");
  EXPECT_EQ(KnowledgeBase::token_key("orda.kz"), "ordakz");
  EXPECT_EQ(KnowledgeBase::phrase_key("Stati Uniti d’America"), "stati uniti d'america");
  EXPECT_EQ(KnowledgeBase::phrase_key("Kassym-Jomart  TOKAYEV"), "kassym-jomart tokayev");
  EXPECT_EQ(KnowledgeBase::phrase_key("Washington, D.C."), "washington , dc");
  EXPECT_EQ(KnowledgeBase::normalise("ÈLITE"), "èlite");
}

TEST(KbTest, ActorsByAliasAndId) {
  const auto& kb = fixture();
  auto found = kb.actors_by_alias("Tokaev");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->id, "tokayev");
  EXPECT_EQ(kb.actors_by_alias("kassym-jomart tokayev").size(), 1u);
  ASSERT_NE(kb.actor("nato"), nullptr);
  EXPECT_EQ(kb.actor("nato")->type, EntityType::ORG);
  EXPECT_EQ(kb.actor("nobody"), nullptr);
  EXPECT_TRUE(kb.actors_by_alias("Obama").empty());
}

TEST(KbTest, AcronymsAndNamesMustBeCapitalised) {
  const auto& kb = fixture();
  const auto& nato = kb.lookup(KnowledgeBase::phrase_key("NATO"));
  ASSERT_FALSE(nato.empty());
  EXPECT_EQ(nato[0].capitalised_mask, 1u);
  const auto& usa = kb.lookup(KnowledgeBase::phrase_key("Stati Uniti d'America"));
  ASSERT_FALSE(usa.empty());
  EXPECT_EQ(usa[0].kind, GazetteerKind::Country);
  EXPECT_EQ(usa[0].length, 4);
  EXPECT_EQ(usa[0].capitalised_mask, 0b1011u);  // Stati Uniti d' America
  const auto& pres = kb.lookup("presidente");
  ASSERT_FALSE(pres.empty());
  EXPECT_EQ(pres[0].capitalised_mask, 0u);
  EXPECT_TRUE(kb.starts_phrase("stati"));
  EXPECT_FALSE(kb.starts_phrase("uniti"));
}

TEST(KbTest, CountriesFromIcuAndFile) {
  const auto& kb = fixture();
  const Country* kaz = kb.country_by_name("Kazakistan");  // the Italian name comes from ICU
  ASSERT_NE(kaz, nullptr);
  EXPECT_EQ(kaz->cameo, "KAZ");
  EXPECT_EQ(kaz->name_it, "Kazakistan");
  EXPECT_EQ(kaz->name_en, "Kazakhstan");
  ASSERT_NE(kb.country_by_name("Paesi Bassi"), nullptr);  // ICU only: the file gives no name
  EXPECT_EQ(kb.country_by_name("Paesi Bassi")->cameo, "NLD");
  EXPECT_EQ(kb.country_by_capital("Mosca")->cameo, "RUS");
  EXPECT_EQ(kb.country_by_capital("Nur-Sultan")->cameo, "KAZ");
  EXPECT_EQ(kb.country_by_demonym("kazaki")->cameo, "KAZ");   // inflection generated from "kazako"
  EXPECT_EQ(kb.country_by_demonym("statunitensi")->cameo, "USA");
  EXPECT_EQ(kb.country_by_demonym("Russians")->cameo, "RUS");
  EXPECT_EQ(kb.country_by_demonym("Kiev"), nullptr);
  EXPECT_EQ(kb.country("KZ"), kb.country("KAZ"));
  EXPECT_EQ(kb.country("XXX"), nullptr);
}

TEST(KbTest, AgentsByRoleNoun) {
  const auto& kb = fixture();
  EXPECT_EQ(kb.agent_for("Presidente"), "GOV");
  EXPECT_EQ(kb.agent_for("capo dei servizi di sicurezza"), "SPY");
  EXPECT_EQ(kb.agent_for("presidents"), "GOV");
  EXPECT_EQ(kb.agent_for("cuoco"), "");
}

TEST(KbTest, ActorCodeAtTheDocumentDate) {
  const auto& kb = fixture();
  const Actor& naz = *kb.actor("nazarbayev");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("2022-01")), "KAZELI");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("2018")), "KAZGOV");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("2019-03-19")), "KAZGOV");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("2019-03-20")), "KAZELI");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, DocDate{}), "KAZELI");  // no date: the open-ended one
  const Actor& putin = *kb.actor("putin");
  EXPECT_EQ(KnowledgeBase::actor_code_at(putin, date("2010-01-01")), "");  // prime minister then: no item
  EXPECT_EQ(KnowledgeBase::actor_code_at(putin, date("2001-06")), "RUSGOV");
  EXPECT_EQ(KnowledgeBase::actor_code_at(*kb.actor("nato"), date("1990")), "IGOWSTNAT");
}

TEST(KbTest, MalformedRowsAreReportedAsFileLine) {
  std::string e = load_error(kCases / "bad_type");
  EXPECT_NE(e.find("bad_type/actors.tsv:5: unknown type 'BUILDING'"), std::string::npos) << e;
  e = load_error(kCases / "bad_range");
  EXPECT_NE(e.find("bad_range/actors.tsv:3: date range ends before it starts"), std::string::npos) << e;
}

// ISO 3166-2 subdivisions (Debian iso-codes' JSON, read as it is parsed): the list's items
// only, names after " [" dropped, "/" alternatives and the towns of hyphenated names as
// aliases, JSON escapes decoded; no item for an unknown country, a short code, a missing name
// or a name the knowledge base has already.
TEST(KbTest, SubdivisionsFromIsoCodes) {
  KbOptions opt;
  opt.load_petrarch_dir = false;
  opt.iso_subdivisions = kCases / "iso_3166-2_sample.json";
  KnowledgeBase kb = KnowledgeBase::load(kCases / "good", opt);
  const Actor* almaty = kb.actor("iso:KZ-ALA");
  ASSERT_NE(almaty, nullptr);
  EXPECT_EQ(almaty->type, EntityType::GPE);
  EXPECT_EQ(almaty->country, "KAZ");
  EXPECT_TRUE(almaty->city);
  EXPECT_EQ(KnowledgeBase::actor_code_at(*almaty, date("2022-01-07")), "KAZ");
  ASSERT_NE(kb.actor("iso:KZ-AKM"), nullptr);
  EXPECT_FALSE(kb.actor("iso:KZ-AKM")->city);
  ASSERT_NE(kb.actor("iso:US-DC"), nullptr);
  EXPECT_EQ(kb.actor("iso:US-DC")->name, "District of Columbia");
  const Actor* kyiv = kb.actor("iso:UA-30");
  ASSERT_NE(kyiv, nullptr);
  EXPECT_EQ(kyiv->name, "Kyïv");
  EXPECT_TRUE(kyiv->aliases.empty());  // "Kiev" is the capital already
  const Actor* odesa = kb.actor("iso:UA-51");
  ASSERT_NE(odesa, nullptr);
  EXPECT_EQ(odesa->name, "Odesʹka oblast");
  EXPECT_EQ(odesa->aliases, std::vector<std::string>{"Odesa Oblast"});
  ASSERT_EQ(kb.actors_by_alias("Odesa Oblast").size(), 1u);
  const Actor* brabant = kb.actor("iso:NL-NB");
  ASSERT_NE(brabant, nullptr);
  EXPECT_EQ(brabant->aliases, (std::vector<std::string>{"Noord", "Brabant"}));
  EXPECT_EQ(kb.actor("iso:XX-01"), nullptr);
  EXPECT_EQ(kb.actor("iso:US-CA"), nullptr);
  EXPECT_EQ(kb.actor("iso:UA"), nullptr);
  EXPECT_EQ(kb.actor("iso:UA-40"), nullptr);     // "Ucraina" is the country
  EXPECT_EQ(kb.actor("iso:KZ-XXX"), nullptr);    // not in the "3166-2" list
  auto texas = kb.lookup(KnowledgeBase::phrase_key("Texas"));
  ASSERT_EQ(texas.size(), 1u);
  EXPECT_TRUE(texas[0].imported);
}

TEST(KbTest, SubdivisionsFileThatIsNotIsoCodesIsAnError) {
  std::filesystem::path bad = std::filesystem::temp_directory_path() / "cronaca_kb_test_not_iso.json";
  for (const char* text : {"{\"3166-2\": [", "[1, 2]", "{\"3166-1\": []}"}) {
    {
      std::ofstream out(bad, std::ios::binary);
      out << text;
    }
    KbOptions opt;
    opt.load_petrarch_dir = false;
    opt.iso_subdivisions = bad;
    try {
      KnowledgeBase::load(kCases / "good", opt);
      ADD_FAILURE() << "no error for " << text;
    } catch (const DataFileError& e) {
      EXPECT_NE(std::string(e.what()).find("not an iso-codes 3166-2 file"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(bad);
}

// An actor added after load() is found at once; imported names come after the file's.
TEST(KbTest, ActorAddedAfterLoadIsFound) {
  KnowledgeBase kb = KnowledgeBase::load(kCases / "good", KbOptions{{}, false, {}});
  Actor a;
  a.id = "test:nato";
  a.type = EntityType::ORG;
  a.name = "NATO";
  a.aliases = {"Patto Atlantico"};
  uint32_t idx = kb.add_actor(a, true);
  auto nato = kb.lookup(KnowledgeBase::phrase_key("NATO"));
  ASSERT_EQ(nato.size(), 2u);
  EXPECT_EQ(kb.actors()[nato[0].target].id, "nato");
  EXPECT_EQ(nato[1].target, idx);
  EXPECT_TRUE(nato[1].imported);
  EXPECT_TRUE(kb.starts_phrase("patto"));
  EXPECT_TRUE(kb.extends_phrase("patto"));
  ASSERT_EQ(kb.actors_by_alias("Patto Atlantico").size(), 1u);
  EXPECT_EQ(kb.add_actor(a, true), idx);  // the same id again: the first one
  ASSERT_FALSE(kb.warnings().empty());
  EXPECT_NE(kb.warnings().back().find("duplicate actor id 'test:nato'"), std::string::npos);
}

TEST(KbTest, MissingDirectoryIsAnEmptyKnowledgeBase) {
  KnowledgeBase kb = KnowledgeBase::load(kCases / "no-such-dir");
  EXPECT_TRUE(kb.actors().empty());
  EXPECT_TRUE(kb.lookup("nato").empty());
}

TEST(PetrarchTest, DisplayNames) {
  EXPECT_EQ(petrarch_display_name("GEORGE_W._BUSH_"), "George W. Bush");
  EXPECT_EQ(petrarch_display_name("SECRETARY-GENERAL_BAN_KI-MOON"), "Secretary-General Ban Ki-Moon");
  EXPECT_EQ(petrarch_display_name("THE_GRAVEYARD_OF_EMPIRES_"), "The Graveyard of Empires");
}

TEST(PetrarchTest, SampleDictionary) {
  PetrarchActorImport imp = import_petrarch_actors(kCases / "petrarch_sample.txt");
  ASSERT_EQ(imp.actors.size(), 7u);
  const Actor& kaz = imp.actors[0];
  EXPECT_EQ(kaz.name, "Kazakhstan");
  EXPECT_EQ(kaz.type, EntityType::GPE);
  EXPECT_EQ(kaz.aliases, (std::vector<std::string>{"Kazakstan", "Astana"}));
  EXPECT_EQ(kaz.country, "KAZ");

  const Actor& tok = imp.actors[1];
  EXPECT_EQ(tok.name, "Kassym-Jomart Tokayev");
  EXPECT_EQ(tok.type, EntityType::PER);
  ASSERT_EQ(tok.codes.size(), 2u);
  EXPECT_EQ(tok.codes[0], (DatedCode{"KAZGOV", 20131016, 20190319}));
  EXPECT_EQ(tok.codes[1], (DatedCode{"KAZGOV", 20190320, 0}));  // ">190319": from the day after

  const Actor& naz = imp.actors[2];
  ASSERT_EQ(naz.codes.size(), 3u);
  EXPECT_EQ(naz.codes[2].code, "KAZ");  // the undated default goes last
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("2022-01")), "KAZELI");
  EXPECT_EQ(KnowledgeBase::actor_code_at(naz, date("1980")), "KAZ");

  const Actor& un = imp.actors[3];
  EXPECT_EQ(un.name, "United Nations");
  EXPECT_EQ(un.type, EntityType::ORG);
  EXPECT_EQ(un.country, "");  // IGO: no country

  EXPECT_TRUE(imp.actors[4].codes.empty());  // [---]
  const Actor& zim = imp.actors[5];
  ASSERT_EQ(zim.codes.size(), 2u);
  EXPECT_EQ(zim.codes[0], (DatedCode{"RHO", 0, 19790605}));  // "<790606": until the day before

  ASSERT_EQ(imp.warnings.size(), 1u);  // 991399 is not a date
  EXPECT_NE(imp.warnings[0].find("petrarch_sample.txt:28:"), std::string::npos) << imp.warnings[0];
}

TEST(PetrarchTest, StructuralErrorsAreReportedAsFileLine) {
  auto error_of = [](const char* name) -> std::string {
    try {
      import_petrarch_actors(kCases / name);
    } catch (const DataFileError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of("petrarch_bad_alias.txt").find("petrarch_bad_alias.txt:1: an alias before any actor"),
            std::string::npos);
  EXPECT_NE(error_of("petrarch_bad_bracket.txt").find("petrarch_bad_bracket.txt:1: '[' without ']'"),
            std::string::npos);
  EXPECT_NE(error_of("no-such-file.txt").find("cannot open"), std::string::npos);
}

TEST(PetrarchTest, KnowledgeBaseLoadsDictionariesFromItsPetrarchDir) {
  KnowledgeBase kb = KnowledgeBase::load(kCases / "petrarch_dir");
  auto found = kb.actors_by_alias("Kazakstan");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->id, "petrarch:kazakhstan");
  const auto& entries = kb.lookup(KnowledgeBase::phrase_key("Kazakstan"));
  ASSERT_FALSE(entries.empty());
  EXPECT_TRUE(entries[0].imported);

  KbOptions opt;
  opt.load_petrarch_dir = false;
  opt.petrarch_files = {kCases / "petrarch_sample.txt"};
  KnowledgeBase kb2 = KnowledgeBase::load(kCases / "good", opt);
  // actors.tsv comes first, the imported namesake after it.
  auto tok = kb2.actors_by_alias("Tokayev");
  ASSERT_EQ(tok.size(), 2u);
  EXPECT_EQ(tok[0]->id, "tokayev");
  EXPECT_EQ(tok[1]->id, "petrarch:kassym_jomart_tokayev");
}

TEST(PetrarchTest, PhoenixDictionariesLoad) {
  const auto dir = std::filesystem::path(CRONACA_SHARED_DIR) / "data" / "petrarch2" / "dictionaries";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  size_t total = 0;
  KbOptions opt;
  opt.load_petrarch_dir = false;
  for (const char* name : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                           "Phoenix.MilNonState.actors.txt"}) {
    PetrarchActorImport imp = import_petrarch_actors(dir / name);
    EXPECT_GT(imp.actors.size(), 100u) << name;
    total += imp.actors.size();
    opt.petrarch_files.push_back(dir / name);
  }
  EXPECT_GT(total, 5000u);
  KnowledgeBase kb = KnowledgeBase::load(kCases / "good", opt);
  EXPECT_FALSE(kb.actors_by_alias("Afghanistan").empty());
  EXPECT_FALSE(kb.actors_by_alias("Ban Ki-moon").empty());
}

TEST(KbTest, ProjectKnowledgeBaseLoads) {
  const auto dir = std::filesystem::path(CRONACA_SOURCE_DATA_DIR) / "kb";
  if (!std::filesystem::exists(dir / "countries.tsv")) GTEST_SKIP() << "no " << dir;
  KnowledgeBase kb = KnowledgeBase::load(dir);
  ASSERT_NE(kb.country_by_name("Kazakistan"), nullptr);
  EXPECT_EQ(kb.country_by_name("Kazakistan")->cameo, "KAZ");
  EXPECT_GT(kb.countries().size(), 190u);
  // A row that lists its inflected demonyms is taken as it is: "ceco|ceca|cechi|ceche"
  // must not also yield "ceci" (chickpeas) by inflecting "ceca" or "ceco" again.
  ASSERT_NE(kb.country_by_demonym("cechi"), nullptr);
  EXPECT_EQ(kb.country_by_demonym("cechi")->cameo, "CZE");
  EXPECT_EQ(kb.country_by_demonym("ceci"), nullptr);
}

}  // namespace
}  // namespace cronaca
