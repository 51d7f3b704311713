#include "ReportHtml.h"

#include "reports/AdherenceCalendar.h"
#include "reports/AdherenceDistributionChart.h"
#include "reports/DateText.h"
#include "reports/PainTrendChart.h"
#include "reports/ReportFigures.h"
#include "reports/SectionChart.h"
#include "reports/SvgCanvas.h"
#include "reports/WeeklyAdherenceChart.h"

#include <Poco/URI.h>

namespace Limber {

namespace {

PageData listOf(std::vector<PageData> items) {
    PageData list{PageData::type::list};
    for (auto& item : items)
        list.push_back(std::move(item));
    return list;
}

PageData listOfText(const std::vector<std::string>& items) {
    PageData list{PageData::type::list};
    for (const auto& item : items)
        list.push_back(PageData(item));
    return list;
}

/// A paragraph's lines, each shown as a paragraph of its own on the page.
std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

PageData flagsData(const std::vector<AdherenceFlag>& flags) {
    PageData list{PageData::type::list};
    for (const auto& flag : flags) {
        PageData item;
        item.set("label", std::string(labelOf(flag.kind)));
        item.set("reason", flag.reason);
        item.set("kind", std::string(toString(flag.kind)));
        list.push_back(item);
    }
    return list;
}

std::string weeklyChartSvg(const AdherenceSummary& summary, const ProgramSchedule& schedule,
                           int thresholdPercent, double width, double height) {
    SvgCanvas canvas(width, height,
                     "Weekly adherence: the share of prescribed days practised each week");
    drawWeeklyAdherence(canvas, summary, schedule, thresholdPercent);
    return canvas.svg();
}

PageData patientReportData(const PatientReport& report) {
    PageData data;
    const Prescription& p = report.program.current().prescription;
    data.set("clinicName", report.clinic.name);
    data.set("patientId", text(report.patient.id));
    data.set("patientName", report.patient.name);
    data.set("recordNumber", report.patient.recordNumber);
    data.set("discharged", optionalText(dischargedText(report.dischargedOn)));
    data.set("therapistName", report.therapistName);
    data.set("programTitle", p.title);
    data.set("version", text(report.program.current().number));
    data.set("programDates", dateText(p.startDate) + " to " + dateText(p.endDate));
    data.set("period", countedPeriodText(report.from, report.to));
    data.set("from", report.from.toString());
    data.set("to", report.to.toString());
    data.set("printedOn", dateText(report.printedOn));
    data.set("hasFlags", !report.flags.empty());
    data.set("flags", flagsData(report.flags));

    std::vector<PageData> figures;
    for (const auto& figure : summaryFigures(report)) {
        PageData item;
        item.set("value", figure.value);
        item.set("label", figure.label);
        item.set("detail", figure.detail);
        figures.push_back(item);
    }
    data.set("figures", listOf(std::move(figures)));

    const ProgramSchedule schedule = ProgramSchedule::of(report.program);
    data.set("weeklyChart",
             weeklyChartSvg(report.summary, schedule, report.rules.thresholdPercent, 640, 190));
    {
        SvgCanvas canvas(640, 190, "Pain before and after sessions, 0 to 10, day by day");
        drawPainTrend(canvas, report.days, report.from, report.to, schedule, report.rules.painHigh);
        data.set("painChart", canvas.svg());
    }
    {
        AdherenceCalendar calendar(schedule, report.days, report.from, report.to, report.printedOn);
        double width = 640;
        SvgCanvas canvas(width, calendar.heightFor(width),
                         "Calendar of the days practised in the period");
        calendar.draw(canvas);
        data.set("calendar", canvas.svg());
    }

    std::vector<PageData> exercises;
    for (const auto& row : exerciseFigures(report)) {
        PageData item;
        item.set("name", row.name);
        item.set("dose", row.dose);
        item.set("done", row.done);
        item.set("expected", row.expected);
        item.set("adherence", row.adherence);
        exercises.push_back(item);
    }
    data.set("exercises", listOf(std::move(exercises)));

    std::vector<PageData> versions;
    for (const auto& row : versionFigures(report)) {
        PageData item;
        item.set("number", row.number);
        item.set("from", row.from);
        item.set("schedule", row.schedule);
        item.set("exercises", row.exercises);
        item.set("notes", row.notes);
        item.set("hasNotes", !row.notes.empty());
        item.set("inPeriod", row.inPeriod);
        versions.push_back(item);
    }
    data.set("versions", listOf(std::move(versions)));
    std::vector<PageData> itemNotes;
    for (const auto& item : p.items)
        if (!item.note.empty()) {
            auto name = report.exerciseNames.find(item.exerciseId);
            PageData note;
            note.set("name", name != report.exerciseNames.end() ? name->second : item.exerciseId);
            note.set("note", item.note);
            itemNotes.push_back(note);
        }
    data.set("hasItemNotes", !itemNotes.empty());
    data.set("itemNotes", listOf(std::move(itemNotes)));

    std::vector<PageData> notes;
    for (const auto& note : patientNotes(report)) {
        PageData item;
        item.set("date", note.date);
        item.set("text", note.text);
        notes.push_back(item);
    }
    data.set("hasPatientNotes", !notes.empty());
    data.set("patientNotes", listOf(std::move(notes)));

    std::vector<PageData> extraSections;
    for (const auto& section : report.extraSections) {
        PageData item;
        item.set("pluginId", section.pluginId);
        item.set("title", section.title);
        std::vector<PageData> blocks;
        for (const auto& block : section.blocks) {
            PageData out;
            out.set("isText", !block.chart && block.columns.empty());
            out.set("isTable", !block.columns.empty());
            out.set("isChart", block.chart.has_value());
            if (block.chart) {
                SvgCanvas canvas(640, 190, block.chart->title);
                drawSectionChart(canvas, *block.chart);
                out.set("chartTitle", block.chart->title);
                out.set("chart", canvas.svg());
            }
            out.set("lines", listOfText(linesOf(block.text)));
            out.set("columns", listOfText(block.columns));
            std::vector<PageData> rows;
            for (const auto& row : block.rows) {
                PageData cells;
                cells.set("cells", listOfText(row));
                rows.push_back(cells);
            }
            out.set("rows", listOf(std::move(rows)));
            blocks.push_back(out);
        }
        item.set("blocks", listOf(std::move(blocks)));
        extraSections.push_back(item);
    }
    data.set("extraSections", listOf(std::move(extraSections)));
    return data;
}

PageData clinicReportData(const ClinicReport& report, const std::string& query,
                          CaseloadRows shown) {
    PageData data;
    data.set("clinicName", report.clinic.name);
    data.set("period", countedPeriodText(report.from, report.to));
    data.set("from", report.from.toString());
    data.set("to", report.to.toString());
    data.set("printedOn", dateText(report.today));
    data.set("threshold", text(report.rules.thresholdPercent));
    data.set("windowDays", text(report.rules.windowDays));
    data.set("quietDays", text(report.rules.quietDays));
    data.set("painHigh", text(report.rules.painHigh));
    data.set("painRise", text(report.rules.painRise));
    data.set("patients", text(static_cast<long long>(report.lines.size())));
    data.set("measured", text(report.measured));
    data.set("median", percentOf(report.medianFrequency));
    data.set("flagged", text(static_cast<long long>(report.followUp.size())));
    int below = 0;
    for (const auto& line : report.lines)
        if (!line.patient.discharged() && line.adherence.frequency &&
            *line.adherence.frequency * 100 < report.rules.thresholdPercent - 1e-9)
            ++below;
    data.set("below", text(below));
    {
        SvgCanvas canvas(560, 190, "How many patients fall in each band of adherence");
        drawAdherenceDistribution(canvas, report.distribution, report.rules.thresholdPercent);
        data.set("distributionChart", canvas.svg());
    }

    // The follow-up list of a paged page holds the most urgent page-full; all are a click away.
    std::vector<PageData> followUp;
    const std::size_t followUpShown =
        shown.count == 0 ? report.followUp.size() : std::min(report.followUp.size(), shown.count);
    data.set("moreFollowUp", followUpShown < report.followUp.size());
    data.set("followUpShown", text(static_cast<long long>(followUpShown)));
    for (std::size_t k = 0; k < followUpShown; ++k) {
        std::size_t index = report.followUp[k];
        const CaseloadLine& line = report.lines[index];
        PageData item;
        item.set("id", text(line.patient.id));
        item.set("name", line.patient.name);
        item.set("record", line.patient.recordNumber);
        item.set("therapist", line.therapistName);
        item.set("flags", flagsData(line.flags));
        followUp.push_back(item);
    }
    data.set("hasFollowUp", !followUp.empty());
    data.set("followUp", listOf(std::move(followUp)));

    // Sortable headers: a link per allow-listed key; the current key links to the other order.
    std::vector<PageData> headers;
    static const std::pair<CaseloadSort, const char*> COLUMNS[] = {
        {CaseloadSort::Patient, "Patient"},        {CaseloadSort::Record, "Record"},
        {CaseloadSort::Therapist, "Therapist"},    {CaseloadSort::ProgramAge, "Program day"},
        {CaseloadSort::Adherence, "Adherence"},    {CaseloadSort::LastSession, "Last session"},
        {CaseloadSort::Pain, "Pain, last 7 days"}, {CaseloadSort::Flags, "Flags"}};
    for (const auto& [sort, title] : COLUMNS) {
        bool current = sort == report.sort;
        bool nextDescending = current ? !report.descending
                                      : (sort == CaseloadSort::Flags || sort == CaseloadSort::Pain);
        PageData header;
        header.set("title", title);
        header.set("href", "/reports/clinic?" + query + (query.empty() ? "" : "&") +
                               "sort=" + std::string(toString(sort)) +
                               "&order=" + (nextDescending ? "desc" : "asc"));
        header.set("current", current);
        header.set("ariaSort", current ? (report.descending ? "descending" : "ascending") : "none");
        header.set("arrow", current ? (report.descending ? "\u25BC" : "\u25B2") : "");
        headers.push_back(header);
    }
    data.set("headers", listOf(std::move(headers)));

    const std::size_t total = report.lines.size();
    const std::size_t first = std::min(shown.first, total);
    const std::size_t last = shown.count == 0 ? total : std::min(total, first + shown.count);
    std::vector<PageData> rows;
    rows.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) {
        const CaseloadLine& line = report.lines[i];
        CaseloadCells cells = caseloadCells(line);
        PageData row;
        row.set("id", text(line.patient.id));
        row.set("name", cells.patient);
        row.set("record", cells.record);
        row.set("therapist", cells.therapist);
        row.set("program", cells.program);
        row.set("programDay", cells.programDay);
        row.set("adherence", cells.adherence);
        row.set("low", !cells.dischargedOn && line.adherence.frequency &&
                           *line.adherence.frequency * 100 < report.rules.thresholdPercent - 1e-9);
        row.set("completeness", cells.completeness);
        row.set("lastSession", cells.lastSession);
        row.set("pain", cells.pain);
        row.set("flags", cells.flags);
        row.set("flagged", cells.flagged);
        row.set("discharged", cells.dischargedOn.has_value());
        row.set("status", cells.status);
        rows.push_back(std::move(row));
    }
    data.set("rows", listOf(std::move(rows)));
    std::string exportQuery = query + (query.empty() ? "" : "&") +
                              "sort=" + std::string(toString(report.sort)) +
                              "&order=" + (report.descending ? "desc" : "asc");
    data.set("exportQuery", exportQuery);
    data.set("sortKey", std::string(toString(report.sort)));
    data.set("order", report.descending ? "desc" : "asc");

