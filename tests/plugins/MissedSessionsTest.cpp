#include "services/MissedSessions.h"

#include "app/Application.h"
#include "app/Commands.h"
#include "app/Settings.h"
#include "services/EventOutbox.h"
#include "services/OutboxDelivery.h"
#include "services/ServiceFixture.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace Limber {
namespace {

using namespace std::chrono_literals;

std::string readText(const std::string& path) {
    if (!Poco::File(path).exists())
        return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// The service fixture with an outbox for the recorder, and a sessions.missed check after 3
/// days (not started: the tests call checkNow with the fixture's clock set where they want).
class MissedSessionsTest : public Testing::ServiceFixture {
protected:
    MissedSessionsTest() : outbox(store, clock, {"recorder"}) {}

    std::vector<OutboxEntry> missedEvents() {
        std::vector<OutboxEntry> found;
        for (const auto& entry : store.outboxEntries("recorder", "pending", 500))
            if (entry.type == "sessions.missed")
                found.push_back(entry);
        std::reverse(found.begin(), found.end()); // oldest first
        return found;
    }
    /// Sets the clinic's today to day (an ISO date).
    void on(const std::string& day) { clock.setToday(Date::parse(day)); }
    /// The patient practises on day (clock set to that day first).
    void practise(const Patient& patient, const std::string& day, bool done = true) {
        on(day);
        SessionInput input;
        input.date = Date::parse(day);
        input.entries = {{"back-flexion-stretch", Side::Both, done}};
        sessions.log(actor, patient.id, input, SessionSource::PatientLink);
    }
    std::int64_t startProgram(const Patient& patient, const std::string& start) {
        return programs.save(actor, patient.id, runnerProgram(Date::parse(start))).program.id;
    }

    EventOutbox outbox;
    MissedSessions check{store, clock, outbox, 3, 1h, false};
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_F(MissedSessionsTest, NothingBeforeTheThirdDayThenOneEventNamingTheGap) {
    Patient patient = addPatient();
    std::int64_t programId = startProgram(patient, "2026-11-10");
    practise(patient, "2026-11-20");
    for (const char* day : {"2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"}) {
        on(day);
        EXPECT_EQ(check.checkNow(), 0u) << day;
    }
    EXPECT_TRUE(missedEvents().empty());
    // 21, 22 and 23 November without practice: on the 24th the gap is 3 days.
    on("2026-11-24");
    EXPECT_EQ(check.checkNow(), 1u);
    auto events = missedEvents();
    ASSERT_EQ(events.size(), 1u);
    const std::string id = "sessions.missed:" + std::to_string(programId) + ":2026-11-20";
    EXPECT_EQ(events[0].eventId, id);
    EXPECT_EQ(events[0].clinicId, clinicId);
    const std::string& payload = events[0].payload;
    EXPECT_TRUE(
        has(payload, R"("schema":"limber.event/1","id":")" + id + R"(","type":"sessions.missed")"))
        << payload;
    EXPECT_TRUE(has(payload, R"("patientId":)" + std::to_string(patient.id))) << payload;
    EXPECT_TRUE(
        has(payload, R"("data":{"programId":)" + std::to_string(programId) +
                         R"(,"lastSessionDate":"2026-11-20","firstMissedDate":"2026-11-21",)"
                         R"("daysMissed":3,"minimumDays":3})"))
        << payload;
    EXPECT_FALSE(has(payload, "José")) << "events carry no names";
    // The gap goes on: still the one event.
    on("2026-11-25");
    EXPECT_EQ(check.checkNow(), 0u);
    on("2026-11-30");
    EXPECT_EQ(check.checkNow(), 0u);
    EXPECT_EQ(missedEvents().size(), 1u);
}

TEST_F(MissedSessionsTest, AProgramNeverPractisedCountsFromItsFirstDay) {
    Patient patient = addPatient();
    std::int64_t programId = startProgram(patient, "2026-11-20");
    on("2026-11-22");
    EXPECT_EQ(check.checkNow(), 0u);
    on("2026-11-23");
    EXPECT_EQ(check.checkNow(), 1u);
    auto events = missedEvents();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].eventId, "sessions.missed:" + std::to_string(programId) + ":none");
    EXPECT_TRUE(has(events[0].payload, R"("data":{"programId":)" + std::to_string(programId) +
                                           R"(,"firstMissedDate":"2026-11-20","daysMissed":3,)"))
        << events[0].payload;
    EXPECT_FALSE(has(events[0].payload, "lastSessionDate")) << events[0].payload;
}

TEST_F(MissedSessionsTest, ARestartOrASecondInstanceWritesTheEventNoSecondTime) {
    Patient patient = addPatient();
    startProgram(patient, "2026-11-10");
    practise(patient, "2026-11-20");
    on("2026-11-24");
    ASSERT_EQ(check.checkNow(), 1u);
    // A restart: a new store on the same database, a new outbox and check.
    {
        SqlStore reopened(database.config());
        EventOutbox again(reopened, clock, {"recorder"});
        MissedSessions restarted(reopened, clock, again, 3, 1h, false);
        EXPECT_EQ(restarted.checkNow(), 0u);
    }
    EXPECT_EQ(missedEvents().size(), 1u);

    // Two instances finding a new gap at the same moment: one writes it.
    practise(patient, "2026-11-25");
    on("2026-11-29");
    SqlStore first(database.config()), second(database.config());
    EventOutbox firstOutbox(first, clock, {"recorder"}), secondOutbox(second, clock, {"recorder"});
    MissedSessions firstCheck(first, clock, firstOutbox, 3, 1h, false);
    MissedSessions secondCheck(second, clock, secondOutbox, 3, 1h, false);
    std::size_t byFirst = 0, bySecond = 0;
    std::thread a([&] { byFirst = firstCheck.checkNow(); });
    std::thread b([&] { bySecond = secondCheck.checkNow(); });
    a.join();
    b.join();
    EXPECT_EQ(byFirst + bySecond, 1u);
    auto events = missedEvents();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(has(events[1].eventId, ":2026-11-25")) << events[1].eventId;
}

TEST_F(MissedSessionsTest, PractiseAfterAGapEndsItAndTheNextGapGetsItsOwnEvent) {
    Patient patient = addPatient();
    std::int64_t programId = startProgram(patient, "2026-11-10");
    practise(patient, "2026-11-12");
    on("2026-11-16");
    ASSERT_EQ(check.checkNow(), 1u);
    // Practice today: no gap today, nothing written.
    practise(patient, "2026-11-16");
    EXPECT_EQ(check.checkNow(), 0u);
    on("2026-11-18");
    EXPECT_EQ(check.checkNow(), 0u);
    // A session with nothing done is not practice: the gap from the 17th goes on.
    practise(patient, "2026-11-19", false);
    EXPECT_EQ(check.checkNow(), 0u) << "something logged today: today is not counted";
    on("2026-11-20");
    EXPECT_EQ(check.checkNow(), 1u);
    auto events = missedEvents();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].eventId, "sessions.missed:" + std::to_string(programId) + ":2026-11-12");
    EXPECT_EQ(events[1].eventId, "sessions.missed:" + std::to_string(programId) + ":2026-11-16");
    EXPECT_TRUE(has(events[1].payload, R"("firstMissedDate":"2026-11-17","daysMissed":3)"))
        << events[1].payload;
}

