#include "HttpTestClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>

namespace Limber::Testing {

std::string csrfOf(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    auto at = html.find(marker);
    if (at == std::string::npos)
        return {};
    at += marker.size();
    return html.substr(at, html.find('"', at) - at);
}

std::string HttpReply::header(const std::string& lowerCaseName) const {
    auto found = headers.find(lowerCaseName);
    return found == headers.end() ? std::string() : found->second;
}

std::string formEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        std::string encodedName, encodedValue;
        Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]", encodedName);
        Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encodedValue);
        if (!body.empty())
            body += "&";
        body += encodedName + "=" + encodedValue;
    }
    return body;
}

HttpReply HttpTestClient::get(const std::string& path) {
    return request("GET", path, "", "");
}

HttpReply HttpTestClient::postJson(const std::string& path, const std::string& json) {
    return request("POST", path, json, "application/json");
}

HttpReply HttpTestClient::postForm(const std::string& path,
                                   const std::vector<std::pair<std::string, std::string>>& fields) {
    return request("POST", path, formEncode(fields), "application/x-www-form-urlencoded");
}

HttpReply HttpTestClient::request(const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& contentType,
                                  const std::map<std::string, std::string>& headers) {
    Poco::Net::HTTPClientSession session("127.0.0.1", _port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!_cookies.empty()) {
        Poco::Net::NameValueCollection cookies;
        for (const auto& [name, value] : _cookies)
            cookies.add(name, value);
        request.setCookies(cookies);
    }
    if (method != "GET" && method != "HEAD" && !_csrf.empty())
        request.set("X-CSRF-Token", _csrf);
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (method != "GET" && method != "HEAD") {
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!contentType.empty())
            request.setContentType(contentType);
    }
    std::ostream& out = session.sendRequest(request);
    out << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response)
        reply.headers[Poco::toLower(name)] = value;
    std::vector<Poco::Net::HTTPCookie> cookies;
    response.getCookies(cookies);
    for (const auto& cookie : cookies) {
        if (cookie.getMaxAge() == 0)
            _cookies.erase(cookie.getName());
        else
            _cookies[cookie.getName()] = cookie.getValue();
    }
    return reply;
}

HttpReply HttpTestClient::signIn(const std::string& email, const std::string& password) {
    Poco::JSON::Object body;
    body.set("email", email);
    body.set("password", password);
    std::ostringstream json;
    body.stringify(json);
    HttpReply reply = postJson("/api/v1/auth/login", json.str());
    if (reply.status == 200) {
        Poco::JSON::Parser parser;
        auto object = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        _csrf = object->getValue<std::string>("csrfToken");
    }
    return reply;
}

std::string HttpTestClient::cookie(const std::string& name) const {
    auto found = _cookies.find(name);
    return found == _cookies.end() ? std::string() : found->second;
}

} // namespace Limber::Testing
