#include "PatientReportPdf.h"

#include "AdherenceCalendar.h"
#include "DateText.h"
#include "PainTrendChart.h"
#include "ReportFigures.h"
#include "ReportPdfWriter.h"
#include "SectionChart.h"
#include "TextLayout.h"
#include "WeeklyAdherenceChart.h"

namespace Limber {

namespace {

constexpr Color MUTED = Color::gray(0.35);

void header(ReportPdfWriter& out, const PatientReport& report) {
    out.paragraph(report.clinic.name, 12, true);
    std::string contact = report.clinic.address;
    if (!report.clinic.phone.empty())
        contact += (contact.empty() ? "" : " \u00B7 ") + report.clinic.phone;
    if (!contact.empty())
        out.paragraph(contact, 8.5, false, MUTED);
    out.gap(8);
    out.paragraph("Adherence report", 17, true);
    out.paragraph(report.patient.name + "  \u00B7  record " + report.patient.recordNumber, 12,
                  true);
    if (std::string discharged = dischargedText(report.dischargedOn); !discharged.empty())
        out.paragraph(discharged, 10, true);
    const ProgramVersion& current = report.program.current();
    const Prescription& p = current.prescription;
    out.paragraph("Therapist: " + report.therapistName + "  \u00B7  Program: " + p.title +
                      " (version " + std::to_string(current.number) + "), " +
                      dateText(p.startDate) + " to " + dateText(p.endDate),
                  9);
    out.paragraph("Period: " + countedPeriodText(report.from, report.to) + "  \u00B7  printed " +
                      dateText(report.printedOn),
                  9);
}

void attention(ReportPdfWriter& out, const PatientReport& report) {
    if (report.flags.empty())
        return;
    out.gap(6);
    out.need(18 + 13.0 * static_cast<double>(report.flags.size()));
    out.paragraph("Needs attention", 10.5, true);
    for (const auto& flag : report.flags)
        out.paragraph("\u2022 " + std::string(labelOf(flag.kind)) + ": " + flag.reason, 9.5, false,
                      Color::black(), 6);
}

void figures(ReportPdfWriter& out, const PatientReport& report) {
    std::vector<SummaryFigure> list = summaryFigures(report);
    out.gap(10);
    PdfCanvas canvas = out.canvas(70);
    double tile = canvas.width() / static_cast<double>(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        double x = tile * static_cast<double>(i);
        canvas.rectangle(x + 2, 0, tile - 4, 70, Style::outline(0.6, Color::gray(0.55)));
        canvas.text({x + 9, 44}, list[i].value, {19, true, Color::black()});
        canvas.text({x + 9, 30}, list[i].label, {8.5, true, Color::black()});
        auto measure = [&](std::string_view run) { return out.measure(std::string(run), 7); };
        std::vector<std::string> lines = wrapText(list[i].detail, tile - 16, measure);
        for (std::size_t line = 0; line < lines.size() && line < 2; ++line)
            canvas.text({x + 9, 18 - 8.5 * static_cast<double>(line)},
                        line == 1 && lines.size() > 2
                            ? out.fit(lines[1] + " " + lines[2], tile - 16, 7)
                            : lines[line],
                        {7, false, MUTED});
    }
}

/// A plugin's section: its title, then its paragraphs, tables and charts in the plugin's order.
void extraSection(ReportPdfWriter& out, const ReportExtraSection& section) {
    out.heading(section.title, 40);
    for (const auto& block : section.blocks) {
        if (block.chart) {
            out.need(12 + 150);
            out.paragraph(block.chart->title, 9, true);
            PdfCanvas canvas = out.canvas(150);
            drawSectionChart(canvas, *block.chart);
            continue;
        }
        if (block.columns.empty()) {
            out.paragraph(block.text, 9);
            continue;
        }
        const double width = out.contentWidth() / static_cast<double>(block.columns.size());
        std::vector<ReportPdfWriter::Column> columns;
        for (const auto& title : block.columns)
            columns.push_back({title, width});
        out.beginTable(std::move(columns));
        for (const auto& row : block.rows)
            out.row(row);
        out.endTable();
    }
}

} // namespace

std::string renderPatientReportPdf(const PatientReport& report, const FontLibrary& fonts,
                                   PaperSize paper) {
    const bool a4 = paper == PaperSize::A4;
    ReportPdfWriter out(fonts, a4 ? 595.28 : 612, a4 ? 841.89 : 792,
                        report.clinic.name + " \u00B7 " + report.patient.name +
                            " \u00B7 adherence report printed " + dateText(report.printedOn));
    header(out, report);
    attention(out, report);
    figures(out, report);
    const ProgramSchedule schedule = ProgramSchedule::of(report.program);

    out.heading("Weekly adherence", 150);
    {
        PdfCanvas canvas = out.canvas(150);
        drawWeeklyAdherence(canvas, report.summary, schedule, report.rules.thresholdPercent);
    }
    out.heading("Pain (0 = none, 10 = worst)", 150);
    {
        PdfCanvas canvas = out.canvas(150);
        drawPainTrend(canvas, report.days, report.from, report.to, schedule, report.rules.painHigh);
    }

    AdherenceCalendar calendar(schedule, report.days, report.from, report.to, report.printedOn);
    double calendarHeight = calendar.heightFor(out.contentWidth());
    out.heading("Days done", calendarHeight);
    {
        PdfCanvas canvas = out.canvas(calendarHeight);
        calendar.draw(canvas);
    }

    out.heading("Exercises", 40);
    double w = out.contentWidth();
    out.beginTable({{"Exercise", w * 0.27},
                    {"Dose now", w * 0.43},
                    {"Done", w * 0.1, TextAnchor::End},
                    {"Prescribed", w * 0.11, TextAnchor::End},
                    {"Kept up", w * 0.09, TextAnchor::End}});
    for (const auto& row : exerciseFigures(report))
        out.row({row.name, row.dose, row.done, row.expected, row.adherence});
    out.endTable();
    out.paragraph("Done and prescribed count each side of an each-side exercise, and each "
                  "session of a twice-a-day program.",
                  7.5, false, MUTED);

    out.heading("Program versions and the therapist's notes", 40);
    out.beginTable({{"Version", w * 0.1},
                    {"In force from", w * 0.16},
                    {"How often", w * 0.26},
                    {"Exercises", w * 0.48}});
    std::vector<VersionFigures> versions = versionFigures(report);
    for (const auto& row : versions)
        out.row({row.number, row.from, row.schedule, row.exercises}, false, row.inPeriod);
    out.endTable();
    for (const auto& row : versions)
        if (!row.notes.empty())
            out.paragraph("Version " + row.number + ": " + row.notes, 9);
    for (const auto& item : report.program.current().prescription.items)
        if (!item.note.empty()) {
            auto name = report.exerciseNames.find(item.exerciseId);
            out.paragraph((name != report.exerciseNames.end() ? name->second : item.exerciseId) +
                              ": " + item.note,
                          9);
        }

    std::vector<PatientNote> notes = patientNotes(report);
    out.heading("The patient's notes", 30);
    if (notes.empty())
        out.paragraph("No notes in this period.", 9, false, MUTED);
    for (const auto& note : notes)
        out.paragraph(note.date + ": " + note.text, 9);

    for (const auto& section : report.extraSections)
        extraSection(out, section);
    return out.finish("Adherence report: " + report.patient.name, report.clinic.name);
}

} // namespace Limber
