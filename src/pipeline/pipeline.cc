// Pipeline construction: the one place that lists the stages in order.
#include "pipeline/pipeline.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <thread>
#include <utility>
#include <unistd.h>

#include "claims/claim_stage.h"
#include "entities/entity_stage.h"
#include "events/event_stage.h"
#include "quotes/quote_stage.h"
#include "text/langid.h"
#include "text/morphology.h"
#include "text/segmenter.h"
#include "time/time_stage.h"

namespace cronaca {

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("CRONACA_DATA"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (std::filesystem::exists(dir / "data" / "kb", ec)) return dir / "data";
      if (std::filesystem::exists(dir / "share" / "cronaca" / "kb", ec)) return dir / "share" / "cronaca";
    }
  }
  return CRONACA_SOURCE_DATA_DIR;
}

const std::vector<std::string>& Pipeline::stage_names() {
  static const std::vector<std::string> kNames = {"langid", "segment", "morph",  "entities",
                                                  "time",   "quotes",  "events", "claims"};
  return kNames;
}

std::unique_ptr<Pipeline> Pipeline::build(const PipelineOptions& options) {
  auto p = std::unique_ptr<Pipeline>(new Pipeline());
  StageContext ctx;
  ctx.data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  auto wanted = [&](const std::string& name) {
    return std::find(options.skip.begin(), options.skip.end(), name) == options.skip.end();
  };
  // The knowledge base is loaded only when a stage after morphology will run (the text
  // stages do not use it, and it is a good part of the start-up).
  bool need_kb = false;
  for (const auto& name : stage_names()) {
    if (name != "langid" && name != "segment" && name != "morph" && wanted(name)) need_kb = true;
    if (name == options.last) break;
  }
  // The knowledge base is most of the start-up; with options.parallel_build it loads on a
  // thread of its own while the stages that do not read it at construction are built (the
  // entities and claims stages only keep its address; the events stage waits for it).
  struct KbLoader {
    std::thread thread;
    std::exception_ptr error;
    void wait() {
      if (thread.joinable()) thread.join();
      if (error) std::rethrow_exception(std::exchange(error, nullptr));
    }
    ~KbLoader() {
      if (thread.joinable()) thread.join();
    }
  } loader;
  if (need_kb) {
    p->kb_ = std::make_unique<KnowledgeBase>();
    ctx.kb = p->kb_.get();
    auto load = [kb = p->kb_.get(), dir = ctx.data_dir / "kb", &loader] {
      try {
        *kb = KnowledgeBase::load(dir);
      } catch (...) {
        loader.error = std::current_exception();
      }
    };
    if (options.parallel_build) loader.thread = std::thread(load);
    else load();
  }
  bool done = false;
  auto add = [&](const std::string& name, auto make) {
    if (done) return;
    if (wanted(name)) p->stages_.push_back(make());
    if (name == options.last) done = true;
  };
  add("langid", [&] { return std::make_unique<LangIdStage>(ctx); });
  add("segment", [&] { return std::make_unique<SegmentStage>(ctx); });
  add("morph", [&] { return std::make_unique<MorphStage>(ctx); });
  add("entities", [&] { return std::make_unique<EntityStage>(ctx); });
  add("time", [&] { return std::make_unique<TimeStage>(ctx); });
  add("quotes", [&] { return std::make_unique<QuoteStage>(ctx); });
  add("events", [&] {
    loader.wait();
    return std::make_unique<EventStage>(ctx);
  });
  add("claims", [&] { return std::make_unique<ClaimStage>(ctx); });
  loader.wait();
  p->profile_ = options.profile;
  p->stage_ns_ = std::make_unique<std::atomic<uint64_t>[]>(p->stages_.size());
  return p;
}

namespace {
uint64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}
}  // namespace

void Pipeline::run(Document& doc) const {
  if (!profile_) {
    for (const auto& stage : stages_) stage->run(doc);
    return;
  }
  uint64_t t0 = thread_cpu_ns();
  for (size_t i = 0; i < stages_.size(); ++i) {
    stages_[i]->run(doc);
    uint64_t t1 = thread_cpu_ns();
    stage_ns_[i].fetch_add(t1 - t0, std::memory_order_relaxed);
    t0 = t1;
  }
}

std::vector<double> Pipeline::stage_cpu_seconds() const {
  std::vector<double> s(stages_.size());
  for (size_t i = 0; i < stages_.size(); ++i) s[i] = static_cast<double>(stage_ns_[i].load()) / 1e9;
  return s;
}

}  // namespace cronaca
