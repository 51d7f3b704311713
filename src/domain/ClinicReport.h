#pragma once

#include "Adherence.h"
#include "AdherenceFlags.h"
#include "Clinic.h"
#include "FlagRules.h"
#include "Patient.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// One patient's line in the clinic report (the caseload table).
struct CaseloadLine {
    Patient patient;
    std::string therapistName;
    bool hasProgram = false;
    std::string programTitle;
    std::optional<Date> programStart;
    int programDay = 0;                ///< 1 on the program's first day; 0 before it starts
    AdherenceSummary adherence;        ///< over the report's period
    std::optional<Date> lastSession;   ///< the last day practised, at any time
    std::optional<double> painRecent;  ///< mean of each day's worst pain, last 7 days
    std::optional<double> painEarlier; ///< the same over the 7 days before
    std::vector<AdherenceFlag> flags;  ///< as of the report's last day, most urgent first
    std::optional<Date> dischargedOn;  ///< the day of the discharge on the clinic's wall clock
};

/// How the caseload table can be ordered: a fixed set, never text from a request.
enum class CaseloadSort {
    Patient,
    Record,
    Therapist,
    ProgramAge,
    Adherence,
    LastSession,
    Pain,
    Flags
};

/// "patient", "record", "therapist", "age", "adherence", "last", "pain", "flags".
std::string_view toString(CaseloadSort sort);
std::optional<CaseloadSort> caseloadSortFromString(std::string_view text);
/// Every sort key's name, for messages and links.
const std::vector<std::string_view>& caseloadSortNames();

/// Orders lines by sort, ascending or descending; lines without the value (no program, no
/// session, no pain said) go last either way; ties keep the name order.
void sortCaseload(std::vector<CaseloadLine>& lines, CaseloadSort sort, bool descending);

/// Patients whose frequency over the period falls in [lowPercent, highPercent].
struct AdherenceBand {
    int lowPercent = 0;
    int highPercent = 0;
    int patients = 0;
};

/// What the clinic report shows, computed for one clinic over one period.
struct ClinicReport {
    Clinic clinic;
    Date from;
    Date to;
    Date today;
    FlagRules rules;
    CaseloadSort sort = CaseloadSort::Patient;
    bool descending = false;
    std::vector<CaseloadLine> lines;         ///< every patient, in the order asked
    std::vector<AdherenceBand> distribution; ///< ten bands: 0-9%, 10-19%, ... 90-100%
    int measured = 0;                        ///< patients with prescribed days in the period
    int withoutProgram = 0;                  ///< patients with no program
    std::optional<double> medianFrequency;
    std::vector<std::size_t>
        followUp; ///< indices into lines of flagged patients, most urgent first
};

/// The ten-band distribution of frequency over lines that have one.
std::vector<AdherenceBand> adherenceDistribution(const std::vector<CaseloadLine>& lines);

/// Indices of lines with flags: the most urgent flag first, then more flags, then by name.
std::vector<std::size_t> followUpOrder(const std::vector<CaseloadLine>& lines);

} // namespace Limber
