// The Apertium word analyser over lttoolbox's transducer (see fst_analyser.h), and the
// lt-proc stream it is checked against. Tests: tests/unit/morph_test.cc (FstAnalyser*).
#include "text/fst_analyser.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <map>
#include <set>
#include <unordered_map>

// lttoolbox's headers include libxml2's; the build must put libxml2 on the include path
// (pkg-config libxml-2.0). Without it the analysers are absent (open() gives null).
#if __has_include(<libxml/xmlreader.h>)
#include <lttoolbox/alphabet.h>
#include <lttoolbox/compression.h>
#include <lttoolbox/file_utils.h>
#include <lttoolbox/fst_processor.h>
#include <lttoolbox/input_file.h>
#include <lttoolbox/transducer.h>
#define CRONACA_HAVE_LTTOOLBOX 1
#else
#define CRONACA_HAVE_LTTOOLBOX 0
class FSTProcessor {};
#endif
#include <unicode/uchar.h>
#include <unicode/ustdio.h>
#include <unicode/ustring.h>

#include "util/utf8.h"

namespace cronaca {
namespace {

// lt-proc escapes these in what it prints (FSTProcessor's escaped_chars).
bool lt_escaped(int32_t c) {
  return c == '[' || c == ']' || c == '{' || c == '}' || c == '^' || c == '$' || c == '/' || c == '\\' ||
         c == '@' || c == '<' || c == '>';
}

// Above this many paths the walker gives up (lt-proc turns case-insensitive matching off
// at 65536; no word of a real dictionary comes near).
constexpr size_t kMaxPaths = 16384;

// The three ICU stdio functions that hand lttoolbox an output stream live in
// libicuio, which liblttoolbox itself loads. They are looked up at run time so the
// build need not link libicuio by name; when absent, the stream is not used.
struct IcuStdio {
  using Finit = UFILE* (*)(FILE*, const char*, const char*);
  using Fvoid = void (*)(UFILE*);
  Finit finit = nullptr;
  Fvoid fflush = nullptr;
  Fvoid fclose = nullptr;
  IcuStdio() {
#define CRONACA_STR2(x) #x
#define CRONACA_STR(x) CRONACA_STR2(x)
    finit = reinterpret_cast<Finit>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_finit)));
    fflush = reinterpret_cast<Fvoid>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_fflush)));
    fclose = reinterpret_cast<Fvoid>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_fclose)));
#undef CRONACA_STR
#undef CRONACA_STR2
  }
  bool ok() const { return finit && fflush && fclose; }
};

const IcuStdio& icu_stdio() {
  static const IcuStdio s;
  return s;
}

#if CRONACA_HAVE_LTTOOLBOX
std::string to_utf8(const UString& u) {
  std::string out;
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    if (U16_IS_LEAD(c) && i + 1 < u.size() && U16_IS_TRAIL(u[i + 1])) {
      c = U16_GET_SUPPLEMENTARY(c, u[i + 1]);
      ++i;
    }
    utf8_append(out, c);
  }
  return out;
}

bool ends_with(const UString& s, std::u16string_view suf) {
  return s.size() >= suf.size() && std::u16string_view(s).substr(s.size() - suf.size()) == suf;
}

// One section of the binary as read: its states' arcs in the file's order.
struct RawSection {
  int initial = 0;
  std::vector<std::pair<int, double>> finals;  // state, weight; each state once
  std::vector<uint32_t> first;                 // per state, into arcs; one extra at the end
  struct Arc {
    int tag;  // the alphabet's code of the input:output pair
    uint32_t dest;
    double weight;
  };
  std::vector<Arc> arcs;
};

bool read_bytes(FILE* f, char* out, size_t n) { return std::fread(out, 1, n, f) == n; }

// lttoolbox's Compression over bytes in memory (the sections are most of the file, and
// reading them a byte at a time through FILE is the slow part of loading it). Reading
// past the end sets `bad`.
struct ByteReader {
  const unsigned char* p;
  const unsigned char* end;
  bool bad = false;

