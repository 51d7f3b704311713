#include "ServiceFixture.h"

#include <Poco/Exception.h>

#include <algorithm>

using namespace Limber;

class SessionServiceTest : public Testing::ServiceFixture {
protected:
    SessionInput allDone(Date date) {
        SessionInput input;
        input.date = date;
        input.painBefore = 3;
        input.entries = {{"back-flexion-stretch", Side::Both, true},
                         {"tree-pose", Side::Left, true},
                         {"tree-pose", Side::Right, true}};
        return input;
    }
};

TEST_F(SessionServiceTest, LogsASessionAgainstTheVersionInForce) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    Session session =
        sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink).session;
    EXPECT_EQ(session.programVersion, 1);
    EXPECT_EQ(session.doneUnits, 3);
    EXPECT_EQ(session.prescribedUnits, 3);
}

TEST_F(SessionServiceTest, TheSameSubmissionTwiceRecordsOnce) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    EXPECT_EQ(sessions.list(actor, patient.id, clock.today(), clock.today()).size(), 1u);
}

TEST_F(SessionServiceTest, RefusesFutureDatesAndDatesOutsideTheProgram) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    EXPECT_THROW(sessions.log(actor, patient.id, allDone(clock.today().plusDays(1)),
                              SessionSource::PatientLink),
                 ValidationException);
    EXPECT_THROW(sessions.log(actor, patient.id, allDone(clock.today().plusDays(-4)),
                              SessionSource::PatientLink),
                 ValidationException);
    EXPECT_TRUE(
        sessions.list(actor, patient.id, clock.today().plusDays(-30), clock.today()).empty());
}

TEST_F(SessionServiceTest, RefusesPainOutsideZeroToTenAndStoresNothing) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    SessionInput input = allDone(clock.today());
    input.painAfter = 11;
    EXPECT_THROW(sessions.log(actor, patient.id, input, SessionSource::PatientLink),
                 ValidationException);
    EXPECT_TRUE(sessions.list(actor, patient.id, clock.today(), clock.today()).empty());
}

TEST_F(SessionServiceTest, APatientWithoutAProgramHasNothingToLog) {
    Patient patient = addPatient();
    EXPECT_THROW(
        sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink),
        Poco::NotFoundException);
    EXPECT_FALSE(sessions.adherence(clinicId, patient.id));
}

TEST_F(SessionServiceTest, APatientHandedInIsLoggedForOnlyInItsOwnClinic) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    try {
        sessions.log(outsider, patient, allDone(clock.today()), SessionSource::Therapist);
        FAIL() << "another clinic's patient was logged for";
    } catch (const Poco::NotFoundException& e) {
        EXPECT_EQ(e.message(), "patient " + std::to_string(patient.id)) << "not its programs";
    }
    EXPECT_TRUE(sessions.list(actor, patient.id, clock.today(), clock.today()).empty());

    LoggedSession logged =
        sessions.log(actor, patient, allDone(clock.today()), SessionSource::Therapist);
    EXPECT_FALSE(logged.repeated);
    EXPECT_EQ(logged.session.patientId, patient.id);
    EXPECT_EQ(sessions.list(actor, patient.id, clock.today(), clock.today()).size(), 1u);
}

TEST_F(SessionServiceTest, TodayCountsOnceSomethingIsLogged) {
    Patient patient = addPatient();
    // Every day, started a week ago (Wednesday to Tuesday), practised each day.
    Prescription p = runnerProgram(clock.today().plusDays(-7));
    for (auto& item : p.items)
        item.dose.daysPerWeek = 7;
    programs.create(actor, patient.id, p);
    for (int day = -7; day < 0; ++day)
        sessions.log(actor, patient.id, allDone(clock.today().plusDays(day)),
                     SessionSource::PatientLink);
    auto before = sessions.adherence(clinicId, patient.id);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->summary.to, clock.today().plusDays(-1));
    EXPECT_DOUBLE_EQ(*before->summary.frequency, 1.0);
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    auto after = sessions.adherence(clinicId, patient.id);
    EXPECT_EQ(after->summary.to, clock.today());
    EXPECT_DOUBLE_EQ(*after->summary.frequency, 1.0);
    EXPECT_EQ(after->summary.loggedSessions, 8);
}

