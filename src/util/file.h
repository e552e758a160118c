// Reading a whole file into memory in one call (data files, dictionaries).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace cronaca {

/// The bytes of `file`, read at once; false (and `text` empty) when it cannot be opened.
inline bool read_whole_file(const std::filesystem::path& file, std::string& text) {
  text.clear();
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  return true;
}

}  // namespace cronaca
