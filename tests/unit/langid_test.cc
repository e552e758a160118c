// Language identification (CLD2) and the stage's rule: a given language is kept.
#include <gtest/gtest.h>

#include "text/langid.h"

namespace cronaca {
namespace {

TEST(LangId, DetectsItalianAndEnglish) {
  EXPECT_EQ(detect_language("Il presidente ha ordinato ai militari di sparare sui manifestanti, "
                            "mentre il governo ha smentito la notizia dell'arresto."),
            "it");
  EXPECT_EQ(detect_language("The president ordered the troops to fire on the protesters, while the "
                            "government denied the report of the arrest."),
            "en");
  EXPECT_EQ(detect_language("Le président a ordonné aux militaires de tirer sur les manifestants."), "fr");
}

TEST(LangId, UnknownForEmptyOrNonText) {
  EXPECT_EQ(detect_language(""), "und");
  EXPECT_EQ(detect_language("12345 67890"), "und");
  EXPECT_EQ(detect_language("\xFF\xFE broken"), "und");
}

TEST(LangId, StageKeepsAGivenLanguage) {
  LangIdStage stage{StageContext{}};
  Document d;
  d.text = "The president ordered the troops to fire on the protesters.";
  d.lang = "it";
  stage.run(d);
  EXPECT_EQ(d.lang, "it");
  d.lang.clear();
  stage.run(d);
  EXPECT_EQ(d.lang, "en");
}

}  // namespace
}  // namespace cronaca
