// Form and query decoding and the values the web layer builds from request text: decoding
// never crashes and hands out only text that passes the text rule; a sign-in target is a path
// on this site; file names and header values never carry CR or LF; path ids are digits.
#include "domain/TextRule.h"
#include "web/WebRequest.h"

#include <Poco/Exception.h>

#include <cstdint>
#include <cstdlib>

using namespace Limber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& [key, value] : parseUrlEncoded(text))
            if (!checkText(key, TextKind::Received, 1 << 20).ok() ||
                !checkText(value, TextKind::Received, 1 << 20).ok())
                std::abort();
    } catch (const ValidationException&) {
    } catch (const Poco::SyntaxException&) {
    }
    std::string next = sameSitePath(text);
    if (next != "/" && (next != text || next[0] != '/' || (next.size() > 1 && next[1] == '/') ||
                        next.find('\\') != std::string::npos || !isSafeHeaderValue(next)))
        std::abort();
    if (!isSafeHeaderValue(contentDisposition("inline", text)) ||
        !isValidUtf8(contentDisposition("inline", text)))
        std::abort();
    WebRequest request;
    request.params["id"] = text;
    try {
        std::int64_t id = request.idParam("id");
        if (id <= 0 || std::to_string(id) != text)
            std::abort();
    } catch (const Poco::NotFoundException&) {
    }
    return 0;
}
