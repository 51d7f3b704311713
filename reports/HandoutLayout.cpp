#include "HandoutLayout.h"

#include "HandoutText.h"
#include "domain/DoseText.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>

namespace Limber {

Typography Typography::of(const HandoutOptions& options) {
    if (options.largePrint)
        return {14, 11, 14, 17, 24, 24, 17};
    return {10.5, 8.5, 10, 13.5, 20, 18, 12.5};
}

PageGeometry PageGeometry::of(const HandoutOptions& options) {
    if (options.paper == PaperSize::A4)
        return {595.276, 841.89, 40, 40, 46};
    return {612, 792, 40, 40, 46};
}

namespace {

constexpr double LEADING = 1.22; // line height as a multiple of the type size
constexpr double GAP = 12;       // between blocks

/// Appends wrapped text to a block.
class Writer {
public:
    Writer(const LayoutContext& context, LaidBlock& block) : _c(context), _block(block) {}

    double lead(double size) const { return size * LEADING; }
    double width(std::string_view text, FontFace face, double size) const {
        return _c.measure(text, face, size);
    }

    /// Wraps text into width from (x, y); returns the y below its last line.
    double paragraph(double x, double y, double width, std::string_view text, FontFace face,
                     double size, double gray = 0) {
        auto measure = [&](std::string_view run) { return _c.measure(run, face, size); };
        for (std::string& line : wrapText(text, width, measure)) {
            _block.texts.push_back({x, y + size * 0.98, std::move(line), face, size, gray, width});
            y += lead(size);
        }
        return y;
    }

    /// A label ("3.", a bullet) at x and text wrapped beside it, from indent on.
    double hanging(double x, double y, double width, const std::string& label, double indent,
                   std::string_view text, double size, FontFace labelFace = FontFace::Regular) {
        _block.texts.push_back({x, y + size * 0.98, label, labelFace, size, 0, indent});
        return paragraph(x + indent, y, width - indent, text, FontFace::Regular, size);
    }

    /// One line, centred on x, shrunk to fit width when it is too wide.
    void centred(double x, double baseline, double width, const std::string& text, FontFace face,
                 double size, double gray = 0) {
        double natural = _c.measure(text, face, size);
        if (natural > width && natural > 0)
            size = size * width / natural;
        _block.texts.push_back({x, baseline, text, face, size, gray, width, true});
    }

