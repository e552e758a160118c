// The output contract (../shared/docs/CONTRACT.md): one JSON object a document.
//
// Spans leave the engine here: byte offsets become code point offsets of `text`.
// Ids are made from indexes: entities "e1".., events "v1".., claims "c1"..
// Output is deterministic: same document, same bytes.
#pragma once

#include <string>

#include "model/document.h"

namespace cronaca {

struct JsonOptions {
  bool tokens = false;   // also write "tokens" ({span, lemma, pos}) (default: off; sentences are always written)
};

/// The document as one line of JSON (no trailing newline).
std::string to_json_line(const Document& doc, const JsonOptions& options = {});

std::string entity_id(uint32_t index);   // "e1" for index 0
std::string event_id(uint32_t index);    // "v1"
std::string claim_id(uint32_t index);    // "c1"

}  // namespace cronaca
