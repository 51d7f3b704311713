#include "app/ApplicationMetrics.h"
#include "services/EventOutbox.h"
#include "services/OutboxDelivery.h"
#include "services/ServiceFixture.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <stdexcept>

namespace Limber {
namespace {

std::string readText(const std::string& path) {
    if (!Poco::File(path).exists())
        return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// The service fixture with the recorder fixture plugin loaded as the one Notifier, and
/// program and session services that write events to the outbox.
class OutboxTest : public Testing::ServiceFixture {
protected:
    OutboxTest()
        : outbox(store, clock, {"recorder"}), eventPrograms(store, clock, catalog, audit, &outbox),
          eventSessions(store, clock, audit, &outbox),
          eventPatients(store, clock, links, audit, &outbox) {}

    std::unique_ptr<Plugins> loadRecorder(bool failHooks) {
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
        config.settings["recorder"] = {{"failHooks", failHooks ? "true" : "false"}};
        auto plugins = std::make_unique<Plugins>(config);
        EXPECT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
        return plugins;
    }
    std::string delivered() const {
        return readText(dir.path() + "/plugin-data/recorder/events.log");
    }

    SessionInput painful(Date date, int painAfter) {
        SessionInput input;
        input.date = date;
        input.painBefore = 2;
        input.painAfter = painAfter;
        input.entries = {{"back-flexion-stretch", Side::Both, true}};
        return input;
    }

    EventOutbox outbox;
    ProgramService eventPrograms;
    SessionService eventSessions;
    PatientService eventPatients;
};

TEST_F(OutboxTest, AChangeWritesItsEventsInItsTransaction) {
    Patient patient = addPatient();
    SavedProgram saved =
        eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    eventSessions.log(actor, patient.id, painful(clock.today(), 3), SessionSource::PatientLink);
    eventSessions.log(actor, patient.id, painful(clock.today().plusDays(-1), 9),
                      SessionSource::PatientLink);
    auto due = store.dueOutboxEntries(clock.nowSeconds(), 100);
    std::vector<std::string> types;
    for (const auto& entry : due)
        types.push_back(entry.type);
    EXPECT_EQ(types, (std::vector<std::string>{"program.saved", "program.revised", "session.logged",
                                               "session.logged", "pain.threshold"}));
    EXPECT_NE(due[0].payload.find(R"("schema":"limber.event/1")"), std::string::npos);
    EXPECT_NE(due[0].payload.find(R"("programId":)" + std::to_string(saved.program.id)),
              std::string::npos);
    EXPECT_NE(due[4].payload.find(R"("pain":9,"threshold":8)"), std::string::npos)
        << due[4].payload;
    EXPECT_EQ(due[0].payload.find("José"), std::string::npos) << "events carry no names";
}

TEST_F(OutboxTest, PainRisingIsWrittenOnceWhenTheRisingPainFlagTurnsOn) {
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-20)));
    auto risingEvents = [&] {
        std::vector<std::string> payloads;
        for (const auto& entry : store.dueOutboxEntries(clock.nowSeconds(), 500))
            if (entry.type == "pain.rising")
                payloads.push_back(entry.payload);
        return payloads;
    };
    // The week before: pain 2 each day. Last week so far: pain 3 (a rise of 1, under painRise 2).
    for (int day = 13; day >= 7; --day)
        eventSessions.log(actor, patient.id, painful(clock.today().plusDays(-day), 2),
                          SessionSource::PatientLink);
    for (int day = 6; day >= 2; --day)
        eventSessions.log(actor, patient.id, painful(clock.today().plusDays(-day), 3),
                          SessionSource::PatientLink);
    EXPECT_TRUE(risingEvents().empty());
    // Pain 9 yesterday: last week's mean of worst pain (3*5+9)/6 = 4 is 2 above the week
    // before (painRise 2): the flag turns on with this session.
    LoggedSession turning = eventSessions.log(
        actor, patient.id, painful(clock.today().plusDays(-1), 9), SessionSource::PatientLink);
    auto events = risingEvents();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NE(events[0].find(R"("sessionId":)" + std::to_string(turning.session.id)),
              std::string::npos)
        << events[0];
    EXPECT_NE(events[0].find(R"("rise":2)"), std::string::npos) << events[0];
    // Still rising with today's session: no second event.
    eventSessions.log(actor, patient.id, painful(clock.today(), 9), SessionSource::PatientLink);
    EXPECT_EQ(risingEvents().size(), 1u);
}

TEST_F(OutboxTest, ADischargeWritesItsEventAndADischargeRefusedWritesNone) {
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    const auto before = store.dueOutboxEntries(clock.nowSeconds(), 100).size();
    eventPatients.discharge(actor, patient.id);
    auto due = store.dueOutboxEntries(clock.nowSeconds(), 100);
    ASSERT_EQ(due.size(), before + 1);
    EXPECT_EQ(due.back().type, "patient.discharged");
    EXPECT_NE(due.back().payload.find(R"("episode":1)"), std::string::npos) << due.back().payload;
    EXPECT_NE(due.back().payload.find(R"("patientId":)" + std::to_string(patient.id)),
              std::string::npos)
        << due.back().payload;
    // Discharged already: refused, and no second event.
    EXPECT_THROW(eventPatients.discharge(actor, patient.id), Poco::IllegalStateException);
    EXPECT_EQ(store.dueOutboxEntries(clock.nowSeconds(), 100).size(), before + 1);
}

