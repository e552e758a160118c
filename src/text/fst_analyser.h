// Apertium morphological analysis of single word forms, straight over the compiled
// lttoolbox transducer (an ".automorf.bin"), without lt-proc's stream machinery.
//
// FstAnalyser reads the transducer set (a reader of its own into flat arrays, checked
// against lttoolbox's) and analyse() steps the word through it the way lttoolbox's
// State does in `lt-proc` analysis mode: the same order of paths, the same case
// handling (an upper-case letter also tries its lower-case form, and an analysis
// reached through such a lower-cased letter gets the word's capitalisation), readings
// sorted by weight with lttoolbox's own std::sort, duplicates dropped, and lt-proc's
// way of cutting units (a word that is not one whole unit gives none). It writes the
// unit lt-proc would print for the word alone: "^word/lemma<tags>/...$". Immutable
// after open(), so analyse() may be called from any number of threads.
//
// What the walker does not reproduce is reported as kUnsupported, for the caller to
// ask lttoolbox itself (LtProcStream): code points outside the BMP, lt-proc's stream
// metacharacters and blanks, and path sets so large that lt-proc would switch to
// case-sensitive matching.
//
// LtProcStream is that reference: lttoolbox's FSTProcessor in null-flush mode on a batch
// of words ("w\0w\0..." in, one unit per word out). Not thread-safe; slow (a stream per
// batch, a State copy per word). tests/unit/morph_test.cc checks that both agree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class FSTProcessor;

namespace cronaca {

class FstAnalyser {
 public:
  /// How the binary is read: by a reader of its own into flat arrays (falling back to
  /// lttoolbox's when the file is not as expected), or by lttoolbox's (for tests).
  enum class Reader { kFast, kLttoolbox };
  /// Reads an lttoolbox binary; null when the file is missing or unreadable, or beyond
  /// what the walker handles.
  static std::unique_ptr<FstAnalyser> open(const std::string& path, Reader reader = Reader::kFast);

  enum class Result { kUnit, kNoMatch, kUnsupported };
  /// Analyses one UTF-8 word; with kUnit, `unit` holds "^word/reading/...$".
  Result analyse(std::string_view word, std::string& unit) const;

  size_t states() const { return first_group_.size() - 1; }
  /// Up to `limit` words the transducer analyses (its input side, depth first), for tests.
  std::vector<std::string> surface_forms(size_t limit) const;
  /// The same transducer (for tests of the reader).
  bool operator==(const FstAnalyser& other) const;

 private:
  FstAnalyser() = default;

  struct Group {  // the arcs of a state that read one input symbol
    int32_t in;
    uint32_t begin, end;  // into arcs_
  };
  struct Arc {
    uint32_t dest;
    uint16_t sym;  // index into render_ of the output symbol
    bool output;   // whether taking the arc records its output (lttoolbox drops eps:eps)
  };
  double weight(uint32_t arc) const { return weights_.empty() ? 0.0 : weights_[arc]; }

  struct State;
  const Group* find(uint32_t state, int32_t in) const {
    const State& st = states_[state];
    if (in == 0) return st.eps ? &groups_[st.eps - 1] : nullptr;
    if (in >= 0 && in < 256 && st.dense != kNoTable) {
      uint32_t g = tables_[st.dense * 256 + static_cast<uint32_t>(in)];
      return g ? &groups_[st.first_group + g - 1] : nullptr;
    }
    return find_slow(st, in);
  }
  const Group* find_slow(const State& st, int32_t in) const;
  void renumber();
  bool index_states();
  bool filter_finals(size_t len, std::string& lf) const;
  bool alphabetic(char32_t c) const;
  struct Scratch;  // per-thread working memory of analyse()
  static Scratch& scratch();

  std::vector<uint32_t> first_group_;  // per state, into groups_; one extra at the end
  std::vector<Group> groups_;          // per state, sorted by input symbol
  std::vector<Arc> arcs_;              // per group, in the transducer file's order
  std::vector<double> weights_;        // per arc; empty when every weight is 0
  std::vector<uint8_t> final_;         // per state: 0, 1 final, 2 final in a section that ends units anywhere
  std::vector<double> final_weight_;   // per state
  std::vector<std::string> render_, render_upper_;  // output symbols as lt-proc writes them

  // What the walk needs of a state, in one place (one cache line fetch), and for the
  // states with many arcs a table of their groups by input symbol below 256.
  static constexpr uint32_t kNoTable = 0xFFFFFFFFu;
  struct State {
    uint32_t first_group;  // into groups_
    uint32_t eps;          // the epsilon group's index + 1, 0 when none
    uint32_t dense;        // table number or kNoTable
    uint16_t groups;       // how many groups
    uint8_t final;         // as final_
  };
  std::vector<State> states_;
  std::vector<uint16_t> tables_;  // 256 entries a table: group index in the state + 1, 0 when none

  // The paths before the first letter (the root's epsilon closure), made once.
  struct Path {
    uint32_t state;
    uint32_t seq;  // last output of the path (index into the sequence arena), kNoSeq when none
    bool dirty;    // went through a lower-cased letter
  };
  struct Seq {
    uint32_t parent;
    uint32_t sym;
    double weight;
  };
  static constexpr uint32_t kNoSeq = 0xFFFFFFFFu;
  std::vector<Path> init_paths_;
  std::vector<Seq> init_seqs_;
  uint32_t root_ = 0;                  // a state with an epsilon arc to each section's start
  std::vector<int32_t> letters_;       // the binary's alphabetic characters, sorted
};

class LtProcStream {
 public:
  /// Loads the binary; valid() is false when it cannot.
  explicit LtProcStream(const std::string& path);
  ~LtProcStream();
  bool valid() const { return fst_ != nullptr; }
  /// units[i] is what lt-proc prints for words[i] alone (possibly several units, or
  /// none); words must not hold stream metacharacters, NUL or blanks.
  void analyse(const std::vector<std::string>& words, std::vector<std::string>& units);

 private:
  std::unique_ptr<FSTProcessor> fst_;
};

}  // namespace cronaca
