#pragma once

#include "AccountService.h"
#include "AuditTrail.h"
#include "PatientLinks.h"
#include "catalog/Catalog.h"

#include <string>

namespace Limber {

/// The sign-in of the demo clinic's admin (and lead therapist).
struct DemoLogin {
    static constexpr const char* EMAIL = "demo@limber.example";
    static constexpr const char* PASSWORD = "limber-demo";
};

/// The demo clinic `limber serve --demo` shows: 24 patients whose programs have run for up to
/// eight weeks, with the spread of adherence, pain and program revisions a real caseload has
/// (DemoGenerator). Seeds only when the store holds no clinic yet; returns whether it did.
bool seedDemoClinic(Store& store, const Clock& clock, AccountService& accounts, PatientLinks& links,
                    const Catalog& catalog, AuditTrail& audit);

} // namespace Limber
