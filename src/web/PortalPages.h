#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// The therapist's portal: server-rendered pages that work without JavaScript.
class PortalPages {
public:
    explicit PortalPages(WebContext& context) : _context(context) {}

    WebResponse home(WebRequest& request);
    WebResponse signInForm(WebRequest& request);
    WebResponse signIn(WebRequest& request);
    WebResponse signOut(WebRequest& request);
    WebResponse patients(WebRequest& request);
    WebResponse newPatientForm(WebRequest& request);
    WebResponse createPatient(WebRequest& request);
    WebResponse patient(WebRequest& request);
    WebResponse programForm(WebRequest& request);
    WebResponse saveProgram(WebRequest& request);
    WebResponse handout(WebRequest& request);
    WebResponse createLink(WebRequest& request);
    WebResponse revokeLink(WebRequest& request);
    WebResponse staticFile(WebRequest& request);

private:
    /// Data every signed-in page has: title, the user, the CSRF token.
    PageData pageData(const WebRequest& request, const std::string& title) const;
    /// The program builder for patient (see ProgramForm.h for where its values come from).
    WebResponse programPage(WebRequest& request, const Patient& patient, const Catalog& catalog,
                            const Fields* submitted, const Prescription* current,
                            const std::vector<FieldError>& errors, const ExerciseQuery& filter,
                            const std::string& templateId, int status);

    WebContext& _context;
};

/// Data every signed-in portal page has: title, the user, the clinic, the CSRF token.
PageData portalPageData(const WebContext& context, const WebRequest& request,
                        const std::string& title);

/// The patient-list order a query's "sort" names (allow-list: name, record, newest; absent:
/// name); throws ValidationException for anything else.
PatientOrder patientOrderOf(const Fields& query);

/// path when it is a path on this server ("/patients/3"), else "/patients": never an
/// address elsewhere (no open redirects).
std::string localPath(const std::string& path);

} // namespace Limber
