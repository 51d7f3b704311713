#include "TextLayout.h"

#include "domain/Utf8.h"

#include <algorithm>

namespace Limber {

namespace {

/// Splits a word that is too wide into pieces that fit, at character boundaries. The last
/// piece is returned (still open: following words may join it) with its width.
std::string splitLongWord(std::string_view word, double maxWidth, const TextMeasure& measure,
                          std::vector<std::string>& lines, double& width) {
    std::string piece;
    width = 0;
    for (std::size_t i = 0; i < word.size();) {
        std::size_t length = decodeUtf8(word, i).length;
        std::string_view character = word.substr(i, length);
        double characterWidth = measure(character);
        if (!piece.empty() && width + characterWidth > maxWidth) {
            lines.push_back(std::move(piece));
            piece.clear();
            width = 0;
        }
        piece += character;
        width += characterWidth;
        i += length;
    }
    return piece;
}

void wrapParagraph(std::string_view paragraph, double maxWidth, const TextMeasure& measure,
                   std::vector<std::string>& lines) {
    const double space = measure(" ");
    std::string line;
    double lineWidth = 0;
    std::size_t i = 0;
    const std::size_t before = lines.size();
    while (i < paragraph.size()) {
        while (i < paragraph.size() && paragraph[i] == ' ')
            ++i;
        std::size_t end = paragraph.find(' ', i);
        if (end == std::string_view::npos)
            end = paragraph.size();
        if (end == i)
            break;
        std::string_view word = paragraph.substr(i, end - i);
        i = end;
        double wordWidth = measure(word);
        if (!line.empty() && lineWidth + space + wordWidth <= maxWidth) {
            line += ' ';
            line += word;
            lineWidth += space + wordWidth;
            continue;
        }
        if (!line.empty())
            lines.push_back(std::move(line));
        // A word too wide for a line breaks after a hyphen where it can ("Núñez-" /
        // "Åberg"), and between characters only where it must.
        while (wordWidth > maxWidth) {
            std::size_t hyphen = word.rfind('-', word.size() - 2);
            while (hyphen != std::string_view::npos && hyphen > 0 &&
                   measure(word.substr(0, hyphen + 1)) > maxWidth)
                hyphen = word.rfind('-', hyphen - 1);
            if (hyphen == std::string_view::npos || hyphen == 0)
                break;
            lines.emplace_back(word.substr(0, hyphen + 1));
            word = word.substr(hyphen + 1);
            wordWidth = measure(word);
        }
        if (wordWidth <= maxWidth) {
            line = std::string(word);
            lineWidth = wordWidth;
        } else {
            line = splitLongWord(word, maxWidth, measure, lines, lineWidth);
        }
    }
    if (!line.empty() || lines.size() == before)
        lines.push_back(std::move(line));
}

} // namespace

std::vector<std::string> wrapText(std::string_view text, double maxWidth,
                                  const TextMeasure& measure) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find('\n', start);
        wrapParagraph(text.substr(start, end == std::string_view::npos ? end : end - start),
                      maxWidth, measure, lines);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return lines;
}

std::vector<int> paginate(const std::vector<double>& blockHeights, double firstPageHeight,
                          double pageHeight) {
    std::vector<int> pages;
    int page = 0;
    double left = firstPageHeight;
    bool pageEmpty = true;
    for (double height : blockHeights) {
        if (height > left && !pageEmpty) {
            ++page;
            left = pageHeight;
            pageEmpty = true;
        }
        pages.push_back(page);
        left -= height;
        pageEmpty = false;
    }
    return pages;
}

namespace {

/// Heights that add up to a page's within this much still fit it (sums of fractions).
constexpr double FIT_TOLERANCE = 1e-6;

/// The height of the blocks on each page.
std::vector<double> pageFills(const std::vector<FlowBlock>& blocks, const std::vector<int>& pages) {
    std::vector<double> fills(pages.empty() ? 0 : static_cast<std::size_t>(pages.back()) + 1, 0);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        fills[static_cast<std::size_t>(pages[i])] += blocks[i].height;
    return fills;
}

/// Moves blocks from the end of a page to the top of the next while the next holds less than
/// a third of a page (and is not the last): the last block of the page, with the blocks kept
/// with it, goes when it fits there, the next page does not start a section, and the page it
/// leaves keeps at least a third itself.
void fillThinPages(const std::vector<FlowBlock>& blocks, double pageHeight,
                   std::vector<int>& pages) {
    const double third = pageHeight / 3;
    std::vector<double> fills = pageFills(blocks, pages);
    const int last = static_cast<int>(fills.size()) - 1;
    for (int page = 1; page < last; ++page) {
        const auto at = static_cast<std::size_t>(page);
        while (fills[at] < third) {
            // The first block of the page; a page that starts a section takes nothing before it.
            auto first = static_cast<std::size_t>(std::find(pages.begin(), pages.end(), page) -
                                                  pages.begin());
            if (first == 0 || blocks[first].startsPage || pages[first - 1] != page - 1)
                break;
            // The unit to move: the previous page's last block and the blocks kept with it.
            std::size_t from = first - 1;
            while (from > 0 && pages[from - 1] == page - 1 && blocks[from - 1].keepWithNext)
                --from;
            if (blocks[from].startsPage || from == 0 || pages[from - 1] != page - 1)
                break; // the unit is all the previous page holds
            double unit = 0;
            for (std::size_t i = from; i < first; ++i)
                unit += blocks[i].height;
            if (fills[at] + unit > pageHeight + FIT_TOLERANCE || fills[at - 1] - unit < third)
                break;
            for (std::size_t i = from; i < first; ++i)
                pages[i] = page;
            fills[at] += unit;
            fills[at - 1] -= unit;
        }
    }
}

} // namespace

std::vector<int> paginate(const std::vector<FlowBlock>& blocks, double pageHeight) {
    std::vector<int> pages(blocks.size(), 0);
    int page = 0;
    double left = pageHeight;
    bool pageEmpty = true;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        // A block kept with the next ones needs room for the whole chain (up to a page).
        double needed = blocks[i].height;
        for (std::size_t next = i; blocks[next].keepWithNext && next + 1 < blocks.size(); ++next)
            needed += blocks[next + 1].height;
        needed = std::min(needed, pageHeight);
        if (!pageEmpty && (blocks[i].startsPage || needed > left + FIT_TOLERANCE)) {
            ++page;
            left = pageHeight;
            pageEmpty = true;
        }
        pages[i] = page;
        left -= blocks[i].height;
        pageEmpty = false;
    }
    fillThinPages(blocks, pageHeight, pages);
    return pages;
}

} // namespace Limber
