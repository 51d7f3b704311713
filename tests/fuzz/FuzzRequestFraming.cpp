// Request framing as the server reads it: the request line and headers (Poco's HTTP reader,
// with its limits), then the address decoded into path and query fields as the dispatcher
// does. Nothing may crash or hang; anything refused is refused with an exception the
// dispatcher maps to 400 or 404.
#include "domain/TextRule.h"
#include "web/WebRequest.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <cstdint>
#include <sstream>

using namespace Limber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    Poco::Net::HTTPRequest request;
    try {
        request.read(in);
        Poco::URI uri(request.getURI());
        std::string path = uri.getPath();
        if (checkText(path, TextKind::Secret, 16 * 1024).ok())
            parseUrlEncoded(uri.getRawQuery());
        for (const auto& [name, value] : request)
            isSafeHeaderValue(value);
        if (request.hasContentLength())
            request.getContentLength64();
    } catch (const Poco::Exception&) {
    }
    return 0;
}