    void box(LaidBox box) { _block.boxes.push_back(box); }
    void graphic(LaidGraphic graphic) { _block.graphics.push_back(std::move(graphic)); }

private:
    const LayoutContext& _c;
    LaidBlock& _block;
};

std::string printf1(const char* pattern, const std::string& value) {
    std::vector<char> text(std::string(pattern).size() + value.size() + 1);
    std::snprintf(text.data(), text.size(), pattern, value.c_str());
    return text.data();
}

std::string joinParts(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : " \u00B7 ") + part;
    return text;
}

LaidBlock heading(const LayoutContext& c, const std::string& text) {
    LaidBlock block;
    Writer w(c, block);
    block.height =
        w.paragraph(0, 0, c.page.contentWidth(), text, FontFace::Bold, c.type.heading) + 4;
    block.keepWithNext = true;
    return block;
}

LaidBlock headerBlock(const Handout& h, const LayoutContext& c) {
    const HandoutText& t = handoutText(h.language);
    const Typography& s = c.type;
    const double width = c.page.contentWidth();
    LaidBlock block;
    Writer w(c, block);

    // Clinic: logo, name, address and phone, then a rule.
    double textX = 0;
    double logoHeight = 0;
    if (c.logoAspect > 0) {
        logoHeight = std::min(LogoImage::MAX_HEIGHT, LogoImage::MAX_WIDTH / c.logoAspect);
        double logoWidth = logoHeight * c.logoAspect;
        w.graphic({LaidGraphic::Kind::Logo, 0, 0, logoWidth, logoHeight, {}, {}});
        textX = logoWidth + 14;
    }
    double y = w.paragraph(textX, 0, width - textX, h.clinic.name, FontFace::Bold, s.heading * 1.1);
    std::string contact = h.clinic.address;
    if (!h.clinic.phone.empty())
        contact += (contact.empty() ? "" : "  \u00B7  ") + h.clinic.phone;
    if (!contact.empty())
        y = w.paragraph(textX, y, width - textX, contact, FontFace::Regular, s.small + 0.5, 0.3);
    y = std::max(y, logoHeight) + 6;
    w.box({0, y, width, 1.4, 0, -1});
    y += 14;

    // The patient on the left, the check-in panel on the right.
    const double panelWidth = s.body >= 14 ? 236 : 214;
    const double leftWidth = width - panelWidth - 16;
    double left = w.paragraph(0, y, leftWidth, t.title, FontFace::Regular, s.body, 0.3);
    left = w.paragraph(0, left + 1, leftWidth, h.patient.name, FontFace::Bold, s.title) + 6;
    std::string program = h.prescription.title;
    if (h.version > 0)
        program += " (" + std::string(t.version) + " " + std::to_string(h.version) + ")";
    std::string dates = formatDate(t, h.prescription.startDate) + " \u2013 " +
                        formatDate(t, h.prescription.endDate);
    const std::vector<std::pair<const char*, std::string>> rows = {
        {t.therapist, h.therapistName}, {t.program, program}, {t.dates, dates}};
    double labelWidth = 0;
    for (const auto& [label, value] : rows)
        labelWidth = std::max(labelWidth, w.width(label, FontFace::Bold, s.body));
    labelWidth = std::min(labelWidth + 10, leftWidth / 3);
    for (const auto& [label, value] : rows) {
        if (value.empty())
            continue;
        w.paragraph(0, left, labelWidth - 6, label, FontFace::Bold, s.body);
        left = w.paragraph(labelWidth, left, leftWidth - labelWidth, value, FontFace::Regular,
                           s.body) +
               2;
    }

    const double pad = 9;
    const double panelX = width - panelWidth;
    const double inner = panelWidth - 2 * pad;
    double panel =
        w.paragraph(panelX + pad, y + pad, inner, t.checkinTitle, FontFace::Bold, s.body) + 4;
    if (h.checkinUrl.empty()) {
        panel = w.paragraph(panelX + pad, panel, inner, t.checkinWithoutLink, FontFace::Regular,
                            s.body);
    } else {
        const double qr = s.body >= 14 ? 96 : 88;
        w.graphic({LaidGraphic::Kind::QrCode, panelX + pad - 6, panel - 6, qr, qr, {}, {}});
        double beside = w.paragraph(panelX + pad + qr - 2, panel, inner - qr + 2, t.scanToLog,
                                    FontFace::Regular, s.small + 0.5);
        panel = std::max(panel - 12 + qr, beside) + 4;
        if (!h.checkinCode.empty()) {
            panel = w.paragraph(panelX + pad, panel, inner, printf1(t.typeCodeAt, h.codeEntryUrl),
                                FontFace::Regular, s.small + 0.5) +
                    2;
            w.centred(panelX + panelWidth / 2, panel + s.doseMid, inner, h.checkinCode,
                      FontFace::Bold, s.doseMid);
            panel += w.lead(s.doseMid) + 2;
        }
    }
    panel += pad - 2;
    w.box({panelX, y, panelWidth, panel - y, -1, 0, 1});
    block.height = std::max(left, panel) + GAP;
    return block;
}

/// The summary table's columns: number, exercise, dose, how often.
struct SummaryColumns {
    double x[4];
    double width[4];
};

SummaryColumns summaryColumns(const LayoutContext& c) {
    const double width = c.page.contentWidth();
    const double number = c.type.table * 2.2;
    const double rest = width - number;
    SummaryColumns columns{};
    const double shares[3] = {0.36, 0.34, 0.30};
    double x = number;
    columns.x[0] = 0;
    columns.width[0] = number;
    for (int i = 0; i < 3; ++i) {
        columns.x[i + 1] = x;
        columns.width[i + 1] = rest * shares[i];
        x += rest * shares[i];
    }
    return columns;
}

LaidBlock summaryRow(const LayoutContext& c, const std::string cells[4], bool header) {
    const SummaryColumns columns = summaryColumns(c);
    const double pad = 4;
    LaidBlock block;
    Writer w(c, block);
    double bottom = 0;
    for (int i = 0; i < 4; ++i) {
        FontFace face = header || i == 1 ? FontFace::Bold : FontFace::Regular;
        bottom = std::max(bottom, w.paragraph(columns.x[i] + pad, pad, columns.width[i] - 2 * pad,
                                              cells[i], face, c.type.table));
    }
    block.height = bottom + pad;
    if (header)
        block.boxes.insert(block.boxes.begin(),
                           LaidBox{0, 0, c.page.contentWidth(), block.height, 0.87});
    w.box({0, block.height - 0.6, c.page.contentWidth(), 0.6, 0.55});
    block.keepWithNext = header;
    return block;
}

LaidBlock safetyBlock(const Handout& h, const LayoutContext& c) {
    const HandoutText& t = handoutText(h.language);
    const double width = c.page.contentWidth();
    const double pad = 10;
    LaidBlock block;
    Writer w(c, block);
    double y =
        w.paragraph(pad, pad, width - 2 * pad, t.safetyTitle, FontFace::Bold, c.type.heading) + 2;
    for (const char* point : t.safety)
        y = w.hanging(pad, y, width - 2 * pad, "\u2022", c.type.body, point, c.type.body) + 1;
    y += pad - 2;
    w.box({0, 0, width, y, -1, 0, 1.6});
    block.height = y + GAP;
    return block;
}

LaidBlock exerciseCard(const Handout& h, const LayoutContext& c, std::size_t index, bool withNote) {
    const HandoutText& t = handoutText(h.language);
    const Typography& s = c.type;
    const Exercise& exercise = *h.exercises[index];
    const ProgramItem& item = h.prescription.items[index];
    const ExerciseText& text = exercise.textIn(h.language);
    const double width = c.page.contentWidth();
    const double pad = 10;
    LaidBlock block;
    Writer w(c, block);

    // Title band: a numbered badge and the exercise's name.
    const double badge = s.heading * 1.45;
    double titleBottom = w.paragraph(pad + badge + 8, 7, width - 2 * pad - badge - 8, text.name,
                                     FontFace::Bold, s.heading);
    double band = std::max(titleBottom, 7 + badge) + 6;
    block.boxes.push_back({0, 0, width, band, 0.9});
    w.graphic({LaidGraphic::Kind::Badge,
               pad,
               (band - badge) / 2,
               badge,
               badge,
               {},
               std::to_string(index + 1)});
    double top = band + 9;

    // Right column: the figure, then the dose in large type.
    const double right = s.body >= 14 ? 180 : 148;
    const double rightX = width - pad - right;
    double column = top;
    const double aspect = c.figureAspect ? c.figureAspect(exercise.figureId) : 0;
    if (aspect > 0) {
        // The drawing's own proportions, within limits: a flat box for a figure lying down,
        // a tall one for a figure standing, so that each is drawn as large as the column lets.
        const double figureHeight = std::clamp(right / aspect, right * 0.45, right * 0.85);
        w.graphic({LaidGraphic::Kind::Figure,
                   rightX,
                   column,
                   right,
                   figureHeight,
                   exercise.figureId,
                   {}});
        column += figureHeight + 8;
    }
    const double dosePad = 8;
    const double doseTop = column;
    column += dosePad;
    std::vector<std::string> parts = describeDoseParts(item.dose, h.language);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        double size = i == 0 ? s.doseBig : s.doseMid;
        // The headline ("Hold 30 s", "Mantener 30 s") stays on one line: smaller rather than
        // broken between a number and its unit, down to the size of the lines under it.
        const double natural = w.width(parts[i], FontFace::Bold, size);
        if (i == 0 && natural > right - 2 * dosePad)
            size = std::max(s.doseMid, size * (right - 2 * dosePad) / natural);
        column = w.paragraph(rightX + dosePad, column, right - 2 * dosePad, parts[i],
                             FontFace::Bold, size);
    }
    column = w.paragraph(rightX + dosePad, column + 3, right - 2 * dosePad,
                         describeFrequency(item.dose, h.language), FontFace::Regular, s.body) +
             dosePad - 2;
    w.box({rightX, doseTop, right, column - doseTop, -1, 0, 1.8});

