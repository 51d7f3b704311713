#include "ClinicReportCsv.h"

#include "AuditCsv.h"
#include "ReportFigures.h"

#include <cmath>
#include <cstdio>

namespace Limber {

namespace {

std::string wholePercent(const std::optional<double>& ratio) {
    return ratio ? std::to_string(static_cast<int>(std::lround(*ratio * 100))) : std::string();
}

std::string oneDecimal(const std::optional<double>& value) {
    if (!value)
        return {};
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", *value);
    return text;
}

std::string isoDate(const std::optional<Date>& date) {
    return date ? date->toString() : std::string();
}

} // namespace

std::string clinicReportCsv(const ClinicReport& report) {
    static const char* const HEADER[] = {"patient",
                                         "record",
                                         "therapist",
                                         "program",
                                         "program start",
                                         "program day",
                                         "adherence %",
                                         "exercises done %",
                                         "days practised",
                                         "days prescribed",
                                         "sessions",
                                         "last session",
                                         "pain last 7 days",
                                         "pain 7 days before",
                                         "flags",
                                         "why",
                                         "status",
                                         "discharged on"};
    std::string csv = CSV_UTF8_BOM;
    csv.reserve(report.lines.size() * 160 + 256);
    bool first = true;
    for (const char* name : HEADER) {
        csv += first ? "" : ",";
        csv += csvField(name);
        first = false;
    }
    csv += "\r\n";
    for (const auto& line : report.lines) {
        CaseloadCells cells = caseloadCells(line);
        std::string flags;
        if (cells.flagged)
            for (const auto& flag : line.flags)
                flags += (flags.empty() ? "" : ";") + std::string(toString(flag.kind));
        const AdherenceSummary& a = line.adherence;
        // Whole days: a part week of a 5-day-a-week program prescribes a share of a day
        // (19.3), which no one can practise; the adherence % keeps the exact share.
        std::string prescribed = std::to_string(std::lround(a.expectedDays));
        const std::string fields[] = {
            line.patient.name,
            line.patient.recordNumber,
            line.therapistName,
            line.hasProgram ? line.programTitle : std::string(),
            isoDate(line.programStart),
            line.hasProgram ? std::to_string(line.programDay) : std::string(),
            wholePercent(a.frequency),
            wholePercent(a.completeness),
            line.hasProgram ? std::to_string(a.activeDays) : std::string(),
            line.hasProgram ? prescribed : std::string(),
            line.hasProgram ? std::to_string(a.loggedSessions) : std::string(),
            isoDate(line.lastSession),
            oneDecimal(line.painRecent),
            oneDecimal(line.painEarlier),
            flags,
            cells.reasons,
            cells.dischargedOn ? "discharged" : "in care",
            isoDate(cells.dischargedOn)};
        first = true;
        for (const auto& field : fields) {
            csv += first ? "" : ",";
            csv += csvField(field);
            first = false;
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace Limber
