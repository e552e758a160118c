// The engine's exceptions. The library never prints; front ends catch these and
// report them. Messages are lower-case and carry their context (LLVM style).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace cronaca {

/// A knowledge or pattern file that cannot be used: "path:line: what is wrong".
class DataFileError : public std::runtime_error {
 public:
  DataFileError(const std::filesystem::path& file, size_t line, const std::string& what)
      : std::runtime_error(file.string() + (line ? ":" + std::to_string(line) : std::string()) + ": " + what) {}
};

/// A document that cannot be read at all: "origin: what is wrong".
/// origin is "path" or "path:line" (Document::origin).
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& origin, const std::string& what) : std::runtime_error(origin + ": " + what) {}
};

}  // namespace cronaca