    // Left column: numbered steps, tips, precautions; then the easier and harder ways, in
    // whichever column keeps the card shorter (under the dose box when the steps run long), so
    // that cards stay small enough for two to share a page.
    const double leftWidth = rightX - pad - 14;
    const double indent = s.body * 1.7;
    double y = top;
    for (std::size_t step = 0; step < text.steps.size(); ++step)
        y = w.hanging(pad, y, leftWidth, std::to_string(step + 1) + ".", indent, text.steps[step],
                      s.body, FontFace::Bold) +
            2;
    // Appends a titled list at (x, at) in width to writer; returns the y below it.
    auto section = [&](Writer& writer, double x, double at, double sectionWidth, const char* title,
                       const std::vector<std::string>& points) {
        if (points.empty())
            return at;
        at = writer.paragraph(x, at + 4, sectionWidth, title, FontFace::Bold, s.body);
        for (const auto& point : points)
            at = writer.hanging(x, at, sectionWidth, "\u2022", indent, point, s.body) + 1;
        return at;
    };
    // Tips, precautions, the easier and the harder way: in order, the first ones under the
    // steps and the rest under the dose box, split where the card comes out shortest, so that
    // cards stay small enough to share pages.
    const std::vector<std::pair<const char*, std::vector<std::string>>> sections = {
        {t.tips, text.cues},
        {t.takeCare, text.precautions},
        {t.easier, text.regression.empty() ? std::vector<std::string>{}
                                           : std::vector<std::string>{text.regression}},
        {t.harder, text.progression.empty() ? std::vector<std::string>{}
                                            : std::vector<std::string>{text.progression}}};
    // Lays sections [0, split) under the steps and [split, end) under the dose box; returns
    // the bottoms of the left and right columns.
    auto arrange = [&](Writer& writer, std::size_t split) {
        double leftBottom = y;
        double rightBottom = column;
        for (std::size_t i = 0; i < sections.size(); ++i) {
            if (i < split)
                leftBottom = section(writer, pad, leftBottom, leftWidth, sections[i].first,
                                     sections[i].second);
            else
                rightBottom = section(writer, rightX, rightBottom + (i == split ? 4 : 0), right,
                                      sections[i].first, sections[i].second);
        }
        return std::pair{leftBottom, rightBottom};
    };
    std::size_t bestSplit = sections.size();
    double shortest = 0;
    for (std::size_t split = sections.size() + 1; split-- > 0;) {
        if (split < sections.size() && sections[split].second.empty())
            continue; // the same card as the split after it
        LaidBlock scratch;
        Writer trial(c, scratch);
        auto [leftBottom, rightBottom] = arrange(trial, split);
        const double bottom = std::max(leftBottom, rightBottom);
        if (split == sections.size() || bottom < shortest - 0.5) {
            shortest = bottom;
            bestSplit = split;
        }
    }
    std::tie(y, column) = arrange(w, bestSplit);
    y = std::max(y, column) + 6;

