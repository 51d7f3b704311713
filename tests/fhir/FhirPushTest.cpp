// The push to the clinic's FHIR server, end to end: the demo clinic's events go through the
// outbox to a FHIR server on loopback (fhir-server.mjs: @medplum/fhir-router over its in-memory
// repository), which is then read back. Needs node and the packages of tests/fhir (npm ci);
// without them the test skips, unless LIMBER_REQUIRE_FHIR_VALIDATORS is set (CI).

#include "app/FhirPush.h"

#include "FhirTestHelpers.h"
#include "fhir/FhirMapping.h"
#include "plugins/Plugins.h"
#include "services/AccountService.h"
#include "services/AuditTrail.h"
#include "services/DemoClinic.h"
#include "services/EventOutbox.h"
#include "services/FhirRecords.h"
#include "services/OutboxDelivery.h"
#include "services/PatientLinks.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

using namespace Limber;
using Testing::encodedParameter;

namespace {

const char* TOKEN = "push-test-token";

/// fhir-server.mjs, started for one test and stopped after it.
class LoopbackFhirServer {
public:
    LoopbackFhirServer() {
        const std::string node = LIMBER_NODE_PATH;
        const std::string script = LIMBER_FHIR_SERVER_SCRIPT;
        if (node.empty())
            return;
        Poco::Process::Env env;
        env["FHIR_TOKEN"] = TOKEN;
        _handle.emplace(Poco::Process::launch(node, {script}, nullptr, &_out, nullptr, env));
        Poco::PipeInputStream in(_out);
        std::string word;
        if (in >> word && word == "PORT")
            in >> _port;
    }
    ~LoopbackFhirServer() {
        if (_handle) {
            Poco::Process::kill(*_handle);
            _handle->wait();
        }
    }
    int port() const { return _port; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(_port) + "/fhir/R4"; }

    /// The JSON answer of a GET (path from the server's root), with the test's token.
    Fhir::Json get(const std::string& path) const { return call("GET", path); }
    Fhir::Json call(const std::string& method, const std::string& path) const {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_port));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", std::string("Bearer ") + TOKEN);
        request.setContentLength(0);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        return Poco::JSON::Parser().parse(text).extract<Fhir::Json>();
    }

private:
    Poco::Pipe _out;
    std::optional<Poco::ProcessHandle> _handle;
    int _port = 0;
};

/// Every "reference" string anywhere in node.
void references(const Poco::Dynamic::Var& node, std::vector<std::string>& out) {
    if (node.type() == typeid(Fhir::Json)) {
        auto json = node.extract<Fhir::Json>();
        for (const auto& name : json->getNames()) {
            if (name == "reference" && json->get(name).isString())
                out.push_back(json->get(name).toString());
            else
                references(json->get(name), out);
        }
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto list = node.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < list->size(); ++i)
            references(list->get(i), out);
    }
}

const std::vector<std::string> TYPES = {"Organization",       "Practitioner", "Patient",
                                        "ActivityDefinition", "CarePlan",     "ServiceRequest",
                                        "Observation"};

class FhirPushTest : public ::testing::Test {
protected:
    FhirPushTest()
        : clock(Date::parse("2026-11-25")), store(database.config()), catalog(loadBuiltInCatalog()),
          links(store, clock, std::string(32, 'k'), "http://127.0.0.1:8080"), audit(store, clock),
          accounts(store, clock, audit) {}

    /// Every resource on the server, by type, as "Type/id" -> resource.
    std::map<std::string, Fhir::Json> everything() {
        std::map<std::string, Fhir::Json> all;
        for (const auto& type : TYPES) {
            Fhir::Json bundle = server.get("/fhir/R4/" + type + "?_count=1000");
            Poco::JSON::Array::Ptr entries = bundle->getArray("entry");
            for (std::size_t i = 0; entries && i < entries->size(); ++i) {
                Fhir::Json resource = entries->getObject(i)->getObject("resource");
                all[type + "/" + resource->getValue<std::string>("id")] = resource;
            }
        }
        return all;
    }

