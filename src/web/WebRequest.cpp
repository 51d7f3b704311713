#include "WebRequest.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace Limber {

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
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos)
            end = text.size();
        std::string pair = text.substr(start, end - start);
        if (!pair.empty()) {
            std::size_t equals = pair.find('=');
            if (equals == std::string::npos)
                fields.emplace_back(decode(pair), "");
            else
                fields.emplace_back(decode(pair.substr(0, equals)),
                                    decode(pair.substr(equals + 1)));
        }
        start = end + 1;
    }
    return fields;
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
    Poco::Int64 id = 0;
    if (found == params.end() || found->second.size() > 18 ||
        !Poco::NumberParser::tryParse64(found->second, id) || id <= 0)
        throw Poco::NotFoundException(path);
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
    response.headers.emplace_back("Content-Disposition", "inline; filename=\"" + fileName + "\"");
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