    // The therapist's note, across the card, shaded.
    if (withNote && !item.note.empty()) {
        const double notePad = 7;
        double noteTop = y;
        double noteY = w.paragraph(pad + notePad, y + notePad, width - 2 * pad - 2 * notePad,
                                   t.therapistNote, FontFace::Bold, s.body);
        noteY = w.paragraph(pad + notePad, noteY, width - 2 * pad - 2 * notePad, item.note,
                            FontFace::Regular, s.body) +
                notePad - 2;
        block.boxes.push_back({pad, noteTop, width - 2 * pad, noteY - noteTop, 0.93});
        y = noteY + 8;
    }
    y += 2;
    w.box({0, 0, width, y, -1, 0.35, 0.9});
    block.height = y + GAP;
    return block;
}

/// The therapist's note of a card too tall to hold it, in a block of its own just after.
LaidBlock cardNoteBlock(const Handout& h, const LayoutContext& c, std::size_t index) {
    const HandoutText& t = handoutText(h.language);
    LaidBlock block;
    Writer w(c, block);
    const double width = c.page.contentWidth();
    const double pad = 8;
    std::string title = std::string(t.therapistNote) + ": " + std::to_string(index + 1) + ". " +
                        h.exercises[index]->textIn(h.language).name;
    double y = w.paragraph(pad, pad, width - 2 * pad, title, FontFace::Bold, c.type.body);
    y = w.paragraph(pad, y + 2, width - 2 * pad, h.prescription.items[index].note,
                    FontFace::Regular, c.type.body) +
        pad - 2;
    block.boxes.insert(block.boxes.begin(), LaidBox{0, 0, width, y, 0.93});
    block.height = y + GAP;
    return block;
}

