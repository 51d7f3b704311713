#include "ApiEndpoints.h"

#include "ApiJson.h"
#include "ErrorResponses.h"
#include "PortalPages.h"
#include "PrintChoicesView.h"
#include "WebFiles.h"
#include "domain/Language.h"
#include "json/JsonReader.h"
#include "json/ProgramJson.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

namespace Limber {

namespace {

/// The fields a patient body may hold (create and update).
const std::vector<std::string_view> PATIENT_FIELDS{
    "name", "firstName", "recordNumber", "language", "birthDate", "phone", "email"};

/// The fields a patient update may hold: the details and how the patient's handouts print.
const std::vector<std::string_view> PATIENT_CHANGE_FIELDS{
    "name",  "firstName", "recordNumber",      "language",       "birthDate",
    "phone", "email",     "handoutLargePrint", "handoutLanguage"};

DefaultDoseLookup doseLookup(const Catalog& catalog) {
    return [&catalog](const std::string& id) { return catalog.defaultDose(id); };
}

std::string languageOf(const Fields& query) {
    std::string language = query.get("lang", "en");
    if (language != "en" && language != "es")
        throw ValidationException("lang", "must be en or es");
    return language;
}

} // namespace

std::optional<Date> dateParam(const Fields& query, const std::string& name) {
    if (!query.has(name))
        return std::nullopt;
    try {
        return Date::parse(query.get(name));
    } catch (const Poco::InvalidArgumentException& error) {
        throw ValidationException(name, error.message());
    }
}

WebResponse ApiEndpoints::health(WebRequest&) {
    return WebResponse::json("{\"status\":\"ok\"}");
}

WebResponse ApiEndpoints::ready(WebRequest&) {
    try {
        _context.store.ping();
    } catch (...) {
        // A probe reads JSON at this address, whatever the error (an outage is 503).
        WebError error = webErrorOf(std::current_exception());
        WebResponse response = WebResponse::json(errorJson(error), error.status);
        if (error.retryAfterSeconds > 0)
            response.headers.emplace_back("Retry-After", std::to_string(error.retryAfterSeconds));
        return response;
    }
    return WebResponse::json("{\"status\":\"ready\"}");
}

WebResponse ApiEndpoints::openApi(WebRequest&) {
    return WebResponse::json(std::string(WebFiles::find("openapi.json")));
}

std::string deviceProofOf(const WebRequest& request) {
    auto cookie = request.cookies.find(DEVICE_COOKIE);
    return cookie == request.cookies.end() ? std::string() : cookie->second;
}

WebResponse ApiEndpoints::signIn(WebRequest& request) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(request.body, "body"), "", errors);
    reader.rejectUnknown({"email", "password"});
    std::string email = reader.string("email", true, 254, TextKind::Plain).value_or("");
    std::string password = reader.string("password", true, 512, TextKind::Secret).value_or("");
    errors.throwIfAny();
    std::optional<SignInGrant> grant =
        _context.accounts.signIn(email, password, request.remoteAddress, deviceProofOf(request));
    if (!grant)
        return WebResponse::json(
            errorJson({401, "unauthenticated", "The email or password is wrong.", {}}), 401);
    Poco::JSON::Object::Ptr json = jsonObject();
    Poco::JSON::Object::Ptr user = jsonObject();
    user->set("id", grant->user.id);
    user->set("name", grant->user.name);
    user->set("email", grant->user.email);
    json->set("user", user);
    json->set("csrfToken", grant->csrfToken);
    auto previous = request.cookies.find(SESSION_COOKIE);
    if (previous != request.cookies.end())
        _context.accounts.signOut(previous->second);
    WebResponse response = WebResponse::json(toJsonText(json));
    response.cookies.push_back({SESSION_COOKIE, grant->token, std::nullopt});
    if (!grant->deviceProof.empty())
        response.cookies.push_back(
            {DEVICE_COOKIE, grant->deviceProof, static_cast<int>(SIGN_IN_DEVICE_SECONDS)});
    return response;
}

WebResponse ApiEndpoints::signOut(WebRequest& request) {
    auto cookie = request.cookies.find(SESSION_COOKIE);
    if (cookie != request.cookies.end())
        _context.accounts.signOut(cookie->second);
    WebResponse response = WebResponse::noContent();
    response.cookies.push_back({SESSION_COOKIE, "", 0});
    return response;
}

