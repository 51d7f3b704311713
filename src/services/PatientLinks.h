#pragma once

#include "domain/Clock.h"
#include "domain/Patient.h"
#include "domain/Store.h"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace Limber {

/// Personal check-in links (`/p/<token>`). A token is HMAC-SHA-256(server key, link salt),
/// 256 bits: the server can print it again on every handout, while the database holds only
/// the salt and the token's SHA-256, so a copy of the database alone opens no link.
class PatientLinks {
public:
    /// serverKey: a secret of at least 32 bytes kept outside the database. publicUrl: the
    /// address patients reach the portal at, without a trailing slash. lifetimeDays: how long
    /// a new link works (0: until revoked).
    PatientLinks(Store& store, const Clock& clock, std::string serverKey, std::string publicUrl,
                 int lifetimeDays = 0);

    /// A new link with its salt and token hash, not yet stored (see Store::createPatient).
    /// lifetimeDays: empty for the configured lifetime, 0 for a link that never expires.
    PatientLink draft(std::int64_t clinicId, std::int64_t patientId,
                      std::optional<int> lifetimeDays = std::nullopt) const;
    /// Creates and stores a new link for an existing patient.
    PatientLink create(std::int64_t clinicId, std::int64_t patientId,
                       std::optional<int> lifetimeDays = std::nullopt);

    /// Changes the address links point at (once the server knows its port). Call before
    /// serving: not safe while requests run.
    void setPublicUrl(std::string publicUrl);
    /// The address links point at, without a trailing slash.
    const std::string& publicUrl() const { return _publicUrl; }

    std::string tokenOf(const PatientLink& link) const;
    std::string urlOf(const PatientLink& link) const;

    /// The link a token opens, if any, not revoked and not expired.
    std::optional<PatientLink> resolve(const std::string& token) const;
    /// The link a token was made for, whether it still works or not (for the page a closed
    /// link answers with); nullopt for a token that was never a link.
    std::optional<PatientLink> lookup(const std::string& token) const;
    /// What resolve() gives, with the link's patient and the throttle count stored under
    /// throttleKey, in one read of the store; nullopt when token opens no working link. The
    /// link and patient read are kept while their clinic's data generation stays the same
    /// (a revocation or any other change of the clinic moves it): then only the generation and
    /// the throttle count are read. Whether the link works is judged at every call.
    std::optional<PatientLinkEntry> resolveEntry(const std::string& token,
                                                 const std::string& throttleKey) const;

    /// The URL of the patient's newest working link, if any.
    std::optional<std::string> currentUrl(std::int64_t clinicId, std::int64_t patientId) const;

    // Short check-in codes, printed beside the QR code for patients who cannot scan. A code is
    // 12 characters of Crockford's base 32 (60 bits, no I, L, O or U), derived like the token
    // from the server key and the link's salt, so every handout prints the same code. The
    // database keeps only an HMAC of it under the server key: a copy of the database alone
    // can neither read nor brute-force a code. Typing it opens the same link as scanning, and
    // wrong codes count as wrong links (CheckinService's throttle).

    /// The link's code as printed: "K7QM-3RX9-TBV2".
    std::string codeOf(const PatientLink& link) const;
    /// The keyed hash the store looks codes up by.
    std::string codeHashOf(const PatientLink& link) const;
    /// The link a typed code opens, if any, not revoked and not expired. Case, spaces and
    /// dashes do not matter, and I, L and O read as 1, 1 and 0.
    std::optional<PatientLink> resolveCode(const std::string& typed) const;

    /// The patient's newest working link with its URL and code. Records the code's hash for a
    /// link made before codes existed, so that the code printed now works.
    struct Printed {
        std::string url;
        std::string code;
    };
    std::optional<Printed> currentForPrinting(std::int64_t clinicId, std::int64_t patientId);
    /// The same, from the patient's links as the store lists them (a caller that has read
    /// them already).
    std::optional<Printed> currentForPrinting(const std::vector<PatientLink>& links);

    /// Where a code is typed, as printed on the handout: the public address without its
    /// scheme, then /p/code ("limber.bayview-pt.example/p/code").
    std::string codeEntryAddress() const;

    /// The value the check-in form must send back with token: proof that the form came from
    /// a page served for this link (the patient pages' CSRF token).
    std::string formTokenOf(const std::string& token) const;

private:
    Store& _store;
    const Clock& _clock;
    std::string _serverKey;
    std::string _publicUrl;
    int _lifetimeDays;

    /// Link entries read before, by token hash, each with the generation it was read at
    /// (throttle counts are never kept); emptied when it reaches ENTRIES_KEPT.
    static constexpr std::size_t ENTRIES_KEPT = 4096;
    mutable std::mutex _entriesMutex;
    mutable std::unordered_map<std::string, PatientLinkEntry> _entries;
};

} // namespace Limber
