// Editing, discharging and re-admitting patients, and the one rule for their details.
#include "ServiceFixture.h"
#include "reports/FontLibrary.h"
#include "services/ReportService.h"

#include <Poco/Exception.h>

using namespace Limber;
using namespace Limber::Testing;

namespace {

class PatientServiceTest : public ServiceFixture {
protected:
    /// The fields a ValidationException names, in order.
    static std::vector<std::string> fieldsOf(const std::function<void()>& call) {
        try {
            call();
        } catch (const ValidationException& error) {
            std::vector<std::string> fields;
            for (const auto& each : error.errors())
                fields.push_back(each.field + ": " + each.message);
            return fields;
        }
        return {};
    }

    std::vector<AuditEvent> entries(const std::string& action) {
        std::vector<AuditEvent> found;
        for (const auto& event : store.auditEvents(clinicId, 0, 4'000'000'000))
            if (event.action == action)
                found.push_back(event);
        return found;
    }

    PatientDetails detailsOf(const Patient& p) {
        return {p.name, p.firstName, p.recordNumber, p.language, p.birthDate, p.phone, p.email};
    }
};

} // namespace

TEST_F(PatientServiceTest, OptionalDetailsAreCheckedByOneRuleThatNamesTheField) {
    auto create = [&](PatientDetails d) { return fieldsOf([&] { patients.create(actor, d); }); };
    PatientDetails good{"Ana Ortega",
                        "",
                        "BV-7",
                        "es",
                        "1956-03-14",
                        "+1 (555) 010-2030",
                        "Ana.Ortega@Example.com"};
    Patient ana = patients.create(actor, good);
    EXPECT_EQ(ana.birthDate, "1956-03-14");
    EXPECT_EQ(ana.phone, "+1 (555) 010-2030");
    EXPECT_EQ(ana.email, "ana.ortega@example.com") << "e-mail is kept in lower case";
    EXPECT_EQ(store.patient(clinicId, ana.id)->email, "ana.ortega@example.com");
    Patient bare = patients.create(actor, {"Bo Lee", "", "BV-8", "en", "", "", ""});
    EXPECT_EQ(bare.birthDate, "");

    for (const char* date : {"1956-02-30", "14/03/1956", "1956-3-14", "yesterday", "19560314"}) {
        PatientDetails d = good;
        d.recordNumber = "X";
        d.birthDate = date;
        std::vector<std::string> fields = create(d);
        ASSERT_EQ(fields.size(), 1u) << date;
        EXPECT_EQ(fields[0].substr(0, 10), "birthDate:") << date;
    }
    PatientDetails future = good;
    future.birthDate = "2026-11-26"; // the fixture's today is 2026-11-25
    EXPECT_EQ(create(future), std::vector<std::string>{"birthDate: must not be in the future"});
    future.birthDate = "1899-12-31";
    EXPECT_EQ(create(future), std::vector<std::string>{"birthDate: must be in 1900 or later"});

    for (const char* phone :
         {"call me", "12-34", "+1 555 010 2030 ext 4", "5550102030123456", "555\u202e0102"}) {
        PatientDetails d = good;
        d.phone = phone;
        std::vector<std::string> fields = create(d);
        ASSERT_EQ(fields.size(), 1u) << phone;
        EXPECT_EQ(fields[0].substr(0, 6), "phone:") << phone;
    }
    for (const char* email :
         {"ana", "ana@example", "ana@@example.com", "ana ortega@example.com", "@example.com"}) {
        PatientDetails d = good;
        d.email = email;
        std::vector<std::string> fields = create(d);
        ASSERT_EQ(fields.size(), 1u) << email;
        EXPECT_EQ(fields[0].substr(0, 6), "email:") << email;
    }
    PatientDetails all{"", "", "", "fr", "soon", "x", "y"};
    std::vector<std::string> fields = create(all);
    ASSERT_EQ(fields.size(), 6u) << "every bad field is named at once";
    EXPECT_EQ(patients.list(actor).size(), 2u) << "nothing refused was saved";
}

TEST_F(PatientServiceTest, AnEditKeepsTheOldValuesInTheAuditTrail) {
    Patient patient = addPatient("BV-1");
    Patient other = addPatient("BV-2");
    PatientDetails details = detailsOf(patient);
    details.name = "José Núñez Åberg";
    details.recordNumber = "BV-10";
    details.language = "es";
    details.phone = "555 0199";
    Patient edited = patients.update(actor, patient.id, details);
    EXPECT_EQ(edited.name, "José Núñez Åberg");
    EXPECT_EQ(edited.firstName, "José") << "the first name was kept";
    Patient stored = *store.patient(clinicId, patient.id);
    EXPECT_EQ(stored.recordNumber, "BV-10");
    EXPECT_EQ(stored.language, "es");
    EXPECT_EQ(stored.phone, "555 0199");

    std::vector<AuditEvent> edits = entries("patient.edit");
    ASSERT_EQ(edits.size(), 1u);
    EXPECT_EQ(edits[0].patientId, patient.id);
    EXPECT_EQ(edits[0].detail, "name: 'José Núñez-Åberg' -> 'José Núñez Åberg'; recordNumber: "
                               "'BV-1' -> 'BV-10'; language: 'en' -> 'es'; phone: '' -> "
                               "'555 0199'");

    patients.update(actor, patient.id, detailsOf(stored));
    EXPECT_EQ(entries("patient.edit").size(), 1u) << "saving without a change records nothing";

    PatientDetails taken = detailsOf(stored);
    taken.recordNumber = other.recordNumber;
    EXPECT_THROW(patients.update(actor, patient.id, taken), Poco::ExistsException);
    PatientDetails blank = detailsOf(stored);
    blank.name = " ";
    blank.email = "not an address";
    EXPECT_EQ(fieldsOf([&] { patients.update(actor, patient.id, blank); }).size(), 2u);
    EXPECT_EQ(store.patient(clinicId, patient.id)->name, "José Núñez Åberg");
    EXPECT_THROW(patients.update(outsider, patient.id, detailsOf(stored)), Poco::NotFoundException);
}

TEST_F(PatientServiceTest, DischargeEndsTheProgramClosesTheLinksAndLeavesReports) {
    Patient patient = addPatient("BV-1");
    Patient stays = addPatient("BV-2");
    const Date start = Date::parse("2026-11-02");
    SavedProgram saved = programs.create(actor, patient.id, runnerProgram(start));
    programs.create(actor, stays.id, runnerProgram(start));
    std::optional<std::string> url = links.currentUrl(clinicId, patient.id);
    ASSERT_TRUE(url);
    const std::string token = url->substr(url->rfind('/') + 1);
    ASSERT_TRUE(links.resolve(token));
    patients.createLink(actor, patient.id, 30);

    clock.advanceSeconds(3600);
    Patient discharged = patients.discharge(actor, patient.id);
    EXPECT_TRUE(discharged.discharged());
    EXPECT_EQ(*store.patient(clinicId, patient.id)->dischargedAt, 1'800'003'600);

    // The program ends today, in a new version; the one prescribed is kept.
    Program program = *store.program(clinicId, saved.program.id);
    ASSERT_EQ(program.versions.size(), 2u);
    EXPECT_EQ(program.versions[0].prescription.endDate, start.plusDays(41));
    EXPECT_EQ(program.current().prescription.endDate, clock.today());
    EXPECT_EQ(program.current().effectiveFrom, clock.today());
    EXPECT_EQ(program.current().prescription.items, program.versions[0].prescription.items);
    EXPECT_EQ(program.versionOn(clock.today().plusDays(1)), nullptr) << "nothing is prescribed";

    // Every link stops working, the printed one too.
    EXPECT_FALSE(links.resolve(token));
    EXPECT_FALSE(links.currentUrl(clinicId, patient.id));
    for (const auto& link : store.patientLinks(clinicId, patient.id))
        EXPECT_TRUE(link.revokedAt) << "link " << link.id;
    EXPECT_THROW(patients.createLink(actor, patient.id, std::nullopt), Poco::IllegalStateException);
    EXPECT_THROW(programs.save(actor, patient.id, runnerProgram(clock.today())),
                 Poco::IllegalStateException);
    EXPECT_THROW(patients.discharge(actor, patient.id), Poco::IllegalStateException);

    // Still in search and the reports, without flags.
    EXPECT_EQ(patients.list(actor).size(), 2u);
    static const FontLibrary fonts;
    ReportService reports(store, clock, catalog, audit, fonts);
    bool found = false;
    for (const auto& line : *reports.caseload(actor, clock.today().plusDays(-13), clock.today(),
                                              reports.flagRules(actor)))
        if (line.patient.id == patient.id) {
            found = true;
            EXPECT_TRUE(line.patient.discharged());
            EXPECT_TRUE(line.hasProgram);
            EXPECT_TRUE(line.flags.empty()) << "a discharged patient raises no flag";
        } else {
            EXPECT_FALSE(line.flags.empty()) << "the other patient, who never logged, is flagged";
        }
    EXPECT_TRUE(found);
    EXPECT_TRUE(sessions.adherence(clinicId, patient.id)->flags.empty());

    ASSERT_EQ(entries("patient.discharge").size(), 1u);
    ASSERT_EQ(entries("program.end").size(), 1u);
    EXPECT_EQ(entries("program.end")[0].detail,
              "program " + std::to_string(saved.program.id) + " version 2 ends 2026-11-25");
    EXPECT_THROW(patients.discharge(outsider, stays.id), Poco::NotFoundException);
}

TEST_F(PatientServiceTest, AProgramNotStartedYetIsShortenedToTheDischargeDay) {
    Patient patient = addPatient("BV-1");
    SavedProgram saved =
        programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(7)));
    patients.discharge(actor, patient.id);
    Program program = *store.program(clinicId, saved.program.id);
    EXPECT_EQ(program.current().prescription.startDate, clock.today());
    EXPECT_EQ(program.current().prescription.endDate, clock.today());
    EXPECT_EQ(program.versionOn(clock.today().plusDays(7)), nullptr);
}

TEST_F(PatientServiceTest, ReadmissionStartsANewEpisodeWithANewLinkAndNoProgram) {
    Patient patient = addPatient("BV-1");
    SavedProgram first =
        programs.create(actor, patient.id, runnerProgram(Date::parse("2026-11-02")));
    EXPECT_THROW(patients.readmit(actor, patient.id), Poco::IllegalStateException)
        << "a patient in care cannot be re-admitted";
    patients.discharge(actor, patient.id);
    clock.advanceSeconds(86'400);
    clock.setToday(Date::parse("2026-11-26"));
    Patient again = patients.readmit(actor, patient.id);
    EXPECT_FALSE(again.discharged());
    EXPECT_EQ(again.episode, 2);
    EXPECT_EQ(again.admittedAt, 1'800'086'400);
    EXPECT_TRUE(links.currentUrl(clinicId, patient.id)) << "a new link works";
    EXPECT_FALSE(programs.current(actor, patient.id)) << "the new episode has no program yet";
    EXPECT_TRUE(store.program(clinicId, first.program.id)) << "the old program is kept";
    EXPECT_THROW(programs.revise(actor, first.program.id, runnerProgram(clock.today())),
                 Poco::IllegalStateException)
        << "the old episode's program is not revised";

    SavedProgram second = programs.save(actor, patient.id, runnerProgram(clock.today()));
    EXPECT_NE(second.program.id, first.program.id) << "saving starts a new program";
    EXPECT_EQ(second.program.episode, 2);
    EXPECT_EQ(programs.current(actor, patient.id)->id, second.program.id);
    ASSERT_EQ(entries("patient.readmit").size(), 1u);
    EXPECT_EQ(entries("patient.readmit")[0].detail.substr(0, 9), "episode 2");
}

TEST_F(PatientServiceTest, APatientsLinksAreListedForItsOwnClinicOnlyByIdOrByTheReadPatient) {
    Patient patient = addPatient();
    const std::vector<PatientLink> byId = patients.links(actor, patient.id);
    ASSERT_FALSE(byId.empty());
    const std::vector<PatientLink> byRead = patients.links(actor, patient);
    ASSERT_EQ(byRead.size(), byId.size());
    EXPECT_EQ(byRead.front().id, byId.front().id);
    EXPECT_THROW(patients.links(outsider, patient.id), Poco::NotFoundException);
    EXPECT_THROW(patients.links(outsider, patient), Poco::NotFoundException);
}