WebResponse ApiEndpoints::listEducation(WebRequest& request) {
    std::string language = languageOf(request.query);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const EducationItem* item : _context.catalog.educationItems())
        list->add(educationToJson(*item, language));
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("education", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse ApiEndpoints::listPatients(WebRequest& request) {
    Actor actor = request.actor();
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& patient : _context.patients.list(actor, patientOrderOf(request.query))) {
        auto program = _context.programs.current(actor, patient.id);
        list->add(patientToJson(patient, std::nullopt,
                                program ? std::optional<std::int64_t>(program->id) : std::nullopt));
    }
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("patients", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse ApiEndpoints::createPatient(WebRequest& request) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(request.body, "body"), "", errors);
    reader.rejectUnknown(PATIENT_FIELDS);
    NewPatient input;
    input.name = reader.string("name", true, 120).value_or("");
    input.firstName = reader.string("firstName", false, 60).value_or("");
    input.recordNumber = reader.string("recordNumber", true, 40).value_or("");
    input.language = reader.enumeration("language", false, 8).value_or("en");
    input.birthDate = reader.string("birthDate", false, 10, TextKind::Plain).value_or("");
    input.phone = reader.string("phone", false, 30).value_or("");
    input.email = reader.string("email", false, 254, TextKind::Plain).value_or("");
    errors.throwIfAny();
    Actor actor = request.actor();
    Patient patient = _context.patients.create(actor, input);
    WebResponse response = WebResponse::json(
        toJsonText(patientToJson(patient, _context.links.currentUrl(actor.clinicId, patient.id),
                                 std::nullopt)),
        201);
    response.headers.emplace_back("Location", "/api/v1/patients/" + std::to_string(patient.id));
    return response;
}

WebResponse ApiEndpoints::getPatient(WebRequest& request) {
    Actor actor = request.actor();
    return patientResponse(actor, _context.patients.get(actor, request.idParam("id")));
}

WebResponse ApiEndpoints::updatePatient(WebRequest& request) {
    Actor actor = request.actor();
    const std::int64_t id = request.idParam("id");
    _context.patients.requireInClinic(actor, id);
    FieldErrors errors;
    JsonReader reader(parseJsonObject(request.body, "body"), "", errors);
    reader.rejectUnknown(PATIENT_CHANGE_FIELDS);
    Patient current = _context.patients.get(actor, id);
    PatientDetails input{current.name,     current.firstName, current.recordNumber,
                         current.language, current.birthDate, current.phone,
                         current.email};
    // A field the body names replaces the current value; "" clears an optional one (and is
    // refused for a required one by the service's rule).
    auto replace = [&](const char* key, std::string& field, std::size_t maxLength, TextKind kind) {
        if (reader.has(key))
            field = reader.string(key, false, maxLength, kind).value_or("");
    };
    replace("name", input.name, 120, TextKind::Line);
    replace("firstName", input.firstName, 60, TextKind::Line);
    replace("recordNumber", input.recordNumber, 40, TextKind::Line);
    if (reader.has("language"))
        input.language = reader.enumeration("language", true, 8).value_or("");
    replace("birthDate", input.birthDate, 10, TextKind::Plain);
    replace("phone", input.phone, 30, TextKind::Line);
    replace("email", input.email, 254, TextKind::Plain);
    PrintRequest print;
    if (reader.has("handoutLargePrint"))
        print.largePrint = reader.boolean("handoutLargePrint", true);
    if (reader.has("handoutLanguage")) {
        print.language = reader.string("handoutLanguage", false, 8, TextKind::Plain).value_or("");
        if (!isHandoutLanguage(*print.language))
            reader.fail("handoutLanguage", HANDOUT_LANGUAGE_RULE);
    }
    errors.throwIfAny();
    Patient patient = _context.patients.update(actor, id, input);
    if (print.largePrint || print.language) {
        PrintMemory(_context.store, _context.audit).remember(actor, id, print);
        patient = _context.store.patient(actor.clinicId, id).value_or(patient);
    }
    return patientResponse(actor, patient);
}

WebResponse ApiEndpoints::dischargePatient(WebRequest& request) {
    Actor actor = request.actor();
    return patientResponse(actor, _context.patients.discharge(actor, request.idParam("id")));
}

WebResponse ApiEndpoints::readmitPatient(WebRequest& request) {
    Actor actor = request.actor();
    return patientResponse(actor, _context.patients.readmit(actor, request.idParam("id")));
}

WebResponse ApiEndpoints::patientResponse(const Actor& actor, const Patient& patient) {
    auto program = _context.programs.current(actor, patient.id);
    Poco::JSON::Object::Ptr json =
        patientToJson(patient, _context.links.currentUrl(actor.clinicId, patient.id),
                      program ? std::optional<std::int64_t>(program->id) : std::nullopt);
    json->set("earlierEpisodes",
              earlierEpisodesToJson(_context.patients.earlierEpisodes(actor, patient)));
    return WebResponse::json(toJsonText(json));
}

