#include "CheckinPages.h"

#include "ApiEndpoints.h"
#include "domain/DoseText.h"
#include "services/ClinicCatalog.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

namespace Limber {

namespace {

struct CheckinText {
    const char* hello;
    const char* intro;
    const char* notRunning;
    const char* doneToday;
    const char* leftSide;
    const char* rightSide;
    const char* done;
    const char* painBefore;
    const char* painAfter;
    const char* painHelp;
    const char* notSaid;
    const char* difficulty;
    const char* easy;
    const char* aboutRight;
    const char* hard;
    const char* note;
    const char* session;
    const char* save;
    const char* saved;
    const char* fixBelow;
    const char* notFoundTitle;
    const char* notFound;
};

const CheckinText ENGLISH{"Hello",
                          "Tick what you did today and tell us how your back feels.",
                          "Your program is not running today. If you think this is wrong, "
                          "please call the clinic.",
                          "Today's exercises",
                          "Left side",
                          "Right side",
                          "Done",
                          "Pain before (0 = none, 10 = worst)",
                          "Pain after",
                          "0 means no pain, 10 the worst pain you can imagine.",
                          "Not said",
                          "How hard was it?",
                          "Easy",
                          "About right",
                          "Hard",
                          "Anything to tell your therapist? (optional)",
                          "Session of the day",
                          "Save today's session",
                          "Saved. Thank you! You can change it until the end of the day.",
                          "Please fix the marked fields.",
                          "This link does not work",
                          "The link may be old or mistyped. Please ask your clinic for a new one."};

const CheckinText SPANISH{"Hola",
                          "Marque lo que hizo hoy y díganos cómo siente la espalda.",
                          "Su programa no está activo hoy. Si cree que es un error, llame a la "
                          "clínica.",
                          "Ejercicios de hoy",
                          "Lado izquierdo",
                          "Lado derecho",
                          "Hecho",
                          "Dolor antes (0 = nada, 10 = el peor)",
                          "Dolor después",
                          "0 es sin dolor, 10 el peor dolor que pueda imaginar.",
                          "Sin indicar",
                          "¿Qué tan difícil fue?",
                          "Fácil",
                          "Adecuado",
                          "Difícil",
                          "¿Algo que decir a su terapeuta? (opcional)",
                          "Sesión del día",
                          "Guardar la sesión de hoy",
                          "Guardado. ¡Gracias! Puede cambiarlo hasta el final del día.",
                          "Corrija los campos marcados.",
                          "Este enlace no funciona",
                          "Puede que el enlace sea antiguo o esté mal escrito. Pida uno nuevo a "
                          "su clínica."};

const CheckinText& textFor(const std::string& language) {
    return language == "es" ? SPANISH : ENGLISH;
}

PageData textData(const CheckinText& t) {
    PageData data;
    data.set("hello", t.hello);
    data.set("intro", t.intro);
    data.set("notRunning", t.notRunning);
    data.set("doneToday", t.doneToday);
    data.set("painBefore", t.painBefore);
    data.set("painAfter", t.painAfter);
    data.set("painHelp", t.painHelp);
    data.set("difficulty", t.difficulty);
    data.set("note", t.note);
    data.set("session", t.session);
    data.set("save", t.save);
    data.set("saved", t.saved);
    data.set("fixBelow", t.fixBelow);
    return data;
}

std::vector<Side> sidesOf(Side doseSide) {
    if (doseSide == Side::Each)
        return {Side::Left, Side::Right};
    return {doseSide};
}

std::string entryKey(const std::string& exerciseId, Side side) {
    return exerciseId + ":" + std::string(toString(side));
}

std::optional<int> painField(const Fields& form, const std::string& name, FieldErrors& errors) {
    std::string value = Poco::trim(form.get(name));
    if (value.empty())
        return std::nullopt;
    int pain = 0;
    if (!Poco::NumberParser::tryParse(value, pain) || pain < 0 || pain > 10) {
        errors.add(name, "must be a number from 0 to 10");
        return std::nullopt;
    }
    return pain;
}

PageData painOptions(const CheckinText& t, const std::string& selected) {
    PageData options{PageData::type::list};
    PageData none;
    none.set("value", "");
    none.set("label", t.notSaid);
    none.set("selected", selected.empty());
    options.push_back(none);
    for (int pain = 0; pain <= 10; ++pain) {
        PageData option;
        option.set("value", std::to_string(pain));
        option.set("label", std::to_string(pain));
        option.set("selected", selected == std::to_string(pain));
        options.push_back(option);
    }
    return options;
}

} // namespace

WebResponse CheckinPages::notFoundResponse(const WebContext& context) {
    const CheckinText& t = ENGLISH;
    PageData data;
    data.set("title", t.notFoundTitle);
    data.set("message", t.notFound);
    data.set("status", "404");
    data.set("patientPage", true);
    WebResponse response = WebResponse::html(context.pages.page("error", data), 404);
    response.cookies.push_back({LINK_COOKIE, "", 0});
    return response;
}

WebResponse CheckinPages::enter(WebRequest& request) {
    const std::string& token = request.params.at("token");
    std::optional<PatientLink> link = _context.checkins.enter(token, request.remoteAddress);
    if (!link)
        return notFoundResponse(_context);
    // The cookie lasts 30 days, or until the link expires if that is sooner; the patient
    // scans the handout's code again after that.
    std::int64_t maxAge = 30 * 24 * 60 * 60;
    if (link->expiresAt)
        maxAge = std::min(maxAge, *link->expiresAt - _context.clock.nowSeconds());
    WebResponse response = WebResponse::redirect("/p");
    response.cookies.push_back(
        {LINK_COOKIE, token, static_cast<int>(std::max<std::int64_t>(maxAge, 1))});
    return response;
}

WebResponse CheckinPages::show(WebRequest& request) {
    std::optional<CheckinView> view =
        _context.checkins.open(request.linkToken, request.remoteAddress);
    if (!view)
        return notFoundResponse(_context);
    return render(*view, request.linkToken, nullptr, {}, request.query.has("saved"), 200);
}

WebResponse CheckinPages::submit(WebRequest& request) {
    const std::string& token = request.linkToken;
    std::optional<CheckinView> view = _context.checkins.open(token, request.remoteAddress);
    if (!view)
        return notFoundResponse(_context);
    const Prescription* prescription = view->prescriptionToday();
    if (!prescription)
        return render(*view, token, &request.form, {}, false, 409);

    FieldErrors errors;
    SessionInput input;
    input.date = view->today;
    std::string slot = request.form.get("slot", "1");
    if (!Poco::NumberParser::tryParse(slot, input.slot))
        errors.add("slot", "must be a number");
    input.painBefore = painField(request.form, "painBefore", errors);
    input.painAfter = painField(request.form, "painAfter", errors);
    input.difficulty = difficultyFromString(request.form.get("difficulty", "not-said"))
                           .value_or(Difficulty::NotSaid);
    input.note = Poco::trim(request.form.get("note"));
    std::vector<std::string> done = request.form.all("done");
    for (const auto& item : prescription->items)
        for (Side side : sidesOf(item.dose.side))
            input.entries.push_back({item.exerciseId, side,
                                     std::find(done.begin(), done.end(),
                                               entryKey(item.exerciseId, side)) != done.end()});
    try {
        errors.throwIfAny();
        _context.checkins.log(token, request.remoteAddress, input);
    } catch (const ValidationException& invalid) {
        return render(*view, token, &request.form, invalid.errors(), false, 400);
    }
    return WebResponse::redirect("/p?saved=1");
}

WebResponse CheckinPages::render(const CheckinView& view, const std::string& token,
                                 const Fields* submitted, const std::vector<FieldError>& errors,
                                 bool saved, int status) {
    const std::string& language = view.patient.language;
    const CheckinText& t = textFor(language);
    PageData data;
    data.set("title", view.patient.firstName);
    data.set("lang", language);
    data.set("patientPage", true);
    data.set("csrf", _context.links.formTokenOf(token));
    data.set("t", textData(t));
    data.set("firstName", view.patient.firstName);
    data.set("today", view.today.toString());
    data.set("saved", saved);
    data.set("hasErrors", !errors.empty());
    PageData errorList{PageData::type::list};
    for (const auto& error : errors)
        errorList.push_back(PageData{"message", error.field + ": " + error.message});
    data.set("errors", errorList);

    const Prescription* prescription = view.prescriptionToday();
    data.set("running", prescription != nullptr);
    if (!prescription)
        return WebResponse::html(_context.pages.page("checkin", data), status);
    data.set("programTitle", prescription->title);

    // What is already logged today (slot 1) pre-fills the form, unless the form came back.
    const Session* logged = nullptr;
    for (const auto& session : view.todaySessions)
        if (session.slot == 1)
            logged = &session;
    auto isDone = [&](const std::string& key) {
        if (submitted) {
            auto all = submitted->all("done");
            return std::find(all.begin(), all.end(), key) != all.end();
        }
        if (logged)
            for (const auto& entry : logged->entries)
                if (entryKey(entry.exerciseId, entry.side) == key)
                    return entry.done;
        return false;
    };

    PageData exercises{PageData::type::list};
    Catalog catalog =
        prescriptionCatalog(_context.store, _context.catalog, view.patient.clinicId, *prescription);
    for (const auto& item : prescription->items) {
        const Exercise* exercise = catalog.exercise(item.exerciseId);
        PageData row;
        row.set("name", exercise ? exercise->textIn(language).name : item.exerciseId);
        row.set("dose", describeDose(item.dose, language));
        PageData checks{PageData::type::list};
        for (Side side : sidesOf(item.dose.side)) {
            PageData check;
            std::string key = entryKey(item.exerciseId, side);
            check.set("value", key);
            check.set("id", "done-" + item.exerciseId + "-" + std::string(toString(side)));
            check.set("label", side == Side::Left    ? t.leftSide
                               : side == Side::Right ? t.rightSide
                                                     : t.done);
            check.set("checked", isDone(key));
            checks.push_back(check);
        }
        row.set("checks", checks);
        exercises.push_back(row);
    }
    data.set("exercises", exercises);

    auto previous = [&](const std::string& name, const std::optional<int>& stored) {
        if (submitted)
            return submitted->get(name);
        return stored ? std::to_string(*stored) : std::string();
    };
    data.set("painBeforeOptions",
             painOptions(t, previous("painBefore", logged ? logged->painBefore : std::nullopt)));
    data.set("painAfterOptions",
             painOptions(t, previous("painAfter", logged ? logged->painAfter : std::nullopt)));
    std::string difficulty = submitted ? submitted->get("difficulty", "not-said")
                             : logged  ? std::string(toString(logged->difficulty))
                                       : "not-said";
    PageData difficulties{PageData::type::list};
    for (const auto& [code, label] : std::vector<std::pair<std::string, const char*>>{
             {"easy", t.easy}, {"about-right", t.aboutRight}, {"hard", t.hard}}) {
        PageData option;
        option.set("value", code);
        option.set("label", label);
        option.set("checked", difficulty == code);
        difficulties.push_back(option);
    }
    data.set("difficulties", difficulties);
    data.set("note", submitted ? submitted->get("note") : logged ? logged->note : "");
    return WebResponse::html(_context.pages.page("checkin", data), status);
}

} // namespace Limber
