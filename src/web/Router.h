#pragma once

#include "WebRequest.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

using Handler = std::function<WebResponse(WebRequest&)>;

/// Who may call a route; the dispatcher enforces it before the handler runs, and refuses
/// anything it does not recognise (fails closed).
/// - Public: anyone (sign-in, health, static files, the link swap).
/// - PatientLink: a patient whose link cookie holds a working link (request.linkToken); else
///   the patient's not-found page. State changes also need the page's form token.
/// - SignedIn: a user of a clinic, therapist or admin, by session cookie (state changes need
///   the session's CSRF token) or, under /api/, by the clinic's API key; else 401 for the API
///   and a redirect to the sign-in page for the portal.
/// - Admin: a clinic admin signed in with a session (API keys never are); others get 403.
/// Which clinic's or patient's records a caller reaches is then decided by the services,
/// which scope every query by the actor's clinic.
enum class Access { Public, PatientLink, SignedIn, Admin };

/// The access level's name as the README and tests print it.
const char* toString(Access access);

struct Route {
    std::string method;
    std::string pattern; ///< "/api/v1/patients/{id}": {name} matches one path segment;
                         ///< "{name}.svg" a segment ending in .svg, without the suffix
    Access access = Access::SignedIn;
    Handler handler;
};

/// The outcome of matching a request against the route table.
struct RouteMatch {
    const Route* route = nullptr; ///< null: no route
    std::map<std::string, std::string> params;
    bool pathKnown = false; ///< some route has this path with another method (405, not 404)
};

/// The route table: the API listing in one place, matched in order.
class Router {
public:
    void add(std::string method, std::string pattern, Access access, Handler handler);
    RouteMatch match(const std::string& method, const std::string& path) const;
    const std::vector<Route>& routes() const { return _routes; }

private:
    std::vector<Route> _routes;
};

} // namespace Limber
