#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "domain/Store.h"
#include "reports/HandoutReport.h"

#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

/// The print choices one request names; each is empty when the request leaves it to what is
/// remembered.
struct PrintRequest {
    std::optional<PaperSize> paper;
    std::optional<bool> largePrint;
    /// The handout's language: one of SUPPORTED_LANGUAGES, or "" for the patient's own.
    std::optional<std::string> language;
};

/// The print choices a clinic and its patients last made: the paper per clinic (handouts and
/// reports), large print and the handout's language per patient. A therapist's print with
/// choices remembers them; a print that names none starts from them.
class PrintMemory {
public:
    PrintMemory(Store& store, AuditTrail& audit) : _store(store), _audit(audit) {}

    /// The options a handout of patient prints with: what request names, the remembered value
    /// for the rest (the clinic's paper, the patient's large print and language).
    HandoutOptions handoutOptions(const Actor& actor, const Patient& patient,
                                  const PrintRequest& request);

    /// The paper a report prints on: request's, else the clinic's.
    PaperSize paper(const Actor& actor, const PrintRequest& request);

    /// Remembers what request names: the clinic's paper and, for a patient, large print and the
    /// handout's language (the patient's own language is remembered as ""). Each change is
    /// audited (clinic.paper, patient.print: old -> new) in the same transaction; what did not
    /// change writes nothing. Throws ValidationException for an unsupported language,
    /// Poco::NotFoundException for a patient not in the actor's clinic.
    void remember(const Actor& actor, std::optional<std::int64_t> patientId,
                  const PrintRequest& request);

private:
    PaperSize clinicPaper(const Actor& actor);

    Store& _store;
    AuditTrail& _audit;
};

} // namespace Limber
