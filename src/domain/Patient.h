#pragma once

#include "PrintChoices.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

struct Patient {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::int64_t therapistId = 0;
    std::string recordNumber; ///< the clinic's own chart number; unique within the clinic
    std::string name;         ///< full name as printed: "José Núñez-Åberg"
    std::string firstName;    ///< how the check-in page greets the patient: "José"
    std::string language = "en";
    std::int64_t createdAt = 0;
    // Optional intake details: empty when not given.
    std::string birthDate; ///< "YYYY-MM-DD"
    std::string phone;     ///< as typed: "+1 (555) 010-2030"
    std::string email;     ///< lower case
    /// Each stay in care is an episode: 1 at the first admission, one more at each
    /// re-admission. Programs belong to the episode they were started in.
    int episode = 1;
    std::int64_t admittedAt = 0;              ///< when the current episode began
    std::optional<std::int64_t> dischargedAt; ///< when the current episode ended; empty: in care
    PatientPrintChoices print;                ///< how the patient's handouts were last printed

    bool discharged() const { return dischargedAt.has_value(); }
};

/// How many characters a patient's details may hold (the text rule's limit for each field).
struct PatientLimits {
    static constexpr std::size_t MAX_NAME = 120;
    static constexpr std::size_t MAX_FIRST_NAME = 60;
    static constexpr std::size_t MAX_RECORD_NUMBER = 40;
    static constexpr std::size_t MAX_BIRTH_DATE = 10;
    static constexpr std::size_t MAX_PHONE = 30;
    static constexpr std::size_t MAX_EMAIL = 254;
};

/// A secret URL that lets one patient log sessions. The token itself is never stored: it is
/// derived from the server's key and the link's salt, and only its hash is kept for look-up.
/// A patient may have several; each can expire and be revoked.
struct PatientLink {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::int64_t patientId = 0;
    std::string salt;
    std::string tokenHash;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> revokedAt;
    std::optional<std::int64_t> expiresAt; ///< empty: never expires
    /// Keyed hash of the link's short typed code (the handout prints it beside the QR code);
    /// empty for a link made before codes existed, until its code is first printed.
    std::string codeHash;

    /// Whether the link opens the check-in page at the instant now.
    bool worksAt(std::int64_t now) const { return !revokedAt && (!expiresAt || now < *expiresAt); }
};

/// An episode of care that ended before the patient's current one: written when the patient is
/// re-admitted, so its dates stay known after Patient moves on to the next episode.
struct PastEpisode {
    std::int64_t clinicId = 0;
    std::int64_t patientId = 0;
    int episode = 1;               ///< 1, 2, ...: always less than the patient's current episode
    std::int64_t admittedAt = 0;   ///< epoch seconds
    std::int64_t dischargedAt = 0; ///< epoch seconds
};

} // namespace Limber
