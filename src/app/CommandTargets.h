#pragma once

#include "Arguments.h"
#include "domain/Store.h"

#include <cstdint>
#include <string>

namespace Limber {

/// The clinic a command works on: --clinic ID, or the database's only clinic. Throws
/// UsageError for a malformed id or when several clinics need choosing among (it lists them),
/// Poco::NotFoundException when there is no such clinic.
std::int64_t clinicOf(const Arguments& arguments, Store& store);

/// The patient of the clinic named by id or record number; Poco::NotFoundException if none.
std::int64_t patientOf(const std::string& word, std::int64_t clinicId, Store& store);

} // namespace Limber
