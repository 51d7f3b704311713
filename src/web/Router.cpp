#include "Router.h"

namespace Limber {

namespace {

std::vector<std::string> segmentsOf(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

bool matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
    std::vector<std::string> want = segmentsOf(pattern);
    std::vector<std::string> have = segmentsOf(path);
    if (want.size() != have.size())
        return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const std::string& segment = want[i];
        std::size_t close = segment.find('}');
        if (segment.size() > 2 && segment.front() == '{' && close != std::string::npos) {
            // "{name}" takes the whole segment; "{name}.svg" takes what precedes the suffix.
            std::string suffix = segment.substr(close + 1);
            const std::string& value = have[i];
            if (value.size() <= suffix.size() ||
                value.compare(value.size() - suffix.size(), suffix.size(), suffix) != 0)
                return false;
            found[segment.substr(1, close - 1)] = value.substr(0, value.size() - suffix.size());
        } else if (segment != have[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

} // namespace

const char* toString(Access access) {
    switch (access) {
    case Access::Public:
        return "public";
    case Access::PatientLink:
        return "patient link";
    case Access::SignedIn:
        return "signed in";
    case Access::Admin:
        return "admin";
    }
    return "unknown";
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
    _routes.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    RouteMatch result;
    const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
    for (const auto& route : _routes) {
        std::map<std::string, std::string> params;
        if (!matches(route.pattern, path, params))
            continue;
        if (route.method == wanted) {
            result.route = &route;
            result.params = std::move(params);
            return result;
        }
        result.pathKnown = true;
    }
    return result;
}

} // namespace Limber
