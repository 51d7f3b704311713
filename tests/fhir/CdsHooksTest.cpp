// CDS Hooks as an EHR calls it: discovery, then the patient-view hook with a JWT signed by the
// EHR's key (ES384, as the specification recommends) and the Patient prefetched. The card
// follows the specification's rules; a bad or missing JWT is refused.

#include "../web/TestServer.h"
#include "FhirTestHelpers.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/ECDSADigestEngine.h>
#include <Poco/Crypto/ECKey.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/UUIDGenerator.h>
#include <gtest/gtest.h>

#include <sstream>

using namespace Limber;
using Testing::parseObject;

namespace {

using Object = Poco::JSON::Object::Ptr;
using Poco::JWT::Signer;

constexpr const char* ISSUER = "https://ehr.example.org";
constexpr const char* RECORD_SYSTEM = "urn:oid:2.16.840.1.113883.19.5";

/// text in base64url without padding (JWS).
std::string base64url(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder << text;
    encoder.close();
    return out.str();
}

/// The EHR's signing key, its public half in a PEM file Limber is configured with.
struct EhrKey {
    EhrKey() : key("secp384r1") { key.save(dir.path() + "/ehr-public.pem"); }
    std::string publicFile() const { return dir.path() + "/ehr-public.pem"; }
    Testing::TempDir dir;
    Poco::Crypto::ECKey key;
};

class CdsHooksTest : public ::testing::Test {
protected:
    CdsHooksTest()
        : server(64 * 1024, [this](Settings& settings) {
              settings.fhir.recordSystem = RECORD_SYSTEM;
              settings.fhir.cdsIssuer = ISSUER;
              settings.fhir.cdsPublicKeyFile = ehr.publicFile();
              settings.fhir.cdsClinicId = 1; // the TestServer's clinic, the first one made
          }) {
        EXPECT_EQ(server.clinicId(), 1);
        Application& app = server.application();
        User dana = *app.store().userByEmail(Testing::TestServer::EMAIL);
        therapist = {server.clinicId(), dana.id, Role::Therapist, dana.name, "127.0.0.1"};
    }

    std::string serviceUrl() const {
        return "http://127.0.0.1:" + std::to_string(server.port()) +
               "/cds-services/limber-adherence";
    }