TEST_F(OutboxTest, MetricsShowEachNotifiersBacklog) {
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    eventPatients.discharge(actor, patient.id);
    MetricsText metrics;
    writeApplicationMetrics(metrics, store, clock, outbox);
    EXPECT_NE(metrics.text().find("# TYPE limber_plugin_outbox_events gauge\n"), std::string::npos)
        << metrics.text();
    EXPECT_NE(metrics.text().find(
                  "limber_plugin_outbox_events{plugin=\"recorder\",state=\"pending\"} 2\n"),
              std::string::npos)
        << metrics.text();
    EXPECT_NE(
        metrics.text().find("limber_plugin_outbox_events{plugin=\"recorder\",state=\"dead\"} 0\n"),
        std::string::npos)
        << metrics.text();
    // Without a Notifier there is no outbox to report.
    MetricsText none;
    writeApplicationMetrics(none, store, clock, EventOutbox(store, clock, {}));
    EXPECT_EQ(none.text().find("limber_plugin_outbox_events"), std::string::npos);
}

TEST_F(OutboxTest, ARolledBackChangeLeavesNoEvent) {
    Patient patient = addPatient();
    EXPECT_THROW(store.atomically([&] {
        PluginEvent event;
        event.type = EventTypes::SESSION_LOGGED;
        event.clinicId = clinicId;
        event.patientId = patient.id;
        outbox.record(event);
        throw std::runtime_error("the change failed");
    }),
                 std::runtime_error);
    EXPECT_TRUE(store.dueOutboxEntries(clock.nowSeconds(), 10).empty());
    // A session refused for its pain writes no event either.
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    auto before = store.dueOutboxEntries(clock.nowSeconds(), 10).size();
    EXPECT_THROW(eventSessions.log(actor, patient.id, painful(clock.today(), 11),
                                   SessionSource::PatientLink),
                 ValidationException);
    EXPECT_EQ(store.dueOutboxEntries(clock.nowSeconds(), 10).size(), before);
}

TEST_F(OutboxTest, CommittedEventsAreThereForAStoreOpenedAfterwards) {
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    SqlStore reopened(database.config());
    EXPECT_EQ(reopened.dueOutboxEntries(clock.nowSeconds(), 10).size(), 1u);
}

TEST_F(OutboxTest, DeliversEachEventToTheNotifierOnceAndMarksItDelivered) {
    auto plugins = loadRecorder(false);
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    eventSessions.log(actor, patient.id, painful(clock.today(), 1), SessionSource::PatientLink);
    OutboxDelivery delivery(store, clock, *plugins, DeliveryPolicy{}, false);
    EXPECT_EQ(delivery.deliverDue(), 2u);
    EXPECT_EQ(delivery.deliverDue(), 0u);
    std::string log = delivered();
    EXPECT_NE(log.find(R"("type":"program.saved")"), std::string::npos) << log;
    EXPECT_NE(log.find(R"("type":"session.logged")"), std::string::npos) << log;
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2);
    OutboxStatus status = store.outboxStatus("recorder");
    EXPECT_EQ(status.delivered, 2);
    EXPECT_EQ(status.pending, 0);
}

TEST_F(OutboxTest, AFailingNotifierNeverFailsTheChangeAndIsRetriedWithGrowingDelays) {
    auto plugins = loadRecorder(true);
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    DeliveryPolicy policy;
    policy.maxAttempts = 3;
    OutboxDelivery delivery(store, clock, *plugins, policy, false);
    EXPECT_EQ(delivery.deliverDue(), 0u);
    auto pending = store.outboxEntries("recorder", "pending", 10);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].attempts, 1);
    EXPECT_EQ(pending[0].nextAttemptAt, clock.nowSeconds() + 10);
    EXPECT_EQ(pending[0].lastError, "the fixture was told to fail in notify");

    EXPECT_EQ(delivery.deliverDue(), 0u);
    EXPECT_EQ(store.outboxEntries("recorder", "pending", 10)[0].attempts, 1) << "not due yet";
    clock.advanceSeconds(10);
    delivery.deliverDue();
    pending = store.outboxEntries("recorder", "pending", 10);
    EXPECT_EQ(pending[0].attempts, 2);
    EXPECT_EQ(pending[0].nextAttemptAt, clock.nowSeconds() + 30);
    clock.advanceSeconds(30);
    delivery.deliverDue();
    EXPECT_TRUE(store.outboxEntries("recorder", "pending", 10).empty());
    EXPECT_EQ(store.outboxEntries("recorder", "dead", 10).size(), 1u);
    OutboxStatus status = store.outboxStatus("recorder");
    EXPECT_EQ(status.dead, 1);
    EXPECT_EQ(status.lastError, "the fixture was told to fail in notify");
    EXPECT_TRUE(delivered().empty());
}

TEST_F(OutboxTest, EventsForAPluginNotLoadedWaitInsteadOfBlockingOthers) {
    Patient patient = addPatient();
    eventPrograms.save(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    Plugins none;
    OutboxDelivery delivery(store, clock, none, DeliveryPolicy{}, false);
    EXPECT_EQ(delivery.deliverDue(), 0u);
    auto pending = store.outboxEntries("recorder", "pending", 10);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].lastError, "plugin recorder is not loaded");
}

} // namespace
} // namespace Limber
