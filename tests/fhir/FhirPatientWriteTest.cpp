// Inbound patients over HTTP, as an EHR sends them with the clinic's API key: POST
// /fhir/r4/Patient and the conditional update PUT /fhir/r4/Patient?identifier=system|value.
// What Limber cannot keep is refused with an OperationOutcome naming the element.

#include "../web/TestServer.h"
#include "FhirTestHelpers.h"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <set>

using namespace Limber;
using Testing::encodedParameter;
using Testing::parseObject;

namespace {

using Object = Poco::JSON::Object::Ptr;

class FhirPatientWriteTest : public ::testing::Test {
protected:
    FhirPatientWriteTest() {
        Application& app = server.application();
        User dana = *app.store().userByEmail(Testing::TestServer::EMAIL);
        Actor therapist{server.clinicId(), dana.id, Role::Therapist, dana.name, "127.0.0.1"};
        User olga = app.accounts().createUser(server.clinicId(), "olga@bayview.example",
                                              "Olga Admin", Role::Admin, "admin password A");
        Actor admin{server.clinicId(), olga.id, Role::Admin, "Olga", "127.0.0.1"};
        key = app.accounts().createApiKey(admin, "EHR").secret;
        existing = app.patients().create(therapist, {"Ana Lima", "", "BV-7", "en"});
        Object served =
            parseObject(send("GET", "/fhir/r4/Patient/" + std::to_string(existing.id), "").body);
        system = served->getArray("identifier")->getObject(0)->getValue<std::string>("system");

        std::int64_t clinicB = app.accounts().createClinic({0, "Elsewhere PT", "", ""});
        User bea = app.accounts().createUser(clinicB, "bea@elsewhere.example", "Bea", Role::Admin,
                                             "admin password B");
        Actor actorB{clinicB, bea.id, Role::Admin, "Bea", "127.0.0.1"};
        otherKey = app.accounts().createApiKey(actorB, "B's EHR").secret;
        otherClinic = clinicB;
    }

    Testing::HttpReply send(const std::string& method, const std::string& path,
                            const std::string& body, const std::string& bearer = "*") {
        std::map<std::string, std::string> headers;
        if (!bearer.empty())
            headers["Authorization"] = "Bearer " + (bearer == "*" ? key : bearer);
        return server.client().request(method, path, body, "application/fhir+json", headers);
    }

    /// An EHR's Patient with the record number in the clinic's system.
    std::string ehrPatient(const std::string& record, const std::string& extra = "") {
        return R"({"resourceType":"Patient","identifier":[{"system":")" + system +
               R"(","value":")" + record +
               R"("}],"name":[{"use":"official","family":"Núñez","given":["José","María"]}],)"
               R"("gender":"male","birthDate":"1980-04-02",)"
               R"("telecom":[{"system":"phone","value":"+1 555 0100","use":"home"},)"
               R"({"system":"phone","value":"+1 555 0199","use":"mobile"},)"
               R"({"system":"email","value":"Jose@Example.org"}],)"
               R"("communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47",)"
               R"("code":"es-MX"}]},"preferred":true}])" +
               extra + "}";
    }

    std::optional<Patient> byRecord(std::int64_t clinicId, const std::string& record) {
        for (const auto& patient : server.application().store().patients(clinicId))
            if (patient.recordNumber == record)
                return patient;
        return std::nullopt;
    }

    /// A string of the existing patient as served: element[index].name.
    std::string served(const std::string& element, std::size_t index, const std::string& name) {
        Object json =
            parseObject(send("GET", "/fhir/r4/Patient/" + std::to_string(existing.id), "").body);
        return json->getArray(element)->getObject(index)->getValue<std::string>(name);
    }

    std::size_t patientCount() {
        return server.application().store().patients(server.clinicId()).size();
    }

    /// Expects a refusal with status naming expression; the clinic's patients unchanged.
    void expectRefused(const std::string& method, const std::string& path, const std::string& body,
                       int status, const std::string& expression) {
        const std::size_t before = patientCount();
        Testing::HttpReply reply = send(method, path, body);
        EXPECT_EQ(reply.status, status) << body << "\n" << reply.body;
        EXPECT_EQ(reply.header("content-type").rfind("application/fhir+json", 0), 0u);
        Object outcome = parseObject(reply.body);
        EXPECT_EQ(outcome->getValue<std::string>("resourceType"), "OperationOutcome");
        bool named = false;
        auto issues = outcome->getArray("issue");
        for (std::size_t i = 0; issues && i < issues->size(); ++i)
            if (auto expressions = issues->getObject(i)->getArray("expression"))
                for (std::size_t k = 0; k < expressions->size(); ++k)
                    named = named || expressions->getElement<std::string>(k) == expression;
        EXPECT_TRUE(named) << "no issue names " << expression << ": " << reply.body;
        EXPECT_EQ(patientCount(), before) << body;
    }

    Testing::TestServer server;
    std::string key;
    std::string otherKey;
    std::int64_t otherClinic = 0;
    std::string system;
    Patient existing;
};

