#include "CdsHooksEndpoints.h"

#include "ErrorResponses.h"
#include "WebContext.h"
#include "domain/AdherenceFlags.h"
#include "services/FhirRecords.h"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/UUIDGenerator.h>

#include <cmath>
#include <sstream>

namespace Limber {

using Poco::JWT::Signer;

struct CdsHooksEndpoints::Keys {
    Signer signer;
};

namespace {

using Object = Poco::JSON::Object::Ptr;

Object object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string text(const Object& json) {
    std::ostringstream out;
    json->stringify(out);
    return out.str();
}

WebResponse refused(int status, const std::string& code, const std::string& message) {
    return WebResponse::json(errorJson({status, code, message, {}}), status);
}

/// The bearer token of the request, or empty.
std::string bearerOf(const WebRequest& request) {
    std::string header = request.header("authorization");
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0)
        return "";
    return header.substr(prefix.size());
}

std::string percent(double ratio) {
    return std::to_string(std::lround(ratio * 100)) + "%";
}

} // namespace

CdsHooksEndpoints::CdsHooksEndpoints(WebContext& context, FhirConfig config)
    : _context(context), _config(std::move(config)) {
    if (!_config.cdsEnabled())
        return;
    _keys = std::make_unique<Keys>();
    // Only asymmetric algorithms: Signer allows HS256 by default, which would accept a token
    // "signed" with an empty HMAC key.
    try {
        _keys->signer.setECKey(new Poco::Crypto::ECKey(_config.cdsPublicKeyFile, ""));
        _keys->signer.setAlgorithms({Signer::ALGO_ES256, Signer::ALGO_ES384, Signer::ALGO_ES512});
    } catch (const Poco::Exception&) {
        try {
            _keys->signer.setRSAKey(new Poco::Crypto::RSAKey(_config.cdsPublicKeyFile, ""));
            _keys->signer.setAlgorithms(
                {Signer::ALGO_RS256, Signer::ALGO_RS384, Signer::ALGO_RS512});
        } catch (const Poco::Exception& error) {
            throw Poco::InvalidArgumentException(
                "plugin.fhir.cdsHooks.publicKey: " + _config.cdsPublicKeyFile +
                " is not a PEM public key (EC or RSA): " + error.displayText());
        }
    }
}

CdsHooksEndpoints::~CdsHooksEndpoints() = default;

std::string CdsHooksEndpoints::refusalOf(const WebRequest& request) const {
    const std::string jwt = bearerOf(request);
    if (jwt.empty())
        return "Send the EHR's JWT as Authorization: Bearer.";
    Poco::JWT::Token token;
    try {
        if (!_keys->signer.tryVerify(jwt, token))
            return "The JWT's signature does not verify with the configured key.";
    } catch (const Poco::Exception&) {
        return "The JWT cannot be read.";
    }
    if (token.getIssuer() != _config.cdsIssuer)
        return "The JWT's issuer is not the configured EHR.";
    const std::string audience =
        _context.links.publicUrl() + "/cds-services/" + CDS_ADHERENCE_SERVICE;
    bool audienceMatches = false;
    for (const auto& one : token.getAudience())
        audienceMatches = audienceMatches || one == audience;
    if (!audienceMatches)
        return "The JWT's audience is not " + audience + ".";
    if (!token.payload().has("exp"))
        return "The JWT has no expiry.";
    if (token.getExpiration().epochTime() <= _context.clock.nowSeconds())
        return "The JWT has expired.";
    return "";
}

WebResponse CdsHooksEndpoints::discovery(WebRequest&) {
    Poco::JSON::Array::Ptr services = new Poco::JSON::Array;
    if (_config.cdsEnabled()) {
        Object service = object();
        service->set("hook", "patient-view");
        service->set("title", "Home exercise adherence");
        service->set("description",
                     "Limber's adherence card: how much of the home exercise program the patient "
                     "did in the last 14 days, with Limber's flags and their reasons.");
        service->set("id", CDS_ADHERENCE_SERVICE);
        Object prefetch = object();
        prefetch->set("patient", "Patient/{{context.patientId}}");
        service->set("prefetch", prefetch);
        services->add(service);
    }
    Object json = object();
    json->set("services", services);
    return WebResponse::json(text(json));
}