  unsigned byte() {
    if (p == end) {
      bad = true;
      return 0;
    }
    return *p++;
  }
  // Compression::multibyte_read.
  unsigned multibyte() {
    const unsigned up = byte();
    if (up < 0x40) return up;
    unsigned r = (up & 0x3f) << 8 | byte();
    if (up < 0x80) return r;
    r = r << 8 | byte();
    if (up < 0xc0) return r;
    return r << 8 | byte();
  }
  // Compression::long_multibyte_read.
  double long_multibyte() {
    unsigned mantissa = multibyte();
    if (mantissa >= 0x04000000) mantissa = (mantissa & 0x03ffffff) << 26 | multibyte();
    unsigned exponent = multibyte();
    if (exponent >= 0x04000000) exponent = (exponent & 0x03ffffff) << 26 | multibyte();
    const double value = static_cast<double>(static_cast<int>(mantissa)) / 0x40000000;
    return std::ldexp(value, static_cast<int>(exponent));
  }
  bool literal(std::string_view s) {
    if (static_cast<size_t>(end - p) < s.size() || std::memcmp(p, s.data(), s.size()) != 0) return false;
    p += s.size();
    return true;
  }
};

// Reads the transducer set the way lttoolbox 3.7's readTransducerSet and Transducer::read
// do ("LTTB" and 8 bytes of features, the letters, the alphabet, then each section: its
// name, optionally "LTTD" and 8 bytes of features (bit 0: weights), the initial state,
// the finals, and per state its arcs as deltas), into flat arrays instead of their maps
// (several times faster). False, to let lttoolbox read it, on anything unexpected.
bool read_sections(FILE* f, std::set<UChar32>& letters, Alphabet& alphabet, std::map<UString, RawSection>& out) {
  char head[4];
  if (!read_bytes(f, head, 4) || std::string_view(head, 4) != "LTTB") return false;
  char features[8];
  if (!read_bytes(f, features, 8)) return false;
  for (char c : features)
    if (c != 0) return false;
  for (unsigned n = Compression::multibyte_read(f); n > 0; --n)
    letters.insert(static_cast<UChar32>(Compression::multibyte_read(f)));
  alphabet.read(f);
  // The rest of the file, read at once.
  const long at = std::ftell(f);
  if (at < 0 || std::fseek(f, 0, SEEK_END) != 0) return false;
  const long size = std::ftell(f);
  if (size < at || std::fseek(f, at, SEEK_SET) != 0) return false;
  std::vector<unsigned char> bytes(static_cast<size_t>(size - at));
  if (!bytes.empty() && !read_bytes(f, reinterpret_cast<char*>(bytes.data()), bytes.size())) return false;
  ByteReader r{bytes.data(), bytes.data() + bytes.size()};
  unsigned count = r.multibyte();
  for (; count > 0 && !r.bad; --count) {
    UString name;  // Compression::string_read
    for (unsigned n = r.multibyte(); n > 0 && !r.bad; --n) name.push_back(static_cast<UChar>(r.multibyte()));
    RawSection& t = out[name];
    if (!t.first.empty()) return false;  // the same name twice
    bool weights = false;
    if (r.literal("LTTD")) {
      if (static_cast<size_t>(r.end - r.p) < 8) return false;
      uint64_t feat = 0;
      for (int i = 0; i < 8; ++i) feat = feat << 8 | r.byte();
      if (feat > 1) return false;
      weights = feat & 1;
    }
    t.initial = static_cast<int>(r.multibyte());
    unsigned nfinals = r.multibyte();
    int base = 0;
    double w = 0.0;
    std::set<int> seen;
    for (; nfinals > 0 && !r.bad; --nfinals) {
      base += static_cast<int>(r.multibyte());
      if (weights) w = r.long_multibyte();
      if (seen.insert(base).second) t.finals.emplace_back(base, w);
    }
    const unsigned states = r.multibyte();
    if (states == 0 || r.bad || states > bytes.size()) return false;
    t.first.reserve(states + 1);
    t.arcs.reserve(static_cast<size_t>(r.end - r.p) / (weights ? 4 : 2));  // an arc takes 2 bytes or more
    for (unsigned st = 0; st < states; ++st) {
      t.first.push_back(static_cast<uint32_t>(t.arcs.size()));
      unsigned n = r.multibyte();
      unsigned tag = 0;
      for (; n > 0; --n) {
        tag += r.multibyte();
        uint32_t dest = (st + r.multibyte()) % states;
        if (weights) w = r.long_multibyte();
        t.arcs.push_back({static_cast<int>(tag), dest, w});
      }
      if (r.bad) return false;
    }
    t.first.push_back(static_cast<uint32_t>(t.arcs.size()));
    for (const auto& [fs, fw] : t.finals)
      if (fs < 0 || static_cast<unsigned>(fs) >= states) return false;
    if (t.initial < 0 || static_cast<unsigned>(t.initial) >= states) return false;
  }
  return !r.bad && count == 0;
}

