#pragma once

#include "Router.h"
#include "WebContext.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <optional>

namespace Limber {

/// The one Poco request handler. For every request it reads the body (capped: 413 over the
/// cap, 411 for a body of unknown length), signs the user in for routes that need it, checks
/// Origin and the CSRF token on state-changing requests, calls the route's handler, turns any
/// exception into a proper error response, adds the security headers and logs one line.
/// A request whose body was not read whole closes its connection, so no stray bytes reach
/// the next request.
class RequestDispatcher : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RequestDispatcher(WebContext& context, const Router& router, bool secure);

    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

private:
    /// Enforces route.access (see Access); a response when the request is refused.
    std::optional<WebResponse> authorize(const Route& route, WebRequest& request,
                                         const Poco::URI& uri);
    WebResponse answer(Poco::Net::HTTPServerRequest& raw, WebRequest& request, bool& bodyRead);
    void send(const WebRequest& request, const WebResponse& answer,
              Poco::Net::HTTPServerResponse& response, bool keepAlive);

    WebContext& _context;
    const Router& _router;
    bool _secure;
    Poco::Logger& _log;
};

} // namespace Limber
