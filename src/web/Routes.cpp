#include "Routes.h"

namespace Limber {

Router buildRoutes(WebHandlers& h) {
    Router r;
    auto api = [&h](WebResponse (ApiEndpoints::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.api.*method)(request); };
    };
    auto portal = [&h](WebResponse (PortalPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.portal.*method)(request); };
    };
    auto checkin = [&h](WebResponse (CheckinPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.checkin.*method)(request); };
    };
    auto admin = [&h](WebResponse (AdminPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.admin.*method)(request); };
    };
    auto figures = [&h](WebResponse (FigureImages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.figures.*method)(request); };
    };
    auto catalogApi = [&h](WebResponse (CatalogEndpoints::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.catalogApi.*method)(request); };
    };
    auto catalogPages = [&h](WebResponse (CatalogPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.catalogPages.*method)(request); };
    };
    auto reports = [&h](WebResponse (ReportPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.reports.*method)(request); };
    };
    auto paperLog = [&h](WebResponse (PaperLogPages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.paperLog.*method)(request); };
    };
    auto fhir = [&h](WebResponse (FhirEndpoints::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.fhir.*method)(request); };
    };
    auto cds = [&h](WebResponse (CdsHooksEndpoints::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.cdsHooks.*method)(request); };
    };
    using enum Access;

    // Operations
    r.add("GET", "/healthz", Public, api(&ApiEndpoints::health));
    r.add("GET", "/readyz", Public, api(&ApiEndpoints::ready));
    // Loopback or the metrics bearer token; MetricsEndpoint checks which.
    r.add("GET", "/metrics", Public,
          [&h](WebRequest& request) { return h.metrics.metrics(request); });
    r.add("GET", "/static/{name}", Public, portal(&PortalPages::staticFile));

    // Exercise drawings (SVG), as public as the static files
    r.add("GET", "/figures/{figureId}.svg", Public, figures(&FigureImages::svg));

    // Therapist portal (HTML)
    r.add("GET", "/", SignedIn, portal(&PortalPages::home));
    r.add("GET", "/login", Public, portal(&PortalPages::signInForm));
    r.add("POST", "/login", Public, portal(&PortalPages::signIn));
    r.add("POST", "/logout", SignedIn, portal(&PortalPages::signOut));
    r.add("GET", "/account/password", SignedIn, portal(&PortalPages::passwordForm));
    r.add("POST", "/account/password", SignedIn, portal(&PortalPages::changePassword));
    // A password reset link an admin made: the token in the path is the credential.
    r.add("GET", "/reset/{token}", Public,
          [&h](WebRequest& request) { return h.passwordReset.form(request); });
    r.add("POST", "/reset/{token}", Public,
          [&h](WebRequest& request) { return h.passwordReset.reset(request); });
    r.add("GET", "/patients", SignedIn, portal(&PortalPages::patients));
    r.add("GET", "/patients/new", SignedIn, portal(&PortalPages::newPatientForm));
    r.add("POST", "/patients", SignedIn, portal(&PortalPages::createPatient));
    r.add("GET", "/patients/{id}", SignedIn, portal(&PortalPages::patient));
    r.add("GET", "/patients/{id}/edit", SignedIn, portal(&PortalPages::editPatientForm));
    r.add("POST", "/patients/{id}/edit", SignedIn, portal(&PortalPages::updatePatient));
    r.add("GET", "/patients/{id}/discharge", SignedIn, portal(&PortalPages::dischargeForm));
    r.add("POST", "/patients/{id}/discharge", SignedIn, portal(&PortalPages::dischargePatient));
    r.add("POST", "/patients/{id}/readmit", SignedIn, portal(&PortalPages::readmitPatient));
    r.add("GET", "/patients/{id}/episodes/{episode}", SignedIn,
          portal(&PortalPages::earlierEpisode));
    r.add("GET", "/patients/{id}/program", SignedIn, portal(&PortalPages::programForm));
    r.add("POST", "/patients/{id}/program", SignedIn, portal(&PortalPages::saveProgram));
    r.add("POST", "/patients/{id}/program/preview.pdf", SignedIn,
          portal(&PortalPages::previewHandout));
    r.add("POST", "/patients/{id}/program/check", SignedIn, portal(&PortalPages::checkProgram));
    r.add("GET", "/patients/{id}/handout.pdf", SignedIn, portal(&PortalPages::handout));
    r.add("POST", "/patients/{id}/links", SignedIn, portal(&PortalPages::createLink));
    r.add("POST", "/patients/{id}/links/{linkId}/revoke", SignedIn,
          portal(&PortalPages::revokeLink));

    // Exercise catalog (HTML): browse and search; the clinic's own exercises (admins)
    r.add("GET", "/catalog", SignedIn, catalogPages(&CatalogPages::browse));
    r.add("GET", "/catalog/{exerciseId}", SignedIn, catalogPages(&CatalogPages::exercise));
    r.add("GET", "/admin/exercises/new", Admin, catalogPages(&CatalogPages::newExercise));
    r.add("POST", "/admin/exercises", Admin, catalogPages(&CatalogPages::createExercise));
    r.add("GET", "/admin/exercises/{exerciseId}/edit", Admin,
          catalogPages(&CatalogPages::editExercise));
    r.add("POST", "/admin/exercises/{exerciseId}", Admin,
          catalogPages(&CatalogPages::saveExercise));

    // Adherence: reports and the paper log (HTML, PDF, CSV)
    r.add("GET", "/patients/{id}/report", SignedIn, reports(&ReportPages::patientReport));
    r.add("GET", "/patients/{id}/report.pdf", SignedIn, reports(&ReportPages::patientReportPdf));
    r.add("GET", "/patients/{id}/paper-log", SignedIn, paperLog(&PaperLogPages::form));
    r.add("POST", "/patients/{id}/paper-log", SignedIn, paperLog(&PaperLogPages::save));
    r.add("GET", "/reports/clinic", SignedIn, reports(&ReportPages::clinicReport));
    r.add("GET", "/reports/clinic.pdf", SignedIn, reports(&ReportPages::clinicReportPdf));
    r.add("GET", "/reports/clinic.csv", SignedIn, reports(&ReportPages::clinicReportCsv));
    // Printing with the forms' choices: remembered, then the browser is sent to the PDF
    r.add("POST", "/patients/{id}/handout.pdf", SignedIn, portal(&PortalPages::printHandout));
    r.add("POST", "/patients/{id}/report.pdf", SignedIn, reports(&ReportPages::printPatientReport));
    r.add("POST", "/reports/clinic.pdf", SignedIn, reports(&ReportPages::printClinicReport));

    // Clinic admin (HTML)
    r.add("GET", "/admin/users", Admin, admin(&AdminPages::users));
    r.add("POST", "/admin/users", Admin, admin(&AdminPages::addUser));
    r.add("POST", "/admin/users/{id}/disable", Admin, admin(&AdminPages::disableUser));
    r.add("POST", "/admin/users/{id}/enable", Admin, admin(&AdminPages::enableUser));
    r.add("GET", "/admin/plugins", Admin, admin(&AdminPages::plugins));
    r.add("POST", "/admin/users/{id}/reset-link", Admin, admin(&AdminPages::resetLink));
    r.add("GET", "/admin/api-keys", Admin, admin(&AdminPages::apiKeys));
    r.add("POST", "/admin/api-keys", Admin, admin(&AdminPages::createApiKey));
    r.add("POST", "/admin/api-keys/{id}/revoke", Admin, admin(&AdminPages::revokeApiKey));
    r.add("GET", "/admin/audit", Admin, admin(&AdminPages::audit));
    r.add("GET", "/admin/audit.csv", Admin, admin(&AdminPages::auditCsv));
    r.add("GET", "/admin/flags", Admin, admin(&AdminPages::flagRules));
    r.add("POST", "/admin/flags", Admin, admin(&AdminPages::saveFlagRules));

    // Patient check-in (HTML): the printed code, typed instead of scanning the link
    auto checkinCode = [&h](WebResponse (CheckinCodePages::*method)(WebRequest&)) {
        return [&h, method](WebRequest& request) { return (h.checkinCode.*method)(request); };
    };
    r.add("GET", "/p/code", Public, checkinCode(&CheckinCodePages::form));
    r.add("POST", "/p/code", Public, checkinCode(&CheckinCodePages::submit));

    // Patient check-in (HTML): the printed link swaps its token for a cookie, then /p
    r.add("GET", "/p/{token}", Public, checkin(&CheckinPages::enter));
    r.add("GET", "/p", PatientLink, checkin(&CheckinPages::show));
    r.add("POST", "/p", PatientLink, checkin(&CheckinPages::submit));

    // JSON API
    r.add("GET", "/api/v1/openapi.json", Public, api(&ApiEndpoints::openApi));
    r.add("POST", "/api/v1/auth/login", Public, api(&ApiEndpoints::signIn));
    r.add("POST", "/api/v1/auth/logout", SignedIn, api(&ApiEndpoints::signOut));
    r.add("GET", "/api/v1/exercises", SignedIn, catalogApi(&CatalogEndpoints::listExercises));
    r.add("POST", "/api/v1/exercises", Admin, catalogApi(&CatalogEndpoints::createExercise));
    r.add("GET", "/api/v1/exercises/{exerciseId}", SignedIn,
          catalogApi(&CatalogEndpoints::getExercise));
    r.add("GET", "/api/v1/exercises/{exerciseId}/revisions", SignedIn,
          catalogApi(&CatalogEndpoints::exerciseRevisions));
    r.add("POST", "/api/v1/exercises/{exerciseId}/revisions", Admin,
          catalogApi(&CatalogEndpoints::reviseExercise));
    r.add("GET", "/api/v1/terms", SignedIn, catalogApi(&CatalogEndpoints::terms));
    r.add("GET", "/api/v1/templates", SignedIn, catalogApi(&CatalogEndpoints::listTemplates));
    r.add("GET", "/api/v1/templates/{templateId}", SignedIn,
          catalogApi(&CatalogEndpoints::getTemplate));
    r.add("GET", "/api/v1/education", SignedIn, api(&ApiEndpoints::listEducation));
    r.add("GET", "/api/v1/patients", SignedIn, api(&ApiEndpoints::listPatients));
    r.add("POST", "/api/v1/patients", SignedIn, api(&ApiEndpoints::createPatient));
    r.add("GET", "/api/v1/patients/{id}", SignedIn, api(&ApiEndpoints::getPatient));
    r.add("PATCH", "/api/v1/patients/{id}", SignedIn, api(&ApiEndpoints::updatePatient));
    r.add("POST", "/api/v1/patients/{id}/discharge", SignedIn,
          api(&ApiEndpoints::dischargePatient));
    r.add("POST", "/api/v1/patients/{id}/readmit", SignedIn, api(&ApiEndpoints::readmitPatient));
    r.add("POST", "/api/v1/patients/{id}/programs", SignedIn, api(&ApiEndpoints::createProgram));
    r.add("GET", "/api/v1/patients/{id}/sessions", SignedIn, api(&ApiEndpoints::listSessions));
    r.add("POST", "/api/v1/patients/{id}/sessions", SignedIn, api(&ApiEndpoints::logSession));
    r.add("GET", "/api/v1/patients/{id}/adherence", SignedIn, api(&ApiEndpoints::adherence));
    r.add("POST", "/api/v1/patients/{id}/paper-log", SignedIn, paperLog(&PaperLogPages::saveJson));
    r.add("GET", "/api/v1/patients/{id}/report.pdf", SignedIn,
          reports(&ReportPages::patientReportPdf));
    r.add("GET", "/api/v1/reports/clinic", SignedIn, reports(&ReportPages::clinicReportJson));
    r.add("GET", "/api/v1/reports/clinic.csv", SignedIn, reports(&ReportPages::clinicReportCsv));
    r.add("GET", "/api/v1/patients/{id}/export/{format}", SignedIn,
          reports(&ReportPages::patientExport));
    r.add("GET", "/api/v1/reports/clinic/export/{format}", SignedIn,
          reports(&ReportPages::clinicExport));
    r.add("GET", "/patients/{id}/export/{format}", SignedIn, reports(&ReportPages::patientExport));
    r.add("GET", "/reports/clinic/export/{format}", SignedIn, reports(&ReportPages::clinicExport));
    r.add("GET", "/api/v1/programs/{id}", SignedIn, api(&ApiEndpoints::getProgram));
    r.add("POST", "/api/v1/programs/{id}/versions", SignedIn, api(&ApiEndpoints::reviseProgram));
    r.add("GET", "/api/v1/programs/{id}/versions/{number}", SignedIn,
          api(&ApiEndpoints::getProgramVersion));
    r.add("GET", "/api/v1/programs/{id}/handout.pdf", SignedIn, api(&ApiEndpoints::programHandout));
    r.add("GET", "/api/v1/programs/{id}/export/{format}", SignedIn,
          reports(&ReportPages::programExport));
    r.add("GET", "/patients/{id}/program/export/{format}", SignedIn,
          reports(&ReportPages::patientProgramExport));

    // FHIR R4, read-only (plugin/fhir/README.md): the clinic's API key as bearer token.
    r.add("GET", "/fhir/r4/metadata", Public, fhir(&FhirEndpoints::metadata));
    r.add("GET", "/fhir/r4/Patient/{id}/$everything", SignedIn, fhir(&FhirEndpoints::everything));
    r.add("GET", "/fhir/r4/{type}/{id}", SignedIn, fhir(&FhirEndpoints::read));
    r.add("GET", "/fhir/r4/{type}", SignedIn, fhir(&FhirEndpoints::search));
    r.add("POST", "/fhir/r4/Patient", SignedIn, fhir(&FhirEndpoints::createPatient));
    r.add("PUT", "/fhir/r4/Patient", SignedIn, fhir(&FhirEndpoints::upsertPatient));
    // CDS Hooks: discovery is public; the service checks the EHR's JWT itself.
    r.add("GET", "/cds-services", Public, cds(&CdsHooksEndpoints::discovery));
    r.add("POST", "/cds-services/limber-adherence", Public, cds(&CdsHooksEndpoints::adherence));
    return r;
}

} // namespace Limber
