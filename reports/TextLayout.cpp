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
        if (!pageEmpty && (blocks[i].startsPage || needed > left)) {
            ++page;
            left = pageHeight;
            pageEmpty = true;
        }
        pages[i] = page;
        left -= blocks[i].height;
        pageEmpty = false;
    }
    return pages;
}

} // namespace Limber
