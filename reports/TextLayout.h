#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// Width of a run of text in points, as the font in use measures it.
using TextMeasure = std::function<double(std::string_view utf8)>;

/// Breaks UTF-8 text into lines no wider than maxWidth. Lines break at spaces; a word wider than
/// a line is split between characters (never inside a multi-byte character). Explicit newlines
/// start new lines. Runs of spaces at a break are dropped. Never returns an empty list.
/// Each word (and each character of a word that must be split) is measured once and widths are
/// added up, so measure must be additive (no kerning: true of the fonts PDFs are set in).
std::vector<std::string> wrapText(std::string_view text, double maxWidth,
                                  const TextMeasure& measure);

/// Assigns blocks of the given heights to pages, in order, never splitting a block: a block that
/// does not fit in what is left of a page starts the next page. The first page holds
/// firstPageHeight, later pages pageHeight. A block taller than a whole page gets a page to
/// itself (it overflows; callers keep blocks smaller). Returns the page index of each block.
std::vector<int> paginate(const std::vector<double>& blockHeights, double firstPageHeight,
                          double pageHeight);

/// A block to place on pages: its height, whether it must start a page, and whether it must
/// stay on the same page as the block after it (a heading and what it heads).
struct FlowBlock {
    double height = 0;
    bool startsPage = false;
    bool keepWithNext = false;
};

/// Assigns blocks to pages of pageHeight, in order, never splitting one: a block starts the next
/// page when it is marked so, when it does not fit what is left, or when the chain of blocks it
/// is kept with does not fit (a chain taller than a page is placed as if it were a page tall).
/// Then no page but the last holds less than a third of a page where blocks can help it: the
/// last blocks of the page before move onto it while they fit there, it does not start with a
/// block marked startsPage, and the page they leave keeps a third. Returns the page index of
/// each block.
std::vector<int> paginate(const std::vector<FlowBlock>& blocks, double pageHeight);

} // namespace Limber
