#pragma once

#include "Adherence.h"
#include "AdherenceFlags.h"
#include "Clinic.h"
#include "DayLog.h"
#include "FlagRules.h"
#include "Patient.h"
#include "Program.h"

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// What one patient's adherence report shows, for one period.
struct PatientReport {
    Clinic clinic;
    Patient patient;
    std::string therapistName;
    Program program;
    Date from;                        ///< first day of the period
    Date to;                          ///< last day of the period
    Date printedOn;                   ///< today
    AdherenceSummary summary;         ///< over the period
    DayLog days;                      ///< the program's days (the calendar and pain line)
    std::vector<Session> sessions;    ///< in the period, by date and slot
    std::vector<AdherenceFlag> flags; ///< as of printedOn
    FlagRules rules;
    std::map<std::string, std::string> exerciseNames; ///< exercise id -> name, in English
};

} // namespace Limber
