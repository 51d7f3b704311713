#pragma once

#include "WebRequest.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

using Handler = std::function<WebResponse(WebRequest&)>;

/// Who may call a route. SignedIn routes get request.signedIn filled in, or are refused (401
/// for the API, a redirect to the sign-in page for the portal).
enum class Access { Public, SignedIn };

struct Route {
    std::string method;
    std::string pattern; ///< "/api/v1/patients/{id}": {name} matches one path segment
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
