#pragma once

#include "AccountService.h"
#include "PatientService.h"
#include "ProgramService.h"
#include "SessionService.h"

#include <string>

namespace Limber {

/// The sign-in of the demo clinic's therapist.
struct DemoLogin {
    static constexpr const char* EMAIL = "demo@limber.example";
    static constexpr const char* PASSWORD = "limber-demo";
};

/// Seeds a demo clinic (one therapist, three patients with programs that started two weeks
/// ago, and two weeks of sessions with high, middling and low adherence) when the store holds
/// no clinic yet. Returns whether it seeded. The data are fixed, so every demo looks the same.
bool seedDemoClinic(Store& store, const Clock& clock, AccountService& accounts,
                    PatientService& patients, ProgramService& programs, SessionService& sessions,
                    const Catalog& catalog);

} // namespace Limber