TEST_F(SessionServiceTest, ARepeatedSubmissionIsRecordedAndAuditedOnce) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    SessionInput input = allDone(clock.today());
    input.submissionId = "tap-1";
    LoggedSession first = sessions.log(actor, patient.id, input, SessionSource::PatientLink);
    input.painBefore = 5; // a retry carries the same id whatever else it holds
    LoggedSession second = sessions.log(actor, patient.id, input, SessionSource::PatientLink);
    EXPECT_FALSE(first.repeated);
    EXPECT_TRUE(second.repeated);
    EXPECT_EQ(second.session.id, first.session.id);
    EXPECT_EQ(second.session.painBefore, 3);
    int logs = 0;
    for (const auto& event : store.auditEvents(clinicId, 0, 1'900'000'000))
        logs += event.action == "session.log" ? 1 : 0;
    EXPECT_EQ(logs, 1);
}

TEST_F(SessionServiceTest, APastDayInsideTheProgramCanBeLogged) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-10)));
    LoggedSession logged = sessions.log(actor, patient.id, allDone(clock.today().plusDays(-9)),
                                        SessionSource::PatientLink);
    EXPECT_EQ(logged.session.date, clock.today().plusDays(-9));
    EXPECT_EQ(sessions.list(actor, patient.id, clock.today().plusDays(-30), clock.today()).size(),
              1u);
}

class PaperLogTest : public SessionServiceTest {
protected:
    /// A daily program started on Monday 2026-11-16 (the clock says Wednesday 25th).
    Patient withProgram(int sessionsPerDay = 1) {
        Patient patient = addPatient();
        Prescription p = runnerProgram(Date::parse("2026-11-16"));
        for (auto& item : p.items) {
            item.dose.daysPerWeek = 7;
            item.dose.sessionsPerDay = sessionsPerDay;
        }
        programs.create(actor, patient.id, p);
        return patient;
    }
    std::vector<Session> week(const Patient& patient, Date start) {
        return sessions.list(actor, patient.id, start, start.plusDays(6));
    }
};

TEST_F(PaperLogTest, EachTickedBoxBecomesAPaperSessionWithTheWeeksPain) {
    Patient patient = withProgram();
    PaperWeekResult result = sessions.logPaperWeek(
        actor, patient.id, {Date::parse("2026-11-16"), {1, 1, 0, 1, 0, 1, 1}, 4, "sheet"});
    EXPECT_EQ(result.logged, 5);
    std::vector<Session> logged = week(patient, Date::parse("2026-11-16"));
    ASSERT_EQ(logged.size(), 5u);
    for (const auto& session : logged) {
        EXPECT_EQ(session.source, SessionSource::Paper);
        EXPECT_EQ(session.painBefore, 4);
        EXPECT_EQ(session.doneUnits, session.prescribedUnits);
    }
    EXPECT_EQ(logged[0].note, "sheet");
    auto adherence = sessions.adherence(clinicId, patient.id, Date::parse("2026-11-16"),
                                        Date::parse("2026-11-22"));
    EXPECT_DOUBLE_EQ(*adherence->summary.frequency, 5.0 / 7.0);
}

TEST_F(PaperLogTest, TypingAWeekAgainReplacesItsPaperSessionsAndKeepsThePatients) {
    Patient patient = withProgram();
    sessions.log(actor, patient.id, allDone(Date::parse("2026-11-18")), SessionSource::PatientLink);
    Date monday = Date::parse("2026-11-16");
    sessions.logPaperWeek(actor, patient.id, {monday, {1, 1, 1, 0, 0, 0, 0}, 3, ""});
    PaperWeekResult again =
        sessions.logPaperWeek(actor, patient.id, {monday, {1, 0, 1, 0, 0, 0, 1}, 3, ""});
    EXPECT_EQ(again.kept, 1);
    EXPECT_EQ(again.removed, 1) << "Tuesday's box is no longer ticked";
    std::vector<Session> logged = week(patient, monday);
    ASSERT_EQ(logged.size(), 3u);
    EXPECT_EQ(logged[1].date, Date::parse("2026-11-18"));
    EXPECT_EQ(logged[1].source, SessionSource::PatientLink) << "the patient's own entry stays";
    EXPECT_EQ(logged[2].date, Date::parse("2026-11-22"));
}

TEST_F(PaperLogTest, TwoBoxesADayFillBothSessionsOfATwiceADayProgram) {
    Patient patient = withProgram(2);
    Date monday = Date::parse("2026-11-16");
    sessions.logPaperWeek(actor, patient.id, {monday, {2, 1, 0, 0, 0, 0, 0}, std::nullopt, ""});
    std::vector<Session> logged = week(patient, monday);
    ASSERT_EQ(logged.size(), 3u);
    EXPECT_EQ(logged[1].slot, 2);
    auto adherence = sessions.adherence(clinicId, patient.id, monday, monday.plusDays(6));
    EXPECT_EQ(adherence->summary.loggedSessions, 3);
    EXPECT_DOUBLE_EQ(adherence->summary.expectedSessions, 14.0);
}

