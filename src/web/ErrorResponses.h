#pragma once

#include "PageRenderer.h"
#include "WebContext.h"
#include "WebRequest.h"

#include <exception>
#include <string>

namespace Limber {

/// What a client is told to wait when the database does not answer (a restart takes seconds).
constexpr std::int64_t STORE_UNAVAILABLE_RETRY_SECONDS = 5;

/// An error as the web shows it: HTTP status, a stable code and a message for people.
struct WebError {
    int status = 500;
    std::string code;
    std::string message;
    std::vector<FieldError> fields;     ///< for invalid input
    std::int64_t retryAfterSeconds = 0; ///< for 429 and 503: sent as Retry-After
};

/// The one translation from exceptions to HTTP: ValidationException and
/// InvalidArgumentException 400, NotFound 404, NoPermission 403, Exists and IllegalState 409,
/// TooManyAttempts 429, Timeout (every pooled database connection busy) 503 with Retry-After,
/// StoreUnavailable (the database does not answer) 503 "unavailable" with Retry-After
/// STORE_UNAVAILABLE_RETRY_SECONDS, anything else 500 (its text is logged, never shown).
WebError webErrorOf(std::exception_ptr error);

/// {"error":{"code","message","fields":[{"field","message"}]}}
std::string errorJson(const WebError& error);

/// A FHIR OperationOutcome: one issue per field error (expression = the field), else one
/// issue with the message; the issue code follows the status (invalid, not-found, login...).
std::string operationOutcomeJson(const WebError& error);

/// The error as the client expects it: an OperationOutcome under /fhir/,
/// JSON under /api/, else an HTML page. A portal page
/// keeps the header of a signed-in user (menu, name, clinic), also at an address that matched
/// no route, whose request was never signed in.
WebResponse errorResponse(const WebRequest& request, const WebError& error,
                          const WebContext& context);

} // namespace Limber