// The same through lttoolbox's own reader.
bool read_sections_lttoolbox(FILE* f, std::set<UChar32>& letters, Alphabet& alphabet,
                             std::map<UString, RawSection>& out) {
  std::map<UString, Transducer> sections;
  try {
    readTransducerSet(f, letters, alphabet, sections);
  } catch (...) {
    return false;
  }
  for (auto& [name, t] : sections) {
    RawSection& r = out[name];
    r.initial = t.getInitial();
    auto& trans = t.getTransitions();
    int n = t.getInitial() + 1;
    for (const auto& [src, arcs] : trans) {
      n = std::max(n, src + 1);
      for (const auto& [tag, dw] : arcs) n = std::max(n, dw.first + 1);
    }
    auto finals = t.getFinals();
    for (const auto& [st, w] : finals) {
      n = std::max(n, st + 1);
      r.finals.emplace_back(st, w);
    }
    for (int st = 0; st < n; ++st) {
      r.first.push_back(static_cast<uint32_t>(r.arcs.size()));
      auto it = trans.find(st);
      if (it == trans.end()) continue;
      for (const auto& [tag, dw] : it->second)  // by pair code, then as read: the file's order
        r.arcs.push_back({tag, static_cast<uint32_t>(dw.first), dw.second});
    }
    r.first.push_back(static_cast<uint32_t>(r.arcs.size()));
  }
  return true;
}
#endif

}  // namespace

struct FstAnalyser::Scratch {
  std::vector<Path> cur, next;
  std::vector<Seq> seqs;
  std::vector<uint32_t> chain;
  std::vector<char32_t> cps;
  std::vector<std::pair<std::string, double>> finals;
};

FstAnalyser::Scratch& FstAnalyser::scratch() {
  thread_local Scratch s;
  return s;
}

