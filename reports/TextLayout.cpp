#include "TextLayout.h"

namespace Limber {

std::size_t utf8SequenceLength(unsigned char c) {
    if (c >= 0xF0 && c <= 0xF7)
        return 4;
    if (c >= 0xE0)
        return c <= 0xEF ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

namespace {

/// Splits a word that is too wide into pieces that fit, at character boundaries.
void splitLongWord(std::string_view word, double maxWidth, const TextMeasure& measure,
                   std::vector<std::string>& lines) {
    std::string piece;
    for (std::size_t i = 0; i < word.size();) {
        std::size_t length =
            std::min(utf8SequenceLength(static_cast<unsigned char>(word[i])), word.size() - i);
        std::string_view character = word.substr(i, length);
        std::string candidate = piece + std::string(character);
        if (!piece.empty() && measure(candidate) > maxWidth) {
            lines.push_back(piece);
            piece = std::string(character);
        } else {
            piece = std::move(candidate);
        }
        i += length;
    }
    if (!piece.empty())
        lines.push_back(piece);
}

void wrapParagraph(std::string_view paragraph, double maxWidth, const TextMeasure& measure,
                   std::vector<std::string>& lines) {
    std::string line;
    std::size_t i = 0;
    bool any = false;
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
        std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
        if (measure(candidate) <= maxWidth) {
            line = std::move(candidate);
            continue;
        }
        if (!line.empty()) {
            lines.push_back(line);
            any = true;
            line.clear();
        }
        if (measure(word) <= maxWidth) {
            line = std::string(word);
        } else {
            splitLongWord(word, maxWidth, measure, lines);
            any = true;
            // Continue on the last piece so following words may share its line.
            line = lines.back();
            lines.pop_back();
        }
    }
    if (!line.empty() || !any)
        lines.push_back(line);
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

} // namespace Limber