TEST_F(MissedSessionsTest, DischargedPatientsAndProgramsNotRunningGetNone) {
    Patient kept = addPatient("BV-1");
    Patient discharged = addPatient("BV-2");
    Patient later = addPatient("BV-3");
    Patient ended = addPatient("BV-4");
    Patient none = addPatient("BV-5");
    std::int64_t keptProgram = startProgram(kept, "2026-11-10");
    startProgram(discharged, "2026-11-10");
    startProgram(later, "2026-11-27");
    startProgram(ended, "2026-10-01"); // 42 days: its last day is 11 November
    (void)none;                        // no program at all
    on("2026-11-25");
    patients.discharge(actor, discharged.id);
    EXPECT_EQ(check.checkNow(), 1u);
    auto events = missedEvents();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].eventId, "sessions.missed:" + std::to_string(keptProgram) + ":none");
    // Nothing for another clinic's patients is mixed in, and the other clinic's patient gets its
    // own.
    Patient elsewhere = patients.create(outsider, {"Eve's patient", "", "EL-1", "en"});
    programs.save(outsider, elsewhere.id, runnerProgram(Date::parse("2026-11-20")));
    EXPECT_EQ(check.checkNow(), 1u);
    events = missedEvents();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].clinicId, otherClinicId);
}

TEST_F(MissedSessionsTest, DaysAreTheClinicsDaysInItsTimeZone) {
    Patient patient = addPatient();
    startProgram(patient, "2026-11-10");
    practise(patient, "2026-11-20");
    // 2026-11-23 12:00 UTC: already the 24th in Auckland (UTC+13), still the 23rd in Los Angeles.
    const std::int64_t noonUtc = 1795435200;
    ASSERT_EQ(TimeZone::utc().at(noonUtc).date, Date::parse("2026-11-23"));
    clock.setNowSeconds(noonUtc);
    clock.followZone(TimeZone::named("America/Los_Angeles"));
    EXPECT_EQ(check.checkNow(), 0u);
    clock.followZone(TimeZone::named("Pacific/Auckland"));
    EXPECT_EQ(check.checkNow(), 1u);
}

