#include "ReportFigures.h"

#include "DateText.h"
#include "domain/DoseText.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace Limber {

namespace {

const std::string DASH = "\u2013";

std::string sessionsADay(int sessions) {
    return sessions == 1   ? "once a day"
           : sessions == 2 ? "twice a day"
                           : std::to_string(sessions) + " times a day";
}

} // namespace

std::string painOf(const std::optional<double>& pain) {
    if (!pain)
        return DASH;
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", *pain);
    return text;
}

std::string aboutCount(double value) {
    double rounded = std::round(value);
    std::string text = std::to_string(static_cast<long long>(rounded));
    return std::fabs(rounded - value) < 0.01 ? text : "about " + text;
}

std::vector<SummaryFigure> summaryFigures(const PatientReport& report) {
    const AdherenceSummary& s = report.summary;
    std::vector<SummaryFigure> figures;
    figures.push_back({percentOf(s.frequency), "days practised", prescribedDaysText(s)});
    figures.push_back({percentOf(s.completeness), "exercises done",
                       std::to_string(s.doneUnits) + " of " + std::to_string(s.prescribedUnits) +
                           " in the sessions logged"});
    figures.push_back({std::to_string(s.loggedSessions), "sessions",
                       "of " + aboutCount(s.expectedSessions) + " prescribed (" +
                           percentOf(s.sessionRatio) + ")"});
    figures.push_back({std::to_string(s.currentStreak),
                       s.currentStreak == 1 ? "day streak" : "days streak",
                       "practised in a row up to " + dayMonth(s.to)});
    figures.push_back({std::to_string(s.daysWithDataLast30) + "/30", "days with data",
                       "in the 30 days up to " + dayMonth(s.to)});
    return figures;
}

std::vector<ExerciseFigures> exerciseFigures(const PatientReport& report) {
    std::vector<ExerciseFigures> rows;
    const Prescription& current = report.program.current().prescription;
    for (const auto& exercise : report.summary.exercises) {
        ExerciseFigures row;
        auto name = report.exerciseNames.find(exercise.exerciseId);
        row.name = name != report.exerciseNames.end() ? name->second : exercise.exerciseId;
        row.dose = "no longer in the program";
        for (const auto& item : current.items)
            if (item.exerciseId == exercise.exerciseId)
                row.dose = describeDose(item.dose, "en");
        row.done = std::to_string(exercise.doneUnits);
        row.expected = aboutCount(exercise.expectedUnits);
        row.adherence = percentOf(exercise.ratio);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<VersionFigures> versionFigures(const PatientReport& report) {
    std::vector<VersionFigures> rows;
    const auto& versions = report.program.versions;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const ProgramVersion& version = versions[i];
        const Prescription& p = version.prescription;
        VersionFigures row;
        row.number = std::to_string(version.number);
        row.from = dateText(version.effectiveFrom);
        row.schedule = std::to_string(practiceDaysPerWeek(p)) + " days a week, " +
                       sessionsADay(sessionsPerDay(p));
        for (const auto& item : p.items) {
            auto name = report.exerciseNames.find(item.exerciseId);
            row.exercises += (row.exercises.empty() ? "" : ", ") +
                             (name != report.exerciseNames.end() ? name->second : item.exerciseId);
        }
        row.notes = p.notes;
        Date until =
            i + 1 < versions.size() ? versions[i + 1].effectiveFrom.plusDays(-1) : p.endDate;
        row.inPeriod = version.effectiveFrom <= report.to && until >= report.from;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<PatientNote> patientNotes(const PatientReport& report) {
    std::vector<PatientNote> notes;
    for (auto it = report.sessions.rbegin(); it != report.sessions.rend(); ++it)
        if (!it->note.empty())
            notes.push_back({dateText(it->date), it->note});
    return notes;
}

CaseloadCells caseloadCells(const CaseloadLine& line) {
    CaseloadCells cells;
    cells.patient = line.patient.name;
    cells.record = line.patient.recordNumber;
    cells.therapist = line.therapistName;
    cells.program = line.hasProgram ? line.programTitle : "No program";
    if (!line.hasProgram)
        cells.programDay = DASH;
    else if (line.programDay == 0 && line.programStart)
        cells.programDay = "starts " + dateText(*line.programStart);
    else
        cells.programDay = "day " + std::to_string(line.programDay);
    cells.adherence = percentOf(line.adherence.frequency);
    cells.completeness = percentOf(line.adherence.completeness);
    cells.lastSession = line.lastSession  ? dateText(*line.lastSession)
                        : line.hasProgram ? "never"
                                          : DASH;
    cells.pain = painOf(line.painRecent);
    if (line.painRecent && line.painEarlier &&
        std::fabs(*line.painRecent - *line.painEarlier) >= 0.5)
        cells.pain += (*line.painRecent > *line.painEarlier ? " (up from " : " (down from ") +
                      painOf(line.painEarlier) + ")";
    if (line.patient.dischargedAt) {
        cells.dischargedOn = line.dischargedOn;
        cells.status = dischargedText(line.dischargedOn);
        return cells;
    }
    cells.status = "in care";
    cells.flagged = !line.flags.empty();
    for (const auto& flag : line.flags) {
        cells.flags += (cells.flags.empty() ? "" : "; ") + std::string(labelOf(flag.kind));
        cells.reasons += (cells.reasons.empty() ? "" : "; ") + flag.reason;
    }
    return cells;
}

std::string dischargedText(const std::optional<Date>& dischargedOn) {
    return dischargedOn ? "Discharged on " + dateText(*dischargedOn) : std::string();
}

} // namespace Limber