TEST_F(PaperLogTest, PainWithoutATickIsRecordedButIsNotPractice) {
    Patient patient = withProgram();
    Date monday = Date::parse("2026-11-23");
    sessions.logPaperWeek(actor, patient.id, {monday, {0, 0, 0, 0, 0, 0, 0}, 8, "too sore"});
    std::vector<Session> logged = week(patient, monday);
    ASSERT_EQ(logged.size(), 1u);
    EXPECT_EQ(logged[0].date, clock.today()) << "the week's last day so far";
    EXPECT_EQ(logged[0].doneUnits, 0);
    auto adherence = sessions.adherence(clinicId, patient.id);
    EXPECT_EQ(adherence->summary.activeDays, 0);
    ASSERT_FALSE(adherence->flags.empty());
    EXPECT_EQ(adherence->flags[0].kind, FlagKind::HighPain);
}

TEST_F(PaperLogTest, RefusesFutureDaysDaysOutsideTheProgramAndOtherWeeksAndStoresNothing) {
    Patient patient = withProgram();
    auto refused = [&](const PaperWeekInput& input, const std::string& field) {
        try {
            sessions.logPaperWeek(actor, patient.id, input);
        } catch (const ValidationException& error) {
            return error.errors().at(0).field == field;
        }
        return false;
    };
    EXPECT_TRUE(refused({Date::parse("2026-11-23"), {0, 0, 0, 1, 0, 0, 0}, {}, ""}, "days[3]"))
        << "Thursday 26th has not come";
    EXPECT_TRUE(refused({Date::parse("2026-11-09"), {1, 0, 0, 0, 0, 0, 0}, {}, ""}, "weekStart"))
        << "before the program";
    EXPECT_TRUE(refused({Date::parse("2026-11-17"), {1, 0, 0, 0, 0, 0, 0}, {}, ""}, "weekStart"))
        << "not a program week's first day";
    EXPECT_TRUE(refused({Date::parse("2026-11-16"), {2, 0, 0, 0, 0, 0, 0}, {}, ""}, "days[0]"))
        << "once a day only";
    EXPECT_TRUE(refused({Date::parse("2026-11-16"), {1, 0, 0, 0, 0, 0, 0}, 11, ""}, "pain"));
    EXPECT_TRUE(week(patient, Date::parse("2026-11-16")).empty());
    EXPECT_TRUE(week(patient, Date::parse("2026-11-23")).empty());
}

