// A small argument parser for the sub-commands: --name VALUE, --name=VALUE,
// boolean --flag, and positional arguments. Unknown options are errors.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cronaca::cli {

class Args {
 public:
  /// `valued`: options that take a value; `flags`: options that do not.
  Args(int argc, char** argv, std::set<std::string> valued, std::set<std::string> flags) {
    for (int i = 0; i < argc; ++i) {
      std::string a = argv[i];
      if (a.size() > 2 && a.rfind("--", 0) == 0) {
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
          value = name.substr(eq + 1);
          name = name.substr(0, eq);
          has_value = true;
        }
        if (flags.count(name)) {
          if (has_value) throw std::invalid_argument("option --" + name + " takes no value");
          flags_.insert(name);
        } else if (valued.count(name)) {
          if (!has_value) {
            if (i + 1 >= argc) throw std::invalid_argument("option --" + name + " needs a value");
            value = argv[++i];
          }
          values_[name].push_back(value);
        } else {
          throw std::invalid_argument("unknown option --" + name);
        }
      } else if (a == "-h") {
        flags_.insert("help");
      } else {
        positional_.push_back(a);
      }
    }
  }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = {}) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second.back();
  }
  std::vector<std::string> all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
  }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> flags_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace cronaca::cli
