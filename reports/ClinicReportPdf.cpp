#include "ClinicReportPdf.h"

#include "AdherenceDistributionChart.h"
#include "DateText.h"
#include "ReportFigures.h"
#include "ReportPdfWriter.h"

namespace Limber {

namespace {

constexpr Color MUTED = Color::gray(0.35);

int belowGoal(const ClinicReport& report) {
    int count = 0;
    for (const auto& line : report.lines)
        if (!line.patient.discharged() && line.adherence.frequency &&
            *line.adherence.frequency * 100 < report.rules.thresholdPercent - 1e-9)
            ++count;
    return count;
}

} // namespace

std::string renderClinicReportPdf(const ClinicReport& report, const FontLibrary& fonts,
                                  PaperSize paper) {
    const bool a4 = paper == PaperSize::A4;
    ReportPdfWriter out(fonts, a4 ? 841.89 : 792, a4 ? 595.28 : 612,
                        report.clinic.name + " \u00B7 clinic adherence report, " +
                            countedPeriodText(report.from, report.to) + " \u00B7 printed " +
                            dateText(report.today));
    out.paragraph(report.clinic.name, 12, true);
    out.paragraph("Clinic adherence report", 17, true);
    out.paragraph("Period: " + countedPeriodText(report.from, report.to) + "  \u00B7  printed " +
                      dateText(report.today),
                  9);
    const FlagRules& r = report.rules;
    out.paragraph("Flags: adherence below " + std::to_string(r.thresholdPercent) +
                      "% over the last " + std::to_string(r.windowDays) + " days; no session for " +
                      std::to_string(r.quietDays) + " days; pain of " + std::to_string(r.painHigh) +
                      " or more in the last 7 days; pain up " + std::to_string(r.painRise) +
                      " or more on the week before.",
                  8.5, false, MUTED);

    out.gap(10);
    {
        struct Tile {
            std::string value;
            std::string label;
        };
        std::vector<Tile> tiles = {
            {std::to_string(report.lines.size()), "patients"},
            {std::to_string(report.measured), "measured in the period"},
            {percentOf(report.medianFrequency), "median adherence"},
            {std::to_string(belowGoal(report)),
             "below " + std::to_string(r.thresholdPercent) + "% in the period"},
            {std::to_string(report.followUp.size()), "flagged for follow-up"}};
        PdfCanvas canvas = out.canvas(50);
        double tile = canvas.width() / static_cast<double>(tiles.size());
        for (std::size_t i = 0; i < tiles.size(); ++i) {
            double x = tile * static_cast<double>(i);
            canvas.rectangle(x + 2, 0, tile - 4, 50, Style::outline(0.6, Color::gray(0.55)));
            canvas.text({x + 10, 24}, tiles[i].value, {19, true});
            canvas.text({x + 10, 9}, tiles[i].label, {8.5, false, MUTED});
        }
    }

    out.heading("Distribution of adherence", 150);
    {
        PdfCanvas canvas = out.canvas(150);
        drawAdherenceDistribution(canvas, report.distribution, r.thresholdPercent);
    }

    const double w = out.contentWidth();
    out.heading("Follow-up list (" + std::to_string(report.followUp.size()) + ")", 40);
    if (report.followUp.empty()) {
        out.paragraph("Nobody is flagged.", 9, false, MUTED);
    } else {
        out.beginTable({{"Patient", w * 0.18},
                        {"Record", w * 0.08},
                        {"Therapist", w * 0.15},
                        {"Why", w * 0.59}});
        for (std::size_t index : report.followUp) {
            CaseloadCells cells = caseloadCells(report.lines[index]);
            out.row({cells.patient, cells.record, cells.therapist, cells.reasons});
        }
        out.endTable();
    }

    out.heading("Caseload (" + std::to_string(report.lines.size()) + " patients, by " +
                    std::string(toString(report.sort)) +
                    (report.descending ? ", descending)" : ")"),
                40);
    out.beginTable({{"Patient", w * 0.16},
                    {"Record", w * 0.07},
                    {"Therapist", w * 0.13},
                    {"Program", w * 0.15},
                    {"Age", w * 0.07, TextAnchor::End},
                    {"Adherence", w * 0.08, TextAnchor::End},
                    {"Done", w * 0.06, TextAnchor::End},
                    {"Last session", w * 0.09, TextAnchor::End},
                    {"Pain 7 d", w * 0.09, TextAnchor::End},
                    {"Flags, status", w * 0.10}});
    for (const auto& line : report.lines) {
        CaseloadCells cells = caseloadCells(line);
        out.row({cells.patient, cells.record, cells.therapist, cells.program, cells.programDay,
                 cells.adherence, cells.completeness, cells.lastSession, cells.pain,
                 cells.dischargedOn ? cells.status : cells.flags},
                false, cells.flagged);
    }
    out.endTable();
    out.paragraph("Adherence: days practised of the days prescribed in the period. Done: "
                  "exercises (and sides) done in the sessions logged. Shaded: flagged. A "
                  "discharged patient is listed with the day of discharge and never flagged.",
                  7.5, false, MUTED);
    return out.finish("Clinic adherence report", report.clinic.name);
}

} // namespace Limber