TEST_F(MissedSessionsTest, WithoutANotifierNothingIsWritten) {
    Patient patient = addPatient();
    startProgram(patient, "2026-11-10");
    on("2026-11-25");
    EventOutbox noRecipients(store, clock, {});
    MissedSessions idle(store, clock, noRecipients, 3, 1h, false);
    EXPECT_EQ(idle.checkNow(), 0u);
    EXPECT_TRUE(store.outboxEntries("recorder", "pending", 10).empty());
}

TEST_F(MissedSessionsTest, AStartedCheckRunsAtOnceAndStopsWithItsOwner) {
    Patient patient = addPatient();
    startProgram(patient, "2026-11-10");
    on("2026-11-25");
    {
        MissedSessions running(store, clock, outbox, 3, 1h, true);
        for (int i = 0; i < 200 && missedEvents().empty(); ++i)
            std::this_thread::sleep_for(25ms);
    } // returns without waiting for the hour
    EXPECT_EQ(missedEvents().size(), 1u);
}

/// The receiver script (tests/plugins/webhook-receiver.py) on loopback; killed with the test.
class Receiver {
public:
    Receiver(const std::string& secret, const std::string& outfile)
        : _handle(Poco::Process::launch("python3", {WEBHOOK_RECEIVER, secret, outfile, "0"},
                                        nullptr, &_out, nullptr)) {
        Poco::PipeInputStream in(_out);
        std::getline(in, _port);
    }
    ~Receiver() {
        Poco::Process::kill(_handle);
        _handle.wait();
    }
    std::string url() const { return "http://127.0.0.1:" + _port + "/limber-events"; }

private:
    Poco::Pipe _out;
    Poco::ProcessHandle _handle;
    std::string _port;
};

