#include "HandoutReport.h"

#include "HandoutText.h"
#include "PdfDocument.h"
#include "TextLayout.h"
#include "domain/DoseText.h"

#include <cstdio>

namespace Limber {

namespace {

constexpr double MARGIN = 54;        // 0.75 inch
constexpr double FOOTER_SPACE = 36;  // footer line and gap above it
constexpr double LINE_SPACING = 1.3; // line height as a multiple of the font size

enum class Face { Regular, Bold };
enum class Frame { None, Border };

/// One line of text placed in a block. `advance` is how far the next line starts below this
/// one (0 puts the next line on the same baseline, as for a step number and its text).
struct Line {
    Face face = Face::Regular;
    double size = 11;
    double indent = 0;
    std::string text;
    double advance = 0;
    bool shaded = false;
};

/// A run of lines that always stays on one page.
struct Block {
    std::vector<Line> lines;
    Frame frame = Frame::None;
    double spaceAfter = 0;

    double height() const {
        double total = frame == Frame::Border ? 16 : 0;
        for (const auto& line : lines)
            total += line.advance;
        return total + spaceAfter;
    }
};

struct Sizes {
    double body;
    double heading;
    double title;
    double small;
};

Sizes sizesFor(const HandoutOptions& options) {
    if (options.largePrint)
        return {14, 17, 20, 11};
    return {11, 13, 16, 9};
}

/// Builds blocks of text measured with the document's fonts.
class BlockBuilder {
public:
    BlockBuilder(HPDF_Font regular, HPDF_Font bold, double width)
        : _regular(regular), _bold(bold), _width(width) {}

    double measure(std::string_view text, Face face, double size) const {
        if (text.empty())
            return 0;
        HPDF_TextWidth width = HPDF_Font_TextWidth(face == Face::Bold ? _bold : _regular,
                                                   reinterpret_cast<const HPDF_BYTE*>(text.data()),
                                                   static_cast<HPDF_UINT>(text.size()));
        return width.width * size / 1000.0;
    }

    /// Appends text wrapped to the content width minus indent.
    void wrapped(Block& block, std::string_view text, Face face, double size, double indent = 0,
                 bool shaded = false) const {
        auto measureRun = [&](std::string_view run) { return measure(run, face, size); };
        for (auto& line : wrapText(text, _width - indent, measureRun))
            block.lines.push_back(
                {face, size, indent, std::move(line), size * LINE_SPACING, shaded});
    }

    /// Appends "label text" with the label in the margin and the text wrapped beside it
    /// (numbered steps, bullets).
    void hanging(Block& block, const std::string& label, std::string_view text, double size,
                 double indent) const {
        block.lines.push_back({Face::Regular, size, 0, label, 0, false});
        wrapped(block, text, Face::Regular, size, indent);
    }

private:
    HPDF_Font _regular;
    HPDF_Font _bold;
    double _width;
};

std::string formatPage(const char* pattern, int page, int pages) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, page, pages);
    return text;
}

std::vector<Block> layoutHandout(const Handout& h, const BlockBuilder& builder, const Sizes& s) {
    const HandoutText& t = handoutText(h.language);
    std::vector<Block> blocks;
    const double labelIndent = s.body * 1.8;

    Block header;
    builder.wrapped(header, h.clinic.name, Face::Bold, s.title);
    std::string contact = h.clinic.address;
    if (!h.clinic.phone.empty())
        contact += (contact.empty() ? "" : " \u00B7 ") + h.clinic.phone;
    if (!contact.empty())
        builder.wrapped(header, contact, Face::Regular, s.small);
    header.lines.back().advance += s.body;
    builder.wrapped(header, t.title, Face::Bold, s.heading);
    builder.wrapped(header, h.patient.name, Face::Bold, s.title);
    builder.wrapped(header, std::string(t.therapist) + ": " + h.therapistName, Face::Regular,
                    s.body);
    std::string program = std::string(t.program) + ": " + h.prescription.title;
    if (h.version > 0)
        program += " (" + std::string(t.version) + " " + std::to_string(h.version) + ")";
    builder.wrapped(header, program, Face::Regular, s.body);
    builder.wrapped(header,
                    std::string(t.from) + " " + h.prescription.startDate.toString() + " " + t.to +
                        " " + h.prescription.endDate.toString(),
                    Face::Regular, s.body);
    header.spaceAfter = s.body;
    blocks.push_back(std::move(header));

    for (std::size_t i = 0; i < h.exercises.size(); ++i) {
        const Exercise& exercise = *h.exercises[i];
        const ProgramItem& item = h.prescription.items[i];
        const ExerciseText& text = exercise.textIn(h.language);
        Block block;
        builder.wrapped(block, std::to_string(i + 1) + ". " + text.name, Face::Bold, s.heading);
        builder.wrapped(block, describeDose(item.dose, h.language), Face::Bold, s.body, 0, true);
        block.lines.back().advance += s.body * 0.3;
        for (std::size_t step = 0; step < text.steps.size(); ++step)
            builder.hanging(block, std::to_string(step + 1) + ".", text.steps[step], s.body,
                            labelIndent);
        auto section = [&](const char* title, const std::vector<std::string>& points) {
            if (points.empty())
                return;
            builder.wrapped(block, title, Face::Bold, s.body);
            for (const auto& point : points)
                builder.hanging(block, "\u2022", point, s.body, labelIndent);
        };
        section(t.tips, text.cues);
        section(t.takeCare, text.precautions);
        if (!text.regression.empty())
            section(t.easier, {text.regression});
        if (!text.progression.empty())
            section(t.harder, {text.progression});
        if (!item.note.empty())
            section(t.therapistNote, {item.note});
        block.spaceAfter = s.body * 1.2;
        blocks.push_back(std::move(block));
    }

    if (!h.education.empty()) {
        Block block;
        builder.wrapped(block, t.goodHabits, Face::Bold, s.heading);
        for (const EducationItem* item : h.education) {
            const EducationText& text = item->textIn(h.language);
            builder.wrapped(block, text.title, Face::Bold, s.body);
            for (const auto& point : text.points)
                builder.hanging(block, "\u2022", point, s.body, labelIndent);
        }
        block.spaceAfter = s.body * 1.2;
        blocks.push_back(std::move(block));
    }

    if (!h.prescription.notes.empty()) {
        Block block;
        builder.wrapped(block, t.therapistNote, Face::Bold, s.heading);
        builder.wrapped(block, h.prescription.notes, Face::Regular, s.body);
        block.spaceAfter = s.body * 1.2;
        blocks.push_back(std::move(block));
    }

    Block safety;
    safety.frame = Frame::Border;
    builder.wrapped(safety, t.safetyTitle, Face::Bold, s.heading, 8);
    for (const char* point : t.safety)
        builder.hanging(safety, "  \u2022", point, s.body, labelIndent + 8);
    safety.spaceAfter = s.body * 1.2;
    blocks.push_back(std::move(safety));

    Block checkin;
    builder.wrapped(checkin, t.checkinTitle, Face::Bold, s.heading);
    if (h.checkinUrl.empty()) {
        builder.wrapped(checkin, t.checkinWithoutLink, Face::Regular, s.body);
    } else {
        builder.wrapped(checkin, t.checkinWithLink, Face::Regular, s.body);
        builder.wrapped(checkin, h.checkinUrl, Face::Bold, s.body);
    }
    blocks.push_back(std::move(checkin));
    return blocks;
}

