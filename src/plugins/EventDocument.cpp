#include "EventDocument.h"

#include "limber/plugin/Documents.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

namespace Limber {

std::string eventDocument(const PluginEvent& event) {
    Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("schema", Sdk::EVENT_SCHEMA);
    document.set("id", event.id);
    document.set("type", event.type);
    document.set("occurredAt",
                 Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(event.occurredAt),
                                                 "%Y-%m-%dT%H:%M:%SZ"));
    document.set("clinicId", event.clinicId);
    if (event.patientId)
        document.set("patientId", *event.patientId);
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [key, value] : event.data)
        std::visit([&, &key = key](const auto& v) { data->set(key, v); }, value);
    document.set("data", data);
    std::ostringstream out;
    document.stringify(out);
    return out.str();
}

std::string newEventId() {
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

} // namespace Limber