    /// A JWT as the EHR signs it (ES384); change lets a test spoil one claim.
    std::string jwt(const std::function<void(Poco::JWT::Token&)>& change = {}) {
        Poco::JWT::Token token;
        token.setType("JWT");
        token.setIssuer(ISSUER);
        token.setAudience(serviceUrl());
        token.setIssuedAt(Poco::Timestamp::fromEpochTime(server.clock().nowSeconds()));
        token.setExpiration(Poco::Timestamp::fromEpochTime(server.clock().nowSeconds() + 300));
        token.setId(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        if (change)
            change(token);
        Signer signer(Poco::SharedPtr<Poco::Crypto::ECKey>(new Poco::Crypto::ECKey(ehr.key)));
        std::string written = signer.sign(token, Signer::ALGO_ES384);
        // Poco 1.11's Signer drops leading zero bytes of r and s, so about one ES384 token in a
        // hundred it makes is not the 96 bytes RFC 7518 (3.4) requires and cannot be verified,
        // by Limber or by any JOSE library. An EHR signs as the RFC says, and so does this
        // test: the header and claims as Poco writes them, the signature made here.
        std::string signingInput = written.substr(0, written.rfind('.'));
        Poco::Crypto::ECDSADigestEngine engine(ehr.key, "SHA384");
        engine.update(signingInput);
        Poco::Crypto::ECDSASignature signature(engine.signature());
        std::string raw;
        for (const auto& half : {signature.rawR(), signature.rawS()}) {
            raw.append(48 - half.size(), '\0');
            raw.append(half.begin(), half.end());
        }
        return signingInput + "." + base64url(raw);
    }

    /// A patient-view request for the EHR's patient with this record number.
    static std::string hookRequest(const std::string& recordNumber, bool withPrefetch = true) {
        std::string prefetch =
            withPrefetch
                ? R"(, "prefetch": {"patient": {"resourceType": "Patient", "id": "ehr-981",
                "identifier": [{"system": "urn:other", "value": "X-1"},
                               {"system": ")" +
                      std::string(RECORD_SYSTEM) + R"(", "value": ")" + recordNumber + R"("}]}})"
                : "";
        return R"({"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/example", "patientId": "ehr-981"})" +
               prefetch + "}";
    }

    Testing::HttpReply call(const std::string& body, const std::string& token) {
        std::map<std::string, std::string> headers;
        if (!token.empty())
            headers["Authorization"] = "Bearer " + token;
        return server.client().request("POST", "/cds-services/limber-adherence", body,
                                       "application/json", headers);
    }

    /// A patient whose program started 14 days ago, who practised every day with that pain.
    Patient practisingPatient(const std::string& recordNumber, int pain) {
        Application& app = server.application();
        Patient patient = app.patients().create(therapist, {"Ana Pérez", "", recordNumber, "es"});
        Prescription p;
        p.title = "Back care";
        p.startDate = Date::parse("2026-11-12");
        p.endDate = Date::parse("2026-12-31");
        p.items.push_back({"back-flexion-stretch",
                           app.catalog().defaultDose("back-flexion-stretch").value(), ""});
        app.programs().create(therapist, patient.id, p);
        for (Date day = p.startDate; day <= Date::parse("2026-11-25"); day = day.plusDays(1)) {
            SessionInput input;
            input.date = day;
            input.painBefore = pain;
            input.painAfter = pain;
            input.entries = {{"back-flexion-stretch", Side::Both, true}};
            app.sessions().log(therapist, patient.id, input, SessionSource::PatientLink);
        }
        return patient;
    }

    /// Checks the card against the CDS Hooks 2.0 card rules; returns it.
    static Object onlyCard(const Testing::HttpReply& reply) {
        EXPECT_EQ(reply.status, 200) << reply.body;
        Object json = parseObject(reply.body);
        auto cards = json->getArray("cards");
        EXPECT_EQ(cards->size(), 1u) << reply.body;
        Object card = cards->getObject(0);
        EXPECT_LT(card->getValue<std::string>("summary").size(), 140u);
        std::string indicator = card->getValue<std::string>("indicator");
        EXPECT_TRUE(indicator == "info" || indicator == "warning" || indicator == "critical");
        EXPECT_FALSE(card->getObject("source")->getValue<std::string>("label").empty());
        auto link = card->getArray("links")->getObject(0);
        EXPECT_EQ(link->getValue<std::string>("type"), "absolute");
        EXPECT_FALSE(reply.body.find("null") != std::string::npos) << "no nulls in CDS Hooks JSON";
        return card;
    }

    EhrKey ehr;
    Testing::TestServer server;
    Actor therapist;
};

TEST_F(CdsHooksTest, DiscoveryListsThePatientViewService) {
    Testing::HttpReply reply = server.client().get("/cds-services");
    ASSERT_EQ(reply.status, 200);
    auto services = parseObject(reply.body)->getArray("services");
    ASSERT_EQ(services->size(), 1u);
    Object service = services->getObject(0);
    EXPECT_EQ(service->getValue<std::string>("hook"), "patient-view");
    EXPECT_EQ(service->getValue<std::string>("id"), "limber-adherence");
    EXPECT_FALSE(service->getValue<std::string>("description").empty());
    EXPECT_EQ(service->getObject("prefetch")->getValue<std::string>("patient"),
              "Patient/{{context.patientId}}");
}

