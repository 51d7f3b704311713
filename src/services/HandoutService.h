#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "PatientLinks.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"
#include "reports/HandoutReport.h"

#include <optional>
#include <string>

namespace Limber {

/// Resolves a prescription's catalog entries into a printable Handout, which keeps the
/// entries it points to alive. Throws ValidationException when an exercise or education id is
/// not in the catalog.
Handout composeHandout(const Catalog& catalog, const Prescription& prescription);

/// A saved program whose handout is due on a day (see HandoutService::dueOn).
struct DueHandout {
    std::int64_t clinicId = 0;
    std::int64_t programId = 0;
    int version = 0;
    Patient patient;
};

/// Printing handouts of saved programs.
class HandoutService {
public:
    HandoutService(Store& store, const Clock& clock, const Catalog& catalog, PatientLinks& links,
                   AuditTrail& audit, const HandoutReport& report);

    /// The PDF of a program's version (the current one when version is empty), with the
    /// patient's check-in link. Throws Poco::NotFoundException for a program or version that is
    /// not in the actor's clinic. Audited as a print.
    std::string render(const Actor& actor, std::int64_t programId, std::optional<int> version,
                       const HandoutOptions& options);

    /// The PDF a prescription not saved yet would print for the patient (the program builder's
    /// preview): the clinic's newest exercises, the patient's language, no version number,
    /// "Preview, not saved" across every page and no check-in link or code. Throws
    /// Poco::NotFoundException for a patient not in the actor's clinic, ValidationException for a
    /// prescription that could not be saved. Audited as a preview.
    std::string preview(const Actor& actor, std::int64_t patientId,
                        const Prescription& prescription, const HandoutOptions& options);

    /// The Handout render would print, without drawing it (for printing many in parallel).
    /// Same errors as render; audited as a print.
    Handout prepare(const Actor& actor, std::int64_t programId, std::optional<int> version);

    /// The programs whose handout is due on day: those whose current version takes effect that
    /// day (a program made that day, or revised for it), which is when a patient needs the new
    /// paper. Only clinicId's programs when given, otherwise every clinic's; ordered by clinic
    /// and patient name.
    std::vector<DueHandout> dueOn(Date day, std::optional<std::int64_t> clinicId);

    const HandoutReport& report() const { return _report; }

private:
    /// Fills in what every handout of the patient prints besides the program: clinic,
    /// therapist, patient, language, check-in link and code, date.
    void addPatient(Handout& handout, const Actor& actor, const Patient& patient);

    Store& _store;
    const Clock& _clock;
    const Catalog& _catalog;
    PatientLinks& _links;
    AuditTrail& _audit;
    const HandoutReport& _report;
};

} // namespace Limber
