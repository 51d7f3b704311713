#include "services/ReportService.h"

#include "ServiceFixture.h"

#include <Poco/Exception.h>

#include <algorithm>

using namespace Limber;

namespace {

const FontLibrary& fonts() {
    static const FontLibrary library;
    return library;
}

} // namespace

class ReportServiceTest : public Testing::ServiceFixture {
protected:
    ReportServiceTest() : reports(store, clock, catalog, audit, fonts()) {}

    /// Logs a session on day with everything done and the pain given.
    void practise(const Patient& patient, Date day, std::optional<int> pain = std::nullopt) {
        SessionInput input;
        input.date = day;
        input.painBefore = pain;
        input.entries = {{"back-flexion-stretch", Side::Both, true},
                         {"tree-pose", Side::Left, true},
                         {"tree-pose", Side::Right, true}};
        sessions.log(actor, patient.id, input, SessionSource::PatientLink);
    }

    std::vector<std::string> auditActions() {
        std::vector<std::string> actions;
        for (const auto& event : store.auditEvents(clinicId, 0, 1'900'000'000))
            actions.push_back(event.action);
        return actions;
    }

    ReportService reports;
};

TEST_F(ReportServiceTest, APatientReportHasTheFiguresOfThePeriodAndIsAudited) {
    Patient patient = addPatient();
    // Every day from Monday 16th; the clock says Wednesday 25th.
    Prescription p = runnerProgram(Date::parse("2026-11-16"));
    for (auto& item : p.items)
        item.dose.daysPerWeek = 7;
    programs.create(actor, patient.id, p);
    for (const char* day : {"2026-11-16", "2026-11-17", "2026-11-19", "2026-11-20", "2026-11-21",
                            "2026-11-22", "2026-11-23", "2026-11-24"})
        practise(patient, Date::parse(day), 3);
    PatientReport report = reports.patientReport(actor, patient.id, std::nullopt, std::nullopt,
                                                 ReportUse::View, "html");
    EXPECT_EQ(report.from, Date::parse("2026-11-16"));
    EXPECT_EQ(report.to, Date::parse("2026-11-25"));
    EXPECT_EQ(report.summary.to, Date::parse("2026-11-24")) << "today not logged yet";
    EXPECT_EQ(report.summary.activeDays, 8);
    EXPECT_DOUBLE_EQ(*report.summary.frequency, 8.0 / 9.0);
    EXPECT_EQ(report.summary.currentStreak, 6);
    EXPECT_EQ(report.summary.weeks.size(), 2u);
    EXPECT_EQ(report.exerciseNames.at("tree-pose"), "Tree pose");
    EXPECT_EQ(report.sessions.size(), 8u);
    EXPECT_EQ(auditActions().back(), "report.view");

    std::string pdf = reports.patientReportPdf(actor, patient.id, Date::parse("2026-11-16"),
                                               Date::parse("2026-11-22"), PaperSize::A4);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_EQ(auditActions().back(), "report.export");
    EXPECT_EQ(store.auditEvents(clinicId, 0, 1'900'000'000).back().detail,
              "pdf 2026-11-16 to 2026-11-22");
}

TEST_F(ReportServiceTest, ReportsStayInsideTheClinicAndRefuseBackwardPeriods) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(Date::parse("2026-11-16")));
    EXPECT_THROW(reports.patientReport(outsider, patient.id, std::nullopt, std::nullopt,
                                       ReportUse::View, "html"),
                 Poco::NotFoundException);
    EXPECT_THROW(reports.patientReport(actor, patient.id, Date::parse("2026-11-20"),
                                       Date::parse("2026-11-19"), ReportUse::View, "html"),
                 ValidationException);
    ClinicReport other =
        reports.clinicReport(outsider, std::nullopt, std::nullopt, CaseloadSort::Patient, false,
                             ReportUse::View, "html");
    EXPECT_TRUE(other.lines.empty());
    Patient noProgram = addPatient("BV-2");
    EXPECT_THROW(reports.patientReport(actor, noProgram.id, std::nullopt, std::nullopt,
                                       ReportUse::View, "html"),
                 Poco::NotFoundException);
}

TEST_F(ReportServiceTest, TheClinicReportListsEveryPatientWithFlagsAndItsFollowUpList) {
    Patient keeper = patients.create(actor, {"Ana Keeper", "", "BV-1", "en"});
    Patient hurting = patients.create(actor, {"Bo Hurting", "", "BV-2", "en"});
    patients.create(actor, {"Cy Waiting", "", "BV-3", "en"});
    Prescription p = runnerProgram(Date::parse("2026-11-16"));
    for (auto& item : p.items)
        item.dose.daysPerWeek = 7;
    programs.create(actor, keeper.id, p);
    programs.create(actor, hurting.id, p);
    for (Date day = Date::parse("2026-11-16"); day <= clock.today(); day = day.plusDays(1)) {
        practise(keeper, day, 2);
        if (day.weekday() == 3)
            practise(hurting, day, 9);
    }
    ClinicReport report =
        reports.clinicReport(actor, std::nullopt, std::nullopt, CaseloadSort::Adherence, false,
                             ReportUse::Export, "csv");
    EXPECT_EQ(report.from, Date::parse("2026-11-12"))
        << "by default the flags' period, the last 14 days, as the dashboard";
    ASSERT_EQ(report.lines.size(), 3u);
    EXPECT_EQ(report.lines[0].patient.name, "Bo Hurting") << "lowest adherence first";
    EXPECT_EQ(report.lines[1].patient.name, "Ana Keeper");
    EXPECT_EQ(report.lines[2].patient.name, "Cy Waiting") << "no program: last";
    EXPECT_EQ(report.withoutProgram, 1);
    EXPECT_EQ(report.measured, 2);
    EXPECT_DOUBLE_EQ(*report.lines[1].adherence.frequency, 1.0);
    EXPECT_DOUBLE_EQ(*report.lines[0].adherence.frequency, 2.0 / 10.0);
    ASSERT_EQ(report.followUp.size(), 1u);
    const CaseloadLine& flagged = report.lines[report.followUp[0]];
    EXPECT_EQ(flagged.patient.name, "Bo Hurting");
    EXPECT_EQ(flagged.flags[0].kind, FlagKind::HighPain);
    EXPECT_EQ(report.distribution[2].patients, 1);
    EXPECT_EQ(report.distribution[9].patients, 1);
    EXPECT_EQ(report.lines[1].lastSession, clock.today());
    EXPECT_EQ(report.lines[1].programDay, 10);
    EXPECT_EQ(auditActions().back(), "report.clinic");
}

TEST_F(ReportServiceTest, OnlyAClinicAdminChangesTheFlagRules) {
    EXPECT_THROW(reports.setFlagRules(actor, {90, 14, 7, 8, 2}), Poco::NoPermissionException);
    Actor admin = actor;
    admin.role = Role::Admin;
    EXPECT_THROW(reports.setFlagRules(admin, {5, 14, 7, 8, 2}), ValidationException);
    reports.setFlagRules(admin, {90, 14, 7, 8, 2});
    EXPECT_EQ(reports.flagRules(actor).thresholdPercent, 90);
    EXPECT_EQ(auditActions().back(), "flag-rules.change");
}

TEST_F(ReportServiceTest, TheCaseloadIsComputedAgainOnlyWhenWhatItShowsCanHaveChanged) {
    Patient patient = addPatient();
    Prescription p = runnerProgram(Date::parse("2026-11-16"));
    for (auto& item : p.items)
        item.dose.daysPerWeek = 7;
    programs.create(actor, patient.id, p);
    practise(patient, Date::parse("2026-11-24"), 3);
    const FlagRules rules = reports.flagRules(actor);
    const Date from = Date::parse("2026-11-12");
    auto first = reports.caseload(actor, from, clock.today(), rules);
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(reports.caseload(actor, from, clock.today(), rules), first)
        << "nothing changed: the lines computed before";
    EXPECT_EQ(first->at(0).programDay, 10);

    // A new day: the program's day and the flags' day moved.
    clock.setToday(Date::parse("2026-11-26"));
    auto nextDay = reports.caseload(actor, from, clock.today(), rules);
    EXPECT_EQ(nextDay->at(0).programDay, 11);
    // Other rules: a pain of 3 is high now.
    FlagRules strict = rules;
    strict.painHigh = 3;
    auto strictLines = reports.caseload(actor, from, clock.today(), strict);
    EXPECT_TRUE(
        std::any_of(strictLines->at(0).flags.begin(), strictLines->at(0).flags.end(),
                    [](const AdherenceFlag& flag) { return flag.kind == FlagKind::HighPain; }));
    EXPECT_FALSE(
        std::any_of(nextDay->at(0).flags.begin(), nextDay->at(0).flags.end(),
                    [](const AdherenceFlag& flag) { return flag.kind == FlagKind::HighPain; }));
    // Another period.
    auto shorter = reports.caseload(actor, Date::parse("2026-11-24"), clock.today(), rules);
    EXPECT_NE(shorter->at(0).adherence.frequency, nextDay->at(0).adherence.frequency);
    // A session logged: the clinic's data changed.
    practise(patient, Date::parse("2026-11-26"));
    auto logged = reports.caseload(actor, from, clock.today(), rules);
    EXPECT_EQ(logged->at(0).lastSession, Date::parse("2026-11-26"));
    EXPECT_EQ(nextDay->at(0).lastSession, Date::parse("2026-11-24")) << "lines given never change";
    // Another clinic's lines are its own.
    EXPECT_TRUE(reports.caseload(outsider, from, clock.today(), rules)->empty());
}
