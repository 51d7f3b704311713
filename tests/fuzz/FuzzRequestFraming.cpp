// Request framing as the connection layer reads it: the head found and checked by HttpFraming
// (then parsed by Poco's HTTP reader), a chunked body decoded as it arrives, then the address
// decoded into path and query fields as the dispatcher does. Nothing may crash or hang; what is
// refused is refused with FramingException (a status the server answers) or Poco's exception.
#include "domain/TextRule.h"
#include "web/HttpFraming.h"
#include "web/WebRequest.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace Limber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    std::size_t end = headEnd(bytes);
    if (end == std::string::npos)
        return 0;
    RequestHead head;
    try {
        parseRequestHead(std::string_view(bytes).substr(0, end), head);
    } catch (const FramingException& refused) {
        // Every refusal is one of the statuses the server answers with an error body.
        if (refused.status() < 400 || refused.status() > 505)
            std::abort();
        return 0;
    } catch (const Poco::Exception&) {
        return 0;
    }
    try {
        std::string rest = bytes.substr(end);
        if (head.framing == BodyFraming::Chunked) {
            ChunkedBody chunked(64 * 1024);
            std::string body;
            if (chunked.feed(rest, body) && body.size() > 64 * 1024)
                std::abort(); // the limit holds
        }
        Poco::URI uri(head.request.getURI());
        std::string path = uri.getPath();
        if (checkText(path, TextKind::Secret, 16 * 1024).ok())
            parseUrlEncoded(uri.getRawQuery());
        for (const auto& [name, value] : head.request)
            isSafeHeaderValue(value);
    } catch (const FramingException&) {
    } catch (const Poco::Exception&) {
    }
    return 0;
}
