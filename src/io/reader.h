// Readers: files, directories and standard input become Documents.
//
// Formats, decided per file:
//   - JSON Lines (".jsonl", ".ndjson", or a file whose first non-blank byte is
//     '{'): one article a line, fields id, date, lang, source, url, title, text;
//   - date-prefixed text: optional leading white space, "date YYYY-MM" or
//     "date YYYY-MM-DD" (any precision DocDate::parse takes), one space, then the body;
//   - plain UTF-8 text: the whole file is the body.
// Directories are read recursively, files in sorted order, taking the files
// named *.txt, *.text, *.jsonl, *.ndjson or without extension (a README.md
// beside the articles is passed over); a file named on the command line is
// always read. "-" is standard input.
//
// Ids follow the contract: the JSON "id" field; else, for a file holding one
// article, the file name without its extension; else a content hash (16 hex digits).
//
// Failure: a unit that cannot be read (unreadable path, invalid UTF-8, binary
// data, empty body, malformed date header, broken JSON line, over max_bytes)
// yields a ReadResult with `error` set to "PATH[:LINE]: what is wrong"; reading
// goes on with the next unit. Nothing here throws on input.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/document.h"

namespace cronaca {

struct ReadOptions {
  std::string lang;                  // force this language ("it", "en"); empty or "auto": as given, else detected
  std::optional<DocDate> date;       // the date of documents whose input gives none (default: none)
  size_t max_bytes = 32u << 20;      // larger documents are refused (default: 32 MiB)
};

struct ReadResult {
  std::optional<Document> doc;       // set when the unit was read
  std::string error;                 // "PATH[:LINE]: what is wrong" when it was not
};

/// Reads every unit of every path in order and hands each to `sink`.
void read_inputs(const std::vector<std::string>& paths, const ReadOptions& options,
                 const std::function<void(ReadResult&&)>& sink);

/// Reads one buffer already in memory as the file `name` would be read
/// (format detection included). For tests and the HTTP API.
void read_buffer(const std::string& name, std::string content, const ReadOptions& options,
                 const std::function<void(ReadResult&&)>& sink);

/// 16 hex digits of a stable 64-bit hash of `text` (FNV-1a).
std::string content_id(std::string_view text);

}  // namespace cronaca
