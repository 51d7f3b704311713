#include "ReportPdfWriter.h"

#include "TextLayout.h"
#include "domain/Utf8.h"

#include <algorithm>

namespace Limber {

namespace {

constexpr double FOOTER = 28;
constexpr double ROW_HEIGHT = 14;
constexpr double TABLE_SIZE = 8.5;

} // namespace

ReportPdfWriter::ReportPdfWriter(const FontLibrary& fonts, double pageWidth, double pageHeight,
                                 std::string footerLeft)
    : _fonts(_pdf, fonts), _width(pageWidth), _height(pageHeight),
      _footerLeft(std::move(footerLeft)) {
    newPage();
}

void ReportPdfWriter::newPage() {
    _pages.push_back(_pdf.addPage(_width, _height));
    _y = _height - MARGIN;
    if (_inTable)
        tableHeader();
}

void ReportPdfWriter::need(double height) {
    if (_y - height < MARGIN + FOOTER)
        newPage();
}

void ReportPdfWriter::gap(double points) {
    _y -= points;
}

double ReportPdfWriter::measure(const std::string& text, double size, bool bold) {
    return _fonts.width(text, bold ? FontFace::Bold : FontFace::Regular, size);
}

std::string ReportPdfWriter::fit(const std::string& text, double width, double size, bool bold) {
    if (measure(text, size, bold) <= width)
        return text;
    const std::string ellipsis = "\u2026";
    std::string cut;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = decodeUtf8(text, i).length;
        std::string next = cut + text.substr(i, length);
        if (measure(next + ellipsis, size, bold) > width)
            break;
        cut = std::move(next);
        i += length;
    }
    return cut + ellipsis;
}

void ReportPdfWriter::text(double x, double y, const std::string& text, double size, bool bold,
                           Color color, TextAnchor anchor) {
    PdfCanvas page(_pages.back(), _fonts, 0, 0, _width, _height);
    page.text({x, y}, text, {size, bold, color, anchor});
}

void ReportPdfWriter::paragraph(const std::string& content, double size, bool bold, Color color,
                                double indent) {
    auto measureRun = [&](std::string_view run) { return measure(std::string(run), size, bold); };
    std::vector<std::string> lines = wrapText(content, contentWidth() - indent, measureRun);
    const double lineHeight = size * 1.3;
    need(lineHeight * static_cast<double>(lines.size()));
    for (const auto& line : lines) {
        _y -= lineHeight;
        text(MARGIN + indent, _y + size * 0.28, line, size, bold, color);
    }
}

void ReportPdfWriter::heading(const std::string& title, double minHeight) {
    need(22 + minHeight);
    _y -= 16;
    text(MARGIN, _y, title, 12, true);
    _y -= 5;
    PdfCanvas page(_pages.back(), _fonts, 0, 0, _width, _height);
    page.line({MARGIN, _y}, {_width - MARGIN, _y}, Style::outline(0.6, Color::gray(0.3)));
    _y -= 6;
}

PdfCanvas ReportPdfWriter::canvas(double height) {
    need(height);
    _y -= height;
    return PdfCanvas(_pages.back(), _fonts, MARGIN, _y, contentWidth(), height);
}

void ReportPdfWriter::beginTable(std::vector<Column> columns) {
    _columns = std::move(columns);
    need(ROW_HEIGHT * 3);
    _inTable = true;
    tableHeader();
}

void ReportPdfWriter::tableHeader() {
    _y -= ROW_HEIGHT;
    double x = MARGIN;
    for (const auto& column : _columns) {
        double anchorX = column.align == TextAnchor::End ? x + column.width - 3 : x + 2;
        text(anchorX, _y + 4, fit(column.title, column.width - 5, TABLE_SIZE, true), TABLE_SIZE,
             true, Color::black(),
             column.align == TextAnchor::End ? TextAnchor::End : TextAnchor::Start);
        x += column.width;
    }
    PdfCanvas page(_pages.back(), _fonts, 0, 0, _width, _height);
    page.line({MARGIN, _y + 1}, {_width - MARGIN, _y + 1}, Style::outline(0.8, Color::black()));
}

void ReportPdfWriter::row(const std::vector<std::string>& cells, bool bold, bool shaded) {
    // Each cell wraps within its column; the row is as tall as its tallest cell.
    std::vector<std::vector<std::string>> lines(_columns.size());
    std::size_t tallest = 1;
    for (std::size_t i = 0; i < _columns.size() && i < cells.size(); ++i) {
        double width = _columns[i].width - 5;
        if (measure(cells[i], TABLE_SIZE, bold) <= width) {
            lines[i] = {cells[i]};
        } else {
            auto measureRun = [&](std::string_view run) {
                return measure(std::string(run), TABLE_SIZE, bold);
            };
            lines[i] = wrapText(cells[i], width, measureRun);
        }
        tallest = std::max(tallest, lines[i].size());
    }
    const double lineHeight = TABLE_SIZE * 1.25;
    const double height = ROW_HEIGHT + lineHeight * static_cast<double>(tallest - 1);
    need(height);
    _y -= height;
    PdfCanvas page(_pages.back(), _fonts, 0, 0, _width, _height);
    if (shaded)
        page.rectangle(MARGIN, _y, contentWidth(), height, Style::filled(Color::gray(0.92)));
    double x = MARGIN;
    for (std::size_t i = 0; i < _columns.size() && i < lines.size(); ++i) {
        const Column& column = _columns[i];
        bool end = column.align == TextAnchor::End;
        double baseline = _y + height - ROW_HEIGHT + 4;
        for (const auto& line : lines[i]) {
            text(end ? x + column.width - 3 : x + 2, baseline, line, TABLE_SIZE, bold,
                 Color::black(), end ? TextAnchor::End : TextAnchor::Start);
            baseline -= lineHeight;
        }
        x += column.width;
    }
    page.line({MARGIN, _y}, {_width - MARGIN, _y}, Style::outline(0.3, Color::gray(0.75)));
}

void ReportPdfWriter::endTable() {
    _inTable = false;
    _columns.clear();
    _y -= 4;
}

std::string ReportPdfWriter::finish(const std::string& title, const std::string& author) {
    const std::size_t count = _pages.size();
    for (std::size_t i = 0; i < count; ++i) {
        PdfCanvas page(_pages[i], _fonts, 0, 0, _width, _height);
        page.line({MARGIN, MARGIN + 12}, {_width - MARGIN, MARGIN + 12},
                  Style::outline(0.4, Color::gray(0.6)));
        page.text({MARGIN, MARGIN}, _footerLeft, {7.5, false, Color::gray(0.3)});
        page.text({_width - MARGIN, MARGIN},
                  "Page " + std::to_string(i + 1) + " of " + std::to_string(count),
                  {7.5, false, Color::gray(0.3), TextAnchor::End});
    }
    _pdf.setInfo(title, author);
    return _pdf.bytes();
}

} // namespace Limber
