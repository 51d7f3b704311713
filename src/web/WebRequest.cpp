#include "WebRequest.h"

#include "domain/TextRule.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace Limber {

namespace {

/// The longest value a form or query field may have, in characters; the body cap limits
/// them further.
constexpr std::size_t MAX_FIELD_CHARACTERS = 1 << 20;

} // namespace

std::vector<std::pair<std::string, std::string>> parseUrlEncoded(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> fields;
    auto decode = [](std::string part) {
        for (char& c : part)
            if (c == '+')
                c = ' ';
        std::string decoded;
        Poco::URI::decode(part, decoded);
        return decoded;
    };
    auto checked = [](const std::string& decoded, const std::string& field) {
        CheckedText text = checkText(decoded, TextKind::Received, MAX_FIELD_CHARACTERS);
        if (!text.ok())
            throw ValidationException(field, text.problem);
        return std::move(text.text);
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos)
            end = text.size();
        std::string pair = text.substr(start, end - start);
        if (!pair.empty()) {
            std::size_t equals = pair.find('=');
            std::string key = decode(pair.substr(0, equals));
            std::string shown = withValidUtf8(key.substr(0, 40));
            for (char& c : shown)
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                    c = '?';
            key = checked(key, shown.empty() ? "(field name)" : shown);
            std::string value =
                equals == std::string::npos ? "" : checked(decode(pair.substr(equals + 1)), key);
            fields.emplace_back(std::move(key), std::move(value));
        }
        start = end + 1;
    }
    return fields;
}

std::string sameSitePath(const std::string& next, const std::string& fallback) {
    if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && next[1] == '/'))
        return fallback;
    for (char c : next) {
        unsigned char byte = static_cast<unsigned char>(c);
        if (c == '\\' || byte <= 0x20 || byte == 0x7F)
            return fallback;
    }
    CheckedText text = checkText(next, TextKind::Secret, 2000);
    if (!text.ok() || text.text != next)
        return fallback;
    // Unicode white space (U+00A0, U+2028, ...) never belongs in a path either.
    for (std::string_view space :
         {"\u00A0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004",
          "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200A", "\u2028",
          "\u2029", "\u202F", "\u205F", "\u3000", "\u200B", "\uFEFF"})
        if (next.find(space) != std::string::npos)
            return fallback;
    return next;
}

std::string contentDisposition(const std::string& disposition, const std::string& fileName) {
    std::string name = withValidUtf8(fileName);
    std::string ascii;
    std::string encoded;
    const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char byte = static_cast<unsigned char>(name[i]);
        bool attrChar = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                        (byte >= '0' && byte <= '9') ||
                        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(byte)) !=
                            std::string_view::npos;
        if (attrChar) {
            encoded += static_cast<char>(byte);
        } else {
            encoded += '%';
            encoded += hex[byte >> 4];
            encoded += hex[byte & 0xF];
        }
        if (byte >= 0x80) {
            // One '_' per character: skip the continuation bytes.
            if ((byte & 0xC0) != 0x80)
                ascii += '_';
        } else if (byte < 0x20 || byte == 0x7F || byte == '"' || byte == '\\' || byte == '%') {
            ascii += '_';
        } else {
            ascii += static_cast<char>(byte);
        }
    }
    return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

bool isSafeHeaderValue(std::string_view value) {
    for (char c : value) {
        unsigned char byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7F)
            return false;
    }
    return true;
}

std::string Fields::get(const std::string& name, const std::string& fallback) const {
    for (const auto& [key, value] : _values)
        if (key == name)
            return value;
    return fallback;
}

bool Fields::has(const std::string& name) const {
    for (const auto& entry : _values)
        if (entry.first == name)
            return true;
    return false;
}

std::vector<std::string> Fields::all(const std::string& name) const {
    std::vector<std::string> list;
    for (const auto& [key, value] : _values)
        if (key == name)
            list.push_back(value);
    return list;
}

std::string WebRequest::header(const std::string& lowerCaseName) const {
    auto found = headers.find(lowerCaseName);
    return found == headers.end() ? std::string() : found->second;
}

std::int64_t WebRequest::idParam(const std::string& name) const {
    auto found = params.find(name);
    if (found == params.end())
        throw Poco::NotFoundException(path);
    const std::string& digits = found->second;
    if (digits.empty() || digits.size() > 18 || digits[0] == '0')
        throw Poco::NotFoundException(path);
    std::int64_t id = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            throw Poco::NotFoundException(path);
        id = id * 10 + (c - '0');
    }
    return id;
}

Actor WebRequest::actor() const {
    Actor actor;
    if (signedIn)
        actor = signedIn->actor();
    else if (apiClient)
        actor = *apiClient;
    else
        throw Poco::IllegalStateException("no signed-in user for " + path);
    actor.address = remoteAddress;
    return actor;
}

bool WebResponse::headersAreSafe() const {
    if (!isSafeHeaderValue(contentType))
        return false;
    for (const auto& [name, value] : headers)
        if (!isSafeHeaderValue(name) || !isSafeHeaderValue(value))
            return false;
    for (const auto& cookie : cookies)
        if (!isSafeHeaderValue(cookie.name) || !isSafeHeaderValue(cookie.value))
            return false;
    return true;
}

WebResponse WebResponse::html(std::string body, int status) {
    WebResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

WebResponse WebResponse::json(std::string body, int status) {
    WebResponse response;
    response.status = status;
    response.contentType = "application/json";
    response.body = std::move(body);
    return response;
}

WebResponse WebResponse::pdf(std::string bytes, const std::string& fileName) {
    WebResponse response;
    response.contentType = "application/pdf";
    response.body = std::move(bytes);
    response.headers.emplace_back("Content-Disposition", contentDisposition("inline", fileName));
    return response;
}

WebResponse WebResponse::text(std::string body, int status) {
    WebResponse response;
    response.status = status;
    response.contentType = "text/plain; charset=utf-8";
    response.body = std::move(body);
    return response;
}

WebResponse WebResponse::redirect(const std::string& location) {
    WebResponse response;
    response.status = 303;
    response.contentType.clear();
    response.headers.emplace_back("Location", location);
    return response;
}

WebResponse WebResponse::noContent() {
    WebResponse response;
    response.status = 204;
    response.contentType.clear();
    return response;
}

} // namespace Limber