TEST_F(FhirPatientWriteTest, PostCreatesThePatientWithLocationAndETag) {
    Testing::HttpReply reply = send("POST", "/fhir/r4/Patient", ehrPatient("EHR-1"));
    ASSERT_EQ(reply.status, 201) << reply.body;
    std::optional<Patient> created = byRecord(server.clinicId(), "EHR-1");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->name, "José María Núñez");
    EXPECT_EQ(created->firstName, "José");
    EXPECT_EQ(created->birthDate, "1980-04-02");
    EXPECT_EQ(created->phone, "+1 555 0199") << "the mobile number is kept";
    EXPECT_EQ(created->email, "jose@example.org");
    EXPECT_EQ(created->language, "es");
    Object body = parseObject(reply.body);
    EXPECT_EQ(body->getValue<std::string>("id"), std::to_string(created->id));
    const std::string version = body->getObject("meta")->getValue<std::string>("versionId");
    EXPECT_EQ(reply.header("etag"), "W/\"" + version + "\"");
    EXPECT_NE(reply.header("location")
                  .find("/fhir/r4/Patient/" + std::to_string(created->id) + "/_history/" + version),
              std::string::npos)
        << reply.header("location");
    EXPECT_EQ(body->getValue<std::string>("birthDate"), "1980-04-02");
    // Audited as every patient created in Limber.
    std::size_t audited = 0;
    for (const auto& event : server.application().store().auditEvents(server.clinicId(), 0,
                                                                      std::int64_t(4'000'000'000)))
        audited += event.action == "patient.create" && event.patientId == created->id;
    EXPECT_EQ(audited, 1u);
    // A second POST of the same record number is a conflict, not a second patient.
    expectRefused("POST", "/fhir/r4/Patient", ehrPatient("EHR-1"), 409, "Patient.identifier");
}

TEST_F(FhirPatientWriteTest, ConditionalUpdateCreatesThenUpdatesTheSamePatient) {
    const std::string url = "/fhir/r4/Patient?identifier=" + encodedParameter(system + "|EHR-2");
    Testing::HttpReply first = send("PUT", url, ehrPatient("EHR-2"));
    ASSERT_EQ(first.status, 201) << first.body;
    const std::int64_t id = byRecord(server.clinicId(), "EHR-2")->id;
    Testing::HttpReply again = send("PUT", url, ehrPatient("EHR-2"));
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.header("etag"), first.header("etag")) << "nothing changed";
    std::string changed = ehrPatient("EHR-2");
    changed.replace(changed.find("1980-04-02"), 10, "1981-05-03");
    Testing::HttpReply update = send("PUT", url, changed);
    EXPECT_EQ(update.status, 200) << update.body;
    EXPECT_NE(update.header("etag"), first.header("etag"));
    std::optional<Patient> after = byRecord(server.clinicId(), "EHR-2");
    EXPECT_EQ(after->id, id);
    EXPECT_EQ(after->birthDate, "1981-05-03");
    // The existing patient, updated through its record number; a Patient without a language
    // keeps the patient's.
    std::string ana = R"({"resourceType":"Patient","identifier":[{"system":")" + system +
                      R"(","value":"BV-7"}],"name":[{"text":"Ana Lima-Souza"}]})";
    Testing::HttpReply anaReply =
        send("PUT", "/fhir/r4/Patient?identifier=" + encodedParameter(system + "|BV-7"), ana);
    EXPECT_EQ(anaReply.status, 200) << anaReply.body;
    EXPECT_EQ(byRecord(server.clinicId(), "BV-7")->name, "Ana Lima-Souza");
    EXPECT_EQ(byRecord(server.clinicId(), "BV-7")->id, existing.id);
}