LaidBlock educationBlock(const Handout& h, const LayoutContext& c, const EducationItem& item) {
    const EducationText& text = item.textIn(h.language);
    LaidBlock block;
    Writer w(c, block);
    const double width = c.page.contentWidth();
    double y = w.paragraph(0, 0, width, text.title, FontFace::Bold, c.type.body);
    for (const auto& point : text.points)
        y = w.hanging(0, y, width, "\u2022", c.type.body * 1.7, point, c.type.body) + 1;
    block.height = y + GAP * 0.75;
    return block;
}

LaidBlock notesBlock(const Handout& h, const LayoutContext& c) {
    const HandoutText& t = handoutText(h.language);
    LaidBlock block;
    Writer w(c, block);
    const double width = c.page.contentWidth();
    const double pad = 8;
    double y =
        w.paragraph(pad, pad, width - 2 * pad, t.therapistNote, FontFace::Bold, c.type.heading);
    y = w.paragraph(pad, y + 2, width - 2 * pad, h.prescription.notes, FontFace::Regular,
                    c.type.body) +
        pad - 2;
    block.boxes.insert(block.boxes.begin(), LaidBox{0, 0, width, y, 0.93});
    block.height = y + GAP;
    return block;
}

/// The log sheet: a title and how to use it, then a table with a row per week of the program,
/// a box per session on each day and a pain column. Pages repeat the heading and table head.
void logSheet(const Handout& h, const LayoutContext& c, std::vector<LaidBlock>& blocks) {
    const HandoutText& t = handoutText(h.language);
    const Typography& s = c.type;
    const double width = c.page.contentWidth();
    const Date start = h.prescription.startDate;
    const Date end = h.prescription.endDate;
    const int days = std::max(1, start.daysUntil(end) + 1);
    const int weeks = (days + 6) / 7;
    const int sessions = std::clamp(sessionsPerDay(h.prescription), 1, 4);

    const double weekWidth = s.table * 8.4;
    const double painWidth = s.table * 6.2;
    const double dayWidth = (width - weekWidth - painWidth) / 7;
    const double square = s.body >= 14 ? 16 : 13;

    auto head = [&](bool first) {
        LaidBlock block;
        Writer w(c, block);
        double y = w.paragraph(0, 0, width, t.logSheetTitle, FontFace::Bold, s.title * 0.9);
        y = w.paragraph(0, y, width, h.patient.name, FontFace::Regular, s.heading, 0.25) + 6;
        if (first) {
            y = w.paragraph(0, y, width, t.logSheetHowTo, FontFace::Regular, s.body) + 3;
            if (!h.checkinUrl.empty())
                y = w.paragraph(0, y, width, t.logSheetPhone, FontFace::Regular, s.body) + 3;
            if (days % 7 != 0)
                y = w.paragraph(0, y, width, t.outsideProgram, FontFace::Regular, s.small + 0.5,
                                0.3);
            y += 8;
        }
        // The table head: week, the weekdays from the program's first day, pain.
        const double rowTop = y;
        const double rowHeight = w.lead(s.table) + 10;
        w.box({0, rowTop, width, rowHeight, 0.87, 0.4, 0.6});
        w.centred(weekWidth / 2, rowTop + 5 + s.table, weekWidth - 4, t.week, FontFace::Bold,
                  s.table);
        for (int day = 0; day < 7; ++day) {
            int weekday = (start.weekday() - 1 + day) % 7;
            w.centred(weekWidth + dayWidth * (day + 0.5), rowTop + 5 + s.table, dayWidth - 4,
                      t.weekdays.at(static_cast<std::size_t>(weekday)), FontFace::Bold, s.table);
        }
        w.centred(width - painWidth / 2, rowTop + 5 + s.table, painWidth - 4, t.painColumn,
                  FontFace::Bold, s.table);
        block.height = rowTop + rowHeight;
        block.startsPage = true;
        block.keepWithNext = true;
        return block;
    };

    LaidBlock firstHead = head(true);
    const double minRow = s.body >= 14 ? 46 : 36;
    const double maxRow = s.body >= 14 ? 72 : 64;
    const double available = c.page.contentHeight() - firstHead.height;
    const double rowHeight = std::clamp(available / weeks, minRow, maxRow);
    // Rows that fit a page exactly must count as fitting (available / (available / n) may
    // come out a hair under n).
    const int rowsFirst = std::max(1, static_cast<int>(available / rowHeight + 1e-6));
    blocks.push_back(std::move(firstHead));

    int rowsOnPage = 0;
    int rowsThisPage = rowsFirst;
    for (int week = 0; week < weeks; ++week) {
        if (rowsOnPage == rowsThisPage) {
            LaidBlock next = head(false);
            rowsThisPage = std::max(
                1, static_cast<int>((c.page.contentHeight() - next.height) / rowHeight + 1e-6));
            blocks.push_back(std::move(next));
            rowsOnPage = 0;
        }
        LaidBlock row;
        Writer w(c, row);
        const Date weekStart = start.plusDays(7 * week);
        const Date weekEnd = std::min(weekStart.plusDays(6), end);
        double y =
            w.paragraph(5, 5, weekWidth - 10, std::string(t.week) + " " + std::to_string(week + 1),
                        FontFace::Bold, s.table);
        w.paragraph(5, y, weekWidth - 10, formatDayRange(t, weekStart, weekEnd), FontFace::Regular,
                    s.small, 0.3);
        w.box({0, 0, weekWidth, rowHeight, -1, 0.4, 0.6});
        for (int day = 0; day < 7; ++day) {
            const Date date = weekStart.plusDays(day);
            const double x = weekWidth + dayWidth * day;
            const bool inProgram = date <= end;
            w.box({x, 0, dayWidth, rowHeight, inProgram ? -1 : 0.88, 0.4, 0.6});
            w.paragraph(x + 3, 2, dayWidth - 6, std::to_string(date.day()), FontFace::Regular,
                        s.small, 0.35);
            if (!inProgram)
                continue;
            const double spacing = 4;
            const double boxesWidth = sessions * square + (sessions - 1) * spacing;
            double boxX = x + (dayWidth - boxesWidth) / 2;
            const double boxTop = std::max(rowHeight * 0.55 - square / 2, s.small * LEADING + 3);
            for (int session = 0; session < sessions; ++session)
                w.box({boxX + session * (square + spacing), boxTop, square, square, -1, 0, 1.1});
        }
        w.box({width - painWidth, 0, painWidth, rowHeight, -1, 0.4, 0.6});
        const double outOf = w.width("/10", FontFace::Regular, s.small);
        row.texts.push_back(
            {width - outOf - 6, rowHeight - 6, "/10", FontFace::Regular, s.small, 0.45, outOf});
        row.height = rowHeight;
        blocks.push_back(std::move(row));
        ++rowsOnPage;
    }
}

} // namespace

