#pragma once

#include "AccountService.h"
#include "AuditTrail.h"
#include "PatientLinks.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <cstdint>
#include <functional>

namespace Limber {

/// How big a demo clinic to make.
struct DemoSize {
    int patients = 24;
    int days = 56; ///< how long the programs have run, up to today
    static constexpr int MAX_PATIENTS = 100000;
    static constexpr int MIN_DAYS = 7;
    static constexpr int MAX_DAYS = 365;
};

/// What a demo generation made.
struct DemoSummary {
    std::int64_t clinicId = 0;
    int therapists = 0;
    int patients = 0;
    int versions = 0; ///< program versions, the first ones included
    std::size_t sessions = 0;
};

/// Called after each patient with how many are done and how many there will be.
using DemoProgress = std::function<void(int done, int total)>;

/// Makes a demo clinic with realistic adherence data, the same on every machine: therapists,
/// patients with programs from the catalog, revised part-way for some (a progression, an
/// added exercise, more days a week), and sessions up to yesterday from the patient link, paper
/// and the therapist. Patients differ the way real ones do: most keep up, some half keep up,
/// some fade or stop, some come back after a break; about half practise twice a day (so a year
/// of 10,000 patients holds about 3.6 million sessions); pain
/// mostly eases, with spikes and a few rising. The demo sign-in (DemoLogin) is the clinic's
/// admin. Writes straight to the store, a few transactions per patient; only the generation
/// itself goes in the audit trail.
class DemoGenerator {
public:
    DemoGenerator(Store& store, const Clock& clock, AccountService& accounts, PatientLinks& links,
                  const Catalog& catalog, AuditTrail& audit);

    /// Throws Poco::InvalidArgumentException for a size out of range and
    /// Poco::ExistsException when the store already holds a clinic.
    DemoSummary generate(const DemoSize& size, const DemoProgress& progress = {});

private:
    Store& _store;
    const Clock& _clock;
    AccountService& _accounts;
    PatientLinks& _links;
    const Catalog& _catalog;
    AuditTrail& _audit;
};

} // namespace Limber
