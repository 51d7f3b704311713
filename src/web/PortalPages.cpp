#include "PortalPages.h"

#include "ApiEndpoints.h"
#include "CatalogQueryParams.h"
#include "CheckinLinkView.h"
#include "EpisodeView.h"
#include "FormErrors.h"
#include "PageDataMove.h"
#include "PrintChoicesView.h"
#include "ProgramChanges.h"
#include "ProgramForm.h"
#include "ReportHtml.h"
#include "SessionText.h"
#include "domain/DateStyle.h"
#include "domain/DoseText.h"
#include "services/PatientQuery.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <ctime>
#include <set>
#include <sstream>

namespace Limber {

namespace {

std::string dayText(const std::optional<Date>& date) {
    return date ? dateText(*date) : "\u2013";
}

const FieldLabels NEW_PATIENT_LABELS{
    {"name", "Full name"},    {"firstName", "First name"},    {"recordNumber", "Record number"},
    {"language", "Language"}, {"birthDate", "Date of birth"}, {"phone", "Phone"},
    {"email", "Email"}};

/// The patient form's fields as posted.
PatientDetails patientDetailsOf(const Fields& form) {
    return {form.get("name"),           form.get("firstName"), form.get("recordNumber"),
            form.get("language", "en"), form.get("birthDate"), form.get("phone"),
            form.get("email")};
}

/// Fills the patient form (new or edit) with details.
void setPatientForm(PageData& data, const PatientDetails& details) {
    data.set("name", details.name);
    data.set("firstName", details.firstName);
    data.set("recordNumber", details.recordNumber);
    data.set("languageEn", details.language != "es");
    data.set("languageEs", details.language == "es");
    data.set("birthDate", details.birthDate);
    data.set("phone", details.phone);
    data.set("email", details.email);
}

/// The form's errors from what a patient service call threw (ValidationException, or
/// ExistsException for a taken record number); rethrows anything else.
std::vector<FieldError> patientFormErrors(const Poco::Exception& error) {
    if (auto* invalid = dynamic_cast<const ValidationException*>(&error))
        return invalid->errors();
    if (dynamic_cast<const Poco::ExistsException*>(&error))
        return {{"recordNumber", error.message()}};
    error.rethrow();
    return {};
}

} // namespace

std::optional<Fields> takeKeptForm(WebContext& context, const WebRequest& request,
                                   const std::string& postPath) {
    auto cookie = request.cookies.find(KEPT_FORM_COOKIE);
    if (cookie == request.cookies.end() || !request.signedIn)
        return std::nullopt;
    auto fields = context.keptForms.take(cookie->second, request.signedIn->user.id, postPath);
    if (!fields)
        return std::nullopt;
    return Fields(std::move(*fields));
}

void forgetKeptForm(WebResponse& response) {
    response.cookies.push_back({KEPT_FORM_COOKIE, "", 0});
}

PatientOrder patientOrderOf(const Fields& query) {
    std::string sort = query.get("sort", "name");
    std::optional<PatientOrder> order = patientOrderFromString(sort);
    if (!order)
        throw ValidationException("sort", "must be name, record or newest");
    return *order;
}

PageData PortalPages::pageData(const WebRequest& request, const std::string& title) const {
    return portalPageData(_context, request, title);
}

PageData portalPageData(const WebContext& context, const WebRequest& request,
                        const std::string& title) {
    PageData data;
    data.set("title", title);
    data.set("signedIn", request.signedIn.has_value());
    setNavigation(data, request.path);
    // A page answering a POST (a form with a mistake) asks the script to turn its history
    // entry into a plain visit of the same address, so Back never resends the form.
    if (request.method == "POST")
        data.set("afterPost", request.path);
    if (request.signedIn) {
        data.set("userName", request.signedIn->user.name);
        data.set("csrf", request.signedIn->session.csrfToken);
        data.set("isAdmin", request.signedIn->user.role == Role::Admin);
        if (auto clinic = context.accounts.clinic(request.signedIn->user.clinicId))
            data.set("clinicName", clinic->name);
    }
    return data;
}

namespace {

/// For a view that may be kept rendered (a signed-in GET), the part of its KeptPages key that
/// names the request: the path, the user with their session's form token, and every field of
/// the query; the page adds what it reads. Empty for any other request.
std::optional<PageKey> keptPageKey(const WebRequest& request) {
    if (!request.signedIn || request.method != "GET")
        return std::nullopt;
    PageKey key;
    key.add(request.path)
        .add(request.signedIn->user.id)
        .add(request.signedIn->user.name)
        .add(static_cast<int>(request.signedIn->user.role))
        .add(request.signedIn->session.csrfToken);
    for (const auto& [name, value] : request.query.values())
        key.add(name).add(value);
    return key;
}

} // namespace

WebResponse PortalPages::home(WebRequest&) {
    return WebResponse::redirect("/patients");
}

WebResponse PortalPages::signInForm(WebRequest& request) {
    PageData data = pageData(request, "Sign in");
    data.set("next", sameSitePath(request.query.get("next", "/patients")));
    data.set("ended", request.query.get("ended") == "1");
    data.set("email", "");
    return WebResponse::html(_context.pages.page("login", data));
}

WebResponse PortalPages::signIn(WebRequest& request) {
    std::string email = request.form.get("email");
    std::string next = sameSitePath(request.form.get("next", "/patients"));
    std::optional<SignInGrant> grant;
    try {
        grant = _context.accounts.signIn(email, request.form.get("password"), request.remoteAddress,
                                         deviceProofOf(request));
    } catch (const TooManyAttemptsException& wait) {
        PageData data = pageData(request, "Sign in");
        data.set("next", next);
        data.set("ended", request.form.get("ended") == "1");
        data.set("email", email);
        data.set("error", wait.message());
        WebResponse response = WebResponse::html(_context.pages.page("login", data), 429);
        response.headers.emplace_back("Retry-After", std::to_string(wait.retryAfterSeconds()));
        return response;
    }
    if (!grant) {
        PageData data = pageData(request, "Sign in");
        data.set("next", next);
        data.set("ended", request.form.get("ended") == "1");
        data.set("email", email);
        data.set("error", "The email or password is wrong.");
        return WebResponse::html(_context.pages.page("login", data), 401);
    }
    // A session the browser already had ends here: the new one has a new id (no fixation).
    auto previous = request.cookies.find(SESSION_COOKIE);
    if (previous != request.cookies.end())
        _context.accounts.signOut(previous->second);
    WebResponse response = WebResponse::redirect(next);
    response.cookies.push_back({SESSION_COOKIE, grant->token, std::nullopt});
    if (!grant->deviceProof.empty())
        response.cookies.push_back(
            {DEVICE_COOKIE, grant->deviceProof, static_cast<int>(SIGN_IN_DEVICE_SECONDS)});
    return response;
}

WebResponse PortalPages::signOut(WebRequest& request) {
    auto cookie = request.cookies.find(SESSION_COOKIE);
    if (cookie != request.cookies.end())
        _context.accounts.signOut(cookie->second);
    WebResponse response = WebResponse::redirect("/login");
    response.cookies.push_back({SESSION_COOKIE, "", 0});
    return response;
}

namespace {

const FieldLabels PASSWORD_LABELS{{"currentPassword", "Current password"},
                                  {"newPassword", "New password"},
                                  {"repeatedPassword", "New password again"}};

WebResponse passwordPage(WebContext& context, const WebRequest& request,
                         const std::vector<FieldError>& errors, int status) {
    PageData data = portalPageData(context, request, "Your password");
    setFormErrors(data, errors, PASSWORD_LABELS);
    data.set("saved", request.query.has("saved"));
    return WebResponse::html(context.pages.page("account_password", data), status);
}

} // namespace

WebResponse PortalPages::passwordForm(WebRequest& request) {
    return passwordPage(_context, request, {}, 200);
}

WebResponse PortalPages::changePassword(WebRequest& request) {
    SignInGrant grant;
    try {
        grant = _context.accounts.changeOwnPassword(
            *request.signedIn, request.form.get("currentPassword"), request.form.get("newPassword"),
            request.form.get("repeatedPassword"), request.remoteAddress);
    } catch (const ValidationException& invalid) {
        return passwordPage(_context, request, invalid.errors(), 400);
    }
    // Every session of the user ended with the change; this browser goes on under a new one.
    WebResponse response = WebResponse::redirect("/account/password?saved=1");
    response.cookies.push_back({SESSION_COOKIE, grant.token, std::nullopt});
    return response;
}

WebResponse PortalPages::patients(WebRequest& request) {
    Actor actor = request.actor();
    PatientQuery search(request.query.get("q"));
    Date today = _context.clock.today();
    // Adherence over the flags' period (the last N days) and today's flags, for every patient
    // at once: the column and the low adherence flag show the same figure.
    const FlagRules rules = _context.reports.flagRules(actor);
    const RecentPeriod period = lastDays(rules.windowDays, today);
    std::shared_ptr<const std::vector<CaseloadLine>> caseload =
        _context.reports.caseload(actor, period.from, period.to, rules);
    const std::vector<CaseloadLine>& lines = *caseload;
    // The lines are computed again whenever the clinic's data changes (its generation moves),
    // today or the rules change, so their identity stands for everything of the clinic the
    // page shows (its name too); the rest is the user, their session and the query.
    std::optional<PageKey> key = keptPageKey(request);
    if (key) {
        key->add(reinterpret_cast<std::intptr_t>(caseload.get()))
            .add(today.toString())
            .add(rules.thresholdPercent)
            .add(rules.windowDays);
        if (auto page = _patientLists.find(key->text())) {
            _context.patients.recordList(actor, lines.size());
            return WebResponse::html(page->filledWith({}));
        }
    }
    std::map<std::int64_t, const CaseloadLine*> lineOf;
    for (const auto& line : lines)
        lineOf[line.patient.id] = &line;
    const int threshold = rules.thresholdPercent;
    auto isLow = [threshold](const CaseloadLine& line) {
        return line.adherence.frequency && *line.adherence.frequency * 100 < threshold - 1e-9;
    };
    // The figures of a patient's row, the same in both tables.
    auto rowOf = [&](const Patient& patient, const CaseloadLine* line) {
        PageData row;
        row.set("id", text(patient.id));
        row.set("name", patient.name);
        row.set("recordNumber", patient.recordNumber);
        row.set("discharged", patient.discharged());
        if (line && line->hasProgram) {
            const AdherenceSummary& s = line->adherence;
            row.set("program", line->programTitle);
            row.set("frequency", percentText(s.frequency));
            row.set("completeness", percentText(s.completeness));
            row.set("lastSession", dayText(line->lastSession));
            row.set("low", isLow(*line));
            std::string labels;
            for (const auto& flag : line->flags)
                labels += (labels.empty() ? "" : ", ") + std::string(labelOf(flag.kind));
            row.set("flagLabels", labels);
            row.set("flags", flagsData(line->flags));
        } else {
            row.set("program", "No program yet");
            row.set("noProgram", true);
            row.set("frequency", "\u2013");
            row.set("completeness", "\u2013");
            row.set("lastSession", "\u2013");
        }
        return row;
    };

    // Without a search: who needs attention first (the most urgent 25; a longer list goes on
    // in the clinic report), then everyone else. A search lists its matches only.
    constexpr std::size_t SHOWN = 25;
    std::vector<std::size_t> followUp = followUpOrder(lines);
    std::set<std::int64_t> attentionIds;
    PageData attention{PageData::type::list};
    reserveItems(attention, std::min(followUp.size(), SHOWN));
    if (search.empty())
        for (std::size_t i = 0; i < followUp.size() && i < SHOWN; ++i) {
            const CaseloadLine& line = lines[followUp[i]];
            pushMoved(attention, rowOf(line.patient, &line));
            attentionIds.insert(line.patient.id);
        }

    // Discharged patients leave the dashboard; a search still finds them.
    PageData rows{PageData::type::list};
    reserveItems(rows, lines.size());
    std::size_t total = 0;
    std::size_t discharged = 0;
    // The caseload read every patient of the clinic already: listed from there, not read again.
    std::vector<Patient> read;
    read.reserve(lines.size());
    for (const auto& line : lines)
        read.push_back(line.patient);
    for (const auto& patient :
         _context.patients.listRead(actor, std::move(read), patientOrderOf(request.query))) {
        if (patient.discharged()) {
            ++discharged;
            if (search.empty())
                continue;
        } else
            ++total;
        if (attentionIds.count(patient.id))
            continue;
        if (!search.matches(patient))
            continue;
        auto found = lineOf.find(patient.id);
        pushMoved(rows, rowOf(patient, found != lineOf.end() ? found->second : nullptr));
    }
    const std::size_t matchCount = rows.list_value().size();
    PageData data = pageData(request, "Patients");
    data.set("hasAttention", !attention.is_empty_list());
    data.set("empty", rows.is_empty_list());
    setMoved(data, "patients", std::move(rows));
    setMoved(data, "attention", std::move(attention));
    data.set("attentionCount", text(static_cast<long long>(followUp.size())));
    data.set("moreAttention", search.empty() && followUp.size() > SHOWN);
    // Flags show beside the name in a search, and for those beyond the attention list.
    data.set("flagColumn", !search.empty() || followUp.size() > SHOWN);
    data.set("moreCount",
             text(static_cast<long long>(followUp.size() - std::min(followUp.size(), SHOWN))));
    data.set("totalCount", text(static_cast<long long>(total)));
    data.set("restCount", text(static_cast<long long>(total - attentionIds.size())));
    data.set("threshold", text(threshold));
    data.set("windowDays", text(rules.windowDays));
    data.set("q", request.query.get("q"));
    data.set("sort", request.query.get("sort", "name"));
    data.set("hasQuery", !search.empty());
    data.set("matchCount", text(static_cast<long long>(matchCount)));
    data.set("noPatients", total == 0 && discharged == 0);
    data.set("dischargedCount", discharged == 1 ? std::string("1 discharged patient is")
                                                : text(static_cast<long long>(discharged)) +
                                                      " discharged patients are");
    data.set("hasDischarged", discharged > 0 && search.empty());
    std::string page = _context.pages.page("patients", data);
    if (key)
        _patientLists.keep(key->text(), KeptPage(page, {}), caseload);
    return WebResponse::html(std::move(page));
}

WebResponse PortalPages::newPatientForm(WebRequest& request) {
    PageData data = pageData(request, "New patient");
    std::optional<Fields> kept = takeKeptForm(_context, request, "/patients");
    setPatientForm(data, kept ? patientDetailsOf(*kept) : PatientDetails{});
    data.set("restored", kept.has_value());
    data.set("formAction", "/patients");
    data.set("submitLabel", "Add patient");
    data.set("cancelHref", "/patients");
    WebResponse response = WebResponse::html(_context.pages.page("patient_new", data));
    if (kept)
        forgetKeptForm(response);
    return response;
}

WebResponse PortalPages::createPatient(WebRequest& request) {
    PatientDetails input = patientDetailsOf(request.form);
    try {
        Patient patient = _context.patients.create(request.actor(), input);
        return WebResponse::redirect("/patients/" + std::to_string(patient.id));
    } catch (const Poco::Exception& error) {
        std::vector<FieldError> errors = patientFormErrors(error);
        PageData data = pageData(request, "New patient");
        data.set("afterPost", "/patients/new");
        setNavigation(data, "/patients/new");
        setPatientForm(data, input);
        data.set("formAction", "/patients");
        data.set("submitLabel", "Add patient");
        data.set("cancelHref", "/patients");
        setFormErrors(data, errors, NEW_PATIENT_LABELS);
        return WebResponse::html(_context.pages.page("patient_new", data), 400);
    }
}

WebResponse PortalPages::editPatientForm(WebRequest& request) {
    Patient patient = _context.patients.get(request.actor(), request.idParam("id"));
    PageData data = pageData(request, "Edit " + patient.name);
    const std::string path = "/patients/" + std::to_string(patient.id);
    std::optional<Fields> kept = takeKeptForm(_context, request, path + "/edit");
    setPatientForm(data, kept ? patientDetailsOf(*kept)
                              : PatientDetails{patient.name, patient.firstName,
                                               patient.recordNumber, patient.language,
                                               patient.birthDate, patient.phone, patient.email});
    data.set("restored", kept.has_value());
    data.set("editing", true);
    data.set("formAction", path + "/edit");
    data.set("submitLabel", "Save changes");
    data.set("cancelHref", path);
    WebResponse response = WebResponse::html(_context.pages.page("patient_new", data));
    if (kept)
        forgetKeptForm(response);
    return response;
}

WebResponse PortalPages::updatePatient(WebRequest& request) {
    const std::int64_t id = request.idParam("id");
    const std::string path = "/patients/" + std::to_string(id);
    PatientDetails input = patientDetailsOf(request.form);
    try {
        _context.patients.update(request.actor(), id, input);
        return WebResponse::redirect(path + "?edited=1");
    } catch (const Poco::Exception& error) {
        std::vector<FieldError> errors = patientFormErrors(error);
        PageData data = pageData(request, "Edit patient");
        data.set("afterPost", path + "/edit");
        setNavigation(data, path + "/edit");
        setPatientForm(data, input);
        data.set("editing", true);
        data.set("formAction", path + "/edit");
        data.set("submitLabel", "Save changes");
        data.set("cancelHref", path);
        setFormErrors(data, errors, NEW_PATIENT_LABELS);
        return WebResponse::html(_context.pages.page("patient_new", data), 400);
    }
}

WebResponse PortalPages::dischargeForm(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    if (patient.discharged())
        return WebResponse::redirect("/patients/" + std::to_string(patient.id));
    PageData data = pageData(request, "Discharge " + patient.name);
    data.set("id", text(patient.id));
    data.set("name", patient.name);
    data.set("recordNumber", patient.recordNumber);
    data.set("today", dateText(_context.clock.today()));
    if (auto program = _context.programs.current(actor, patient.id))
        data.set("programTitle", program->current().prescription.title);
    return WebResponse::html(_context.pages.page("patient_discharge", data));
}

WebResponse PortalPages::dischargePatient(WebRequest& request) {
    const std::int64_t id = request.idParam("id");
    _context.patients.discharge(request.actor(), id);
    return WebResponse::redirect("/patients/" + std::to_string(id) + "?discharged=1");
}

WebResponse PortalPages::readmitPatient(WebRequest& request) {
    const std::int64_t id = request.idParam("id");
    _context.patients.readmit(request.actor(), id);
    return WebResponse::redirect("/patients/" + std::to_string(id) + "?readmitted=1");
}

WebResponse PortalPages::patient(WebRequest& request) {
    Actor actor = request.actor();
    // Read before anything the page shows, so that all of it is at least as new: while the
    // generation stays the same, so does the page (but for its links' expiry, see goodUntil).
    std::optional<PageKey> key = keptPageKey(request);
    const std::optional<std::int64_t> generation =
        key ? _context.store.dataGeneration(actor.clinicId) : std::nullopt;
    if (!generation)
        key.reset();
    // Both reads are audited on every view, kept page or not.
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    std::shared_ptr<const ProgramOverview> overview =
        _context.sessions.overview(actor, patient, generation);
    const std::int64_t now = _context.clock.nowSeconds();
    if (key) {
        key->add(*generation).add(patient.id).add(_context.clock.today().toString());
        if (auto page = _patientPages.find(key->text(), now))
            return WebResponse::html(page->filledWith({}));
    }
    PageData data = pageData(request, patient.name);
    data.set("id", text(patient.id));
    data.set("name", patient.name);
    data.set("recordNumber", patient.recordNumber);
    data.set("language", patient.language == "es" ? "Spanish" : "English");
    data.set("birthDate", patient.birthDate);
    data.set("phone", patient.phone);
    data.set("email", patient.email);
    data.set("hasContact",
             !patient.birthDate.empty() || !patient.phone.empty() || !patient.email.empty());
    data.set("discharged", patient.discharged());
    data.set("inCare", !patient.discharged());
    if (patient.dischargedAt)
        data.set("dischargedAt", timeText(*patient.dischargedAt, _context.clock.timeZone()));
    data.set("admittedAt", timeText(patient.admittedAt, _context.clock.timeZone()));
    data.set("episode", text(patient.episode));
    data.set("laterEpisode", patient.episode > 1);
    data.set("edited", request.query.has("edited"));
    data.set("justDischarged", request.query.has("discharged"));
    data.set("readmitted", request.query.has("readmitted"));
    addPrintChoices(data, patient, PrintMemory(_context.store, _context.audit).paper(actor, {}));
    // The patient's links, read once for the printed link and the list of links.
    const std::vector<PatientLink> patientLinks = _context.patients.links(actor, patient);
    addCheckinLink(data, _context.links.currentForPrinting(patientLinks),
                   _context.links.codeEntryAddress());
    data.set("saved", request.query.has("saved"));
    int savedVersion = 0;
    if (Poco::NumberParser::tryParse(request.query.get("saved"), savedVersion) && savedVersion > 0)
        data.set("savedVersion", text(savedVersion));
    std::int64_t goodUntil = KeptPages::FOREVER;
    PageData links{PageData::type::list};
    for (const auto& link : patientLinks) {
        if (link.worksAt(now) && link.expiresAt)
            goodUntil = std::min(goodUntil, *link.expiresAt);
        PageData row;
        row.set("linkId", text(link.id));
        row.set("patientId", text(patient.id));
        row.set("created", timeText(link.createdAt, _context.clock.timeZone()));
        row.set("expires",
                link.expiresAt ? timeText(*link.expiresAt, _context.clock.timeZone()) : "never");
        row.set("status", link.revokedAt                             ? "revoked"
                          : link.expiresAt && now >= *link.expiresAt ? "expired"
                                                                     : "works");
        row.set("works", link.worksAt(now));
        row.set("url", link.worksAt(now) ? _context.links.urlOf(link) : "");
        pushMoved(links, std::move(row));
    }
    setMoved(data, "links", std::move(links));
    data.set("linkCreated", request.query.has("linkCreated"));
    data.set("linkRevoked", request.query.has("linkRevoked"));

    // The figures and the sessions list from one read (the list audited as such).
    data.set("hasProgram", overview != nullptr);
    if (overview) {
        const PatientAdherence* adherence = &overview->adherence;
        const ProgramVersion& version = adherence->program.current();
        const Prescription& p = version.prescription;
        data.set("programTitle", p.title);
        data.set("programId", text(adherence->program.id));
        data.set("version", text(version.number));
        data.set("startDate", dateText(p.startDate));
        data.set("endDate", dateText(p.endDate));
        PageData items{PageData::type::list};
        reserveItems(items, p.items.size());
        Catalog catalog = _context.exercises.catalogFor(actor, p);
        for (const auto& item : p.items) {
            PageData row;
            const Exercise* exercise = catalog.exercise(item.exerciseId);
            row.set("exerciseId", item.exerciseId);
            row.set("name", exercise ? exercise->textIn("en").name : item.exerciseId);
            row.set("figure", exercise ? optionalText(exercise->figureId) : PageData(false));
            row.set("dose", describeDose(item.dose, "en"));
            row.set("note", item.note);
            row.set("hasNote", !item.note.empty());
            pushMoved(items, std::move(row));
        }
        setMoved(data, "items", std::move(items));
        PageData advice{PageData::type::list};
        for (const auto& id : p.educationIds)
            if (const EducationItem* item = catalog.educationItem(id))
                advice.push_back(PageData{"title", item->textIn("en").title});
        data.set("hasAdvice", !advice.is_empty_list());
        data.set("advice", advice);

        // Every version, newest first, with what it changed and its own handout.
        const Program& program = adherence->program;
        PageData versions{PageData::type::list};
        reserveItems(versions, program.versions.size());
        for (std::size_t i = program.versions.size(); i-- > 0;) {
            const ProgramVersion& each = program.versions[i];
            PageData row;
            row.set("number", text(each.number));
            row.set("from", dateText(each.effectiveFrom));
            row.set("current", i + 1 == program.versions.size());
            row.set("savedAt", timeText(each.createdAt, _context.clock.timeZone()));
            if (auto author = _context.store.user(each.createdBy);
                author && author->clinicId == actor.clinicId)
                row.set("by", author->name);
            std::vector<ProgramChange> list;
            if (i == 0) {
                list.push_back(ProgramChange{{ChangePiece{
                    "First version: " +
                    text(static_cast<long long>(each.prescription.items.size())) + " exercises"}}});
            } else {
                Catalog both = _context.exercises.catalogFor(actor, each.prescription);
                list =
                    programChanges(program.versions[i - 1].prescription, each.prescription, both);
                if (list.empty())
                    list.push_back(ProgramChange{{ChangePiece{"Saved again without changes"}}});
            }
            PageData changes{PageData::type::list};
            for (const auto& change : list) {
                PageData pieces{PageData::type::list};
                for (const auto& piece : change.pieces) {
                    PageData pieceData;
                    pieceData.set("text", piece.text);
                    pieceData.set("typed", piece.typed);
                    pieces.push_back(pieceData);
                }
                changes.push_back(PageData{"pieces", pieces});
            }
            setMoved(row, "changes", std::move(changes));
            row.set("patientId", text(patient.id));
            pushMoved(versions, std::move(row));
        }
        setMoved(data, "versions", std::move(versions));
        data.set("severalVersions", program.versions.size() > 1);
        PageData warnings{PageData::type::list};
        for (const auto& warning : _context.programs.warnings(actor, p))
            warnings.push_back(PageData{"message", warning.message});
        data.set("hasWarnings", !warnings.is_empty_list());
        data.set("warnings", warnings);

        const AdherenceSummary& s = adherence->summary;
        data.set("frequency", percentText(s.frequency));
        data.set("completeness", percentText(s.completeness));
        data.set("loggedSessions", text(s.loggedSessions));
        data.set("activeDays", text(s.activeDays));
        data.set("activeDaysText", text(s.activeDays) + (s.activeDays == 1 ? " day" : " days"));
        data.set("prescribedDays", prescribedDaysText(s));
        data.set("hasFrequency", s.frequency.has_value());
        data.set("daysWithDataLast30", text(s.daysWithDataLast30));
        data.set("currentStreak", text(s.currentStreak));
        data.set("period", countedPeriodText(s.from, s.to));
        data.set("hasFlags", !adherence->flags.empty());
        data.set("flags", flagsData(adherence->flags));
        data.set("weeklyChart", weeklyChartSvg(s, ProgramSchedule::of(adherence->program),
                                               overview->rules.thresholdPercent, 460, 170));

        // The last two weeks' sessions; all of them on request.
        constexpr std::size_t RECENT_SESSIONS = 14;
        const bool allSessions = request.query.get("sessions") == "all";
        PageData sessions{PageData::type::list};
        const std::vector<Session>& list = overview->sessions;
        reserveItems(sessions, allSessions ? list.size() : std::min(list.size(), RECENT_SESSIONS));
        data.set("sessionCount", text(static_cast<long long>(list.size())));
        data.set("sessionCountText", text(static_cast<long long>(list.size())) +
                                         (list.size() == 1 ? " session" : " sessions"));
        data.set("moreSessions", !allSessions && list.size() > RECENT_SESSIONS);
        data.set("allSessions", allSessions && list.size() > RECENT_SESSIONS);
        std::size_t shown = 0;
        for (auto it = list.rbegin(); it != list.rend(); ++it) {
            if (!allSessions && shown++ >= RECENT_SESSIONS)
                break;
            PageData row;
            row.set("date", dateText(it->date));
            row.set("slot", text(it->slot));
            const ProgramVersion* version = nullptr;
            for (const auto& each : program.versions)
                if (each.number == it->programVersion)
                    version = &each;
            row.set("done", sessionDoneText(*it, version));
            row.set("painBefore", painText(it->painBefore));
            row.set("painAfter", painText(it->painAfter));
            row.set("difficulty", difficultyLabel(it->difficulty));
            row.set("source", sourceLabel(it->source));
            row.set("note", it->note);
            pushMoved(sessions, std::move(row));
        }
        data.set("noSessions", sessions.is_empty_list());
        setMoved(data, "sessions", std::move(sessions));
    }
    data.set("exportFormats", exportFormatLinks(_context.exports, "sessions"));
    data.set("programExportFormats", exportFormatLinks(_context.exports, "program"));
    addEarlierEpisodes(data, _context.patients.earlierEpisodes(actor, patient), patient.id,
                       _context.clock.timeZone());
    std::string page = _context.pages.page("patient", data);
    if (key)
        _patientPages.keep(key->text(), KeptPage(page, {}), nullptr, goodUntil);
    return WebResponse::html(std::move(page));
}

WebResponse PortalPages::earlierEpisode(WebRequest& request) {
    Actor actor = request.actor();
    EpisodeRecord record =
        _context.patients.earlierEpisode(actor, request.idParam("id"), request.idParam("episode"));
    PageData data = pageData(request, record.patient.name + ": episode " +
                                          std::to_string(record.episode.episode));
    data.set("episode",
             episodePageData(
                 record, record.patient,
                 [&](const Prescription& p) { return _context.exercises.catalogFor(actor, p); },
                 _context.clock.timeZone()));
    return WebResponse::html(_context.pages.page("patient_episode", data));
}

namespace {

/// The templates a program can start from, titled in the patient's language.
PageData templateOptions(const Catalog& catalog, const std::string& selected,
                         const std::string& language) {
    PageData list{PageData::type::list};
    for (const ProgramTemplate* each : catalog.templates()) {
        const TemplateText& words = each->textIn(language);
        PageData option;
        option.set("value", each->id);
        option.set("label", words.title);
        option.set("summary", words.summary);
        option.set("size", text(static_cast<long long>(each->items.size())) + " exercises, " +
                               text(each->weeks) + " weeks");
        option.set("selected", each->id == selected);
        list.push_back(option);
    }
    return list;
}

} // namespace

WebResponse PortalPages::programPage(WebRequest& request, const Patient& patient,
                                     const Catalog& catalog, const ProgramPageState& state,
                                     int status) {
    Actor actor = request.actor();
    PageData page = pageData(request, "Program for " + patient.name);
    page.set("patientId", text(patient.id));
    page.set("patientName", patient.name);
    page.set("patientLanguage", patient.language == "es" ? "Spanish" : "English");
    page.set("restored", state.restored);
    // Warnings of what the form holds (or the program as saved), each beside its field.
    std::vector<FieldError> warnings;
    try {
        std::optional<Prescription> shown;
        if (state.submitted)
            shown = readProgramForm(*state.submitted, catalog);
        else if (state.current)
            shown = *state.current;
        if (shown && !shown->items.empty())
            warnings =
                programFormWarnings(_context.programs.warnings(actor, *shown), *shown, catalog);
    } catch (const ValidationException&) {
        // A form that cannot be read yet has its errors shown instead.
    }
    page.set("form", programFormData(catalog, state.submitted, state.current, state.errors,
                                     _context.clock.today(), state.filter, warnings));
    page.set("filter", programFilterData(catalog, state.filter));
    PageData templates = templateOptions(catalog, state.templateId, patient.language);
    page.set("hasTemplates", !templates.is_empty_list());
    page.set("templates", templates);
    if (const ProgramTemplate* chosen = catalog.programTemplate(state.templateId))
        page.set("fromTemplate", chosen->textIn(patient.language).title);
    page.set("copiedFrom", optionalText(state.copiedFrom));
    page.set("copiedTitle", state.copiedTitle);

    // Another patient's program to copy: the search and its matches (at most 10 shown).
    page.set("copyQuery", state.copyQuery);
    if (!state.copyQuery.empty()) {
        PatientQuery needle(state.copyQuery);
        PageData matches{PageData::type::list};
        std::size_t found = 0;
        for (const auto& other : _context.patients.list(actor, PatientOrder::Name)) {
            if (other.id == patient.id || !needle.matches(other))
                continue;
            std::optional<Program> program = _context.programs.current(actor, other.id);
            if (!program)
                continue;
            if (++found > 10)
                continue;
            const Prescription& p = program->current().prescription;
            PageData match;
            match.set("id", text(other.id));
            match.set("name", other.name);
            match.set("recordNumber", other.recordNumber);
            match.set("title", p.title);
            match.set("size", text(static_cast<long long>(p.items.size())) + " exercises");
            matches.push_back(match);
        }
        page.set("copySearched", true);
        page.set("copyMatches", matches);
        page.set("noCopyMatch", matches.is_empty_list());
        page.set("moreCopyMatches", found > 10);
    }
    addScript(page, "builder.js");
    return WebResponse::html(_context.pages.page("program_edit", page), status);
}

WebResponse PortalPages::programForm(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    Catalog catalog = _context.exercises.catalog(actor);
    ProgramPageState state;
    state.filter = exerciseQueryOf(request.query, catalog);
    std::optional<Program> program = _context.programs.current(actor, patient.id);
    state.templateId = Poco::trim(request.query.get("template"));
    state.copyQuery = Poco::trim(request.query.get("copySearch"));
    if (state.copyQuery.size() > 80)
        state.copyQuery.resize(80);
    std::optional<Prescription> start;
    if (!state.templateId.empty()) {
        const ProgramTemplate* chosen = catalog.programTemplate(state.templateId);
        if (!chosen)
            throw ValidationException("template", "\"" + state.templateId.substr(0, 80) +
                                                      "\" is not a template of the catalog");
        // A template fills the form in the patient's language; nothing is saved until Save.
        start = chosen->prescription(patient.language, _context.clock.today());
    } else if (request.query.has("copyFrom")) {
        std::int64_t sourceId = 0;
        if (!Poco::NumberParser::tryParse64(request.query.get("copyFrom"), sourceId))
            throw ValidationException("copyFrom", "must be a patient's number");
        Patient source = _context.patients.get(actor, sourceId);
        start = _context.programs.copyOf(actor, source.id, _context.clock.today());
        state.copiedFrom = source.name;
        state.copiedTitle = start->title;
    }
    state.current = start ? &*start : program ? &program->current().prescription : nullptr;
    // What was typed before the session ended comes back once, in place of the saved program.
    std::optional<Fields> kept = takeKeptForm(_context, request, request.path);
    if (kept) {
        state.submitted = &*kept;
        state.restored = true;
        try {
            state.filter = exerciseQueryOf(*kept, catalog);
        } catch (const ValidationException&) {
        }
    }
    WebResponse response = programPage(request, patient, catalog, state, 200);
    if (kept)
        forgetKeptForm(response);
    return response;
}

WebResponse PortalPages::saveProgram(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    Catalog catalog = _context.exercises.catalog(actor);
    ProgramPageState state;
    state.submitted = &request.form;
    std::string action = request.form.get("action");
    // "Filter" (also what Enter in a field does) and the move and remove buttons redraw the
    // form with what was typed; nothing is saved.
    if (action == "filter" || action.rfind("up:", 0) == 0 || action.rfind("down:", 0) == 0 ||
        action.rfind("remove:", 0) == 0) {
        Fields rearranged = rearrangeProgramForm(request.form, catalog, action);
        state.submitted = &rearranged;
        try {
            state.filter = exerciseQueryOf(request.form, catalog);
        } catch (const ValidationException& invalid) {
            state.errors = invalid.errors();
        }
        return programPage(request, patient, catalog, state, state.errors.empty() ? 200 : 400);
    }
    try {
        Prescription prescription = readProgramForm(request.form, catalog);
        try {
            SavedProgram saved = _context.programs.save(actor, patient.id, prescription);
            return WebResponse::redirect("/patients/" + std::to_string(patient.id) +
                                         "?saved=" + text(saved.program.current().number));
        } catch (const ValidationException& invalid) {
            state.errors = programFormErrors(invalid.errors(), prescription);
        }
    } catch (const ValidationException& invalid) {
        state.errors = invalid.errors();
    }
    try {
        state.filter = exerciseQueryOf(request.form, catalog); // keep the rows the therapist saw
    } catch (const ValidationException&) {
    }
    return programPage(request, patient, catalog, state, 400);
}

WebResponse PortalPages::previewHandout(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    Catalog catalog = _context.exercises.catalog(actor);
    ProgramPageState state;
    state.submitted = &request.form;
    try {
        Prescription prescription = readProgramForm(request.form, catalog);
        try {
            HandoutOptions options =
                PrintMemory(_context.store, _context.audit)
                    .handoutOptions(actor, patient, printRequestOf(request.query));
            return WebResponse::pdf(
                _context.handouts.preview(actor, patient.id, prescription, options),
                "handout-preview-" + patient.recordNumber + ".pdf");
        } catch (const ValidationException& invalid) {
            state.errors = programFormErrors(invalid.errors(), prescription);
        }
    } catch (const ValidationException& invalid) {
        state.errors = invalid.errors();
    }
    // What could not be previewed is shown as the builder with its mistakes marked.
    try {
        state.filter = exerciseQueryOf(request.form, catalog);
    } catch (const ValidationException&) {
    }
    return programPage(request, patient, catalog, state, 400);
}

WebResponse PortalPages::checkProgram(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    Catalog catalog = _context.exercises.catalog(actor);
    Poco::JSON::Object answer;
    Poco::JSON::Array::Ptr errors = new Poco::JSON::Array;
    Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
    auto add = [](Poco::JSON::Array::Ptr& list, const FieldError& each) {
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        entry->set("field", each.field);
        entry->set("message", each.message);
        list->add(entry);
    };
    try {
        Prescription prescription = readProgramForm(request.form, catalog);
        for (const auto& each : programFormErrors(prescriptionErrors(prescription), prescription))
            if (each.field != "items" && each.field != "title")
                add(errors, each);
        if (!prescription.items.empty())
            for (const auto& each : programFormWarnings(
                     _context.programs.warnings(actor, prescription), prescription, catalog))
                add(warnings, each);
    } catch (const ValidationException& invalid) {
        for (const auto& each : invalid.errors())
            add(errors, each);
    }
    answer.set("errors", errors);
    answer.set("warnings", warnings);
    std::ostringstream out;
    answer.stringify(out);
    return WebResponse::json(out.str());
}

WebResponse PortalPages::handout(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    std::optional<Program> program = _context.programs.current(actor, patient.id);
    if (!program)
        throw Poco::NotFoundException("the patient has no program to print");
    std::optional<int> version;
    if (request.query.has("version")) {
        int number = 0;
        if (!Poco::NumberParser::tryParse(request.query.get("version"), number) || number < 1)
            throw ValidationException("version", "must be a version number (1, 2, ...)");
        version = number;
    }
    HandoutOptions options = PrintMemory(_context.store, _context.audit)
                                 .handoutOptions(actor, patient, printRequestOf(request.query));
    return WebResponse::pdf(_context.handouts.render(actor, program->id, version, options),
                            "handout-" + patient.recordNumber +
                                (version ? "-v" + text(*version) : "") + ".pdf");
}

WebResponse PortalPages::printHandout(WebRequest& request) {
    Actor actor = request.actor();
    const std::int64_t id = request.idParam("id");
    PrintRequest choices = printRequestOf(request.form);
    choices.largePrint = choices.largePrint.value_or(false); // an unticked box sends nothing
    PrintMemory(_context.store, _context.audit).remember(actor, id, choices);
    return WebResponse::redirect("/patients/" + std::to_string(id) + "/handout.pdf?" +
                                 printQueryOf(choices));
}

WebResponse PortalPages::createLink(WebRequest& request) {
    std::int64_t patientId = request.idParam("id");
    std::string days = Poco::trim(request.form.get("days", "365"));
    int lifetime = 0;
    if (!Poco::NumberParser::tryParse(days, lifetime))
        throw ValidationException("days", "must be a number of days (0: never expires)");
    _context.patients.createLink(request.actor(), patientId, lifetime);
    return WebResponse::redirect("/patients/" + std::to_string(patientId) + "?linkCreated=1");
}

WebResponse PortalPages::revokeLink(WebRequest& request) {
    std::int64_t patientId = request.idParam("id");
    _context.patients.revokeLink(request.actor(), patientId, request.idParam("linkId"));
    return WebResponse::redirect("/patients/" + std::to_string(patientId) + "?linkRevoked=1");
}

WebResponse PortalPages::staticFile(WebRequest& request) {
    const std::string& name = request.params.at("name");
    std::string_view content = PageRenderer::staticFile(name);
    if (content.empty() || name.find("..") != std::string::npos)
        throw Poco::NotFoundException(name);
    WebResponse response;
    response.body = std::string(content);
    auto endsWith = [&name](const char* suffix) {
        std::string_view s(suffix);
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    response.contentType = endsWith(".css")   ? "text/css; charset=utf-8"
                           : endsWith(".js")  ? "text/javascript; charset=utf-8"
                           : endsWith(".svg") ? "image/svg+xml"
                                              : "application/octet-stream";
    response.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return response;
}

} // namespace Limber
