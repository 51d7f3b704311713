#pragma once

#include "domain/Adherence.h"
#include "domain/ClinicReport.h"
#include "domain/PatientReport.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// The figures reports print, written out once so that the web page, the PDF and the CSV say
/// the same thing.

/// Percentages are written by percentOf (domain/Adherence.h), the same everywhere.
/// A pain average with one decimal ("4.5"); "–" when empty.
std::string painOf(const std::optional<double>& pain);
/// "about 22" for 21.6, "22" for 22.0.
std::string aboutCount(double value);

/// One of the headline figures of a patient report.
struct SummaryFigure {
    std::string value;  ///< "83%"
    std::string label;  ///< "days practised"
    std::string detail; ///< "18 of about 22 prescribed days"
};
std::vector<SummaryFigure> summaryFigures(const PatientReport& report);

/// One exercise of a patient report.
struct ExerciseFigures {
    std::string name;
    std::string dose; ///< in the current version, or "no longer in the program"
    std::string done; ///< units ticked in the period ("34")
    std::string expected;
    std::string adherence; ///< "85%"
};
std::vector<ExerciseFigures> exerciseFigures(const PatientReport& report);

/// One program version of a patient report, oldest first.
struct VersionFigures {
    std::string number;   ///< "2"
    std::string from;     ///< "12 Nov 2026"
    std::string schedule; ///< "7 days a week, twice a day"
    std::string exercises;
    std::string notes; ///< the therapist's notes on that version
    bool inPeriod = false;
};
std::vector<VersionFigures> versionFigures(const PatientReport& report);

/// A note the patient wrote with a session in the period, newest first.
struct PatientNote {
    std::string date;
    std::string text;
};
std::vector<PatientNote> patientNotes(const PatientReport& report);

/// A caseload line written out.
struct CaseloadCells {
    std::string patient;
    std::string record;
    std::string therapist;
    std::string program;    ///< title, or "No program"
    std::string programDay; ///< "day 23", "starts 2 Dec 2026", "–"
    std::string adherence;
    std::string completeness;
    std::string lastSession; ///< "23 Nov 2026" or "never"
    std::string pain;        ///< "4.2 (up from 2.0)", "3.0", "–"
    std::string flags;       ///< "High pain; No sessions"
    std::string reasons;     ///< the flags' sentences, joined by "; "
    /// "in care", or "Discharged on 25 Nov 2026" for a discharged patient.
    std::string status;
    std::optional<Date> dischargedOn; ///< the day the current episode ended; empty: in care
    /// Shown as flagged (shaded, on the follow-up list): has flags and is not discharged. A
    /// discharged patient's line never shows a flag, whatever the line holds.
    bool flagged = false;
};
CaseloadCells caseloadCells(const CaseloadLine& line);

/// "Discharged on 25 Nov 2026" for a patient discharged on that day (the clinic's day, as the
/// report's service computed it), as every report writes it; empty while the patient is in care.
std::string dischargedText(const std::optional<Date>& dischargedOn);

} // namespace Limber
