#pragma once

#include "DocumentFonts.h"
#include "HandoutReport.h"
#include "PdfCanvas.h"
#include "PdfDocument.h"

#include <string>
#include <vector>

namespace Limber {

/// Lays out a report top to bottom on pages of one size: paragraphs, headings, tables whose
/// header repeats on every page, and chart regions drawn through PdfCanvas. A
/// block never splits: what does not fit starts a new page. Every page gets a footer
/// (footerLeft and "Page n of m") when the document is finished.
class ReportPdfWriter {
public:
    /// Text is set in the font library's fonts (the built-in fonts, with its fallbacks).
    ReportPdfWriter(const FontLibrary& fonts, double pageWidth, double pageHeight,
                    std::string footerLeft);

    static constexpr double MARGIN = 40;

    double left() const { return MARGIN; }
    double contentWidth() const { return _width - 2 * MARGIN; }

    /// Starts a new page unless height fits below the cursor.
    void need(double height);
    /// Moves the cursor down.
    void gap(double points);
    /// Text wrapped to the content width (less indent), in one block.
    void paragraph(const std::string& text, double size, bool bold = false,
                   Color color = Color::black(), double indent = 0);
    /// A section heading with a rule under it, kept with the next minHeight points.
    void heading(const std::string& text, double minHeight = 60);
    /// A canvas of the content width and height at the cursor (on a new page if needed).
    PdfCanvas canvas(double height);

    struct Column {
        std::string title;
        double width = 0;
        TextAnchor align = TextAnchor::Start;
    };
    /// Starts a table: draws its header, and again on each page the rows run onto.
    void beginTable(std::vector<Column> columns);
    /// One row; a cell too wide for its column wraps onto more lines. shaded: a grey band.
    void row(const std::vector<std::string>& cells, bool bold = false, bool shaded = false);
    void endTable();

    /// Text width in points.
    double measure(const std::string& text, double size, bool bold = false);
    /// text cut to fit width (with "…"), whole when it fits.
    std::string fit(const std::string& text, double width, double size, bool bold = false);

    /// Writes the footers and returns the PDF.
    std::string finish(const std::string& title, const std::string& author);

private:
    void newPage();
    void tableHeader();
    void text(double x, double y, const std::string& text, double size, bool bold,
              Color color = Color::black(), TextAnchor anchor = TextAnchor::Start);

    PdfDocument _pdf;
    DocumentFonts _fonts;
    double _width;
    double _height;
    std::string _footerLeft;
    std::vector<HPDF_Page> _pages;
    double _y = 0; ///< the cursor: the top of the next block
    std::vector<Column> _columns;
    bool _inTable = false;
};

} // namespace Limber
