#include "HandoutReport.h"

#include "DocumentFonts.h"
#include "HandoutLayout.h"
#include "HandoutText.h"
#include "PdfCanvas.h"
#include "QrCode.h"
#include "domain/Utf8.h"

#include <cmath>
#include <cstdio>
#include <optional>

namespace Limber {

namespace {

/// Coordinates go to the page rounded to a quarter point (invisible in print), which libharu
/// writes with at most two decimals instead of five: a smaller page to compress and store.
HPDF_REAL real(double value) {
    return static_cast<HPDF_REAL>(std::round(value * 4) / 4);
}

/// Draws laid-out blocks on one document's pages.
class Painter {
public:
    Painter(PdfDocument& pdf, DocumentFonts& fonts, const PageGeometry& page)
        : _pdf(pdf), _fonts(fonts), _page(page) {}

    HPDF_Page addPage() {
        _current = _pdf.addPage(_page.width, _page.height);
        _gray = 0;
        _strokeGray = 0;
        _lineWidth = 1;
        return _current;
    }

    void fillGray(double gray) {
        if (gray != _gray) {
            HPDF_Page_SetGrayFill(_current, static_cast<HPDF_REAL>(gray));
            _gray = gray;
        }
    }

    void box(const LaidBox& box, double top) {
        const double x = _page.marginX + box.x;
        const double y = top - box.top - box.height;
        if (box.fill >= 0) {
            fillGray(box.fill);
            HPDF_Page_Rectangle(_current, real(x), real(y), real(box.width), real(box.height));
            HPDF_Page_Fill(_current);
        }
        if (box.stroke >= 0) {
            if (box.stroke != _strokeGray) {
                HPDF_Page_SetGrayStroke(_current, static_cast<HPDF_REAL>(box.stroke));
                _strokeGray = box.stroke;
            }
            if (box.lineWidth != _lineWidth) {
                HPDF_Page_SetLineWidth(_current, static_cast<HPDF_REAL>(box.lineWidth));
                _lineWidth = box.lineWidth;
            }
            HPDF_Page_Rectangle(_current, real(x), real(y), real(box.width), real(box.height));
            HPDF_Page_Stroke(_current);
        }
    }

    /// Draws the lines of text in one text object.
    void texts(const std::vector<LaidText>& texts, double top) {
        if (texts.empty())
            return;
        HPDF_Page_BeginText(_current);
        for (const LaidText& text : texts) {
            double x = _page.marginX + text.x;
            if (text.centred)
                x -= _fonts.width(text.text, text.face, text.size) / 2;
            fillGray(text.gray);
            _fonts.show(_current, real(x), real(top - text.baseline), text.text, text.face,
                        text.size);
        }
        HPDF_Page_EndText(_current);
    }

    /// A white number in a black circle.
    void badge(const LaidGraphic& graphic, double top) {
        const double radius = graphic.width / 2;
        const double cx = _page.marginX + graphic.x + radius;
        const double cy = top - graphic.top - radius;
        fillGray(0);
        HPDF_Page_Circle(_current, real(cx), real(cy), real(radius));
        HPDF_Page_Fill(_current);
        const double size = radius * 1.05;
        const double width = _fonts.width(graphic.label, FontFace::Bold, size);
        fillGray(1);
        _fonts.draw(_current, cx - width / 2, cy - size * 0.36, graphic.label, FontFace::Bold,
                    size);
    }

    /// A canvas on the graphic's rectangle.
    PdfCanvas canvas(const LaidGraphic& graphic, double top) {
        _gray = -1; // the canvas sets its own colours and line width
        _strokeGray = -1;
        _lineWidth = -1;
        return PdfCanvas(_current, _fonts, _page.marginX + graphic.x,
                         top - graphic.top - graphic.height, graphic.width, graphic.height,
                         PdfCanvas::Use::Exclusive);
    }

    void image(HPDF_Image image, const LaidGraphic& graphic, double top) {
        HPDF_Page_DrawImage(_current, image, real(_page.marginX + graphic.x),
                            real(top - graphic.top - graphic.height), real(graphic.width),
                            real(graphic.height));
    }

