#pragma once

#include "catalog/Catalog.h"
#include "services/AccountService.h"
#include "services/AuditTrail.h"
#include "services/PatientLinks.h"
#include "services/PatientService.h"
#include "services/ProgramService.h"
#include "services/SessionService.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

namespace Limber::Testing {

/// Services over a fresh store on the test engine (a SQLite file, or a PostgreSQL schema: see
/// TestDatabase), a clinic with one therapist, and a clock fixed on Wednesday 2026-11-25.
class ServiceFixture : public ::testing::Test {
protected:
    ServiceFixture()
        : clock(Date::parse("2026-11-25")), store(database.config()), catalog(loadBuiltInCatalog()),
          links(store, clock, std::string(32, 'k'), "http://127.0.0.1:8080"), audit(store, clock),
          accounts(store, clock, audit), patients(store, clock, links, audit),
          programs(store, clock, catalog, audit), sessions(store, clock, audit) {
        clinicId = store.createClinic({0, "Bayview Physical Therapy", "", ""});
        otherClinicId = store.createClinic({0, "Elsewhere PT", "", ""});
        User user{0, clinicId, "dana@bayview.example", "Dana", Role::Therapist, "x", false};
        actor = {clinicId, store.createUser(user), Role::Therapist, "Dana", "192.0.2.10", {}};
        User stranger{0,   otherClinicId, "eve@elsewhere.example", "Eve", Role::Therapist,
                      "x", false};
        outsider = {
            otherClinicId, store.createUser(stranger), Role::Therapist, "Eve", "192.0.2.66", {}};
    }

    Prescription runnerProgram(Date start) {
        Prescription p;
        p.title = "Runner's back care";
        p.startDate = start;
        p.endDate = start.plusDays(41);
        for (const char* id : {"back-flexion-stretch", "tree-pose"})
            p.items.push_back({id, catalog.defaultDose(id).value(), ""});
        p.educationIds = {"warm-up"};
        return p;
    }

    Patient addPatient(const std::string& record = "BV-1") {
        return patients.create(actor, {"José Núñez-Åberg", "", record, "en"});
    }

    TempDir dir;
    TestDatabase database;
    FixedClock clock;
    SqlStore store;
    Catalog catalog;
    PatientLinks links;
    AuditTrail audit;
    AccountService accounts;
    PatientService patients;
    ProgramService programs;
    SessionService sessions;
    std::int64_t clinicId = 0;
    std::int64_t otherClinicId = 0;
    Actor actor;
    Actor outsider;
};

} // namespace Limber::Testing
