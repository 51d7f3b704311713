// The demo clinic as a new user meets it: its Spanish-speaking patients read Spanish on every
// text the demo writes for them.
#include "services/DemoGenerator.h"

#include "catalog/Catalog.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

#include <set>

using namespace Limber;

namespace {

/// Every text the demo wrote for a patient: program titles and notes, exercise notes, and the
/// patient's own session notes.
std::vector<std::string> demoTextsOf(Store& store, std::int64_t clinicId, const Patient& patient) {
    std::vector<std::string> texts;
    for (const Program& program : store.programsOfPatient(clinicId, patient.id)) {
        for (const ProgramVersion& version : program.versions) {
            texts.push_back(version.prescription.title);
            texts.push_back(version.prescription.notes);
            for (const ProgramItem& item : version.prescription.items)
                if (!item.note.empty())
                    texts.push_back(item.note);
        }
        const Prescription& first = program.versions.front().prescription;
        for (const Session& session :
             store.sessions(clinicId, patient.id, first.startDate, Date::parse("2027-12-31")))
            if (!session.note.empty())
                texts.push_back(session.note);
    }
    return texts;
}

} // namespace

TEST(DemoGenerator, SpanishSpeakingPatientsReadSpanishThroughout) {
    Testing::TestDatabase database;
    Testing::FixedClock clock(Date::parse("2026-11-25"));
    SqlStore store(database.config());
    Catalog catalog = loadBuiltInCatalog();
    PatientLinks links(store, clock, std::string(32, 'k'), "http://127.0.0.1:8080");
    AuditTrail audit(store, clock);
    AccountService accounts(store, clock, audit);
    DemoSummary summary =
        DemoGenerator(store, clock, accounts, links, catalog, audit).generate({60, 56});

    std::set<std::string> english, spanish;
    bool sawLucia = false;
    for (const Patient& patient : store.patients(summary.clinicId)) {
        auto& texts = patient.language == "es" ? spanish : english;
        for (const std::string& text : demoTextsOf(store, summary.clinicId, patient))
            texts.insert(text);
        if (patient.name == "Lucía Fernández") {
            sawLucia = true;
            EXPECT_EQ(patient.language, "es");
        }
    }
    ASSERT_TRUE(sawLucia);
    ASSERT_GE(spanish.size(), 5u) << "the demo has Spanish-speaking patients with programs";
    ASSERT_GE(english.size(), 5u);
    for (const std::string& text : spanish)
        EXPECT_EQ(english.count(text), 0u) << "\"" << text << "\" is given to English speakers too";
    EXPECT_EQ(spanish.count("Stretch to mild tension, never pain."), 0u);
    EXPECT_EQ(spanish.count("Estire hasta notar una tensión suave, nunca dolor."), 1u);
}
