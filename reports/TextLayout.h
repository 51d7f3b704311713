#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// Width of a run of text in points, as the font in use measures it.
using TextMeasure = std::function<double(std::string_view utf8)>;

/// Length in bytes of the UTF-8 sequence starting with lead byte c (1 for a stray byte).
std::size_t utf8SequenceLength(unsigned char c);

/// Breaks UTF-8 text into lines no wider than maxWidth. Lines break at spaces; a word wider than
/// a line is split between characters (never inside a multi-byte character). Explicit newlines
/// start new lines. Runs of spaces at a break are dropped. Never returns an empty list.
std::vector<std::string> wrapText(std::string_view text, double maxWidth,
                                  const TextMeasure& measure);

/// Assigns blocks of the given heights to pages, in order, never splitting a block: a block that
/// does not fit in what is left of a page starts the next page. The first page holds
/// firstPageHeight, later pages pageHeight. A block taller than a whole page gets a page to
/// itself (it overflows; callers keep blocks smaller). Returns the page index of each block.
std::vector<int> paginate(const std::vector<double>& blockHeights, double firstPageHeight,
                          double pageHeight);

} // namespace Limber
