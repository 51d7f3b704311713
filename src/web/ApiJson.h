#pragma once

#include "catalog/Catalog.h"
#include "domain/Adherence.h"
#include "domain/ClinicReport.h"
#include "domain/Patient.h"
#include "domain/Session.h"
#include "services/PatientService.h"
#include "services/SessionService.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace Limber {

/// The JSON shapes of the API (documented in the OpenAPI file). Keys keep their order.
Poco::JSON::Object::Ptr jsonObject();
std::string toJsonText(const Poco::JSON::Object::Ptr& object);
std::string toJsonText(const Poco::JSON::Array::Ptr& array);

/// Seconds since the epoch as ISO 8601 UTC ("2026-11-25T14:03:00Z").
std::string isoInstant(std::int64_t seconds);

Poco::JSON::Object::Ptr patientToJson(const Patient& patient,
                                      const std::optional<std::string>& checkinUrl,
                                      std::optional<std::int64_t> programId);
Poco::JSON::Object::Ptr exerciseToJson(const Exercise& exercise, const std::string& language);
Poco::JSON::Object::Ptr educationToJson(const EducationItem& item, const std::string& language);
/// A template in language: its words, weeks, items (exercise, dose, note) and education ids.
Poco::JSON::Object::Ptr templateToJson(const ProgramTemplate& programTemplate,
                                       const std::string& language);
/// The catalog's vocabulary in language: {"strategies": [{"id", "label"}], "regions": ...,
/// "positions": ..., "equipment": ..., "types": ...}.
Poco::JSON::Object::Ptr termsToJson(const Catalog& catalog, const std::string& language);
/// The exercises given (a search's result) with the catalog's education items, templates and
/// terms: what `limber catalog list --json` prints.
Poco::JSON::Object::Ptr catalogToJson(const Catalog& catalog,
                                      const std::vector<const Exercise*>& exercises,
                                      const std::string& language);
Poco::JSON::Object::Ptr sessionToJson(const Session& session);
Poco::JSON::Object::Ptr adherenceToJson(const PatientAdherence& adherence);
Poco::JSON::Array::Ptr flagsToJson(const std::vector<AdherenceFlag>& flags);
Poco::JSON::Object::Ptr clinicReportToJson(const ClinicReport& report);
Poco::JSON::Array::Ptr warningsToJson(const std::vector<PrescriptionWarning>& warnings);

/// Reads a session body: {"date","slot","painBefore","painAfter","difficulty","note",
/// "entries":[{"exercise","side","done"}]}. Throws ValidationException.
SessionInput readSessionInput(const std::string& body, SessionSource* source);

/// Reads a paper log week: {"weekStart", "days": [7 session counts], "pain", "note"}. Throws
/// ValidationException.
PaperWeekInput readPaperWeek(const std::string& body);

/// The patient's earlier episodes of care, oldest first: [{episode, admittedAt, dischargedAt
/// (ISO instants, null when not recorded), programs: [{id, title, startDate, endDate,
/// versions}]}]; each program is read whole at /api/v1/programs/{id}.
Poco::JSON::Array::Ptr earlierEpisodesToJson(const std::vector<EarlierEpisode>& episodes);

} // namespace Limber
