#include "FigureSheet.h"

#include "FigureDrawing.h"
#include "PdfCanvas.h"
#include "PdfDocument.h"

#include <algorithm>

namespace Limber {

namespace {

constexpr int COLUMNS = 4;
constexpr double MARGIN = 24;
constexpr double GAP_X = 18;
constexpr double CAPTION = 16; // room for the caption under each figure
constexpr double GAP_Y = 10;

/// text, shortened with an ellipsis to fit width when set in style.
std::string fitted(std::string text, double width, const Canvas& canvas, const TextStyle& style) {
    if (canvas.textWidth(text, style) <= width)
        return text;
    while (!text.empty() && canvas.textWidth(text + "\u2026", style) > width) {
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
            text.pop_back();
        if (!text.empty())
            text.pop_back();
    }
    return text + "\u2026";
}

} // namespace

std::string renderFigureSheetPdf(const std::vector<FigureSheetEntry>& entries,
                                 const PdfFonts& fonts) {
    PdfDocument document;
    HPDF_Font regular = document.loadUtf8Font(fonts.regular);
    HPDF_Font bold = document.loadUtf8Font(fonts.bold);
    const int rows = std::max<int>(1, (static_cast<int>(entries.size()) + COLUMNS - 1) / COLUMNS);
    const double cellHeight = FIGURE_HEIGHT + CAPTION + GAP_Y;
    const double width = 2 * MARGIN + COLUMNS * FIGURE_WIDTH + (COLUMNS - 1) * GAP_X;
    const double height = 2 * MARGIN + rows * cellHeight - GAP_Y;
    HPDF_Page page = document.addPage(width, height);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const int column = static_cast<int>(i) % COLUMNS;
        const int row = static_cast<int>(i) / COLUMNS;
        const double x = MARGIN + column * (FIGURE_WIDTH + GAP_X);
        const double top = height - MARGIN - row * cellHeight;
        const double y = top - FIGURE_HEIGHT;
        {
            PdfCanvas cell(page, regular, bold, x, y - CAPTION, FIGURE_WIDTH,
                           FIGURE_HEIGHT + CAPTION);
            cell.rectangle(0, CAPTION, FIGURE_WIDTH, FIGURE_HEIGHT,
                           Style::outline(0.4, Color::gray(0.8)));
            TextStyle caption{7.5, false, Color::gray(0.2), TextAnchor::Start};
            cell.text({0, CAPTION - 10}, fitted(entries[i].caption, FIGURE_WIDTH, cell, caption),
                      caption);
        }
        PdfCanvas canvas(page, regular, bold, x, y, FIGURE_WIDTH, FIGURE_HEIGHT,
                         PdfCanvas::Use::Exclusive);
        drawFigure(*entries[i].figure, canvas);
    }
    document.setInfo("Limber figures", "Limber");
    return document.bytes();
}

} // namespace Limber
