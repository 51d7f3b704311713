#pragma once

#include "PatientLinks.h"
#include "SessionService.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What the patient's check-in page shows.
struct CheckinView {
    PatientLink link;
    Patient patient;
    std::optional<Program> program;
    int versionToday = 0; ///< the version in force today; 0 when the program is not running
    Date today;
    std::vector<Session> todaySessions;

    /// The prescription in force today, or nullptr.
    const Prescription* prescriptionToday() const;
};

/// The patient side: everything reached through a personal link, and nothing else.
class CheckinService {
public:
    CheckinService(Store& store, const Clock& clock, PatientLinks& links, SessionService& sessions);

    /// The page behind token; nullopt when the token is unknown or revoked (the two look the
    /// same to the caller).
    std::optional<CheckinView> open(const std::string& token);

    /// Logs a session through the link. Throws Poco::NotFoundException for a bad token and
    /// ValidationException for bad input (see SessionService::log).
    Session log(const std::string& token, const SessionInput& input);

private:
    Store& _store;
    const Clock& _clock;
    PatientLinks& _links;
    SessionService& _sessions;
};

} // namespace Limber