void drawText(HPDF_Page page, HPDF_Font font, double size, double x, double y,
              const std::string& text) {
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), text.c_str());
    HPDF_Page_EndText(page);
}

} // namespace

std::string renderHandoutPdf(const Handout& handout, const PdfFonts& fonts,
                             const HandoutOptions& options) {
    const double pageWidth = options.paper == PaperSize::A4 ? 595.276 : 612;
    const double pageHeight = options.paper == PaperSize::A4 ? 841.89 : 792;
    const double contentWidth = pageWidth - 2 * MARGIN;
    const double contentHeight = pageHeight - 2 * MARGIN - FOOTER_SPACE;
    const Sizes sizes = sizesFor(options);

    PdfDocument pdf;
    pdf.setInfo(handoutText(handout.language).title + std::string(" \u2013 ") +
                    handout.patient.name,
                handout.clinic.name);
    HPDF_Font regular = pdf.loadUtf8Font(fonts.regular);
    HPDF_Font bold = pdf.loadUtf8Font(fonts.bold);
    BlockBuilder builder(regular, bold, contentWidth);

    std::vector<Block> blocks = layoutHandout(handout, builder, sizes);
    std::vector<double> heights;
    for (const auto& block : blocks)
        heights.push_back(block.height());
    std::vector<int> pageOf = paginate(heights, contentHeight, contentHeight);
    const int pageCount = pageOf.empty() ? 1 : pageOf.back() + 1;

    const HandoutText& text = handoutText(handout.language);
    std::string footerLeft =
        handout.clinic.name + " \u00B7 " + text.printed + " " + handout.printedOn.toString();
    std::size_t next = 0;
    for (int pageIndex = 0; pageIndex < pageCount; ++pageIndex) {
        HPDF_Page page = pdf.addPage(pageWidth, pageHeight);
        double cursor = pageHeight - MARGIN;
        for (; next < blocks.size() && pageOf[next] == pageIndex; ++next) {
            const Block& block = blocks[next];
            double top = cursor;
            double inner = block.frame == Frame::Border ? 8 : 0;
            cursor -= inner;
            for (const auto& line : block.lines) {
                double baseline = cursor - line.size;
                if (line.shaded) {
                    HPDF_Page_SetGrayFill(page, 0.88f);
                    HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(MARGIN - 4),
                                        static_cast<HPDF_REAL>(baseline - line.size * 0.35),
                                        static_cast<HPDF_REAL>(contentWidth + 8),
                                        static_cast<HPDF_REAL>(line.advance));
                    HPDF_Page_Fill(page);
                    HPDF_Page_SetGrayFill(page, 0);
                }
                drawText(page, line.face == Face::Bold ? bold : regular, line.size,
                         MARGIN + line.indent, baseline, line.text);
                cursor -= line.advance;
            }
            cursor -= inner;
            if (block.frame == Frame::Border) {
                HPDF_Page_SetLineWidth(page, 1.2f);
                HPDF_Page_Rectangle(
                    page, static_cast<HPDF_REAL>(MARGIN - 4), static_cast<HPDF_REAL>(cursor),
                    static_cast<HPDF_REAL>(contentWidth + 8), static_cast<HPDF_REAL>(top - cursor));
                HPDF_Page_Stroke(page);
            }
            cursor -= block.spaceAfter;
        }
        double footerY = MARGIN - 10;
        drawText(page, regular, sizes.small, MARGIN, footerY, footerLeft);
        std::string pageLabel = formatPage(text.pageOf, pageIndex + 1, pageCount);
        double labelWidth = builder.measure(pageLabel, Face::Regular, sizes.small);
        drawText(page, regular, sizes.small, pageWidth - MARGIN - labelWidth, footerY, pageLabel);
    }
    return pdf.bytes();
}

} // namespace Limber