TEST_F(MissedSessionsTest, TheWebhookPluginDeliversTheEventSigned) {
    const std::string secret = "a-shared-secret-of-the-clinic";
    Receiver receiver(secret, dir.file("received"));
    PluginConfig config;
    config.dir = WEBHOOK_PLUGINS_DIR;
    config.enabled = {"webhook"};
    config.dataDir = dir.path();
    config.settings["webhook"] = {{"urls", receiver.url()}, {"secret", secret}};
    Plugins plugins(config);
    ASSERT_EQ(plugins.loaded().size(), 1u) << testing::PrintToString(plugins.refusals());

    Patient patient = addPatient();
    std::int64_t programId = startProgram(patient, "2026-11-10");
    practise(patient, "2026-11-20");
    on("2026-11-24");
    EventOutbox toWebhook(store, clock, {"webhook"});
    MissedSessions missed(store, clock, toWebhook, 3, 1h, false);
    ASSERT_EQ(missed.checkNow(), 1u);
    OutboxDelivery delivery(store, clock, plugins, DeliveryPolicy{}, false);
    EXPECT_EQ(delivery.deliverDue(), 1u);
    EXPECT_EQ(readText(dir.file("received")),
              "ok sessions.missed:" + std::to_string(programId) + ":2026-11-20\n");
    EXPECT_EQ(store.outboxStatus("webhook").delivered, 1);
    // Checked again after delivery: not written (or sent) again.
    EXPECT_EQ(missed.checkNow(), 0u);
    EXPECT_EQ(delivery.deliverDue(), 0u);
}

TEST(MissedDaysSetting, IsThreeByDefaultAndAWholeNumberOfDaysFromOneToSixty) {
    Testing::TempDir dir;
    SettingsCheck defaults = checkSettings({{"data.dir", dir.path()}}, std::nullopt, {});
    ASSERT_TRUE(defaults.errors.empty()) << testing::PrintToString(defaults.errors);
    EXPECT_EQ(defaults.settings.missedSessionDays, 3);
    bool listed = false;
    for (const auto& setting : defaults.effective)
        listed = listed || (setting.key == "plugins.missedDays" && setting.value == "3");
    EXPECT_TRUE(listed) << "limber config check shows it";
    SettingsCheck seven =
        checkSettings({{"data.dir", dir.path()}, {"plugins.missedDays", "7"}}, std::nullopt, {});
    ASSERT_TRUE(seven.errors.empty()) << testing::PrintToString(seven.errors);
    EXPECT_EQ(seven.settings.missedSessionDays, 7);
    SettingsCheck fromEnvironment = checkSettings({{"data.dir", dir.path()}}, std::nullopt,
                                                  {{"LIMBER_PLUGINS_MISSED_DAYS", "5"}});
    ASSERT_TRUE(fromEnvironment.errors.empty());
    EXPECT_EQ(fromEnvironment.settings.missedSessionDays, 5);
    for (const char* wrong : {"0", "61", "-3", "three", "2.5"}) {
        SettingsCheck refused = checkSettings(
            {{"data.dir", dir.path()}, {"plugins.missedDays", wrong}}, std::nullopt, {});
        ASSERT_EQ(refused.errors.size(), 1u) << wrong;
        EXPECT_EQ(refused.errors[0], std::string("plugins.missedDays: must be a whole number from "
                                                 "1 to 60 (got \"") +
                                         wrong + "\")");
    }
}

} // namespace
} // namespace Limber

namespace Limber {
namespace {

/// Deliveries from several instances on one database: the recorder fixture as the Notifier.
class SharedOutboxTest : public Testing::ServiceFixture {
protected:
    SharedOutboxTest() : outbox(store, clock, {"recorder"}) {
        std::string folder = dir.path() + "/plugins/recorder";
        Poco::File(folder).createDirectories();
        Poco::File(FIXTURE_RECORDER).copyTo(folder + "/recorder.so");
        std::ofstream(folder + "/plugin.json")
            << R"({"id":"recorder","name":"Recorder","version":"1.0.0","apiVersion":1,)"
               R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
               R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
               R"({"key":"failHooks","type":"boolean","default":"false"}]})";
        PluginConfig config;
        config.dir = dir.path() + "/plugins";
        config.enabled = {"recorder"};
        config.dataDir = dir.path();
        plugins = std::make_unique<Plugins>(config);
    }
    std::string delivered() const {
        return readText(dir.path() + "/plugin-data/recorder/events.log");
    }
    void recordEvents(int count) {
        for (int i = 0; i < count; ++i)
            store.atomically([&] {
                PluginEvent event;
                event.type = EventTypes::SESSION_LOGGED;
                event.clinicId = clinicId;
                outbox.record(event);
            });
    }

