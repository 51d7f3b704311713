// The read-only FHIR R4 API at /fhir/r4 over HTTP, as an EHR calls it with the clinic's API
// key. Every answer that is a resource is also written to LIMBER_FHIR_SAMPLES, so that the
// outside validators (validate.mjs) check what the API serves.

#include "../web/TestServer.h"
#include "FhirTestHelpers.h"
#include "fhir/FhirMapping.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

using namespace Limber;
using Testing::encodedParameter;
using Testing::parseObject;

namespace {

using Object = Poco::JSON::Object::Ptr;

class FhirApiTest : public ::testing::Test {
protected:
    FhirApiTest() {
        Application& app = server.application();
        Actor admin{server.clinicId(), 0, Role::Admin, "setup", "127.0.0.1"};
        User dana = *app.store().userByEmail(Testing::TestServer::EMAIL);
        therapist = {server.clinicId(), dana.id, Role::Therapist, dana.name, "127.0.0.1"};
        User olga = app.accounts().createUser(server.clinicId(), "olga@bayview.example",
                                              "Olga Admin", Role::Admin, "admin password A");
        admin.userId = olga.id;
        key = app.accounts().createApiKey(admin, "EHR").secret;

        patient = app.patients().create(therapist, {"José Núñez-Åberg", "", "BV-100", "es"});
        Prescription p;
        p.title = "Runner's back care";
        p.startDate = Date::parse("2026-11-20");
        p.endDate = Date::parse("2026-12-31");
        p.items.push_back({"back-flexion-stretch",
                           app.catalog().defaultDose("back-flexion-stretch").value(), ""});
        p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
        programId = app.programs().create(therapist, patient.id, p).program.id;
        for (const char* day : {"2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"}) {
            SessionInput input;
            input.date = Date::parse(day);
            input.painBefore = 4;
            input.painAfter = 2;
            input.entries = {{"back-flexion-stretch", Side::Both, true},
                             {"tree-pose", Side::Left, true},
                             {"tree-pose", Side::Right, true}};
            app.sessions().log(therapist, patient.id, input, SessionSource::PatientLink);
        }

        std::int64_t clinicB = app.accounts().createClinic({0, "Elsewhere PT", "", ""});
        User bea = app.accounts().createUser(clinicB, "bea@elsewhere.example", "Bea", Role::Admin,
                                             "admin password B");
        Actor actorB{clinicB, bea.id, Role::Admin, "Bea", "127.0.0.1"};
        otherKey = app.accounts().createApiKey(actorB, "B's EHR").secret;
        otherPatient = app.patients().create(actorB, {"Bob Other", "", "BV-100", "en"});
    }

    Testing::HttpReply get(const std::string& path, const std::string& bearer) {
        std::map<std::string, std::string> headers;
        if (!bearer.empty())
            headers["Authorization"] = "Bearer " + bearer;
        return server.client().request("GET", path, "", "", headers);
    }

    /// GETs path with the clinic's key, expects 200 FHIR JSON and keeps it as a sample.
    Object fhirGet(const std::string& path, const std::string& sample) {
        Testing::HttpReply reply = get(path, key);
        EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
        EXPECT_EQ(reply.header("content-type").rfind("application/fhir+json", 0), 0u);
        if (const char* dir = std::getenv("LIMBER_FHIR_SAMPLES"); dir && *dir) {
            Poco::File(dir).createDirectories();
            std::ofstream(std::string(dir) + "/api-" + sample + ".json") << reply.body;
        }
        return parseObject(reply.body);
    }

    /// The error answer of path: an OperationOutcome with the status; returns it.
    Object outcome(const std::string& path, const std::string& bearer, int status) {
        Testing::HttpReply reply = get(path, bearer);
        EXPECT_EQ(reply.status, status) << path << ": " << reply.body;
        EXPECT_EQ(reply.header("content-type").rfind("application/fhir+json", 0), 0u) << path;
        Object json = parseObject(reply.body);
        EXPECT_EQ(json->getValue<std::string>("resourceType"), "OperationOutcome") << path;
        return json;
    }

