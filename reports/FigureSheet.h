#pragma once

#include "HandoutReport.h"
#include "domain/Figure.h"

#include <string>
#include <vector>

namespace Limber {

/// One figure on a sheet, with the caption printed under it.
struct FigureSheetEntry {
    const Figure* figure = nullptr;
    std::string caption;
};

/// A one-page PDF with every entry's figure at handout size (FIGURE_WIDTH x FIGURE_HEIGHT, its
/// box outlined in light grey) in a grid of four columns, each captioned: a contact sheet to
/// review the drawings at the size patients see them.
std::string renderFigureSheetPdf(const std::vector<FigureSheetEntry>& entries,
                                 const PdfFonts& fonts);

} // namespace Limber