TEST_F(CdsHooksTest, APatientWithHighPainGetsAWarningCardWithTheReason) {
    Patient patient = practisingPatient("MRN-7", 8);
    Object card = onlyCard(call(hookRequest("MRN-7"), jwt()));
    EXPECT_EQ(card->getValue<std::string>("indicator"), "warning");
    EXPECT_NE(card->getValue<std::string>("summary").find("100% of sessions (14 of 14)"),
              std::string::npos)
        << card->getValue<std::string>("summary");
    EXPECT_NE(card->getValue<std::string>("detail").find("High pain"), std::string::npos)
        << card->getValue<std::string>("detail");
    EXPECT_NE(card->getArray("links")->getObject(0)->getValue<std::string>("url").find(
                  "/patients/" + std::to_string(patient.id)),
              std::string::npos);
    std::size_t audited = 0;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 4'000'000'000))
        audited += event.action == "cds.patient-view" && event.patientId == patient.id;
    EXPECT_EQ(audited, 1u);
}

TEST_F(CdsHooksTest, APatientWithoutFlagsGetsAnInfoCardAndAnUnknownOneNoCard) {
    practisingPatient("MRN-8", 1);
    Object card = onlyCard(call(hookRequest("MRN-8"), jwt()));
    EXPECT_EQ(card->getValue<std::string>("indicator"), "info");

    Testing::HttpReply unknown = call(hookRequest("MRN-404"), jwt());
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(parseObject(unknown.body)->getArray("cards")->size(), 0u);

    // A patient without a program has no card either.
    server.application().patients().create(therapist, {"Sam Lee", "", "MRN-9", "en"});
    EXPECT_EQ(parseObject(call(hookRequest("MRN-9"), jwt()).body)->getArray("cards")->size(), 0u);

    Testing::HttpReply noPrefetch = call(hookRequest("MRN-8", false), jwt());
    EXPECT_EQ(noPrefetch.status, 412);
}

TEST_F(CdsHooksTest, OnlyTheEhrsValidJwtIsAccepted) {
    practisingPatient("MRN-7", 8);
    const std::string body = hookRequest("MRN-7");
    EXPECT_EQ(call(body, "").status, 401);
    EXPECT_EQ(call(body, "not.a.jwt").status, 401);
    EXPECT_EQ(
        call(body, jwt([](Poco::JWT::Token& t) { t.setIssuer("https://evil.example"); })).status,
        401);
    EXPECT_EQ(call(body, jwt([](Poco::JWT::Token& t) {
                       t.setAudience("http://127.0.0.1/cds-services/other");
                   }))
                  .status,
              401);
    EXPECT_EQ(call(body, jwt([this](Poco::JWT::Token& t) {
                       t.setExpiration(
                           Poco::Timestamp::fromEpochTime(server.clock().nowSeconds() - 1));
                   }))
                  .status,
              401);
    EXPECT_EQ(call(body, jwt([](Poco::JWT::Token& t) { t.payload().remove("exp"); })).status, 401);
    // Signed by another key.
    Poco::JWT::Token token;
    token.setIssuer(ISSUER);
    token.setAudience(serviceUrl());
    token.setExpiration(Poco::Timestamp::fromEpochTime(server.clock().nowSeconds() + 300));
    Signer stranger(Poco::SharedPtr<Poco::Crypto::ECKey>(new Poco::Crypto::ECKey("secp384r1")));
    EXPECT_EQ(call(body, stranger.sign(token, Signer::ALGO_ES384)).status, 401);
    // A symmetric signature (HS256 would accept any shared secret), and no signature at all.
    Signer hmac(std::string("a shared secret"));
    EXPECT_EQ(call(body, hmac.sign(token, Signer::ALGO_HS256)).status, 401);
    std::ostringstream payload;
    token.payload().stringify(payload);
    EXPECT_EQ(call(body, base64url(R"({"alg":"none","typ":"JWT"})") + "." +
                             base64url(payload.str()) + ".")
                  .status,
              401);
    // The control: the EHR's own token is accepted.
    EXPECT_EQ(call(body, jwt()).status, 200);
}

} // namespace