WebResponse ApiEndpoints::programResponse(const WebRequest& request, const Program& program,
                                          const ProgramVersion& version,
                                          const std::vector<PrescriptionWarning>& warnings,
                                          int status) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, program.patientId);
    ProgramDocument document;
    document.clinic = _context.accounts.clinic(actor.clinicId).value_or(Clinic{});
    document.patient = patient;
    document.language = patient.language;
    document.prescription = version.prescription;
    document.version = version.number;
    if (auto therapist = _context.store.user(patient.therapistId))
        document.therapistName = therapist->name;
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", program.id);
    json->set("patientId", program.patientId);
    Poco::JSON::Object::Ptr body = programDocumentToJson(document);
    std::vector<std::string> names;
    body->getNames(names);
    for (const auto& name : names)
        json->set(name, body->get(name));
    Poco::JSON::Array::Ptr versions = new Poco::JSON::Array;
    for (const auto& each : program.versions) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("number", each.number);
        item->set("effectiveFrom", each.effectiveFrom.toString());
        item->set("createdAt", isoInstant(each.createdAt));
        versions->add(item);
    }
    json->set("versions", versions);
    json->set("warnings", warningsToJson(warnings));
    WebResponse response = WebResponse::json(toJsonText(json), status);
    if (status == 201)
        response.headers.emplace_back("Location", "/api/v1/programs/" + std::to_string(program.id));
    return response;
}

WebResponse ApiEndpoints::createProgram(WebRequest& request) {
    Actor actor = request.actor();
    std::int64_t patientId = request.idParam("id");
    _context.patients.requireInClinic(actor, patientId);
    Catalog catalog = _context.exercises.catalog(actor);
    ProgramDocument document = readProgramDocument(request.body, doseLookup(catalog), false);
    SavedProgram saved = _context.programs.create(actor, patientId, document.prescription);
    return programResponse(request, saved.program, saved.program.current(), saved.warnings, 201);
}

WebResponse ApiEndpoints::getProgram(WebRequest& request) {
    Program program = _context.programs.get(request.actor(), request.idParam("id"));
    return programResponse(
        request, program, program.current(),
        _context.programs.warnings(request.actor(), program.current().prescription), 200);
}

WebResponse ApiEndpoints::getProgramVersion(WebRequest& request) {
    Program program = _context.programs.get(request.actor(), request.idParam("id"));
    const ProgramVersion* version = program.version(static_cast<int>(request.idParam("number")));
    if (!version)
        throw Poco::NotFoundException("version");
    return programResponse(request, program, *version,
                           _context.programs.warnings(request.actor(), version->prescription), 200);
}

WebResponse ApiEndpoints::reviseProgram(WebRequest& request) {
    _context.programs.requireInClinic(request.actor(), request.idParam("id"));
    Catalog catalog = _context.exercises.catalog(request.actor());
    ProgramDocument document = readProgramDocument(request.body, doseLookup(catalog), false);
    SavedProgram saved =
        _context.programs.revise(request.actor(), request.idParam("id"), document.prescription);
    return programResponse(request, saved.program, saved.program.current(), saved.warnings, 201);
}

WebResponse ApiEndpoints::programHandout(WebRequest& request) {
    std::optional<int> version;
    if (request.query.has("version")) {
        try {
            version = std::stoi(request.query.get("version"));
        } catch (const std::exception&) {
            throw ValidationException("version", "must be a version number");
        }
    }
    PrintRequest choices = printRequestOf(request.query);
    Actor actor = request.actor();
    std::int64_t programId = request.idParam("id");
    // Choices not named are the remembered ones; an unknown program is render's 404.
    HandoutOptions options;
    if (auto program = _context.store.program(actor.clinicId, programId))
        if (auto patient = _context.store.patient(actor.clinicId, program->patientId))
            options = PrintMemory(_context.store, _context.audit)
                          .handoutOptions(actor, *patient, choices);
    return WebResponse::pdf(_context.handouts.render(actor, programId, version, options),
                            "handout-" + std::to_string(programId) + ".pdf");
}

WebResponse ApiEndpoints::logSession(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.requireInClinic(actor, request.idParam("id"));
    SessionSource source = SessionSource::Therapist;
    SessionInput input = readSessionInput(request.body, &source);
    // A client that retries sends the same Idempotency-Key: the session is recorded once and
    // the retry gets the stored session back with 200 instead of 201.
    input.submissionId = Poco::trim(request.header("idempotency-key"));
    LoggedSession logged = _context.sessions.log(actor, patient, input, source);
    return WebResponse::json(toJsonText(sessionToJson(logged.session)),
                             logged.repeated ? 200 : 201);
}

WebResponse ApiEndpoints::listSessions(WebRequest& request) {
    Date today = _context.clock.today();
    Date from = dateParam(request.query, "from").value_or(today.plusDays(-365));
    Date to = dateParam(request.query, "to").value_or(today);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& session :
         _context.sessions.list(request.actor(), request.idParam("id"), from, to))
        list->add(sessionToJson(session));
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("sessions", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse ApiEndpoints::adherence(WebRequest& request) {
    Actor actor = request.actor();
    std::int64_t patientId = request.idParam("id");
    _context.patients.get(actor, patientId);
    auto result =
        _context.sessions.adherence(actor.clinicId, patientId, dateParam(request.query, "from"),
                                    dateParam(request.query, "to"));
    if (!result)
        throw Poco::NotFoundException("the patient has no program");
    return WebResponse::json(toJsonText(adherenceToJson(*result)));
}

} // namespace Limber