TEST_F(FhirPatientWriteTest, WhatLimberCannotKeepIsRefusedNamingTheElement) {
    const std::string post = "/fhir/r4/Patient";
    const std::string base = ehrPatient("EHR-9");
    auto without = [&](const std::string& text, const std::string& from, const std::string& to) {
        std::string copy = text;
        copy.replace(copy.find(from), from.size(), to);
        return copy;
    };
    expectRefused("POST", post, "not json", 400, "Patient");
    expectRefused("POST", post, "[1,2]", 400, "Patient");
    expectRefused("POST", post, without(base, "\"Patient\"", "\"Observation\""), 400,
                  "Patient.resourceType");
    expectRefused("POST", post, ehrPatient("EHR-9", R"(,"favouriteColour":"red")"), 400,
                  "Patient.favouriteColour");
    expectRefused(
        "POST", post,
        ehrPatient("EHR-9", R"(,"modifierExtension":[{"url":"http://x","valueBoolean":true}])"),
        422, "Patient.modifierExtension");
    expectRefused("POST", post,
                  without(base, "\"given\":[\"José\",\"María\"]",
                          "\"given\":[\"José\"],\"modifierExtension\":[{\"url\":\"http://x\"}]"),
                  422, "Patient.name[0].modifierExtension");
    expectRefused("POST", post,
                  without(base, "}],\"name\"",
                          "},{\"system\":\"http://other.example/mrn\",\"value\":\"X\"}],\"name\""),
                  422, "Patient.identifier[1].system");
    expectRefused("POST", post, without(base, system, "http://other.example/mrn"), 422,
                  "Patient.identifier[0].system");
    expectRefused("POST", post, without(base, "\"identifier\"", "\"_identifier\""), 400,
                  "Patient._identifier");
    expectRefused(
        "POST", post,
        without(base, "\"identifier\":[{\"system\":\"" + system + "\",\"value\":\"EHR-9\"}],", ""),
        422, "Patient.identifier");
    expectRefused(
        "POST", post,
        without(base, "\"name\":[{\"use\":\"official\",",
                "\"name\":[{\"use\":\"official\",\"text\":\"Other\"},{\"use\":\"official\","),
        422, "Patient.name");
    expectRefused("POST", post, without(base, "\"use\":\"official\",", "\"use\":\"old\","), 422,
                  "Patient.name");
    expectRefused("POST", post, without(base, "[\"José\",\"María\"]", "[\"José\",7]"), 400,
                  "Patient.name[0].given[1]");
    expectRefused("POST", post, without(base, "1980-04-02", "1980"), 422, "Patient.birthDate");
    expectRefused("POST", post, without(base, "1980-04-02", "1980-02-30"), 422,
                  "Patient.birthDate");
    expectRefused("POST", post, without(base, "1980-04-02", "2999-01-01"), 422,
                  "Patient.birthDate");
    expectRefused("POST", post, without(base, "1980-04-02", "yesterday"), 400, "Patient.birthDate");
    expectRefused("POST", post,
                  without(base, "\"system\":\"phone\",\"value\":\"+1 555 0100\"",
                          "\"system\":\"fax\",\"value\":\"+1 555 0100\""),
                  422, "Patient.telecom[0].system");
    expectRefused("POST", post, without(base, "Jose@Example.org", "not-an-address"), 422,
                  "Patient.telecom");
    expectRefused("POST", post, without(base, "\"family\":\"Núñez\"", "\"family\":\"N\\u0007\""),
                  422, "Patient.name");
    // Syriac: a right-to-left script handouts cannot print (Hebrew and Arabic they can).
    expectRefused("POST", post, without(base, "\"family\":\"Núñez\"", "\"family\":\"ܢܘܪܝ\""), 422,
                  "Patient.name");
    expectRefused("POST", post, without(base, "es-MX", "tlh"), 422, "Patient.communication");
    expectRefused("POST", post, without(base, "urn:ietf:bcp:47", "http://snomed.info/sct"), 422,
                  "Patient.communication[0].language");
    expectRefused("POST", post, ehrPatient("EHR-9", ",\"active\":false"), 422, "Patient.active");
    expectRefused("POST", post, ehrPatient("EHR-9", ",\"deceasedBoolean\":true"), 422,
                  "Patient.deceasedBoolean");
    expectRefused("POST", post,
                  ehrPatient("EHR-9", ",\"link\":[{\"other\":{\"reference\":\"Patient/1\"},"
                                      "\"type\":\"replaced-by\"}]"),
                  422, "Patient.link");
    expectRefused("POST", post, ehrPatient("EHR-9", ",\"contact\":[{\"name\":{\"text\":\"Mum\"}}]"),
                  422, "Patient.contact");
    // Limber's own id in a POST, and of another patient in a PUT.
    const std::string own = served("identifier", 1, "system");
    expectRefused("POST", post,
                  without(base, "}],\"name\"",
                          "},{\"system\":\"" + own + "\",\"value\":\"" +
                              std::to_string(existing.id) + "\"}],\"name\""),
                  422, "Patient.identifier");
    // Conditional updates: the condition is the clinic's record number and matches the body.
    expectRefused("PUT",
                  "/fhir/r4/Patient?identifier=" + encodedParameter("http://other.example|EHR-9"),
                  base, 400, "identifier");
    expectRefused("PUT", "/fhir/r4/Patient", base, 400, "identifier");
    expectRefused("PUT",
                  "/fhir/r4/Patient?name=x&identifier=" + encodedParameter(system + "|EHR-9"), base,
                  400, "name");
    expectRefused("PUT", "/fhir/r4/Patient?identifier=" + encodedParameter(system + "|EHR-10"),
                  base, 400, "Patient.identifier");
    EXPECT_FALSE(byRecord(server.clinicId(), "EHR-9"));
    // The well-formed Patient itself is kept.
    EXPECT_EQ(send("POST", post, base).status, 201);
}

TEST_F(FhirPatientWriteTest, EachClinicWritesItsOwnPatientsWithItsKey) {
    const std::string url = "/fhir/r4/Patient?identifier=" + encodedParameter(system + "|BV-7");
    std::string ana = R"({"resourceType":"Patient","identifier":[{"system":")" + system +
                      R"(","value":"BV-7"}],"name":[{"text":"Not Ana"}]})";
    EXPECT_EQ(send("PUT", url, ana, "").status, 401);
    EXPECT_EQ(send("POST", "/fhir/r4/Patient", ana, "not-a-key").status, 401);
    // Clinic B's key: clinic A's record system is not B's, and A's patient stays as it was.
    Testing::HttpReply other = send("PUT", url, ana, otherKey);
    EXPECT_EQ(other.status, 400) << other.body;
    EXPECT_EQ(byRecord(server.clinicId(), "BV-7")->name, "Ana Lima");
    EXPECT_FALSE(byRecord(otherClinic, "BV-7"));
}