    EventOutbox outbox;
    std::unique_ptr<Plugins> plugins;
};

TEST_F(SharedOutboxTest, AnEntryTakenByAnotherInstanceIsLeftToItUntilItsClaimRunsOut) {
    ASSERT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
    recordEvents(1);
    auto due = store.dueOutboxEntries(clock.nowSeconds(), 10);
    ASSERT_EQ(due.size(), 1u);
    // Another instance takes it (and, say, is killed before it marks it).
    SqlStore other(database.config());
    EXPECT_TRUE(other.claimOutboxEntry(due[0].id, due[0].nextAttemptAt, clock.nowSeconds() + 300));
    EXPECT_FALSE(store.claimOutboxEntry(due[0].id, due[0].nextAttemptAt, clock.nowSeconds() + 300))
        << "taken once";
    OutboxDelivery delivery(store, clock, *plugins, DeliveryPolicy{}, false);
    EXPECT_EQ(delivery.deliverDue(), 0u);
    EXPECT_TRUE(delivered().empty());
    clock.advanceSeconds(300);
    EXPECT_EQ(delivery.deliverDue(), 1u) << "delivered after the claim ran out: at least once";
    std::string log = delivered();
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
}

TEST_F(SharedOutboxTest, TwoInstancesDeliveringAtOnceDeliverEachEventOnce) {
    ASSERT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
    recordEvents(40);
    SqlStore first(database.config()), second(database.config());
    DeliveryPolicy policy;
    policy.batch = 5;
    OutboxDelivery a(first, clock, *plugins, policy, false),
        b(second, clock, *plugins, policy, false);
    std::size_t byA = 0, byB = 0;
    std::thread one([&] {
        for (int i = 0; i < 20; ++i)
            byA += a.deliverDue();
    });
    std::thread two([&] {
        for (int i = 0; i < 20; ++i)
            byB += b.deliverDue();
    });
    one.join();
    two.join();
    EXPECT_EQ(byA + byB, 40u);
    std::string log = delivered();
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 40) << log;
    EXPECT_EQ(store.outboxStatus("recorder").delivered, 40);
}

/// A data folder dir whose limber.properties enables the recorder fixture, installed in
/// dir/plugins, with extraProperties (lines) added.
void installRecorder(const Testing::TempDir& dir, const std::string& extraProperties = "") {
    std::string folder = dir.path() + "/plugins/recorder";
    Poco::File(folder).createDirectories();
    Poco::File(FIXTURE_RECORDER).copyTo(folder + "/recorder.so");
    std::ofstream(folder + "/plugin.json")
        << R"({"id":"recorder","name":"Recorder","version":"1.0.0","apiVersion":1,)"
           R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
           R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
           R"({"key":"failHooks","type":"boolean","default":"false"}]})";
    std::ofstream(dir.file("limber.properties"))
        << "plugins.dir = " << dir.path() << "/plugins\nplugins.enabled = recorder\n"
        << extraProperties << "log.file = -\n";
}

TEST(PluginsListCommand, ShowsEachNotifiersBacklogAndLastDeliveryErrorAsTheAdminPageDoes) {
    Testing::TempDir dir;
    installRecorder(dir, "plugin.recorder.failHooks = true\n");
    {
        Application app(loadSettings({{"data.dir", dir.path()}}, std::nullopt), nullptr,
                        ApplicationRole::Server);
        std::int64_t clinic = app.store().createClinic({0, "Bayview Physical Therapy", "", ""});
        OutboxEntry entry;
        entry.eventId = "an-event";
        entry.recipient = "recorder";
        entry.clinicId = clinic;
        entry.type = "session.logged";
        entry.payload = R"({"schema":"limber.event/1","id":"an-event"})";
        entry.createdAt = entry.nextAttemptAt = app.clock().nowSeconds();
        app.store().appendOutboxEntry(entry);
        // The application's delivery thread tries it and the fixture fails.
        for (int i = 0; i < 200 && app.store().outboxStatus("recorder").lastError.empty(); ++i)
            std::this_thread::sleep_for(25ms);
    }
    std::ostringstream out;
    std::streambuf* console = std::cout.rdbuf(out.rdbuf());
    int exitCode = -1;
    try {
        exitCode = runPlugins({"list", "--data-dir", dir.path()});
    } catch (...) {
        std::cout.rdbuf(console);
        throw;
    }
    std::cout.rdbuf(console);
    EXPECT_EQ(exitCode, 0);
    EXPECT_TRUE(
        has(out.str(),
            "recorder 1.0.0 (Recorder)\n  capabilities: notifier, exporter, report-section\n"))
        << out.str();
    EXPECT_TRUE(has(out.str(), "  outbox: 1 waiting, 0 delivered, 0 set aside\n"
                               "  last delivery error: the fixture was told to fail in notify\n"))
        << out.str();
}

TEST(ApplicationRoles, OnlyTheServerDeliversTheOutboxAndLooksForMissedSessions) {
    Testing::TempDir dir;
    installRecorder(dir);
    auto settings = [&] { return loadSettings({{"data.dir", dir.path()}}, std::nullopt); };
    auto entriesOfType = [](Store& store, const std::string& state, const std::string& type) {
        std::size_t found = 0;
        for (const auto& entry : store.outboxEntries("recorder", state, 500))
            found += entry.type == type ? 1 : 0;
        return found;
    };
    {
        // A command (limber user, export, handout...) writes its events and leaves them.
        Application command(settings());
        std::int64_t clinic = command.accounts().createClinic({0, "Bayview", "", ""});
        User dana = command.accounts().createUser(clinic, "dana@bayview.example", "Dana",
                                                  Role::Therapist, "a long enough password");
        Actor actor{clinic, dana.id, Role::Therapist, "Dana", "192.0.2.10", {}};
        Patient patient = command.patients().create(actor, {"Ana Pérez", "Ana", "BV-1", "en"});
        Prescription p;
        p.title = "Back care";
        p.startDate = command.clock().today().plusDays(-10); // never practised since
        p.endDate = p.startDate.plusDays(41);
        p.items.push_back({"tree-pose", command.catalog().defaultDose("tree-pose").value(), ""});
        command.programs().save(actor, patient.id, p);
    }
    {
        // Another command on the same data, running longer than a delivery poll (1 s).
        Application command(settings());
        std::this_thread::sleep_for(1500ms);
        OutboxStatus status = command.store().outboxStatus("recorder");
        EXPECT_GT(status.pending, 0) << "the program's event waits for the server";
        EXPECT_EQ(status.delivered, 0);
        EXPECT_EQ(entriesOfType(command.store(), "pending", "sessions.missed") +
                      entriesOfType(command.store(), "delivered", "sessions.missed"),
                  0u)
            << "a command does not scan the caseload";
    }
    Application server(settings(), nullptr, ApplicationRole::Server);
    for (int i = 0; i < 200 && (server.store().outboxStatus("recorder").pending > 0 ||
                                server.store().outboxStatus("recorder").delivered < 2);
         ++i)
        std::this_thread::sleep_for(25ms);
    OutboxStatus status = server.store().outboxStatus("recorder");
    EXPECT_EQ(status.pending, 0) << "the server delivers what commands left";
    EXPECT_EQ(entriesOfType(server.store(), "delivered", "sessions.missed"), 1u)
        << "the server looks for missed sessions at start";
}

} // namespace
} // namespace Limber
