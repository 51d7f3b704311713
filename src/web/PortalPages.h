#pragma once

#include "KeptPages.h"
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
    /// GET and POST /account/password: the signed-in user changes their own password
    /// (AccountService::changeOwnPassword); this browser goes on under a new session.
    WebResponse passwordForm(WebRequest& request);
    WebResponse changePassword(WebRequest& request);
    WebResponse patients(WebRequest& request);
    WebResponse newPatientForm(WebRequest& request);
    WebResponse createPatient(WebRequest& request);
    /// GET and POST /patients/{id}/edit: the patient's details.
    WebResponse editPatientForm(WebRequest& request);
    WebResponse updatePatient(WebRequest& request);
    /// GET /patients/{id}/discharge asks to confirm; POST discharges (PatientService::discharge).
    WebResponse dischargeForm(WebRequest& request);
    WebResponse dischargePatient(WebRequest& request);
    /// POST /patients/{id}/readmit: the patient's next episode of care.
    WebResponse readmitPatient(WebRequest& request);
    WebResponse patient(WebRequest& request);
    WebResponse programForm(WebRequest& request);
    WebResponse saveProgram(WebRequest& request);
    /// POST /patients/{id}/program/preview.pdf: the handout of the builder's form, unsaved.
    WebResponse previewHandout(WebRequest& request);
    /// POST /patients/{id}/program/check: the builder's form checked, as JSON for its script:
    /// {"errors": [{field, message}], "warnings": [...]}, by form field. Saves nothing.
    WebResponse checkProgram(WebRequest& request);
    WebResponse handout(WebRequest& request);
    /// POST /patients/{id}/handout.pdf: remembers the print form's choices (the clinic's
    /// paper, the patient's large print and language) and sends the browser to the handout
    /// printed with them.
    WebResponse printHandout(WebRequest& request);
    WebResponse createLink(WebRequest& request);
    WebResponse revokeLink(WebRequest& request);
    WebResponse staticFile(WebRequest& request);
    /// GET /patients/{id}/episodes/{episode}: an earlier episode of care, read-only.
    WebResponse earlierEpisode(WebRequest& request);

private:
    /// Data every signed-in page has: title, the user, the CSRF token.
    PageData pageData(const WebRequest& request, const std::string& title) const;
    /// What the program builder shows (see ProgramForm.h for where its values come from).
    struct ProgramPageState {
        const Fields* submitted = nullptr;     ///< the form as sent, when it was
        const Prescription* current = nullptr; ///< else this: saved, a template or a copy
        std::vector<FieldError> errors;
        ExerciseQuery filter;
        std::string templateId;  ///< the template chosen, if any
        std::string copiedFrom;  ///< after a copy: the other patient's name ("Ana Ortega")
        std::string copiedTitle; ///< and the title of the program copied
        std::string copyQuery;   ///< the words of a search for a program to copy
        bool restored = false;   ///< submitted is a form kept across a sign-in (KeptForms)
    };
    WebResponse programPage(WebRequest& request, const Patient& patient, const Catalog& catalog,
                            const ProgramPageState& state, int status);

    WebContext& _context;
    /// Patient lists as rendered, kept by everything they show (see patients()); a list of 24
    /// patients is about 40 KB.
    KeptPages _patientLists{16};
    /// Patient pages as rendered, kept by everything they show (see patient()); about 30 KB
    /// each.
    KeptPages _patientPages{64};
};

/// Data every signed-in portal page has: title, the user, the clinic, the CSRF token.
PageData portalPageData(const WebContext& context, const WebRequest& request,
                        const std::string& title);

/// The form the signed-in user posted to postPath when their session had ended, if the
/// browser holds its id (KEPT_FORM_COOKIE) and it is still kept (see KeptForms); given once.
std::optional<Fields> takeKeptForm(WebContext& context, const WebRequest& request,
                                   const std::string& postPath);
/// Makes the browser drop its kept form's id.
void forgetKeptForm(WebResponse& response);

/// The patient-list order a query's "sort" names (allow-list: name, record, newest; absent:
/// name); throws ValidationException for anything else.
PatientOrder patientOrderOf(const Fields& query);

} // namespace Limber
