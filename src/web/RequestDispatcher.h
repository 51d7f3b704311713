#pragma once

#include "ErrorResponses.h"
#include "Router.h"
#include "WebContext.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <optional>

namespace Limber {

/// A whole request as the connection layer read it: the head parsed by Poco, the body complete
/// (within the cap), and where it came from.
struct IncomingRequest {
    Poco::Net::HTTPRequest head;
    std::string body;
    std::string clientAddress; ///< the client's, behind a trusted proxy too
    bool secure = false;       ///< https: served over TLS, or so at a trusted proxy
};

/// A response ready for the wire: status line, header fields and body.
struct OutgoingResponse {
    int status = 0;
    std::string bytes;
    bool keepAlive = false; ///< whether the connection stays open after it
};

/// Answers whole requests. For every request it signs the user in for routes that need it,
/// checks Origin and the CSRF token on state-changing requests, calls the route's handler,
/// turns any exception into a proper error response, adds the security headers and logs one
/// line. Thread-safe: workers call dispatch(), the connection layer refuse().
class RequestDispatcher {
public:
    /// secure: the server itself serves TLS (HSTS on every answer).
    RequestDispatcher(WebContext& context, const Router& router, bool secure);

    /// The answer to a complete request; keepAlive: whether the connection may stay open.
    OutgoingResponse dispatch(IncomingRequest& incoming, bool keepAlive);

    /// An answer the connection layer gives without a handler (a framing error, 503 busy, 408
    /// too slow), with the error body of its kind (JSON under /api/, else HTML) and the
    /// security headers. path chooses the kind.
    OutgoingResponse refuse(const std::string& method, const std::string& path,
                            const WebError& error, bool keepAlive,
                            const std::string& clientAddress = {});

    /// The route label of a request that matched no route, in logs and metrics.
    static inline const std::string UNMATCHED_ROUTE = "(unmatched)";

private:
    /// Enforces route.access (see Access); a response when the request is refused.
    std::optional<WebResponse> authorize(const Route& route, WebRequest& request,
                                         const Poco::URI& uri);
    WebResponse answer(IncomingRequest& raw, WebRequest& request);
    /// One log line per request: method, route pattern, status, bytes, duration and client,
    /// also as the message's parameters of the same names (log.format = json prints them).
    void logRequest(const std::string& method, const std::string& route, int status,
                    std::size_t bytes, double milliseconds, const std::string& clientAddress);
    /// When request posts one of the portal's forms (see formPageOf) with the cookie of a
    /// session that ended by time, keeps the form for that session's user (KeptForms) and
    /// answers with the sign-in page's address, saying why; nullopt otherwise.
    std::optional<WebResponse> keepFormOfEndedSession(const WebRequest& request,
                                                      const std::string& token);
    OutgoingResponse send(const WebRequest& request, const WebResponse& answer, bool keepAlive,
                          bool secure);

    WebContext& _context;
    const Router& _router;
    bool _secure;
    Poco::Logger& _log;
};

/// The page that shows the form posted to postPath, for the forms kept across a sign-in:
/// "/patients" (a new patient) is shown by "/patients/new"; a patient's program builder,
/// details form and paper log by their own address; a new clinic exercise ("/admin/exercises")
/// by "/admin/exercises/new", an edited one by "/admin/exercises/{id}/edit"; the admin's
/// new-user and flag-rule forms by their own address. nullopt for any other path (one-click
/// actions such as disable or revoke are not kept).
std::optional<std::string> formPageOf(const std::string& postPath);

} // namespace Limber
