#include "RequestDispatcher.h"

#include "ApiEndpoints.h"
#include "CheckinPages.h"
#include "ErrorResponses.h"
#include "domain/PendingWrites.h"
#include "domain/TextRule.h"
#include "services/Secrets.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <sstream>

namespace Limber {

namespace {

bool isUnsafe(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

/// Methods whose requests carry a body, and so need its length.
bool takesBody(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

/// Whether path is a patient page, reached through a personal link.
bool isPatientPath(const std::string& path) {
    return path == "/p" || path.rfind("/p/", 0) == 0;
}

/// The secret of an "Authorization: Bearer SECRET" header, or empty.
std::string bearerOf(const WebRequest& request) {
    std::string value = request.header("authorization");
    const std::string scheme = "bearer ";
    if (value.size() <= scheme.size() ||
        Poco::icompare(value.substr(0, scheme.size()), scheme) != 0)
        return {};
    return Poco::trim(value.substr(scheme.size()));
}

/// Whether path is the page of a password reset link, whose token is a secret.
bool isResetPath(const std::string& path) {
    return path.rfind("/reset/", 0) == 0;
}

/// The path as logged: patient link and reset link tokens are secrets and never reach the log.
std::string loggedPath(const std::string& path) {
    if (isPatientPath(path))
        return "/p/[link]";
    if (isResetPath(path))
        return "/reset/[link]";
    return path;
}

WebResponse plainError(const WebRequest& request, const WebContext& context, int status,
                       const std::string& code, const std::string& message) {
    return errorResponse(request, {status, code, message, {}}, context);
}

} // namespace

RequestDispatcher::RequestDispatcher(WebContext& context, const Router& router, bool secure)
    : _context(context), _router(router), _secure(secure), _log(Poco::Logger::get("limber.web")) {}

OutgoingResponse RequestDispatcher::dispatch(IncomingRequest& raw, bool keepAlive) {
    auto started = std::chrono::steady_clock::now();
    WebRequest request;
    request.method = raw.head.getMethod();
    request.remoteAddress = raw.clientAddress;
    WebResponse answered;
    // The writes the handler did not wait for (PendingWrites) are durable before the answer
    // goes: it waits for them here, and a failed one answers as if the handler had thrown it.
    PendingWrites written;
    try {
        {
            PendingWrites::Scope scope(written);
            answered = answer(raw, request);
        }
        written.waitAll();
    } catch (...) {
        std::exception_ptr failure = std::current_exception();
        if (std::exception_ptr writeFailure = written.settle())
            failure = writeFailure;
        WebError error = webErrorOf(failure);
        if (error.status >= 500) {
            try {
                std::rethrow_exception(failure);
            } catch (const Poco::Exception& e) {
                _log.error("%s %s failed: %s", request.method, loggedPath(request.path),
                           e.displayText());
            } catch (const std::exception& e) {
                _log.error("%s %s failed: %s", request.method, loggedPath(request.path),
                           std::string(e.what()));
            } catch (...) {
                _log.error("%s %s failed", request.method, loggedPath(request.path));
            }
        }
        try {
            answered = errorResponse(request, error, _context);
        } catch (...) {
            answered = WebResponse::text("Internal error\n", 500);
        }
    }
    if (!answered.headersAreSafe()) {
        // A header value with CR or LF would let the text it came from add headers.
        _log.error("%s %s: a response header held a control character; not sent", request.method,
                   loggedPath(request.path));
        answered = plainError(request, _context, 500, "internal",
                              "Something went wrong on our side; it has been logged.");
    }
    OutgoingResponse response;
    try {
        response = send(request, answered, keepAlive, raw.secure);
    } catch (...) {
        response = send(request, WebResponse::text("Internal error\n", 500), false, raw.secure);
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    logRequest(request.method, request.route, answered.status, answered.body.size(),
               elapsed.count() / 1000.0, request.remoteAddress);
    return response;
}

void RequestDispatcher::logRequest(const std::string& method, const std::string& route, int status,
                                   std::size_t bytes, double milliseconds,
                                   const std::string& clientAddress) {
    if (_context.metrics)
        _context.metrics->recordRequest(method, route.empty() ? UNMATCHED_ROUTE : route, status,
                                        milliseconds / 1000.0);
    if (!_log.information())
        return;
    // The route's pattern, never the path: paths hold link tokens and record numbers, and
    // query strings hold searched names.
    const std::string& shown = route.empty() ? UNMATCHED_ROUTE : route;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", milliseconds);
    Poco::Message line(_log.name(),
                       method + " " + shown + " " + std::to_string(status) + " " +
                           std::to_string(bytes) + " bytes " + duration + " ms " +
                           (clientAddress.empty() ? "-" : clientAddress),
                       Poco::Message::PRIO_INFORMATION);
    line.set("method", method);
    line.set("route", shown);
    line.set("status", std::to_string(status));
    line.set("bytes", std::to_string(bytes));
    line.set("ms", duration);
    line.set("client", clientAddress);
    _log.log(line);
}

OutgoingResponse RequestDispatcher::refuse(const std::string& method, const std::string& path,
                                           const WebError& error, bool keepAlive,
                                           const std::string& clientAddress) {
    WebRequest request;
    request.method = method;
    request.path = path.empty() ? "/" : path;
    WebResponse answered;
    try {
        answered = errorResponse(request, error, _context);
    } catch (...) {
        answered = WebResponse::text(error.message + "\n", error.status);
    }
    if (error.status == 503 && _context.metrics)
        _context.metrics->recordBusy();
    const Route* route = _router.match(method, request.path).route;
    logRequest(method.empty() ? std::string("-") : method, route ? route->pattern : std::string(),
               error.status, answered.body.size(), 0.0, clientAddress);
    return send(request, answered, keepAlive, _secure);
}

WebResponse RequestDispatcher::answer(IncomingRequest& raw, WebRequest& request) {
    for (const auto& [name, value] : raw.head)
        request.headers[Poco::toLower(name)] = value;
    Poco::Net::NameValueCollection cookies;
    raw.head.getCookies(cookies);
    for (const auto& [name, value] : cookies)
        request.cookies[name] = value;
    request.contentType = raw.head.getContentType();

    Poco::URI uri;
    try {
        uri = Poco::URI(raw.head.getURI());
        request.path = uri.getPath();
        request.query = Fields(parseUrlEncoded(uri.getRawQuery()));
    } catch (const Poco::SyntaxException&) {
        // The path as sent, undecoded, so that an /api/ address still answers JSON.
        const std::string& target = raw.head.getURI();
        std::string sent = target.substr(0, target.find_first_of("?#"));
        request.path = withValidUtf8(sent.empty() ? "/" : sent);
        return plainError(request, _context, 400, "bad_request", "The address is malformed.");
    }
    if (request.path.empty())
        request.path = "/";
    // A decoded path with a NUL, a control character or bytes that are not UTF-8 names nothing.
    if (!checkText(request.path, TextKind::Secret, 16 * 1024).ok()) {
        request.path = withValidUtf8(request.path);
        return plainError(request, _context, 404, "not_found", "Not found.");
    }

    // The body arrived whole, within the cap (the connection layer answers 413 otherwise).
    const std::size_t cap = _context.limits.maxBodyBytes;
    if (raw.body.size() > cap)
        return plainError(request, _context, 413, "too_large",
                          "The request body is larger than " + std::to_string(cap) + " bytes.");
    request.body = std::move(raw.body);
    if (request.contentType.rfind("application/x-www-form-urlencoded", 0) == 0) {
        try {
            request.form = Fields(parseUrlEncoded(request.body));
        } catch (const Poco::SyntaxException&) {
            return plainError(request, _context, 400, "bad_request",
                              "The form's encoding is malformed.");
        }
    }

    RouteMatch match = _router.match(request.method, request.path);
    if (!match.route) {
        if (match.pathKnown) {
            WebResponse response = plainError(request, _context, 405, "method_not_allowed",
                                              "This address does not take " + request.method + ".");
            return response;
        }
        return plainError(request, _context, 404, "not_found", "Not found.");
    }
    request.params = match.params;
    request.route = match.route->pattern;
    if (takesBody(request.method) && !raw.head.hasContentLength() &&
        !raw.head.getChunkedTransferEncoding())
        return plainError(request, _context, 411, "length_required",
                          "A request with a body needs a Content-Length.");

    if (isUnsafe(request.method)) {
        // Browsers say where a request came from in Sec-Fetch-Site (all current ones) and
        // Origin. Patient pages send no referrer, so browsers post their forms with
        // "Origin: null"; there the link's form token (checked below) stands in for it.
        std::string site = request.header("sec-fetch-site");
        std::string origin = request.header("origin");
        std::string expected = (raw.secure ? "https://" : "http://") + request.header("host");
        bool nullAllowed = isPatientPath(request.path) && origin == "null";
        if ((!site.empty() && site != "same-origin" && site != "none") ||
            (!origin.empty() && origin != expected && !nullAllowed))
            return plainError(request, _context, 403, "forbidden",
                              "The request came from another site.");
    }

    std::optional<WebResponse> refused = authorize(*match.route, request, uri);
    if (refused)
        return *refused;
    return match.route->handler(request);
}

std::optional<WebResponse> RequestDispatcher::authorize(const Route& route, WebRequest& request,
                                                        const Poco::URI& uri) {
    switch (route.access) {
    case Access::Public:
        return std::nullopt;
    case Access::PatientLink: {
        auto cookie = request.cookies.find(LINK_COOKIE);
        if (cookie == request.cookies.end() || cookie->second.empty() || cookie->second.size() > 64)
            return CheckinPages::notFoundResponse(_context, request);
        request.linkToken = cookie->second;
        if (isUnsafe(request.method) &&
            !equalSecrets(request.form.get("csrf"), _context.links.formTokenOf(request.linkToken)))
            return plainError(request, _context, 403, "forbidden",
                              "The page has expired; open your link again.");
        return std::nullopt;
    }
    case Access::SignedIn:
    case Access::Admin: {
        std::string bearer = request.isApi() ? bearerOf(request) : std::string();
        if (!bearer.empty()) {
            // An API key: no cookie is involved, so no CSRF token is needed. Keys have
            // therapist rights only.
            request.apiClient = _context.accounts.authenticateApiKey(bearer);
            if (!request.apiClient)
                return errorResponse(
                    request, {401, "unauthenticated", "The API key is unknown or revoked.", {}},
                    _context);
            if (route.access == Access::Admin)
                return plainError(request, _context, 403, "forbidden",
                                  "This needs a clinic admin's sign-in.");
            return std::nullopt;
        }
        auto cookie = request.cookies.find(SESSION_COOKIE);
        if (cookie != request.cookies.end())
            request.signedIn = _context.accounts.authenticate(cookie->second);
        if (!request.signedIn) {
            if (request.isApi())
                return errorResponse(request, {401, "unauthenticated", "Sign in first.", {}},
                                     _context);
            if (cookie != request.cookies.end())
                if (auto kept = keepFormOfEndedSession(request, cookie->second))
                    return kept;
            std::string next = request.path;
            if (!uri.getRawQuery().empty())
                next += "?" + uri.getRawQuery();
            std::string encoded;
            Poco::URI::encode(next, "?&=#+/", encoded);
            return WebResponse::redirect("/login?next=" + encoded);
        }
        if (isUnsafe(request.method)) {
            std::string token = request.header("x-csrf-token");
            if (token.empty())
                token = request.form.get("csrf");
            if (!equalSecrets(token, request.signedIn->session.csrfToken))
                return plainError(request, _context, 403, "forbidden",
                                  "The form has expired; reload the page and try again.");
        }
        if (route.access == Access::Admin && request.signedIn->user.role != Role::Admin)
            return plainError(request, _context, 403, "forbidden",
                              "This page is for clinic admins.");
        return std::nullopt;
    }
    }
    return plainError(request, _context, 403, "forbidden", "This address is closed.");
}

std::optional<WebResponse> RequestDispatcher::keepFormOfEndedSession(const WebRequest& request,
                                                                     const std::string& token) {
    if (!isUnsafe(request.method))
        return std::nullopt;
    std::optional<std::string> page = formPageOf(request.path);
    if (!page)
        return std::nullopt;
    // Only a form from the ended session's own pages (its CSRF token) is kept, for its user.
    std::optional<LoginSession> ended = _context.accounts.endedSession(token);
    if (!ended || !equalSecrets(request.form.get("csrf"), ended->csrfToken))
        return std::nullopt;
    // A password typed in a form (a new user's first one) is never kept, even in memory.
    KeptForms::FieldList fields;
    for (const auto& field : request.form.values())
        if (field.first != "password")
            fields.push_back(field);
    std::optional<std::string> id =
        _context.keptForms.keep(ended->userId, request.path, std::move(fields));
    if (!id)
        return std::nullopt;
    std::string encoded;
    Poco::URI::encode(*page, "?&=#+/", encoded);
    WebResponse response = WebResponse::redirect("/login?ended=1&next=" + encoded);
    response.cookies.push_back(
        {KEPT_FORM_COOKIE, *id, static_cast<int>(KeptForms::LIFETIME_SECONDS)});
    return response;
}

std::optional<std::string> formPageOf(const std::string& postPath) {
    static const std::regex PATIENT_FORM("/patients/[0-9]{1,18}/(program|edit|paper-log)");
    static const std::regex EXERCISE_FORM("/admin/exercises/[a-z0-9-]{1,100}");
    if (postPath == "/patients")
        return std::string("/patients/new");
    if (postPath == "/admin/exercises")
        return std::string("/admin/exercises/new");
    if (postPath == "/admin/users" || postPath == "/admin/flags")
        return postPath;
    if (std::regex_match(postPath, PATIENT_FORM))
        return postPath;
    if (std::regex_match(postPath, EXERCISE_FORM) && postPath != "/admin/exercises/new")
        return postPath + "/edit";
    return std::nullopt;
}

OutgoingResponse RequestDispatcher::send(const WebRequest& request, const WebResponse& answer,
                                         bool keepAlive, bool secure) {
    Poco::Net::HTTPResponse response;
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setKeepAlive(keepAlive);
    response.set("Date", Poco::DateTimeFormatter::format(Poco::Timestamp(),
                                                         Poco::DateTimeFormat::HTTP_FORMAT));
    response.set("Server", "Limber");
    if (!answer.contentType.empty())
        response.setContentType(answer.contentType);
    bool cacheSet = false;
    for (const auto& [name, value] : answer.headers) {
        response.set(name, value);
        cacheSet = cacheSet || name == "Cache-Control";
    }
    if (!cacheSet)
        response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    response.set("Cross-Origin-Resource-Policy", "same-origin");
    if (_secure || secure)
        response.set("Strict-Transport-Security", "max-age=31536000");
    response.set("Referrer-Policy", isPatientPath(request.path) ? "no-referrer" : "same-origin");
    response.set("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    if (answer.status == 405) {
        std::string allow;
        for (const auto& route : _router.routes()) {
            if (_router.match(route.method, request.path).route == &route)
                allow += (allow.empty() ? "" : ", ") + route.method;
        }
        response.set("Allow", allow);
    }
    for (const auto& cookie : answer.cookies) {
        // Always Secure, as the __Host- prefix requires: browsers keep Secure cookies on
        // http://127.0.0.1 and http://localhost (loopback counts as a secure context), and
        // Limber refuses plain HTTP anywhere else.
        Poco::Net::HTTPCookie httpCookie(cookie.name, cookie.value);
        httpCookie.setPath("/");
        httpCookie.setHttpOnly(true);
        httpCookie.setSecure(true);
        httpCookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
        if (cookie.maxAgeSeconds)
            httpCookie.setMaxAge(*cookie.maxAgeSeconds);
        response.addCookie(httpCookie);
    }
    response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
    std::ostringstream head;
    response.write(head);
    OutgoingResponse outgoing{answer.status, head.str(), keepAlive};
    if (request.method != "HEAD")
        outgoing.bytes += answer.body;
    return outgoing;
}

} // namespace Limber