std::unique_ptr<FstAnalyser> FstAnalyser::open(const std::string& path, Reader reader) {
#if CRONACA_HAVE_LTTOOLBOX
  std::vector<char> iobuf(1 << 16);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return nullptr;
  std::setvbuf(f, iobuf.data(), _IOFBF, iobuf.size());
  std::set<UChar32> letters;
  Alphabet alphabet;
  std::map<UString, RawSection> sections;
  bool ok = false;
  if (reader == Reader::kFast) {
    try {
      ok = read_sections(f, letters, alphabet, sections);
    } catch (...) {
      ok = false;
    }
    if (!ok) {
      letters.clear();
      alphabet = Alphabet();
      sections.clear();
      std::rewind(f);
    }
  }
  if (!ok) ok = read_sections_lttoolbox(f, letters, alphabet, sections);
  std::fclose(f);
  if (!ok || sections.empty()) return nullptr;
  for (const auto& [name, t] : sections) {
    // lt-proc's analysis knows these four kinds of section and refuses any other.
    if (!ends_with(name, u"@inconditional") && !ends_with(name, u"@standard") && !ends_with(name, u"@postblank") &&
        !ends_with(name, u"@preblank"))
      return nullptr;
  }

  std::unique_ptr<FstAnalyser> a(new FstAnalyser());
  std::unordered_map<int32_t, uint32_t> sym_index;
  auto render = [&](int32_t sym) {
    auto it = sym_index.find(sym);
    if (it != sym_index.end()) return it->second;
    UString plain, upper;
    alphabet.getSymbol(plain, sym, false);
    alphabet.getSymbol(upper, sym, true);
    std::string esc = lt_escaped(sym) ? "\\" : "";
    uint32_t i = static_cast<uint32_t>(a->render_.size());
    a->render_.push_back(esc + to_utf8(plain));
    a->render_upper_.push_back(esc + to_utf8(upper));
    sym_index.emplace(sym, i);
    return i;
  };

  // State 0 is the root, with an epsilon arc to each section's start (in the sections'
  // order, as FSTProcessor::calcInitial); then each section's states in turn.
  size_t total = 1, total_arcs = sections.size();
  for (const auto& [name, t] : sections) {
    total += t.first.size() - 1;
    total_arcs += t.arcs.size();
  }
  a->arcs_.reserve(total_arcs);
  a->weights_.reserve(total_arcs);
  a->groups_.reserve(total_arcs + 1);
  a->final_.assign(total, 0);
  a->final_weight_.assign(total, 0.0);
  a->first_group_.reserve(total + 1);
  a->first_group_.push_back(0);
  uint32_t base = 1;
  a->groups_.push_back({0, 0, 0});
  for (const auto& [name, t] : sections) {
    a->arcs_.push_back({base + static_cast<uint32_t>(t.initial), static_cast<uint16_t>(render(0)), false});
    a->weights_.push_back(0.0);
    base += static_cast<uint32_t>(t.first.size() - 1);
  }
  a->groups_.front().end = static_cast<uint32_t>(a->arcs_.size());

  struct Decoded {
    int32_t in;
    uint32_t sym;  // render index of the output
    bool output;
    uint32_t dest;
    double weight;
  };
  // Per pair code: its input symbol and output's render index, decoded once.
  std::vector<std::pair<int32_t, uint32_t>> by_tag;
  std::vector<uint8_t> by_tag_known, by_tag_output;
  std::vector<Decoded> st;
  base = 1;
  for (const auto& [name, t] : sections) {
    const uint8_t kind = ends_with(name, u"@standard") ? 1 : 2;
    for (const auto& [fs, fw] : t.finals) {
      a->final_[base + fs] = kind;
      a->final_weight_[base + fs] = fw;
    }
    const size_t n = t.first.size() - 1;
    for (size_t s = 0; s < n; ++s) {
      a->first_group_.push_back(static_cast<uint32_t>(a->groups_.size()));
      st.clear();
      for (uint32_t k = t.first[s]; k < t.first[s + 1]; ++k) {
        const auto& arc = t.arcs[k];
        if (arc.tag < 0) return nullptr;
        const auto tag = static_cast<size_t>(arc.tag);
        if (tag >= by_tag.size()) {
          by_tag.resize(tag + 1);
          by_tag_known.resize(tag + 1, 0);
          by_tag_output.resize(tag + 1, 0);
        }
        if (!by_tag_known[tag]) {
          auto [in, o] = alphabet.decode(arc.tag);
          by_tag[tag] = {in, render(o)};
          by_tag_output[tag] = !(in == 0 && o == 0);
          by_tag_known[tag] = 1;
        }
        st.push_back({by_tag[tag].first, by_tag[tag].second, by_tag_output[tag] != 0, base + arc.dest, arc.weight});
      }
      // Node::transitions is keyed by input symbol, each key's arcs in insertion order:
      // a stable sort by input (by insertion, the states having few arcs).
      for (size_t i = 1; i < st.size(); ++i)
        for (size_t j = i; j > 0 && st[j].in < st[j - 1].in; --j) std::swap(st[j], st[j - 1]);
      for (size_t i = 0; i < st.size();) {
        Group g{st[i].in, static_cast<uint32_t>(a->arcs_.size()), 0};
        size_t j = i;
        for (; j < st.size() && st[j].in == st[i].in; ++j) {
          if (st[j].sym > 0xFFFF) return nullptr;
          a->arcs_.push_back({st[j].dest, static_cast<uint16_t>(st[j].sym), st[j].output});
          a->weights_.push_back(st[j].weight);
        }
        g.end = static_cast<uint32_t>(a->arcs_.size());
        a->groups_.push_back(g);
        i = j;
      }
    }
    base += static_cast<uint32_t>(n);
  }
  a->first_group_.push_back(static_cast<uint32_t>(a->groups_.size()));
  if (std::all_of(a->weights_.begin(), a->weights_.end(), [](double w) { return w == 0.0; })) a->weights_.clear();
  a->root_ = 0;
  a->letters_.assign(letters.begin(), letters.end());
  if (!a->index_states()) return nullptr;
  return a;
#else
  (void)path;
  (void)reader;
  return nullptr;
#endif
}

bool FstAnalyser::operator==(const FstAnalyser& o) const {
  auto same_groups = [&] {
    if (groups_.size() != o.groups_.size()) return false;
    for (size_t i = 0; i < groups_.size(); ++i)
      if (groups_[i].in != o.groups_[i].in || groups_[i].begin != o.groups_[i].begin || groups_[i].end != o.groups_[i].end)
        return false;
    return true;
  };
  auto same_arcs = [&] {
    if (arcs_.size() != o.arcs_.size()) return false;
    for (size_t i = 0; i < arcs_.size(); ++i) {
      const Arc &x = arcs_[i], &y = o.arcs_[i];
      if (x.dest != y.dest || x.output != y.output || weight(static_cast<uint32_t>(i)) != o.weight(static_cast<uint32_t>(i)) ||
          render_[x.sym] != o.render_[y.sym] || render_upper_[x.sym] != o.render_upper_[y.sym])
        return false;
    }
    return true;
  };
  return first_group_ == o.first_group_ && final_ == o.final_ && final_weight_ == o.final_weight_ &&
         letters_ == o.letters_ && root_ == o.root_ && same_groups() && same_arcs();
}