    std::size_t auditCount(const std::string& action) {
        std::size_t count = 0;
        for (const auto& event : server.application().store().auditEvents(
                 server.clinicId(), 0, std::int64_t(4'000'000'000)))
            count += event.action == action;
        return count;
    }

    Testing::TestServer server;
    Actor therapist;
    std::string key;
    std::string otherKey;
    Patient patient;
    Patient otherPatient;
    std::int64_t programId = 0;
};

TEST_F(FhirApiTest, MetadataTellsWhatIsServed) {
    Object json = fhirGet("/fhir/r4/metadata", "metadata");
    EXPECT_EQ(json->getValue<std::string>("resourceType"), "CapabilityStatement");
    EXPECT_EQ(json->getValue<std::string>("fhirVersion"), "4.0.1");
    std::string text = Fhir::toText(json);
    for (const char* type : {"Patient", "CarePlan", "ServiceRequest", "Observation",
                             "ActivityDefinition", "Practitioner", "Organization"})
        EXPECT_NE(text.find(std::string("\"type\":\"") + type + "\""), std::string::npos) << type;
    EXPECT_NE(text.find("everything"), std::string::npos);
    // Patient is also written (FhirPatientWriteTest checks which interactions); nothing is
    // deleted.
    EXPECT_EQ(text.find("\"delete\""), std::string::npos) << "no delete is served";
}

TEST_F(FhirApiTest, ReadsEachResourceOfThePatient) {
    const std::string id = std::to_string(patient.id);
    const std::string program = std::to_string(programId);
    Object json = fhirGet("/fhir/r4/Patient/" + id, "patient");
    EXPECT_EQ(json->getArray("name")->getObject(0)->getValue<std::string>("text"),
              "José Núñez-Åberg");
    fhirGet("/fhir/r4/CarePlan/" + program, "careplan");
    fhirGet("/fhir/r4/ServiceRequest/" + program + "-1-2", "servicerequest");
    fhirGet("/fhir/r4/Observation/" + program + "-2026-11-24-1", "observation");
    fhirGet("/fhir/r4/Observation/" + program + "-2026-11-24-s1-pain-before", "pain");
    fhirGet("/fhir/r4/Organization/" + std::to_string(server.clinicId()), "organization");
    fhirGet("/fhir/r4/Practitioner/" + std::to_string(therapist.userId), "practitioner");
    fhirGet("/fhir/r4/ActivityDefinition/tree-pose", "activitydefinition");
    fhirGet("/fhir/r4/StructureDefinition/exercise-dose", "structuredefinition");
    EXPECT_GE(auditCount("fhir.read"), 5u) << "each read of patient data is audited";
}

TEST_F(FhirApiTest, SearchesFindByPatientCodeDateAndIdentifierAndPage) {
    const std::string id = std::to_string(patient.id);
    Object plans = fhirGet("/fhir/r4/CarePlan?patient=" + id, "search-careplan");
    EXPECT_EQ(plans->getValue<int>("total"), 1);
    Object requests = fhirGet("/fhir/r4/ServiceRequest?patient=Patient/" + id, "search-sr");
    EXPECT_EQ(requests->getValue<int>("total"), 2);

    // 4 days x 2 exercises of sessions, and 4 x 2 pain scores.
    Object all = fhirGet("/fhir/r4/Observation?patient=" + id, "search-obs");
    EXPECT_EQ(all->getValue<int>("total"), 16);
    Object pain = fhirGet("/fhir/r4/Observation?patient=" + id +
                              "&code=" + encodedParameter("http://loinc.org|72514-3"),
                          "search-pain");
    EXPECT_EQ(pain->getValue<int>("total"), 8);
    Object wrongSystem = fhirGet("/fhir/r4/Observation?patient=" + id +
                                     "&code=" + encodedParameter("http://snomed.info/sct|72514-3"),
                                 "search-none");
    EXPECT_EQ(wrongSystem->getValue<int>("total"), 0);
    EXPECT_FALSE(wrongSystem->has("entry"));
    Object range = fhirGet("/fhir/r4/Observation?patient=" + id +
                               "&code=72514-3&date=ge2026-11-24&date=le2026-11-24",
                           "search-date");
    EXPECT_EQ(range->getValue<int>("total"), 2);

    // Paging: 16 results 5 at a time, following next links to the end.
    std::string next = "/fhir/r4/Observation?patient=" + id + "&_count=5";
    std::set<std::string> seen;
    int pages = 0;
    while (!next.empty() && pages < 10) {
        Object page = fhirGet(next, "page-" + std::to_string(++pages));
        EXPECT_EQ(page->getValue<int>("total"), 16);
        auto entries = page->getArray("entry");
        for (std::size_t i = 0; entries && i < entries->size(); ++i)
            seen.insert(entries->getObject(i)->getValue<std::string>("fullUrl"));
        next.clear();
        auto links = page->getArray("link");
        for (std::size_t i = 0; i < links->size(); ++i)
            if (links->getObject(i)->getValue<std::string>("relation") == "next") {
                std::string url = links->getObject(i)->getValue<std::string>("url");
                next = url.substr(url.find("/fhir/r4/"));
            }
    }
    EXPECT_EQ(pages, 4);
    EXPECT_EQ(seen.size(), 16u);

    // The record number in the clinic's system; the other clinic's BV-100 is not found.
    std::string system = "http://127.0.0.1:" + std::to_string(server.port()) +
                         "/fhir/r4/NamingSystem/clinic-" + std::to_string(server.clinicId()) +
                         "-record-number";
    Object found = fhirGet("/fhir/r4/Patient?identifier=" + encodedParameter(system + "|BV-100"),
                           "search-identifier");
    EXPECT_EQ(found->getValue<int>("total"), 1);
    EXPECT_EQ(
        found->getArray("entry")->getObject(0)->getObject("resource")->getValue<std::string>("id"),
        id);
    EXPECT_EQ(
        fhirGet("/fhir/r4/Patient?identifier=BV-999", "search-unknown")->getValue<int>("total"), 0);

    Object everything = fhirGet("/fhir/r4/Patient/" + id + "/$everything", "everything");
    EXPECT_EQ(everything->getValue<int>("total"),
              1 + 1 + 1 + 2 + 1 + 2 +
                  16); // org, practitioner, patient, 2 activities, plan, 2 requests
}

TEST_F(FhirApiTest, ErrorsAreOperationOutcomesAndOtherClinicsAreNotFound) {
    auto issue = [](const Object& json) { return json->getArray("issue")->getObject(0); };
    Object noKey = outcome("/fhir/r4/Patient/" + std::to_string(patient.id), "", 401);
    EXPECT_EQ(issue(noKey)->getValue<std::string>("code"), "login");
    outcome("/fhir/r4/Patient/" + std::to_string(patient.id), "not-a-key", 401);

    // Clinic B's key sees nothing of clinic A, and A's key nothing of B.
    Object foreign = outcome("/fhir/r4/Patient/" + std::to_string(patient.id), otherKey, 404);
    EXPECT_EQ(issue(foreign)->getValue<std::string>("code"), "not-found");
    outcome("/fhir/r4/CarePlan/" + std::to_string(programId), otherKey, 404);
    outcome("/fhir/r4/Patient/" + std::to_string(patient.id) + "/$everything", otherKey, 404);
    outcome("/fhir/r4/Patient/" + std::to_string(otherPatient.id), key, 404);
    Testing::HttpReply search =
        get("/fhir/r4/Observation?patient=" + std::to_string(patient.id), otherKey);
    EXPECT_EQ(search.status, 200);
    EXPECT_EQ(parseObject(search.body)->getValue<int>("total"), 0);
    EXPECT_EQ(search.body.find("Núñez"), std::string::npos);

    Object badParam = outcome("/fhir/r4/Observation?patient=1&colour=red", key, 400);
    EXPECT_EQ(issue(badParam)->getArray("expression")->getElement<std::string>(0), "colour");
    Object noPatient = outcome("/fhir/r4/CarePlan", key, 400);
    EXPECT_EQ(issue(noPatient)->getArray("expression")->getElement<std::string>(0), "patient");
    outcome("/fhir/r4/Observation?patient=1&date=2026-13-01", key, 400);
    outcome("/fhir/r4/Observation?patient=1&_count=1000", key, 400);
    outcome("/fhir/r4/Medication/1", key, 404);
    outcome("/fhir/r4/ServiceRequest/999-1-1", key, 404);
    Testing::HttpReply post =
        server.client().request("POST", "/fhir/r4/Observation", "{}", "application/fhir+json",
                                {{"Authorization", "Bearer " + key}});
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(parseObject(post.body)->getValue<std::string>("resourceType"), "OperationOutcome");
}

} // namespace