    /// text cut to width with an ellipsis when it is longer.
    std::string fit(const std::string& text, FontFace face, double size, double width) {
        if (_fonts.width(text, face, size) <= width)
            return text;
        std::string cut;
        for (std::size_t at = 0; at < text.size();) {
            Utf8Character character = decodeUtf8(text, at);
            std::string longer = cut + text.substr(at, character.length);
            if (_fonts.width(longer + "\u2026", face, size) > width)
                break;
            cut = std::move(longer);
            at += character.length;
        }
        return cut + "\u2026";
    }

    /// Text in large light letters across the page, corner to corner, under what follows.
    void mark(const std::string& text, FontFace face) {
        const double angle = std::atan2(_page.height, _page.width);
        const double diagonal = std::hypot(_page.width, _page.height);
        double size = 72;
        const double natural = _fonts.width(text, face, size);
        if (natural > diagonal * 0.7)
            size *= diagonal * 0.7 / natural;
        const double width = _fonts.width(text, face, size);
        const auto c = static_cast<HPDF_REAL>(std::cos(angle));
        const auto s = static_cast<HPDF_REAL>(std::sin(angle));
        HPDF_Page_GSave(_current);
        HPDF_Page_Concat(_current, c, s, -s, c, static_cast<HPDF_REAL>(_page.width / 2),
                         static_cast<HPDF_REAL>(_page.height / 2));
        HPDF_Page_SetGrayFill(_current, 0.82f);
        _fonts.draw(_current, -width / 2, -size * 0.35, text, face, size);
        HPDF_Page_GRestore(_current);
        _fonts.forgetPageFont();
        _gray = -1;
    }