    // Paging: a large clinic's table comes 100 rows at a time (or all on request).
    const bool paged = shown.count > 0 && total > shown.count;
    data.set("paged", paged);
    data.set("showingAll", shown.count == 0 && total > 100);
    data.set("rowCount", text(static_cast<long long>(total)));
    data.set("firstRow", text(static_cast<long long>(first + 1)));
    data.set("lastRow", text(static_cast<long long>(last)));
    if (shown.count > 0) {
        const std::size_t page = first / shown.count + 1;
        const std::size_t pages = (total + shown.count - 1) / shown.count;
        data.set("pageNumber", text(static_cast<long long>(page)));
        data.set("pageCount", text(static_cast<long long>(pages)));
        auto pageHref = [&](std::size_t number) {
            return "/reports/clinic?" + exportQuery + "&page=" + std::to_string(number);
        };
        data.set("previousPage", page > 1 ? PageData(pageHref(page - 1)) : PageData(false));
        data.set("nextPage", page < pages ? PageData(pageHref(page + 1)) : PageData(false));
    }
    data.set("allRowsHref", "/reports/clinic?" + exportQuery + "&page=all");
    data.set("pagedHref", "/reports/clinic?" + exportQuery);
    return data;
}

PageData exportFormatLinks(const ExportService* exports, const std::string& subject) {
    PageData links{PageData::type::list};
    if (!exports)
        return links;
    for (const ExportOffer& offer : exports->offersFor(subject)) {
        PageData link;
        link.set("name", offer.name);
        link.set("title", offer.title);
        links.push_back(link);
    }
    return links;
}

} // namespace Limber
