#pragma once

#include "catalog/Catalog.h"
#include "domain/ClinicExercise.h"
#include "domain/Store.h"

#include <cstdint>

namespace Limber {

/// The languages a clinic's own exercise is written in: English always, Spanish expected
/// (missing Spanish is a warning: Spanish handouts then print the English text).
inline const std::vector<std::string> CLINIC_EXERCISE_LANGUAGES{"en", "es"};

/// The catalog a clinic's users see: the shared packs plus the clinic's own exercises at
/// their newest revisions.
Catalog clinicCatalog(Store& store, const Catalog& shared, std::int64_t clinicId);

/// The catalog a saved prescription prints from: like clinicCatalog, but each of the clinic's
/// exercises the prescription names is taken at the revision its item prescribed, so an old
/// program version prints exactly what was prescribed.
Catalog prescriptionCatalog(Store& store, const Catalog& shared, std::int64_t clinicId,
                            const Prescription& prescription);

/// Whether shared alone resolves every item of prescription exactly as prescriptionCatalog
/// would: every item names a pack's exercise (a clinic's own exercise never takes a pack's id).
/// Then the clinic's exercises need not be read.
bool namesOnlySharedExercises(const Catalog& shared, const Prescription& prescription);

/// prescription with each item's exerciseRevision set to the revision catalog has (0 for a
/// pack's exercise): what a program version records when it is saved.
Prescription pinRevisions(const Catalog& catalog, Prescription prescription);

/// A stored revision read back as an exercise (revision number set). Throws
/// Poco::DataFormatException when the stored entry cannot be read.
Exercise exerciseOf(const ClinicExerciseRevision& revision);

} // namespace Limber
