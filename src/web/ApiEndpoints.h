#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The JSON API under /api/v1: each handler parses, makes one service call and renders.
class ApiEndpoints {
public:
    explicit ApiEndpoints(WebContext& context) : _context(context) {}

    /// Liveness: 200 while the process serves requests; never reads the database.
    WebResponse health(WebRequest& request);
    /// Readiness: 200 only when the store answers; 503 with Retry-After when it does not.
    WebResponse ready(WebRequest& request);
    WebResponse openApi(WebRequest& request);
    WebResponse signIn(WebRequest& request);
    WebResponse signOut(WebRequest& request);
    WebResponse listEducation(WebRequest& request);
    WebResponse listPatients(WebRequest& request);
    WebResponse createPatient(WebRequest& request);
    WebResponse getPatient(WebRequest& request);
    /// PATCH /api/v1/patients/{id}: changes the fields the body names ("" clears an optional
    /// one); the others keep their values.
    WebResponse updatePatient(WebRequest& request);
    WebResponse dischargePatient(WebRequest& request);
    WebResponse readmitPatient(WebRequest& request);
    WebResponse createProgram(WebRequest& request);
    WebResponse getProgram(WebRequest& request);
    WebResponse getProgramVersion(WebRequest& request);
    WebResponse reviseProgram(WebRequest& request);
    WebResponse programHandout(WebRequest& request);
    WebResponse logSession(WebRequest& request);
    WebResponse listSessions(WebRequest& request);
    WebResponse adherence(WebRequest& request);

private:
    /// The patient as JSON, with the check-in URL and the current episode's program.
    WebResponse patientResponse(const Actor& actor, const Patient& patient);
    WebResponse programResponse(const WebRequest& request, const Program& program,
                                const ProgramVersion& version,
                                const std::vector<PrescriptionWarning>& warnings, int status);

    WebContext& _context;
};

/// The sign-in cookie (a browser-session cookie). The __Host- prefix makes browsers refuse it
/// unless it is Secure, has Path=/ and no Domain: no other host or path can plant or read it.
inline constexpr const char* SESSION_COOKIE = "__Host-limber_session";

/// The patient's link cookie: holds the link token after the first visit swapped it out of
/// the address bar.
inline constexpr const char* LINK_COOKIE = "__Host-limber_link";

/// The device cookie: signed proof that this browser signed in to an account before (the
/// last one it signed in to), so that the account's failures from elsewhere do not hold it
/// back (AccountService::signIn). Lasts SIGN_IN_DEVICE_SECONDS; not a sign-in by itself.
inline constexpr const char* DEVICE_COOKIE = "__Host-limber_device";

/// The device cookie a request carries; empty when none.
std::string deviceProofOf(const WebRequest& request);

/// The id of a form kept when its sender's session had ended (KeptForms): never in a URL.
inline constexpr const char* KEPT_FORM_COOKIE = "__Host-limber_kept_form";

/// A date from a query parameter, or fallback when absent; throws ValidationException.
std::optional<Date> dateParam(const Fields& query, const std::string& name);

} // namespace Limber