// The patient page reads adherence and its sessions list at once: the same figures, flags and
// sessions as adherence() and list() read apart, and the list audited as list() audits it.
// Covers sessions of an earlier program inside the listed days, a session before the current
// version's start (counted, not listed) and days missed.
TEST_F(SessionServiceTest, TheOverviewIsAdherenceAndTheListReadApart) {
    Patient patient = addPatient();
    Prescription earlier = runnerProgram(clock.today().plusDays(-40));
    programs.create(actor, patient.id, earlier);
    for (int day : {-30, -12, -9})
        sessions.log(actor, patient.id, allDone(clock.today().plusDays(day)),
                     SessionSource::PatientLink);
    Prescription current = runnerProgram(clock.today().plusDays(-14));
    for (auto& item : current.items)
        item.dose.daysPerWeek = 7;
    SavedProgram saved = programs.create(actor, patient.id, current);
    for (int day : {-11, -8, -7, -6, -3, 0})
        sessions.log(actor, patient.id, allDone(clock.today().plusDays(day)),
                     SessionSource::PatientLink);
    current.startDate = clock.today().plusDays(-10);
    current.items.pop_back();
    programs.revise(actor, saved.program.id, current);

    auto apart = sessions.adherence(clinicId, patient.id);
    ASSERT_TRUE(apart);
    const Date listFrom = apart->program.current().prescription.startDate;
    ASSERT_GT(listFrom, apart->program.versions.front().prescription.startDate);
    std::vector<Session> listed = sessions.list(actor, patient.id, listFrom, clock.today());
    auto overview = sessions.overview(actor, patient);
    ASSERT_TRUE(overview);

    const AdherenceSummary& a = apart->summary;
    const AdherenceSummary& b = overview->adherence.summary;
    EXPECT_EQ(overview->adherence.program.id, apart->program.id);
    EXPECT_EQ(b.from, a.from);
    EXPECT_EQ(b.to, a.to);
    EXPECT_EQ(b.frequency, a.frequency);
    EXPECT_EQ(b.sessionRatio, a.sessionRatio);
    EXPECT_EQ(b.completeness, a.completeness);
    EXPECT_EQ(b.activeDays, a.activeDays);
    EXPECT_EQ(b.loggedSessions, a.loggedSessions);
    EXPECT_EQ(b.daysWithDataLast30, a.daysWithDataLast30);
    EXPECT_EQ(b.currentStreak, a.currentStreak);
    EXPECT_EQ(b.lastSession, a.lastSession);
    EXPECT_EQ(b.weeks.size(), a.weeks.size());
    EXPECT_EQ(b.exercises.size(), a.exercises.size());
    ASSERT_EQ(overview->adherence.flags.size(), apart->flags.size());
    for (std::size_t i = 0; i < apart->flags.size(); ++i)
        EXPECT_EQ(overview->adherence.flags[i].kind, apart->flags[i].kind);
    EXPECT_EQ(overview->rules.thresholdPercent, store.flagRules(clinicId).thresholdPercent);

    ASSERT_EQ(overview->sessions.size(), listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i)
        EXPECT_EQ(overview->sessions[i].id, listed[i].id);
    // The earlier program's sessions inside the listed days are listed, as list() lists them.
    EXPECT_TRUE(std::any_of(listed.begin(), listed.end(),
                            [&](const Session& s) { return s.programId != saved.program.id; }));

    std::vector<std::string> audited;
    for (const auto& event : store.auditEvents(clinicId, 0, 1'900'000'000))
        if (event.action == "session.list") // list()'s, then the overview's
            audited.push_back(event.detail);
    EXPECT_EQ(audited,
              (std::vector<std::string>{listFrom.toString() + " to " + clock.today().toString(),
                                        listFrom.toString() + " to " + clock.today().toString()}));
}

TEST_F(SessionServiceTest,
       TheOverviewOfAPatientWithoutAProgramIsEmptyAndOfAnotherClinicsIsRefused) {
    Patient patient = addPatient();
    EXPECT_FALSE(sessions.overview(actor, patient));
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    EXPECT_TRUE(sessions.overview(actor, patient));
    EXPECT_THROW(sessions.overview(outsider, patient), Poco::NotFoundException);
}

TEST_F(SessionServiceTest, TheOverviewIsReadAgainOnlyWhenWhatItShowsCanHaveChanged) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    sessions.log(actor, patient.id, allDone(clock.today().plusDays(-1)),
                 SessionSource::PatientLink);
    auto listed = [&] {
        std::size_t count = 0;
        for (const auto& event : store.auditEvents(clinicId, 0, 1'900'000'000))
            count += event.action == "session.list";
        return count;
    };
    auto first = sessions.overview(actor, patient);
    ASSERT_TRUE(first);
    EXPECT_EQ(sessions.overview(actor, patient), first) << "nothing changed: the same overview";
    EXPECT_EQ(listed(), 2u) << "each view is audited, read or kept";

    // A session logged changes the clinic's data.
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    auto logged = sessions.overview(actor, patient);
    EXPECT_EQ(logged->sessions.size(), 2u);
    EXPECT_EQ(first->sessions.size(), 1u) << "an overview given never changes";
    // A new day.
    clock.setToday(clock.today().plusDays(1));
    auto nextDay = sessions.overview(actor, patient);
    EXPECT_EQ(nextDay->adherence.summary.to, clock.today().plusDays(-1));
    EXPECT_NE(nextDay, logged);
    // The caller's patient as discharged: no flags, whatever was kept for the patient in care.
    Patient discharged = patient;
    discharged.dischargedAt = 1'800'000'000;
    clock.setToday(clock.today().plusDays(8));
    ASSERT_FALSE(sessions.overview(actor, patient)->adherence.flags.empty()) << "8 quiet days";
    EXPECT_TRUE(sessions.overview(actor, discharged)->adherence.flags.empty());
    // By another clinic: refused, kept or not.
    EXPECT_THROW(sessions.overview(outsider, patient), Poco::NotFoundException);
}

TEST_F(SessionServiceTest, AnOverviewIsKeptByTheGenerationItsCallerReadBeforeThePatient) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    sessions.log(actor, patient.id, allDone(clock.today().plusDays(-1)),
                 SessionSource::PatientLink);
    const std::optional<std::int64_t> before = store.dataGeneration(clinicId);
    ASSERT_TRUE(before);
    auto first = sessions.overview(actor, patient, before);
    ASSERT_TRUE(first);
    EXPECT_EQ(sessions.overview(actor, patient), first) << "the same generation as read here";

    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    const std::optional<std::int64_t> after = store.dataGeneration(clinicId);
    ASSERT_NE(after, before);
    // A caller that read its generation before the change is given what was kept for it (its
    // page, keyed by that generation, shows what it read then); one that read it after is not.
    EXPECT_EQ(sessions.overview(actor, patient, before), first);
    auto logged = sessions.overview(actor, patient, after);
    EXPECT_NE(logged, first);
    EXPECT_EQ(logged->sessions.size(), 2u);
    EXPECT_EQ(sessions.overview(actor, patient), logged) << "read here: the newest generation";
}
