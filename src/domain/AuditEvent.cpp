#include "AuditEvent.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace Limber {

namespace {

void addField(std::string& canonical, const std::string& value) {
    canonical += std::to_string(value.size());
    canonical += ':';
    canonical += value;
    canonical += ';';
}

std::string optionalText(const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string("-");
}

} // namespace

std::string AuditEvent::expectedHash() const {
    std::string canonical;
    addField(canonical, previousHash);
    addField(canonical, std::to_string(at));
    addField(canonical, std::to_string(clinicId));
    addField(canonical, optionalText(userId));
    addField(canonical, actor);
    addField(canonical, optionalText(patientId));
    addField(canonical, action);
    addField(canonical, detail);
    addField(canonical, address);
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(canonical);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

} // namespace Limber