// The states in depth-first order from the root, so that the nodes of a word's path lie
// next to each other in memory (the walk is memory-bound, and the binary's own numbering
// scatters them). Each state's arcs keep their order, so what the walk finds, and in
// which order, does not change.
std::vector<uint32_t> FstAnalyser::dfs_order() const {
  const uint32_t n = static_cast<uint32_t>(first_group_.size() - 1);
  std::vector<uint32_t> order;
  std::vector<uint8_t> seen(n, 0);
  order.reserve(n);
  std::vector<uint32_t> stack{root_};
  while (!stack.empty()) {
    uint32_t st = stack.back();
    stack.pop_back();
    if (seen[st]) continue;
    seen[st] = 1;
    order.push_back(st);
    // Children pushed last to first, so that the first arc's target comes next.
    if (first_group_[st + 1] == first_group_[st]) continue;  // no arcs
    const uint32_t ab = groups_[first_group_[st]].begin, ae = groups_[first_group_[st + 1] - 1].end;
    for (uint32_t k = ae; k-- > ab;)
      if (!seen[arcs_[k].dest]) stack.push_back(arcs_[k].dest);
  }
  for (uint32_t st = 0; st < n; ++st)
    if (!seen[st]) order.push_back(st);
  return order;
}

const FstAnalyser::Group* FstAnalyser::find_slow(const State& st, int32_t in) const {
  const Group* b = groups_.data() + st.first_group;
  const Group* e = b + st.groups;
  if (e - b <= 8) {
    for (; b != e; ++b)
      if (b->in == in) return b;
    return nullptr;
  }
  const Group* g = std::lower_bound(b, e, in, [](const Group& x, int32_t v) { return x.in < v; });
  return g != e && g->in == in ? g : nullptr;
}

// Lays the states out as nodes of code_ (see fst_analyser.h), in depth-first order.
void FstAnalyser::layout() {
  const size_t n = states_.size();
  node_of_.assign(n, 0);
  const std::vector<uint32_t> order = dfs_order();
  size_t size = 0;
  for (uint32_t i : order) {
    node_of_[i] = static_cast<uint32_t>(size);  // (the loops below in the same order: writes in sequence)
    const uint32_t b = first_group_[i], e = first_group_[i + 1];
    size += kHead + 2 * (e - b) + 2;  // the sentinel group: 2 words, its arc offset read
    if (e > b) size += 2 * (groups_[e - 1].end - groups_[b].begin);
  }
  code_.assign(size, 0);
  code_weight_.clear();
  if (!weights_.empty()) code_weight_.assign(size, 0.0);
  for (uint32_t i : order) {
    const State& st = states_[i];
    uint32_t* h = code_.data() + node_of_[i];
    const uint32_t ng = st.groups;
    h[0] = ng | static_cast<uint32_t>(st.final) << 16 | (st.dense != kNoTable ? 1u << 18 : 0u);
    h[1] = static_cast<uint32_t>(i);
    h[2] = st.eps ? st.eps - st.first_group : 0;
    h[3] = st.dense != kNoTable ? st.dense : 0;
    uint32_t* g = h + kHead;
    uint32_t arc = node_of_[i] + kHead + 2 * ng + 2;
    for (uint32_t k = 0; k < ng; ++k) {
      const Group& gr = groups_[st.first_group + k];
      g[2 * k] = static_cast<uint32_t>(gr.in);
      g[2 * k + 1] = arc;
      for (uint32_t a = gr.begin; a < gr.end; ++a, arc += 2) {
        code_[arc] = arcs_[a].dest;  // a state number until the pass below
        code_[arc + 1] = arcs_[a].sym | (arcs_[a].output ? 1u << 16 : 0u);
        if (!weights_.empty()) code_weight_[arc] = weights_[a];
      }
    }
    g[2 * ng] = 0;
    g[2 * ng + 1] = arc;
  }
  std::vector<uint8_t> mark(n);  // node_mark() per state, read here from a small array
  for (size_t i = 0; i < n; ++i) mark[i] = node_mark(node_of_[i]);
  for (uint32_t i : order) {
    const uint32_t* h = code_.data() + node_of_[i];
    const uint32_t ng = h[0] & 0xFFFF;
    const uint32_t b = h[kHead + 1], e = h[kHead + 2 * ng + 1];
    if (ng == 0) continue;
    for (uint32_t a = b; a < e; a += 2) {
      code_[a + 1] |= static_cast<uint32_t>(mark[code_[a]]) << 17;
      code_[a] = node_of_[code_[a]];
    }
  }
  root_node_ = node_of_[root_];
}

