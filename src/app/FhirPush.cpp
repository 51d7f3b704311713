#include "FhirPush.h"

#include "services/FhirRecords.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <map>
#include <memory>
#include <sstream>

namespace Limber {

namespace {

/// The diagnostics (or details) of an OperationOutcome's errors, joined; empty when none.
std::string outcomeErrors(const Fhir::Json& outcome) {
    std::string text;
    Poco::JSON::Array::Ptr issues = outcome->getArray("issue");
    for (std::size_t i = 0; issues && i < issues->size(); ++i) {
        Fhir::Json issue = issues->getObject(i);
        std::string severity = issue->optValue<std::string>("severity", "");
        if (severity != "error" && severity != "fatal")
            continue;
        std::string message = issue->optValue<std::string>("diagnostics", "");
        if (message.empty())
            if (Fhir::Json details = issue->getObject("details"))
                message = details->optValue<std::string>("text", "");
        if (message.empty())
            message = issue->optValue<std::string>("code", "error");
        text += (text.empty() ? "" : "; ") + message;
    }
    return text;
}

/// "Patient/123" of a response location ("Patient/123/_history/1", or an absolute URL).
std::string referenceOfLocation(const std::string& location) {
    Poco::URI uri(location);
    std::string path = uri.getPath();
    if (std::size_t history = path.find("/_history/"); history != std::string::npos)
        path.erase(history);
    std::size_t idSlash = path.rfind('/');
    if (idSlash == std::string::npos || idSlash == 0)
        throw Poco::DataFormatException("the FHIR server answered an entry without a location");
    std::size_t typeSlash = path.rfind('/', idSlash - 1);
    return path.substr(typeSlash == std::string::npos ? 0 : typeSlash + 1);
}

} // namespace

FhirPush::FhirPush(Store& store, const Catalog& catalog, const Clock& clock, FhirConfig config,
                   std::string publicUrl, std::chrono::seconds timeout)
    : _store(store), _catalog(catalog), _clock(clock), _config(std::move(config)),
      _publicUrl(std::move(publicUrl)), _timeout(timeout) {}

std::vector<Fhir::Json> FhirPush::transactionsFor(const std::string& eventJson) const {
    Fhir::Json event = Poco::JSON::Parser().parse(eventJson).extract<Fhir::Json>();
    const std::string type = event->optValue<std::string>("type", "");
    const bool sessionDay = type == "session.logged";
    if (!sessionDay && type != "program.saved" && type != "program.revised" &&
        type != "patient.discharged")
        return {};
    if (!event->has("patientId"))
        return {};
    const std::int64_t clinicId = event->getValue<std::int64_t>("clinicId");
    const std::int64_t patientId = event->getValue<std::int64_t>("patientId");
    std::string day;
    if (sessionDay)
        if (Fhir::Json data = event->getObject("data"))
            day = data->optValue<std::string>("sessionDate", "");
    Fhir::PatientRecord record;
    try {
        record = fhirPatientRecord(_store, _catalog, _clock,
                                   fhirBases(_publicUrl, clinicId, _config.recordSystem), clinicId,
                                   patientId);
    } catch (const Poco::NotFoundException&) {
        return {}; // erased since: nothing of the patient is sent any more
    }
    // Only that day's check-ins (or none for a program event): the earlier days were sent
    // with their own events, and every entry is a conditional update.
    std::erase_if(record.days, [&](const auto& entry) { return entry.date != day; });
    std::erase_if(record.pains, [&](const auto& entry) { return entry.date != day; });
    return Fhir::transactionParts(Fhir::transactionBundle(record), MAX_ENTRIES);
}

void FhirPush::deliver(const std::string& eventJson) const {
    std::map<std::string, std::string> resolved; // urn:uuid -> "Type/id" on the server
    for (const auto& part : transactionsFor(eventJson)) {
        Fhir::resolveReferences(part, resolved);
        Fhir::Json response = post(part);
        Poco::JSON::Array::Ptr sent = part->getArray("entry");
        Poco::JSON::Array::Ptr answers = response->getArray("entry");
        if (response->optValue<std::string>("resourceType", "") != "Bundle" || !answers ||
            answers->size() != sent->size())
            throw Poco::DataFormatException(
                "the FHIR server's answer is not a transaction-response with one entry per "
                "entry sent");
        for (std::size_t i = 0; i < sent->size(); ++i) {
            Fhir::Json answer = answers->getObject(i)->getObject("response");
            std::string status = answer ? answer->optValue<std::string>("status", "") : "";
            if (status.empty() || status[0] != '2') {
                std::string message = "entry " + std::to_string(i) + " answered " + status;
                if (Fhir::Json outcome = answer ? answer->getObject("outcome") : nullptr)
                    message += ": " + outcomeErrors(outcome);
                throw Poco::IOException("FHIR server: " + message);
            }
            resolved[sent->getObject(i)->getValue<std::string>("fullUrl")] =
                referenceOfLocation(answer->optValue<std::string>("location", ""));
        }
    }
}

Fhir::Json FhirPush::post(const Fhir::Json& transaction) const {
    Poco::URI uri(_config.serverUrl);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
        session =
            std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(_timeout.count()), 0));
    std::string path = uri.getPath().empty() ? "/" : uri.getPath();
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    const std::string body = Fhir::toText(transaction);
    request.setContentType("application/fhir+json; charset=utf-8");
    request.set("Accept", "application/fhir+json");
    if (!_config.serverToken.empty())
        request.set("Authorization", "Bearer " + _config.serverToken);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    Fhir::Json json;
    try {
        json = Poco::JSON::Parser().parse(text).extract<Fhir::Json>();
    } catch (const std::exception&) {
    }
    const int status = static_cast<int>(response.getStatus());
    std::string errors =
        json && json->optValue<std::string>("resourceType", "") == "OperationOutcome"
            ? outcomeErrors(json)
            : "";
    if (status < 200 || status > 299 || !errors.empty()) {
        std::string message =
            "FHIR server answered " + std::to_string(status) + " " + response.getReason();
        if (!errors.empty())
            message += ": " + errors;
        throw Poco::IOException(message);
    }
    if (!json)
        throw Poco::DataFormatException("the FHIR server answered " + std::to_string(status) +
                                        " without a JSON body");
    return json;
}

} // namespace Limber