WebResponse CdsHooksEndpoints::adherence(WebRequest& request) {
    if (!_config.cdsEnabled())
        throw Poco::NotFoundException("CDS Hooks is not configured");
    std::string refusal = refusalOf(request);
    if (!refusal.empty())
        return refused(401, "unauthenticated", refusal);

    Object body;
    try {
        body = Poco::JSON::Parser().parse(request.body).extract<Object>();
    } catch (const Poco::Exception&) {
        return refused(400, "invalid", "The body is not a JSON object.");
    }
    if (!body || body->optValue<std::string>("hook", "") != "patient-view")
        return refused(400, "invalid", "hook must be \"patient-view\".");
    Object prefetch = body->getObject("prefetch");
    Object patientResource = prefetch ? prefetch->getObject("patient") : nullptr;
    if (!patientResource)
        return refused(412, "prefetch_missing",
                       "This service needs prefetch.patient (the Patient resource).");

    const std::int64_t clinicId = _config.cdsClinicId;
    const std::string system =
        _config.recordSystem.empty()
            ? fhirBases(_context.links.publicUrl(), clinicId).recordNumberSystem
            : _config.recordSystem;
    std::optional<Patient> patient;
    Poco::JSON::Array::Ptr identifiers = patientResource->getArray("identifier");
    for (std::size_t i = 0; identifiers && i < identifiers->size() && !patient; ++i) {
        Object identifier = identifiers->getObject(i);
        if (!identifier || identifier->optValue<std::string>("system", "") != system)
            continue;
        const std::string value = identifier->optValue<std::string>("value", "");
        for (const auto& candidate : _context.store.patients(clinicId))
            if (!value.empty() && candidate.recordNumber == value)
                patient = candidate;
    }
    Object answer = object();
    Poco::JSON::Array::Ptr cards = new Poco::JSON::Array;
    answer->set("cards", cards);
    if (!patient)
        return WebResponse::json(text(answer));

    const Date today = _context.clock.today();
    std::optional<PatientAdherence> adherence =
        _context.sessions.adherence(clinicId, patient->id, today.plusDays(-13), today);
    Actor ehr{clinicId,
              0,
              Role::Therapist,
              "CDS Hooks client",
              request.remoteAddress,
              "JWT of " + _config.cdsIssuer};
    _context.audit.record(ehr, patient->id, "cds.patient-view",
                          adherence ? "adherence card" : "no program");
    if (!adherence)
        return WebResponse::json(text(answer));

    const AdherenceSummary& summary = adherence->summary;
    std::string line = "Home exercises, last 14 days: ";
    if (summary.sessionRatio)
        line += percent(*summary.sessionRatio) + " of sessions (" +
                std::to_string(summary.loggedSessions) + " of " +
                std::to_string(std::lround(summary.expectedSessions)) + ")";
    else
        line += "no sessions were due";
    if (!adherence->flags.empty())
        line += "; " + std::string(labelOf(adherence->flags.front().kind));
    std::string detail;
    for (const auto& flag : adherence->flags)
        detail += "- **" + std::string(labelOf(flag.kind)) + "**: " + flag.reason + "\n";
    detail += "\nProgram: " + adherence->program.current().prescription.title +
              ", days practised: " + std::to_string(summary.activeDays) + ".";

    Object card = object();
    card->set("uuid", Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    card->set("summary", line.substr(0, 139));
    card->set("indicator", adherence->flags.empty() ? "info" : "warning");
    card->set("detail", detail);
    Object source = object();
    source->set("label", "Limber");
    source->set("url", _context.links.publicUrl());
    card->set("source", source);
    Object link = object();
    link->set("label", "Open the patient in Limber");
    link->set("url", _context.links.publicUrl() + "/patients/" + std::to_string(patient->id));
    link->set("type", "absolute");
    Poco::JSON::Array::Ptr links = new Poco::JSON::Array;
    links->add(link);
    card->set("links", links);
    cards->add(card);
    return WebResponse::json(text(answer));
}

} // namespace Limber