TEST_F(FhirPatientWriteTest, TheCapabilityStatementListsTheWritesThatAreServed) {
    Object metadata = parseObject(send("GET", "/fhir/r4/metadata", "", "").body);
    auto resources = metadata->getArray("rest")->getObject(0)->getArray("resource");
    ASSERT_TRUE(resources);
    for (std::size_t i = 0; i < resources->size(); ++i) {
        Object resource = resources->getObject(i);
        std::set<std::string> codes;
        auto interactions = resource->getArray("interaction");
        for (std::size_t k = 0; k < interactions->size(); ++k)
            codes.insert(interactions->getObject(k)->getValue<std::string>("code"));
        const bool patient = resource->getValue<std::string>("type") == "Patient";
        EXPECT_EQ(codes.count("create"), patient ? 1u : 0u)
            << resource->getValue<std::string>("type");
        EXPECT_EQ(codes.count("update"), patient ? 1u : 0u)
            << resource->getValue<std::string>("type");
        EXPECT_EQ(codes.count("delete"), 0u);
        EXPECT_EQ(resource->optValue<bool>("conditionalUpdate", false), patient);
    }
    // Writes of any other type are not served.
    EXPECT_EQ(send("POST", "/fhir/r4/CarePlan", "{}").status, 405);
    EXPECT_EQ(send("PUT", "/fhir/r4/Patient/" + std::to_string(existing.id), "{}").status, 405);
}

} // namespace