    /// The events a patient's history gives: one per program, one per day with check-ins.
    void recordEvents(EventOutbox& outbox, std::int64_t clinicId, std::int64_t patientId,
                      const Fhir::PatientRecord& record) {
        for (const auto& program : record.programs) {
            PluginEvent event;
            event.type = EventTypes::PROGRAM_SAVED;
            event.clinicId = clinicId;
            event.patientId = patientId;
            event.data = {{"programId", program.id}};
            outbox.record(event);
        }
        std::set<std::string> days;
        for (const auto& day : record.days)
            days.insert(day.date);
        for (const auto& pain : record.pains)
            days.insert(pain.date);
        for (const auto& day : days) {
            PluginEvent event;
            event.type = EventTypes::SESSION_LOGGED;
            event.clinicId = clinicId;
            event.patientId = patientId;
            event.data = {{"sessionDate", day}};
            outbox.record(event);
        }
    }

    LoopbackFhirServer server;
    Testing::TempDir dir;
    Testing::TestDatabase database;
    Testing::FixedClock clock;
    SqlStore store;
    Catalog catalog;
    PatientLinks links;
    AuditTrail audit;
    AccountService accounts;
};

TEST_F(FhirPushTest, TheDemoPatientsRecordArrivesOnceWithEveryReferenceResolved) {
    if (server.port() == 0) {
        if (std::getenv("LIMBER_REQUIRE_FHIR_VALIDATORS"))
            FAIL() << "the loopback FHIR server did not start (npm ci in tests/fhir)";
        GTEST_SKIP() << "no node or no tests/fhir packages: the loopback FHIR server is off";
    }
    ASSERT_TRUE(seedDemoClinic(store, clock, accounts, links, catalog, audit));
    const std::int64_t clinicId = store.clinics().front().id;
    const std::string publicUrl = "https://limber.example.org";
    const Fhir::Bases bases = fhirBases(publicUrl, clinicId);
    // The two demo patients with the most check-ins.
    std::vector<std::pair<std::int64_t, Fhir::PatientRecord>> patients;
    for (const auto& patient : store.patients(clinicId))
        patients.emplace_back(
            patient.id, fhirPatientRecord(store, catalog, clock, bases, clinicId, patient.id));
    std::sort(patients.begin(), patients.end(), [](const auto& a, const auto& b) {
        return a.second.days.size() > b.second.days.size();
    });
    ASSERT_GE(patients.size(), 2u);
    // Each patient's last three days with pain scores (every day would only take longer).
    for (auto& [id, record] : patients) {
        std::set<std::string> days;
        for (const auto& pain : record.pains)
            days.insert(pain.date);
        while (days.size() > 3)
            days.erase(days.begin());
        std::erase_if(record.days, [&](const auto& day) { return !days.count(day.date); });
        std::erase_if(record.pains, [&](const auto& pain) { return !days.count(pain.date); });
    }
    const auto& [firstId, first] = patients[0];
    const auto& [secondId, second] = patients[1];
    ASSERT_FALSE(first.pains.empty()) << "the demo patient has no pain scores";
    ASSERT_GT(Fhir::allResources(first).size(), 2 * FhirPush::MAX_ENTRIES)
        << "the record is too small to need several transactions";

    FhirConfig config;
    config.serverUrl = server.base();
    config.serverToken = TOKEN;
    FhirPush push(store, catalog, clock, config, publicUrl);
    EventOutbox outbox(store, clock, {FhirPush::RECIPIENT});
    Plugins noPlugins(PluginConfig{});
    DeliveryPolicy policy;
    policy.batch = 1000;
    OutboxDelivery delivery(
        store, clock, noPlugins, policy, false,
        {{FhirPush::RECIPIENT, [&](const std::string& event) { push.deliver(event); }}});

    // What the server must hold: one resource per distinct Limber resource.
    auto expected = [&](std::vector<const Fhir::PatientRecord*> records) {
        std::map<std::string, std::set<std::string>> ids;
        for (const auto* record : records)
            for (const auto& resource : Fhir::allResources(*record))
                ids[resource->getValue<std::string>("resourceType")].insert(
                    resource->getValue<std::string>("id"));
        std::map<std::string, std::size_t> counts;
        for (const auto& [type, set] : ids)
            counts[type] = set.size();
        return counts;
    };
    auto counts = [&]() {
        std::map<std::string, std::size_t> counted;
        for (const auto& [reference, resource] : everything())
            ++counted[reference.substr(0, reference.find('/'))];
        return counted;
    };

    recordEvents(outbox, clinicId, firstId, first);
    delivery.deliverDue();
    OutboxStatus status = store.outboxStatus(FhirPush::RECIPIENT);
    EXPECT_EQ(status.pending, 0) << status.lastError;
    EXPECT_EQ(status.lastError, "");
    EXPECT_EQ(counts(), expected({&first}));

    // Every reference resolves to a resource on the server.
    std::map<std::string, Fhir::Json> all = everything();
    std::size_t checked = 0;
    for (const auto& [name, resource] : all) {
        std::vector<std::string> found;
        references(Poco::Dynamic::Var(resource), found);
        for (const auto& reference : found) {
            EXPECT_TRUE(all.count(reference)) << name << " refers to " << reference;
            ++checked;
        }
    }
    EXPECT_GT(checked, all.size());
    // The CarePlans came whole: each lists its ServiceRequests.
    for (const auto& [name, resource] : all) {
        if (name.rfind("CarePlan/", 0) == 0) {
            EXPECT_TRUE(resource->has("activity")) << name;
        }
    }

    // Search by LOINC 72514-3 finds the pain scores, and only them.
    Fhir::Json pains = server.get("/fhir/R4/Observation?_count=1000&code=" +
                                  encodedParameter("http://loinc.org|72514-3"));
    EXPECT_EQ(pains->getValue<std::size_t>("total"), first.pains.size());
    // The patient by the record number in the clinic's system.
    Fhir::Json byRecord =
        server.get("/fhir/R4/Patient?identifier=" +
                   encodedParameter(bases.recordNumberSystem + "|" + first.patient.recordNumber));
    EXPECT_EQ(byRecord->getValue<std::size_t>("total"), 1u);

    // A replay (the same history as new events) creates nothing new.
    recordEvents(outbox, clinicId, firstId, first);
    delivery.deliverDue();
    EXPECT_EQ(store.outboxStatus(FhirPush::RECIPIENT).pending, 0);
    EXPECT_EQ(counts(), expected({&first}));

    // An outage: the deliveries fail with the server's message and wait; after it, everything
    // arrives once.
    server.call("POST", "/control/outage?on=1");
    recordEvents(outbox, clinicId, secondId, second);
    EXPECT_EQ(delivery.deliverDue(), 0u);
    status = store.outboxStatus(FhirPush::RECIPIENT);
    EXPECT_GT(status.pending, 0);
    EXPECT_NE(status.lastError.find("503"), std::string::npos) << status.lastError;
    EXPECT_NE(status.lastError.find("down for maintenance"), std::string::npos) << status.lastError;
    server.call("POST", "/control/outage?on=0");
    EXPECT_EQ(delivery.deliverDue(), 0u) << "retried before its time";
    clock.advanceSeconds(policy.firstDelaySeconds);
    EXPECT_GT(delivery.deliverDue(), 0u);
    EXPECT_EQ(store.outboxStatus(FhirPush::RECIPIENT).pending, 0);
    EXPECT_EQ(counts(), expected({&first, &second}));
}

TEST_F(FhirPushTest, AWrongTokenIsAFailedDeliveryWithTheServersMessage) {
    if (server.port() == 0)
        GTEST_SKIP() << "the loopback FHIR server is off";
    ASSERT_TRUE(seedDemoClinic(store, clock, accounts, links, catalog, audit));
    const std::int64_t clinicId = store.clinics().front().id;
    FhirConfig config;
    config.serverUrl = server.base();
    config.serverToken = "not-the-token";
    FhirPush push(store, catalog, clock, config, "https://limber.example.org");
    const std::int64_t patientId = store.patients(clinicId).front().id;
    std::string event = R"({"type":"program.saved","clinicId":)" + std::to_string(clinicId) +
                        R"(,"patientId":)" + std::to_string(patientId) + "}";
    try {
        push.deliver(event);
        FAIL() << "delivered with a wrong token";
    } catch (const Poco::Exception& e) {
        EXPECT_NE(e.displayText().find("401"), std::string::npos) << e.displayText();
        EXPECT_NE(e.displayText().find("bearer token"), std::string::npos) << e.displayText();
    }
}

} // namespace