std::pair<uint32_t, uint32_t> FstAnalyser::node_find_slow(const uint32_t* g, uint32_t ng, int32_t in) {
  uint32_t lo = 0, hi = ng;  // groups sorted by input symbol
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (static_cast<int32_t>(g[2 * mid]) < in) lo = mid + 1;
    else hi = mid;
  }
  if (lo < ng && static_cast<int32_t>(g[2 * lo]) == in) return {g[2 * lo + 1], g[2 * lo + 3]};
  return {0, 0};
}

bool FstAnalyser::index_states() {
  const size_t n = first_group_.size() - 1;
  states_.assign(n, State{0, 0, kNoTable, 0, 0});
  tables_.clear();
  for (size_t i = 0; i < n; ++i) {
    State& st = states_[i];
    const uint32_t b = first_group_[i], e = first_group_[i + 1];
    st.first_group = b;
    if (e - b > 0xFFFF) return false;
    st.groups = static_cast<uint16_t>(e - b);
    st.final = final_[i];
    for (uint32_t g = b; g < e; ++g)
      if (groups_[g].in == 0) st.eps = g + 1;
    if (e - b <= 8) continue;
    st.dense = static_cast<uint32_t>(tables_.size() / 256);
    tables_.resize(tables_.size() + 256, 0);
    uint16_t* t = &tables_[st.dense * 256];
    for (uint32_t g = b; g < e; ++g)
      if (groups_[g].in >= 0 && groups_[g].in < 256) t[groups_[g].in] = static_cast<uint16_t>(g - b + 1);
  }
  layout();
  // The root's closure, the start of every word.
  init_paths_.assign(1, {root_node_, kNoSeq, false, node_mark(root_node_)});
  init_seqs_.clear();
  for (size_t i = 0; i < init_paths_.size(); ++i) {
    const auto [b, e] = node_find(init_paths_[i].node, 0);
    for (uint32_t k = b; k < e; k += 2) {
      uint32_t seq = init_paths_[i].seq;
      if ((code_[k + 1] >> 16) & 1) {
        init_seqs_.push_back({seq, code_[k + 1] & 0xFFFF, arc_weight(k)});
        seq = static_cast<uint32_t>(init_seqs_.size() - 1);
      }
      init_paths_.push_back({code_[k], seq, init_paths_[i].dirty, static_cast<uint8_t>(code_[k + 1] >> 17)});
    }
    if (init_paths_.size() > kMaxPaths) break;
  }
  return true;
}

