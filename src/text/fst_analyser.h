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
  std::vector<uint32_t> dfs_order() const;
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

  // Per state, in the binary's numbering (for surface_forms() and the layout below), and
  // for the states with many arcs a table of their groups by input symbol below 256
  // (shared with the layout).
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

  // The same transducer laid out for the walk: each state a node of 32-bit words in one
  // place (header, groups, arcs), so that stepping through a state touches one or two
  // cache lines instead of one in each of states_, groups_ and arcs_. Nodes lie in the
  // depth-first order of dfs_order(); a path holds its node's offset.
  //   header (kHead words): groups | final << 16 | dense << 18; state number; eps group
  //                         index + 1 (0 when none); table number (dense states)
  //   groups + 1 sentinel:  input symbol, offset of its first arc (the next group's is
  //                         the end)
  //   arcs (2 words):       destination node, output symbol | recorded << 16 | the
  //                         destination's final << 17 | whether it has epsilon arcs << 19
  //                         (so that the walk need not read a node to know these)
  static constexpr uint32_t kHead = 4;
  std::vector<uint32_t> code_;
  std::vector<double> code_weight_;  // by arc offset; empty when every weight is 0
  std::vector<uint32_t> node_of_;    // per state, its node's offset
  uint32_t root_node_ = 0;
  void layout();
  // The node's group reading `in`: {first arc offset, end offset}, or {0, 0}.
  std::pair<uint32_t, uint32_t> node_find(uint32_t node, int32_t in) const {
    const uint32_t* h = code_.data() + node;
    const uint32_t ng = h[0] & 0xFFFF;
    const uint32_t* g = h + kHead;
    if (in == 0) {
      if (!h[2]) return {0, 0};
      g += 2 * (h[2] - 1);
      return {g[1], g[3]};
    }
    if ((h[0] >> 18) & 1) {
      if (in < 0 || in >= 256) return node_find_slow(g, ng, in);
      uint32_t k = tables_[h[3] * 256 + static_cast<uint32_t>(in)];
      if (!k) return {0, 0};
      g += 2 * (k - 1);
      return {g[1], g[3]};
    }
    for (uint32_t k = 0; k < ng; ++k, g += 2)
      if (static_cast<int32_t>(g[0]) == in) return {g[1], g[3]};
    return {0, 0};
  }
  static std::pair<uint32_t, uint32_t> node_find_slow(const uint32_t* g, uint32_t ng, int32_t in);
  uint8_t node_mark(uint32_t node) const {
    const uint32_t h = code_[node];
    return static_cast<uint8_t>(((h >> 16) & 3) | (code_[node + 2] ? 4 : 0));
  }
  double arc_weight(uint32_t off) const { return code_weight_.empty() ? 0.0 : code_weight_[off]; }

  // The paths before the first letter (the root's epsilon closure), made once.
  struct Path {
    uint32_t node;  // offset in code_
    uint32_t seq;  // last output of the path (index into the sequence arena), kNoSeq when none
    bool dirty;    // went through a lower-cased letter
    uint8_t mark;  // the node's final (bits 0-1) and whether it has epsilon arcs (bit 2)
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
