#include "ErrorResponses.h"

#include "ApiEndpoints.h"
#include "BrowserLanguage.h"
#include "domain/StoreUnavailable.h"
#include "domain/TextRule.h"
#include "services/ExportService.h"
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
    } catch (const UnknownExportFormat& e) {
        return {404,
                "unknown_format",
                "No export format \"" + e.format() + "\" is offered" +
                    (e.subject() == "program" ? " for programs." : "."),
                {}};
    } catch (const ExportPluginFailed& e) {
        return {502, "export_failed", e.message(), {}};
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
        return {503, "busy", "The server is busy; try again in a moment.", {}, 1};
    } catch (const StoreUnavailable&) {
        return {503,
                "unavailable",
                "The database is not answering; try again in a few seconds.",
                {},
                STORE_UNAVAILABLE_RETRY_SECONDS};
    } catch (...) {
        return {500, "internal", "Something went wrong on our side; it has been logged.", {}};
    }
}

std::string errorJson(const WebError& error) {
    // Messages may quote what the client sent; the body is valid UTF-8 whatever that was.
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("code", error.code);
    body->set("message", withValidUtf8(error.message));
    if (!error.fields.empty()) {
        Poco::JSON::Array::Ptr fields = new Poco::JSON::Array;
        for (const auto& field : error.fields) {
            Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            entry->set("field", withValidUtf8(field.field));
            entry->set("message", withValidUtf8(field.message));
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

std::string operationOutcomeJson(const WebError& error) {
    const int status = error.status;
    const char* code = status == 400                    ? "invalid"
                       : status == 401                  ? "login"
                       : status == 403                  ? "forbidden"
                       : status == 404                  ? "not-found"
                       : status == 405                  ? "not-supported"
                       : status == 409                  ? "conflict"
                       : status == 411 || status == 413 ? "too-costly"
                       : status == 429                  ? "throttled"
                       : status == 503                  ? "transient"
                                                        : "exception";
    auto issue = [code](const std::string& text, const std::string& expression) {
        Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        json->set("severity", "error");
        json->set("code", code);
        Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
        details->set("text", withValidUtf8(text));
        json->set("details", details);
        if (!expression.empty()) {
            Poco::JSON::Array::Ptr expressions = new Poco::JSON::Array;
            expressions->add(withValidUtf8(expression));
            json->set("expression", expressions);
        }
        return json;
    };
    Poco::JSON::Array::Ptr issues = new Poco::JSON::Array;
    for (const auto& field : error.fields)
        issues->add(issue(field.field + ": " + field.message, field.field));
    if (error.fields.empty())
        issues->add(issue(error.message, ""));
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("resourceType", "OperationOutcome");
    root.set("issue", issues);
    std::ostringstream out;
    root.stringify(out);
    return out.str();
}

WebResponse errorResponse(const WebRequest& request, const WebError& error,
                          const WebContext& context) {
    if (request.isFhir()) {
        WebResponse response = WebResponse::json(operationOutcomeJson(error), error.status);
        response.contentType = "application/fhir+json; charset=utf-8";
        if (error.retryAfterSeconds > 0)
            response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
        return response;
    }
    if (request.isApi()) {
        WebResponse response = WebResponse::json(errorJson(error), error.status);
        if (error.retryAfterSeconds > 0)
            response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
        return response;
    }
    PageData data;
    data.set("title", error.status == 404                          ? "Not found"
                      : error.status == 403                        ? "Not allowed"
                      : error.status == 429 || error.status == 503 ? "Please wait"
                                                                   : "Something went wrong");
    data.set("status", text(error.status));
    data.set("message", error.status == 404 && error.message == "Not found."
                            ? "There is nothing at this address. It may be mistyped, or what "
                              "it showed has been removed."
                            : withValidUtf8(error.message));
    const bool patientPage = request.path == "/p" || request.path.rfind("/p/", 0) == 0;
    if (patientPage && error.status == 400) {
        // What a patient's form sent could not be read (not UTF-8, a control character): said
        // in the browser's language, as the patient is not known here.
        const bool spanish = browserLanguage(request) == "es";
        data.set("lang", spanish ? "es" : "en");
        data.set("title", spanish ? "No se pudo leer" : "Could not be read");
        data.set("message", spanish
                                ? "Parte de lo que envió no se pudo leer (por ejemplo, un símbolo "
                                  "especial). Vuelva atrás, quítelo e inténtelo de nuevo."
                                : "Part of what you sent could not be read (a special symbol, for "
                                  "example). Go back, remove it and try again.");
    }
    data.set("patientPage", patientPage);
    if (request.method == "POST")
        data.set("afterPost", request.path);
    // A signed-in user keeps the portal's header on an error page: name, clinic, menu,
    // sign-out. An address no route matched was never signed in: its cookie is read here.
    // The database being down, the header is left out: it would be read from the database.
    std::optional<SignedIn> signedIn =
        error.code == "unavailable" ? std::nullopt : request.signedIn;
    if (!signedIn && !patientPage && error.status == 404) {
        auto cookie = request.cookies.find(SESSION_COOKIE);
        if (cookie != request.cookies.end())
            signedIn = context.accounts.authenticate(cookie->second);
    }
    data.set("signedIn", signedIn.has_value());
    if (signedIn) {
        data.set("userName", signedIn->user.name);
        data.set("csrf", signedIn->session.csrfToken);
        data.set("isAdmin", signedIn->user.role == Role::Admin);
        if (auto clinic = context.accounts.clinic(signedIn->user.clinicId))
            data.set("clinicName", clinic->name);
        setNavigation(data, request.path);
    }
    WebResponse response = WebResponse::html(context.pages.page("error", data), error.status);
    if (error.retryAfterSeconds > 0)
        response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
    return response;
}

} // namespace Limber