std::vector<LaidBlock> layoutHandout(const Handout& h, const LayoutContext& c) {
    const HandoutText& t = handoutText(h.language);
    std::vector<LaidBlock> blocks;
    blocks.push_back(headerBlock(h, c));

    if (!h.exercises.empty()) {
        blocks.push_back(heading(c, t.atAGlance));
        const std::string head[4] = {"#", t.exercise, t.dose, t.howOften};
        blocks.push_back(summaryRow(c, head, true));
        for (std::size_t i = 0; i < h.exercises.size(); ++i) {
            const ProgramItem& item = h.prescription.items[i];
            const std::string cells[4] = {std::to_string(i + 1),
                                          h.exercises[i]->textIn(h.language).name,
                                          joinParts(describeDoseParts(item.dose, h.language)),
                                          describeFrequency(item.dose, h.language)};
            blocks.push_back(summaryRow(c, cells, false));
        }
        blocks.back().height += GAP;
    }
    // The program's note sits with the summary, where it is read first, not alone on a page.
    if (!h.prescription.notes.empty())
        blocks.push_back(notesBlock(h, c));
    blocks.push_back(safetyBlock(h, c));
    std::vector<LaidBlock> habits;
    if (!h.education.empty()) {
        habits.push_back(heading(c, t.goodHabits));
        for (const EducationItem* item : h.education)
            habits.push_back(educationBlock(h, c, *item));
    }
    const std::size_t beforeCards = blocks.size();
    std::vector<std::size_t> cardEnds; // the block index after each card (and its note)
    for (std::size_t i = 0; i < h.exercises.size(); ++i) {
        LaidBlock card = exerciseCard(h, c, i, true);
        if (card.height <= c.page.contentHeight()) {
            blocks.push_back(std::move(card));
            cardEnds.push_back(blocks.size());
            continue;
        }
        // A long note in large print can make a card taller than a page: the card stays
        // whole and its note follows it.
        blocks.push_back(exerciseCard(h, c, i, false));
        blocks.push_back(cardNoteBlock(h, c, i));
        cardEnds.push_back(blocks.size());
    }
    logSheet(h, c, blocks);
    // The good habits follow the cards, unless they save a page in a gap: under the safety
    // box, or after a card (a card's page often has room that a whole card does not fit).
    if (!habits.empty()) {
        auto pagesWith = [&](std::size_t at) {
            std::vector<FlowBlock> flow(blocks.begin(), blocks.begin() + at);
            flow.insert(flow.end(), habits.begin(), habits.end());
            flow.insert(flow.end(), blocks.begin() + at, blocks.end());
            return paginate(flow, c.page.contentHeight()).back();
        };
        // In order of preference: after the cards, on the first page, after card 1, 2, ...
        std::vector<std::size_t> places = {cardEnds.empty() ? beforeCards : cardEnds.back(),
                                           beforeCards};
        places.insert(places.end(), cardEnds.begin(), cardEnds.end());
        std::size_t best = places.front();
        int fewest = pagesWith(best);
        for (std::size_t at : places)
            if (int pages = pagesWith(at); pages < fewest) {
                fewest = pages;
                best = at;
            }
        blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(best), habits.begin(),
                      habits.end());
    }
    return blocks;
}

} // namespace Limber
