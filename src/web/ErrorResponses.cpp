#include "ErrorResponses.h"

#include "services/Throttle.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace Limber {

WebError webErrorOf(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ValidationException& e) {
        return {400, "invalid", e.message(), e.errors()};
    } catch (const Poco::InvalidArgumentException& e) {
        return {400, "invalid", e.message(), {}};
    } catch (const Poco::NotFoundException&) {
        return {404, "not_found", "Not found.", {}};
    } catch (const Poco::NoPermissionException&) {
        return {403, "forbidden", "You may not do that.", {}};
    } catch (const Poco::ExistsException& e) {
        return {409, "conflict", e.message(), {}};
    } catch (const Poco::IllegalStateException& e) {
        return {409, "conflict", e.message(), {}};
    } catch (const TooManyAttemptsException& e) {
        return {429, "too_many_attempts", e.message(), {}, e.retryAfterSeconds()};
    } catch (const Poco::TimeoutException&) {
        return {503, "busy", "The server is busy; try again in a moment.", {}};
    } catch (...) {
        return {500, "internal", "Something went wrong on our side; it has been logged.", {}};
    }
}

std::string errorJson(const WebError& error) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("code", error.code);
    body->set("message", error.message);
    if (!error.fields.empty()) {
        Poco::JSON::Array::Ptr fields = new Poco::JSON::Array;
        for (const auto& field : error.fields) {
            Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            entry->set("field", field.field);
            entry->set("message", field.message);
            fields->add(entry);
        }
        body->set("fields", fields);
    }
    Poco::JSON::Object root;
    root.set("error", body);
    std::ostringstream out;
    root.stringify(out);
    return out.str();
}

WebResponse errorResponse(const WebRequest& request, const WebError& error,
                          const PageRenderer& pages) {
    if (request.isApi()) {
        WebResponse response = WebResponse::json(errorJson(error), error.status);
        if (error.retryAfterSeconds > 0)
            response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
        return response;
    }
    PageData data;
    data.set("title", error.status == 404   ? "Not found"
                      : error.status == 403 ? "Not allowed"
                      : error.status == 429 ? "Please wait"
                                            : "Something went wrong");
    data.set("status", text(error.status));
    data.set("message", error.status == 404 && error.message == "Not found."
                            ? "There is nothing at this address. It may be mistyped, or what "
                              "it showed has been removed."
                            : error.message);
    data.set("patientPage", request.path == "/p" || request.path.rfind("/p/", 0) == 0);
    if (request.method == "POST")
        data.set("afterPost", request.path);
    // A signed-in user keeps the portal's header on an error page: name, menu, sign-out.
    data.set("signedIn", request.signedIn.has_value());
    if (request.signedIn) {
        data.set("userName", request.signedIn->user.name);
        data.set("csrf", request.signedIn->session.csrfToken);
        data.set("isAdmin", request.signedIn->user.role == Role::Admin);
        setNavigation(data, request.path);
    }
    WebResponse response = WebResponse::html(pages.page("error", data), error.status);
    if (error.retryAfterSeconds > 0)
        response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
    return response;
}

} // namespace Limber