    HPDF_Page current() const { return _current; }

private:
    PdfDocument& _pdf;
    DocumentFonts& _fonts;
    const PageGeometry& _page;
    HPDF_Page _current = nullptr;
    double _gray = 0;       ///< the fill gray set on the page; negative when unknown
    double _strokeGray = 0; ///< the stroke gray set on the page; negative when unknown
    double _lineWidth = 1;
};

} // namespace

HandoutReport::HandoutReport(const FontLibrary& fonts, const LogoImage* logo,
                             const FigureSource* figures)
    : _fonts(fonts), _logo(logo && !logo->empty() ? logo : nullptr), _figures(figures) {}

void HandoutReport::check(const Handout& h) const {
    FieldErrors errors;
    auto field = [&](const std::string& name, std::string_view text) {
        std::string why = _fonts.unprintable(text);
        if (!why.empty())
            errors.add(name, "cannot be printed: " + why);
    };
    field("clinic.name", h.clinic.name);
    field("clinic.address", h.clinic.address);
    field("clinic.phone", h.clinic.phone);
    field("therapist.name", h.therapistName);
    field("patient.name", h.patient.name);
    field("title", h.prescription.title);
    field("notes", h.prescription.notes);
    for (std::size_t i = 0; i < h.prescription.items.size(); ++i)
        field("items[" + std::to_string(i) + "].note", h.prescription.items[i].note);
    // Catalog text, for a clinic's own pack in a script the fonts lack.
    for (const Exercise* exercise : h.exercises) {
        const ExerciseText& text = exercise->textIn(h.language);
        std::string all = text.name + text.regression + text.progression;
        for (const auto* list : {&text.steps, &text.cues, &text.precautions})
            for (const auto& line : *list)
                all += line;
        field("exercise " + exercise->id, all);
    }
    for (const EducationItem* item : h.education) {
        const EducationText& text = item->textIn(h.language);
        std::string all = text.title;
        for (const auto& point : text.points)
            all += point;
        field("education " + item->id, all);
    }
    errors.throwIfAny();
}

std::string HandoutReport::render(const Handout& handout, const HandoutOptions& options) const {
    check(handout);
    PdfDocument pdf;
    DocumentFonts fonts(pdf, _fonts);
    pdf.setInfo(handoutText(handout.language).title + std::string(" \u2013 ") +
                    handout.patient.name,
                handout.clinic.name);
    append(pdf, fonts, handout, options);
    return pdf.bytes();
}

void HandoutReport::append(PdfDocument& pdf, DocumentFonts& fonts, const Handout& printed,
                           const HandoutOptions& options) const {
    // A preview prints no check-in link: its paper must not pass for the patient's handout.
    Handout unlinked;
    if (printed.preview) {
        unlinked = printed;
        unlinked.checkinUrl.clear();
        unlinked.checkinCode.clear();
        unlinked.codeEntryUrl.clear();
    }
    const Handout& handout = printed.preview ? unlinked : printed;
    LayoutContext context{PageGeometry::of(options),
                          Typography::of(options),
                          [&fonts](std::string_view text, FontFace face, double size) {
                              return fonts.width(text, face, size);
                          },
                          {},
                          _logo ? static_cast<double>(_logo->width()) / _logo->height() : 0};
    if (_figures)
        context.figureAspect = [this](const std::string& id) { return _figures->aspect(id); };
    const PageGeometry& page = context.page;
    const Typography& type = context.type;

    std::vector<LaidBlock> blocks = layoutHandout(handout, context);
    std::vector<FlowBlock> flow(blocks.begin(), blocks.end());
    std::vector<int> pageOf = paginate(flow, page.contentHeight());
    const int pageCount = pageOf.empty() ? 1 : pageOf.back() + 1;

    std::optional<QrCode> qr;
    if (!handout.checkinUrl.empty())
        qr = QrCode::encode(handout.checkinUrl);
    HPDF_Image logo = nullptr;

    const HandoutText& text = handoutText(handout.language);
    const std::string footerLeft = std::string(handout.preview ? text.previewMark : text.printed) +
                                   (handout.preview ? " \u00B7 " : " ") +
                                   formatDate(text, handout.printedOn);
    Painter painter(pdf, fonts, page);
    std::size_t next = 0;
    for (int pageIndex = 0; pageIndex < pageCount; ++pageIndex) {
        painter.addPage();
        if (handout.preview)
            painter.mark(text.previewMark, FontFace::Bold);
        double top = page.height - page.marginTop;
        for (; next < blocks.size() && pageOf[next] == pageIndex; ++next) {
            const LaidBlock& block = blocks[next];
            for (const LaidBox& box : block.boxes)
                painter.box(box, top);
            for (const LaidGraphic& graphic : block.graphics) {
                switch (graphic.kind) {
                case LaidGraphic::Kind::Badge:
                    painter.badge(graphic, top);
                    break;
                case LaidGraphic::Kind::QrCode:
                    if (qr) {
                        PdfCanvas canvas = painter.canvas(graphic, top);
                        qr->draw(canvas, 0, 0, graphic.width);
                    }
                    break;
                case LaidGraphic::Kind::Figure:
                    if (_figures) {
                        PdfCanvas canvas = painter.canvas(graphic, top);
                        _figures->draw(graphic.figureId, canvas);
                    }
                    break;
                case LaidGraphic::Kind::Logo:
                    if (!logo)
                        logo = _logo->load(pdf);
                    painter.image(logo, graphic, top);
                    break;
                }
            }
            painter.texts(block.texts, top);
            top -= block.height;
        }

        // Footer: clinic and print date, the patient (pages come loose), page n of m.
        const double width = page.contentWidth();
        const double baseline = page.marginBottom - 24;
        painter.box({0, 0, width, 0.5, 0.6}, page.marginBottom - 9.5);
        char pageLabel[64];
        std::snprintf(pageLabel, sizeof pageLabel, text.pageOf, pageIndex + 1, pageCount);
        const double small = type.small;
        const double labelWidth = fonts.width(pageLabel, FontFace::Regular, small);
        const double third = (width - labelWidth) / 2 - 12;
        std::string patient = painter.fit(handout.patient.name, FontFace::Bold, small, third);
        painter.texts({{0, 0, painter.fit(footerLeft, FontFace::Regular, small, third),
                        FontFace::Regular, small, 0.25},
                       {third + 12, 0, patient, FontFace::Bold, small, 0.25},
                       {width - labelWidth, 0, pageLabel, FontFace::Regular, small, 0.25}},
                      baseline);
    }
}

} // namespace Limber