FstAnalyser::Result FstAnalyser::analyse(std::string_view word, std::string& unit) const {
  Scratch& s = scratch();
  s.cps.clear();
  for (size_t p = 0; p < word.size();) {
    char32_t c = utf8_next(word, p);
    if (c == 0xAD) continue;  // lt-proc's ignored character (soft hyphen): skipped when read
    // Outside the walker: surrogate pairs in lt-proc's UTF-16 surface, its
    // metacharacters and blanks.
    if (c > 0xFFFF || c <= 0x20 || lt_escaped(static_cast<int32_t>(c))) return Result::kUnsupported;
    s.cps.push_back(c);
  }
  if (s.cps.empty()) return Result::kUnsupported;

  // State::epsilonClosure: each path's epsilon arcs, in order, the new paths included.
  const uint32_t* code = code_.data();
  auto closure = [&](std::vector<Path>& v) {
    // The nodes are scattered: start loading those read here before reading any.
    for (const Path& p : v)
      if (p.mark & 4) __builtin_prefetch(code + p.node);
    for (size_t i = 0; i < v.size(); ++i) {
      if (!(v[i].mark & 4)) continue;
      const auto [b, e] = node_find(v[i].node, 0);
      for (uint32_t k = b; k < e; k += 2) {
        uint32_t seq = v[i].seq;
        const uint32_t w = code[k + 1];
        if ((w >> 16) & 1) {
          s.seqs.push_back({seq, w & 0xFFFF, arc_weight(k)});
          seq = static_cast<uint32_t>(s.seqs.size() - 1);
        }
        if (w & (4u << 17)) __builtin_prefetch(code + code[k]);
        v.push_back({code[k], seq, v[i].dirty, static_cast<uint8_t>(w >> 17)});
      }
      if (v.size() > kMaxPaths) return false;
    }
    return true;
  };
  // State::apply_into: the arcs of a path that read sym.
  auto apply = [&](const Path& p, int32_t sym, bool dirty) {
    const auto [b, e] = node_find(p.node, sym);
    for (uint32_t k = b; k < e; k += 2) {
      const uint32_t w = code[k + 1];
      s.seqs.push_back({p.seq, w & 0xFFFF, arc_weight(k)});
      s.next.push_back({code[k], static_cast<uint32_t>(s.seqs.size() - 1), p.dirty || dirty, static_cast<uint8_t>(w >> 17)});
    }
  };

  // lt-proc reads the word a letter at a time and remembers the last point where it
  // could end a unit: a final state before the end of the input, or before a character
  // that is not alphabetic, or a final state of a section that ends units anywhere
  // (inconditional, postblank, preblank). When the paths die before the end of the
  // word, what it prints is more than one unit; when they reach the end, the unit is the
  // word (a final state there) or else the remembered prefix, the rest being dropped.
  if (init_paths_.size() > kMaxPaths) return Result::kUnsupported;
  s.cur.assign(init_paths_.begin(), init_paths_.end());
  s.seqs.assign(init_seqs_.begin(), init_seqs_.end());
  size_t unit_len = std::string_view::npos;  // code points of the remembered unit
  std::string lf;
  const size_t n = s.cps.size();
  for (size_t k = 0;; ++k) {
    bool any_final = false, any_special = false;
    for (const Path& p : s.cur) {
      const uint8_t f = p.mark & 3;
      any_final |= f != 0;
      any_special |= f == 2;
    }
    if (any_final && k > 0 && (k == n || any_special || !alphabetic(s.cps[k]))) {
      if (!filter_finals(k, lf)) return Result::kUnsupported;
      unit_len = k;
    }
    if (k == n) break;
    // State::step_case: an upper-case letter also steps as its lower case, marking the
    // paths that do ("dirty").
    s.next.clear();
    const auto in = static_cast<int32_t>(s.cps[k]);
    const bool upper = u_isupper(static_cast<UChar32>(in));
    const auto lower = upper ? static_cast<int32_t>(u_tolower(static_cast<UChar32>(in))) : in;
    for (const Path& p : s.cur) {
      apply(p, in, false);
      if (lower != in) apply(p, lower, true);
    }
    if (!closure(s.next)) return Result::kUnsupported;
    s.cur.swap(s.next);
    if (s.cur.empty()) return Result::kNoMatch;
  }
  if (unit_len == std::string_view::npos) return Result::kNoMatch;
  unit.clear();
  unit.push_back('^');
  for (size_t k = 0; k < unit_len; ++k) utf8_append(unit, s.cps[k]);
  unit.append(lf);
  unit.push_back('$');
  return Result::kUnit;
}

// FSTProcessor::filterFinals on the current paths, the surface being the first `len`
// code points of the word: "/reading/reading..." into lf. False when the walker cannot
// reproduce it.
bool FstAnalyser::filter_finals(size_t len, std::string& lf) const {
  Scratch& s = scratch();
  // The word's case applies to the paths that lower-cased a letter.
  const bool firstupper = u_isupper(static_cast<UChar32>(s.cps.front()));
  const bool uppercase = len > 1 && firstupper && u_isupper(static_cast<UChar32>(s.cps[len - 1]));
  s.finals.clear();
  for (const Path& p : s.cur) {
    if (!(p.mark & 3)) continue;
    s.chain.clear();
    for (uint32_t q = p.seq; q != kNoSeq; q = s.seqs[q].parent) s.chain.push_back(q);
    std::string text;
    double cost = final_weight_[code_[p.node + 1]];
    const auto& r = p.dirty && uppercase ? render_upper_ : render_;
    for (size_t k = s.chain.size(); k-- > 0;) {
      const Seq& q = s.seqs[s.chain[k]];
      text += r[q.sym];
      cost += q.weight;
    }
    if (p.dirty && firstupper && !text.empty()) {
      size_t at = text[0] == '~' ? 1 : 0;  // past a post-generation mark
      if (at < text.size()) {
        size_t end = at;
        char32_t c = utf8_next(text, end);
        if (c <= 0xFFFF) {
          auto up = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
          if (up > 0xFFFF) return false;
          if (up != c) {
            std::string enc;
            utf8_append(enc, up);
            text.replace(at, end - at, enc);
          }
        }
      }
    }
    s.finals.emplace_back(std::move(text), cost);
  }
  // State::NFinals sorts by weight with std::sort (not stable: the same call keeps the
  // same order), then duplicates are dropped, the first kept.
  std::sort(s.finals.begin(), s.finals.end(),
            [](const std::pair<std::string, double>& x, const std::pair<std::string, double>& y) {
              return x.second < y.second;
            });
  lf.clear();
  for (size_t i = 0; i < s.finals.size(); ++i) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = s.finals[j].first == s.finals[i].first;
    if (seen) continue;
    lf.push_back('/');
    lf.append(s.finals[i].first);
  }
  return true;
}

