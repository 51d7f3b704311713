#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace Limber::Testing {

/// The value of the hidden CSRF form field (name="csrf") in a page; empty when there is none.
std::string csrfOf(const std::string& html);

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; ///< lower-case names
    std::string header(const std::string& lowerCaseName) const;
};

/// A small HTTP client for tests against a server on 127.0.0.1: keeps cookies like a browser
/// and sends the CSRF token it was given on state-changing requests.
class HttpTestClient {
public:
    explicit HttpTestClient(unsigned short port) : _port(port) {}

    HttpReply get(const std::string& path);
    HttpReply postJson(const std::string& path, const std::string& json);
    HttpReply postForm(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& fields);
    HttpReply request(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& contentType,
                      const std::map<std::string, std::string>& headers = {});

    /// Signs in through the API and keeps the session cookie and CSRF token; returns the reply.
    HttpReply signIn(const std::string& email, const std::string& password);

    const std::string& csrfToken() const { return _csrf; }
    void setCsrfToken(std::string token) { _csrf = std::move(token); }
    void forgetCookies() { _cookies.clear(); }
    void setCookie(const std::string& name, std::string value) {
        _cookies[name] = std::move(value);
    }
    std::string cookie(const std::string& name) const;

private:
    unsigned short _port;
    std::map<std::string, std::string> _cookies;
    std::string _csrf;
};

/// application/x-www-form-urlencoded encoding of fields.
std::string formEncode(const std::vector<std::pair<std::string, std::string>>& fields);

} // namespace Limber::Testing
