// CAMEO code table (see cameo.h). Tests: tests/unit/events_test.cc (CameoTable*).
#include "events/cameo.h"

#include <charconv>

#include "pipeline/pipeline.h"
#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {

CameoTable CameoTable::load(const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"code", "name", "plover", "quad", "goldstein"});
  CameoTable t;
  for (const TsvRow& r : f.rows) {
    CameoCode c;
    c.code = std::string(trim(r.get("code")));
    if (c.code.size() < 2 || c.code.size() > 4 ||
        c.code.find_first_not_of("0123456789") != std::string::npos)
      f.fail(r, "bad CAMEO code '" + c.code + "' (2 to 4 digits)");
    c.name = std::string(trim(r.get("name")));
    c.plover = std::string(trim(r.get("plover")));
    std::string_view q = trim(r.get("quad"));
    if (q.size() != 1 || q[0] < '1' || q[0] > '4') f.fail(r, "quad must be 1..4");
    c.quad = q[0] - '0';
    try {
      size_t used = 0;
      std::string g(trim(r.get("goldstein")));
      c.goldstein = std::stod(g, &used);
      if (used != g.size()) throw std::invalid_argument(g);
    } catch (const std::exception&) {
      f.fail(r, "goldstein must be a number");
    }
    if (!t.codes_.emplace(c.code, c).second) f.fail(r, "duplicate code " + c.code);
  }
  return t;
}

const CameoCode* CameoTable::find(std::string_view code) const {
  for (size_t n = code.size(); n >= 2; --n) {
    auto it = codes_.find(code.substr(0, n));
    if (it != codes_.end()) return &it->second;
  }
  return nullptr;
}

bool CameoTable::contains(std::string_view code) const { return codes_.find(code) != codes_.end(); }

std::string_view CameoTable::plover(std::string_view code) const {
  const CameoCode* c = find(code);
  return c ? std::string_view(c->plover) : std::string_view();
}
int CameoTable::quad_class(std::string_view code) const {
  const CameoCode* c = find(code);
  return c ? c->quad : 0;
}
double CameoTable::goldstein(std::string_view code) const {
  const CameoCode* c = find(code);
  return c ? c->goldstein : 0.0;
}
std::string_view CameoTable::name(std::string_view code) const {
  const CameoCode* c = find(code);
  return c ? std::string_view(c->name) : std::string_view();
}

const CameoTable& cameo_table() {
  static const CameoTable table = CameoTable::load(default_data_dir() / "cameo" / "codes.tsv");
  return table;
}

}  // namespace cronaca
