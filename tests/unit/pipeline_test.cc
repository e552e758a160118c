#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/json_writer.h"
#include "pipeline/pipeline.h"
#include "util/errors.h"

namespace cronaca {
namespace {

Document doc_of(const std::string& text, const std::string& lang) {
  Document d;
  d.id = "t";
  d.text = text;
  d.lang = lang;
  d.date = *DocDate::parse("2022-01-07");
  return d;
}

// Loading the knowledge base on its own thread builds the same pipeline: the same JSON.
TEST(Pipeline, ParallelBuildGivesTheSamePipeline) {
  PipelineOptions serial, parallel;
  parallel.parallel_build = true;
  auto a = Pipeline::build(serial);
  auto b = Pipeline::build(parallel);
  ASSERT_EQ(a->stages().size(), b->stages().size());
  for (auto [text, lang] : {std::pair<std::string, std::string>{"Tokayev ha ordinato ai militari di sparare sui manifestanti ad Almaty.", "it"},
                            {"Russian President Vladimir Putin met Turkish President Erdogan in Sochi on Monday.", "en"}}) {
    Document x = doc_of(text, lang), y = doc_of(text, lang);
    a->run(x);
    b->run(y);
    EXPECT_FALSE(x.events.empty()) << text;
    EXPECT_EQ(to_json_line(x, {}), to_json_line(y, {})) << text;
  }
}

// A malformed knowledge file loaded on the second thread is still reported as file:line.
TEST(Pipeline, ParallelBuildReportsABadKnowledgeFile) {
  auto dir = std::filesystem::temp_directory_path() / "cronaca_pipeline_test_data";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(default_data_dir(), dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "kb" / "actors.tsv", std::ios::app) << "bad\tXXX\tSomeone\n";
  PipelineOptions o;
  o.data_dir = dir;
  o.parallel_build = true;
  try {
    Pipeline::build(o);
    ADD_FAILURE() << "a bad row must fail the build";
  } catch (const DataFileError& e) {
    EXPECT_NE(std::string(e.what()).find("actors.tsv:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown type 'XXX'"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cronaca