std::vector<std::string> FstAnalyser::surface_forms(size_t limit) const {
  // Random walks from the root (a fixed sequence of pseudo-random choices), each ending
  // at a final state: a sample spread over the whole dictionary.
  std::vector<std::string> out;
  std::set<std::string> seen;
  uint64_t rng = 88172645463325252ull;
  auto next = [&] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  std::vector<uint32_t> choices;
  for (size_t walk = 0; walk < limit * 20 && out.size() < limit; ++walk) {
    uint32_t state = root_;
    std::string word;
    for (int depth = 0; depth < 80; ++depth) {
      const State& st = states_[state];
      choices.clear();
      for (uint32_t g = st.first_group; g < st.first_group + st.groups; ++g) {
        const int32_t in = groups_[g].in;
        if (in < 0 || (in > 0 && in < 0x20)) continue;  // tags, controls
        for (uint32_t k = groups_[g].begin; k < groups_[g].end; ++k) choices.push_back(k);
      }
      if (st.final && !word.empty() && (choices.empty() || next() % 4 == 0)) {
        if (seen.insert(word).second) out.push_back(word);
        break;
      }
      if (choices.empty()) break;
      const uint32_t k = choices[next() % choices.size()];
      const auto g = std::upper_bound(groups_.begin() + st.first_group, groups_.begin() + st.first_group + st.groups, k,
                                      [](uint32_t arc, const Group& x) { return arc < x.begin; }) - 1;
      if (g->in > 0) utf8_append(word, static_cast<char32_t>(g->in));
      state = arcs_[k].dest;
    }
  }
  return out;
}

// FSTProcessor::isAlphabetic.
bool FstAnalyser::alphabetic(char32_t c) const {
  return u_isalnum(static_cast<UChar32>(c)) ||
         std::binary_search(letters_.begin(), letters_.end(), static_cast<int32_t>(c));
}

LtProcStream::LtProcStream(const std::string& path) {
#if CRONACA_HAVE_LTTOOLBOX
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    auto p = std::make_unique<FSTProcessor>();
    p->load(f);
    std::fclose(f);
    p->initAnalysis();
    if (p->valid()) fst_ = std::move(p);
  }
#else
  (void)path;
#endif
}

LtProcStream::~LtProcStream() = default;

void LtProcStream::analyse(const std::vector<std::string>& words, std::vector<std::string>& units) {
  units.assign(words.size(), {});
  if (!fst_ || words.empty() || !icu_stdio().ok()) return;
#if CRONACA_HAVE_LTTOOLBOX
  std::string in;
  for (const auto& w : words) {
    in += w;
    in.push_back('\0');
  }
  FILE* f = fmemopen(in.data(), in.size(), "r");
  if (!f) return;
  char* buf = nullptr;
  size_t len = 0;
  FILE* o = open_memstream(&buf, &len);
  if (!o) {
    std::fclose(f);
    return;
  }
  {
    InputFile input;
    input.wrap(f);  // closed by InputFile
    const IcuStdio& io = icu_stdio();
    UFILE* u = io.finit(o, nullptr, "UTF-8");
    fst_->setNullFlush(true);  // the null-flush wrapper resets it after each call
    fst_->analysis(input, u);
    io.fflush(u);
    io.fclose(u);
  }
  std::fclose(o);
  std::string_view all(buf, len);
  size_t i = 0, start = 0;
  for (size_t k = 0; k <= all.size() && i < words.size(); ++k) {
    if (k == all.size() || all[k] == '\0') {
      units[i++] = std::string(all.substr(start, k - start));
      start = k + 1;
    }
  }
  std::free(buf);
#endif
}

}  // namespace cronaca
