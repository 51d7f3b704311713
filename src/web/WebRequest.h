#pragma once

#include "services/AccountService.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace Limber {

/// Decodes an application/x-www-form-urlencoded string (a query or a form body). Keys may
/// repeat; order is kept. Every key and value passes the text rule for received text
/// (checkText with TextKind::Received: valid UTF-8, NFC, no control characters but line feed
/// and tab); throws ValidationException naming the field otherwise, and Poco::SyntaxException
/// for a malformed percent escape ("%zz").
std::vector<std::pair<std::string, std::string>> parseUrlEncoded(const std::string& text);

/// next when it is a path on this site, else fallback: one leading '/', not "//", no
/// backslash, no control or white-space character (the value is already decoded). Browsers
/// read "/\t/evil.example" or "/\\evil.example" as another site, so those never pass.
std::string sameSitePath(const std::string& next, const std::string& fallback = "/");

/// A Content-Disposition value per RFC 6266: disposition ("inline" or "attachment"), an ASCII
/// fallback filename (anything else, quotes and backslashes become '_') and the exact name as
/// filename*=UTF-8''... (percent-encoded).
std::string contentDisposition(const std::string& disposition, const std::string& fileName);

/// Whether value may be sent as a header value: no CR, LF, NUL or other control character but
/// tab. Every header Limber builds is checked with it before it is sent.
bool isSafeHeaderValue(std::string_view value);

/// Repeatable name=value fields of a query string or form.
class Fields {
public:
    Fields() = default;
    explicit Fields(std::vector<std::pair<std::string, std::string>> values)
        : _values(std::move(values)) {}

    /// The first value of name, or fallback.
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    bool has(const std::string& name) const;
    /// Every value of name, in order.
    std::vector<std::string> all(const std::string& name) const;
    const std::vector<std::pair<std::string, std::string>>& values() const { return _values; }

private:
    std::vector<std::pair<std::string, std::string>> _values;
};

/// One HTTP request, read whole (the body is capped) and decoded; what handlers see.
struct WebRequest {
    std::string method;
    std::string path; ///< decoded path without the query
    Fields query;
    Fields form; ///< a urlencoded body's fields
    std::string body;
    std::string contentType;
    std::map<std::string, std::string> headers; ///< lower-case names
    std::map<std::string, std::string> cookies;
    std::map<std::string, std::string> params; ///< from the route pattern: {id} -> "42"
    std::string route; ///< the matched route's pattern ("/api/v1/patients/{id}"); empty: none
    std::string remoteAddress;
    std::optional<SignedIn> signedIn; ///< set for routes that need a signed-in user
    std::optional<Actor> apiClient;   ///< set instead when an API key authenticated the call
    std::string linkToken;            ///< the patient's link token, for PatientLink routes

    /// The header's value, or empty.
    std::string header(const std::string& lowerCaseName) const;
    /// A route parameter as a positive id: digits only, no sign, no leading zero, at most 18
    /// digits. Throws Poco::NotFoundException otherwise (such a path names nothing).
    std::int64_t idParam(const std::string& name) const;
    /// The signed-in user (or API key) as a service Actor, with the client's address; throws
    /// Poco::IllegalStateException if none.
    Actor actor() const;
    /// Under /api/, the FHIR API (/fhir/) or CDS Hooks (/cds-services): a bearer API key may
    /// authenticate, errors are data, not pages.
    bool isApi() const {
        return path.rfind("/api/", 0) == 0 || isFhir() || path.rfind("/cds-services", 0) == 0;
    }
    bool isFhir() const { return path.rfind("/fhir/", 0) == 0; }
};

/// A cookie to set on the response.
struct SetCookie {
    std::string name;
    std::string value;
    std::optional<int> maxAgeSeconds; ///< empty: a session cookie; 0: delete
};

/// What a handler answers.
struct WebResponse {
    int status = 200;
    std::string contentType = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<SetCookie> cookies;

    /// Whether every header and cookie value passes isSafeHeaderValue.
    bool headersAreSafe() const;

    static WebResponse html(std::string body, int status = 200);
    static WebResponse json(std::string body, int status = 200);
    static WebResponse pdf(std::string bytes, const std::string& fileName);
    static WebResponse text(std::string body, int status = 200);
    /// 303 See Other to location (a path on this server).
    static WebResponse redirect(const std::string& location);
    /// 204 No Content.
    static WebResponse noContent();
};

} // namespace Limber
