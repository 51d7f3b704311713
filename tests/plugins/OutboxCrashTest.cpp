// The outbox across kill -9: a child process (this test binary, run as the writer below)
// commits changes with their events and says which ones it committed; the test kills it with
// SIGKILL mid-stream, then finds every acknowledged event in the outbox and delivers it, and
// finds none of the changes the child rolled back.
#include "plugins/Plugins.h"
#include "services/EventOutbox.h"
#include "services/OutboxDelivery.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <set>
#include <stdexcept>

namespace Limber {
namespace {

std::string self;

/// The writer: commits an event per change, rolls back every other change, and prints
/// "acked <event id>" after each commit returned. Runs only when the crash test starts it.
TEST(OutboxCrashWriter, CommitsEventsUntilKilled) {
    const char* path = std::getenv("LIMBER_OUTBOX_WRITER_DB");
    if (!path)
        GTEST_SKIP() << "run by OutboxCrash.AcknowledgedEventsSurviveKillMinus9";
    DatabaseConfig config;
    config.connection = path;
    SqlStore store(config);
    SystemClock clock;
    EventOutbox outbox(store, clock, {"recorder"});
    std::int64_t clinicId = std::atoll(std::getenv("LIMBER_OUTBOX_WRITER_CLINIC"));
    for (int n = 0; n < 100000; ++n) {
        PluginEvent event;
        event.id = newEventId();
        event.type = EventTypes::SESSION_LOGGED;
        event.clinicId = clinicId;
        event.data = {{"n", std::int64_t{n}}, {"rolledBack", std::int64_t{n % 2}}};
        try {
            store.atomically([&] {
                outbox.record(event);
                if (n % 2 == 1)
                    throw std::runtime_error("roll back");
            });
        } catch (const std::runtime_error&) {
            continue;
        }
        std::cout << "acked " << event.id << std::endl;
    }
}

TEST(OutboxCrash, AcknowledgedEventsSurviveKillMinus9AndAreDeliveredAfterTheRestart) {
    Testing::TestDatabase database(SqlDialect::SQLite);
    Testing::TempDir dir;
    std::int64_t clinicId = 0;
    {
        SqlStore store(database.config());
        clinicId = store.createClinic({0, "Bayview Physical Therapy", "", ""});
    }
    Poco::Pipe out;
    Poco::Process::Env env = {{"LIMBER_OUTBOX_WRITER_DB", database.config().connection},
                              {"LIMBER_OUTBOX_WRITER_CLINIC", std::to_string(clinicId)}};
    Poco::ProcessHandle writer = Poco::Process::launch(self, {"--gtest_filter=OutboxCrashWriter.*"},
                                                       "", nullptr, &out, nullptr, env);
    Poco::PipeInputStream lines(out);
    std::set<std::string> acked;
    std::string line;
    while (acked.size() < 25 && std::getline(lines, line))
        if (line.rfind("acked ", 0) == 0)
            acked.insert(line.substr(6));
    Poco::Process::kill(writer); // SIGKILL
    writer.wait();
    ASSERT_EQ(acked.size(), 25u);

    SqlStore store(database.config());
    auto entries = store.dueOutboxEntries(std::numeric_limits<std::int64_t>::max(), 100000);
    std::set<std::string> stored;
    for (const auto& entry : entries) {
        stored.insert(entry.eventId);
        EXPECT_NE(entry.payload.find(R"("rolledBack":0)"), std::string::npos)
            << "an event of a rolled-back change: " << entry.payload;
    }
    for (const auto& id : acked)
        EXPECT_TRUE(stored.count(id)) << "acknowledged event lost: " << id;
    EXPECT_LE(stored.size(), acked.size() + 1) << "at most the commit in flight is unacknowledged";

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
    Plugins plugins(config);
    ASSERT_EQ(plugins.loaded().size(), 1u);
    SystemClock clock;
    OutboxDelivery delivery(store, clock, plugins, DeliveryPolicy{}, false);
    while (delivery.deliverDue() > 0)
        ;
    Poco::FileInputStream in(dir.path() + "/plugin-data/recorder/events.log");
    std::string log;
    Poco::StreamCopier::copyToString(in, log);
    for (const auto& id : acked)
        EXPECT_NE(log.find(id), std::string::npos) << "acknowledged event not delivered: " << id;
}

} // namespace
} // namespace Limber

int main(int argc, char** argv) {
    Limber::self = Poco::Path(argv[0]).absolute().toString();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
