#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <string>

namespace Limber::Testing {

/// A JSON object from text that must hold one (the FHIR tests' answers and resources).
inline Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

/// text encoded for a FHIR search parameter's value ("system|code", URLs).
inline std::string encodedParameter(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "|?&=#+%/:", out);
    return out;
}

} // namespace Limber::Testing
