// The readable view of an analysed document (`analyze --format text`): the
// header, then each layer, one item a line, quoting the words it points at.
#pragma once

#include <string>

#include "model/document.h"

namespace cronaca {

struct TextViewOptions {
  bool tokens = false;   // also list every token with its lemma and part of speech (default: off)
};

std::string to_text_view(const Document& doc, const TextViewOptions& options = {});

}  // namespace cronaca
