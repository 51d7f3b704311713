#include "CheckinPages.h"

#include "ApiEndpoints.h"
#include "BrowserLanguage.h"
#include "domain/DateStyle.h"
#include "domain/DoseText.h"
#include "services/ClinicCatalog.h"
#include "services/Secrets.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <array>

namespace Limber {

namespace {

struct CheckinText {
    const char* hello;
    const char* intro;
    const char* notRunning;
    const char* whichDay;
    const char* today;
    const char* yesterday;
    const char* anotherDay;
    const char* show;
    const char* logged;
    const char* session;
    const char* exercisesOf;
    const char* leftSide;
    const char* rightSide;
    const char* done;
    const char* painBefore;
    const char* painAfter;
    const char* painHelp; ///< the scale, read out after the pain questions
    const char* notSaid;
    const char* difficulty;
    const char* easy;
    const char* aboutRight;
    const char* hard;
    const char* note;
    const char* saveToday;    ///< {n}: the session's number, empty for a once-a-day program
    const char* saveDay;      ///< {n} as above, {day}: "Tue 24 Nov"
    const char* saved;        ///< after saving today's session
    const char* savedPastDay; ///< after saving an earlier day's
    const char* fixBelow;
    const char* future;
    const char* outside;
    const char* badDate;
    const char* notFoundTitle;
    const char* notFound;
    const char* const* weekdays;
    const char* language; ///< "en", "es": how dates are written (DateStyle.h)
    // The hold timer (templates/static/timer.js) and the exercise drawings.
    const char* drawingOf; ///< {name}
    const char* timerStart;
    const char* timerPause;
    const char* timerResume;
    const char* timerStop;
    const char* timerRep;    ///< {n} of {m}
    const char* timerBreath; ///< {n} of {m}
    const char* timerHold;   ///< "Hold"
    const char* timerSwitch; ///< the cue between the two sides
    const char* timerRelax;  ///< rest between repetitions
    const char* timerGetReady;
    const char* timerFinished;
    const char* timerSound;
    const char* timerSeconds; ///< unit after the countdown
    const char* timerBreaths;
    const char* painNone;  ///< under the 0 of the pain scale
    const char* painWorst; ///< under the 10
    const char* painRange;
    const char* noteRefused; ///< a note the text rule refuses (SessionLimits::MAX_NOTE)
    // An exercise's instructions, folded under its dose.
    const char* howTo;
    const char* takeCare;      ///< above the precautions
    const char* fromTherapist; ///< before the therapist's note
    const char* timerSoundOn;  ///< the state of the beep-and-vibrate switch
    const char* timerSoundOff;
};

const char* const WEEKDAYS_EN[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const WEEKDAYS_ES[] = {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"};

const CheckinText ENGLISH{
    "Hello",
    "Tick what you did and tell us how your back feels.",
    "Your program is not running today. If you think this is wrong, please call the clinic.",
    "Other days",
    "Today",
    "Yesterday",
    "Pick a day",
    "Show",
    "logged",
    "Session",
    "Exercises of",
    "Left side",
    "Right side",
    "Done",
    "Pain before",
    "Pain after",
    "(0 = no pain, 10 = the worst pain you can imagine)",
    "Not said",
    "How hard was it?",
    "Easy",
    "About right",
    "Hard",
    "Anything to tell your therapist? (optional)",
    "Save today's session {n}",
    "Save session {n} of {day}",
    "Saved. Thank you! You can change it any time today.",
    "Saved. Thank you! To change it, pick that day again on this page.",
    "Please fix the marked fields.",
    "That day has not come yet. Pick today or an earlier day.",
    "That day is outside your program",
    "Please pick a real date.",
    "This link does not work",
    "It may be old, replaced by a newer handout, or mistyped. Please call the clinic that gave "
    "you your handout (its phone number is at the top of the first page) and ask for a new one.",
    WEEKDAYS_EN,
    "en",
    "Drawing of {name}",
    "Start the timer",
    "Pause",
    "Go on",
    "Stop",
    "Repetition {n} of {m}",
    "Breath {n} of {m}",
    "Hold",
    "Switch sides",
    "Relax",
    "Get ready",
    "Well done! Ticked for you below.",
    "Beep and vibrate",
    "seconds",
    "breaths",
    "no pain",
    "worst pain",
    "Pick a number from 0 to 10.",
    "Your note can hold up to 1000 letters, digits and punctuation marks, on several lines. "
    "Please leave out emoji and special symbols.",
    "How to do it",
    "Take care",
    "From your therapist:",
    "On",
    "Off"};

const CheckinText SPANISH{
    "Hola",
    "Marque lo que hizo y díganos cómo siente la espalda.",
    "Su programa no está activo hoy. Si cree que es un error, llame a la clínica.",
    "Otros días",
    "Hoy",
    "Ayer",
    "Elegir un día",
    "Ver",
    "registrado",
    "Sesión",
    "Ejercicios del",
    "Lado izquierdo",
    "Lado derecho",
    "Hecho",
    "Dolor antes",
    "Dolor después",
    "(0 = sin dolor, 10 = el peor dolor que pueda imaginar)",
    "Sin indicar",
    "¿Qué tan difícil fue?",
    "Fácil",
    "Adecuado",
    "Difícil",
    "¿Algo que decir a su terapeuta? (opcional)",
    "Guardar la sesión {n} de hoy",
    "Guardar la sesión {n} del {day}",
    "Guardado. ¡Gracias! Puede cambiarlo durante todo el día.",
    "Guardado. ¡Gracias! Para cambiarlo, elija ese día otra vez en esta página.",
    "Corrija los campos marcados.",
    "Ese día aún no ha llegado. Elija hoy o un día anterior.",
    "Ese día está fuera de su programa",
    "Elija una fecha válida.",
    "Este enlace no funciona",
    "Puede que sea antiguo, que una hoja más reciente lo haya sustituido o que esté mal escrito. "
    "Llame a la clínica que le dio su hoja de ejercicios (su teléfono está arriba, en la primera "
    "página) y pida uno nuevo.",
    WEEKDAYS_ES,
    "es",
    "Dibujo de {name}",
    "Iniciar el temporizador",
    "Pausa",
    "Seguir",
    "Parar",
    "Repetición {n} de {m}",
    "Respiración {n} de {m}",
    "Mantenga",
    "Cambie de lado",
    "Relájese",
    "Prepárese",
    "¡Muy bien! Lo marcamos abajo por usted.",
    "Pitido y vibración",
    "segundos",
    "respiraciones",
    "sin dolor",
    "el peor dolor",
    "Elija un número del 0 al 10.",
    "Su nota puede tener hasta 1000 letras, números y signos de puntuación, en varias líneas. "
    "No use emojis ni símbolos especiales.",
    "Cómo hacerlo",
    "Precauciones",
    "De su terapeuta:",
    "Sí",
    "No"};

const CheckinText& textFor(const std::string& language) {
    return language == "es" ? SPANISH : ENGLISH;
}

/// text with every {key} replaced by value; a doubled or trailing space left by an empty value
/// is closed up.
std::string replaceAll(std::string text, const std::string& key, const std::string& value) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    for (auto at = text.find("  "); at != std::string::npos; at = text.find("  "))
        text.erase(at, 1);
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

/// "Tue 24 Nov" / "mar 24 nov".
std::string dayLabel(const CheckinText& t, Date day) {
    return std::string(t.weekdays[day.weekday() - 1]) + " " + dayMonthText(day, t.language);
}

PageData textData(const CheckinText& t) {
    PageData data;
    data.set("hello", t.hello);
    data.set("intro", t.intro);
    data.set("notRunning", t.notRunning);
    data.set("whichDay", t.whichDay);
    data.set("anotherDay", t.anotherDay);
    data.set("show", t.show);
    data.set("session", t.session);
    data.set("painBefore", t.painBefore);
    data.set("painAfter", t.painAfter);
    data.set("painHelp", t.painHelp);
    data.set("difficulty", t.difficulty);
    data.set("note", t.note);
    data.set("saved", t.saved);
    data.set("fixBelow", t.fixBelow);
    data.set("painNone", t.painNone);
    data.set("painWorst", t.painWorst);
    data.set("notSaid", t.notSaid);
    // The hold timer's words, handed to the script as data attributes.
    data.set("timerStart", t.timerStart);
    data.set("timerPause", t.timerPause);
    data.set("timerResume", t.timerResume);
    data.set("timerStop", t.timerStop);
    data.set("timerRep", t.timerRep);
    data.set("timerBreath", t.timerBreath);
    data.set("timerHold", t.timerHold);
    data.set("timerSwitch", t.timerSwitch);
    data.set("timerRelax", t.timerRelax);
    data.set("timerGetReady", t.timerGetReady);
    data.set("timerFinished", t.timerFinished);
    data.set("timerSound", t.timerSound);
    data.set("timerSoundOn", t.timerSoundOn);
    data.set("timerSoundOff", t.timerSoundOff);
    data.set("howTo", t.howTo);
    data.set("takeCare", t.takeCare);
    data.set("fromTherapist", t.fromTherapist);
    data.set("done", t.done);
    data.set("timerSeconds", t.timerSeconds);
    data.set("timerBreaths", t.timerBreaths);
    data.set("leftSide", t.leftSide);
    data.set("rightSide", t.rightSide);
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

std::optional<int> painField(const CheckinText& t, const Fields& form, const std::string& name,
                             FieldErrors& errors) {
    std::string value = Poco::trim(form.get(name));
    if (value.empty())
        return std::nullopt;
    int pain = 0;
    if (!Poco::NumberParser::tryParse(value, pain) || pain < 0 || pain > 10) {
        errors.add(name, t.painRange);
        return std::nullopt;
    }
    return pain;
}

/// The 0-10 scale as one radio button per number (large targets, one tap each). name prefixes
/// the ids; selected is the value to check ("" checks none: not said).
PageData painOptions(const std::string& name, const std::string& selected) {
    PageData options{PageData::type::list};
    for (int pain = 0; pain <= 10; ++pain) {
        PageData option;
        option.set("name", name);
        option.set("value", std::to_string(pain));
        option.set("selected", selected == std::to_string(pain));
        options.push_back(option);
    }
    return options;
}

/// The page's "<name>Options" (name: "painBefore" or "painAfter") with selected checked, as
/// painOptions builds it: built once per field and value and shared by every view (a value
/// other than "0" to "10" checks none, as in painOptions).
const PageData& painScale(bool after, const std::string& selected) {
    using Scales = std::array<PageData, 12>; // 0 to 10 checked, then none
    static const std::array<Scales, 2> scales = [] {
        std::array<Scales, 2> built;
        for (int field = 0; field < 2; ++field) {
            const std::string name = field == 0 ? "painBefore" : "painAfter";
            for (int value = 0; value <= 11; ++value)
                built[field][value] = PageData{
                    name + "Options", painOptions(name, value <= 10 ? std::to_string(value) : "")};
        }
        return built;
    }();
    std::size_t value = 11;
    for (int pain = 0; pain <= 10; ++pain)
        if (selected == std::to_string(pain))
            value = static_cast<std::size_t>(pain);
    return scales[after ? 1 : 0][value];
}

/// The page's words as its "t", built once per language and shared by every view.
const PageData& wordsOf(const CheckinText& t) {
    static const PageData english{"t", textData(ENGLISH)};
    static const PageData spanish{"t", textData(SPANISH)};
    return &t == &SPANISH ? spanish : english;
}

/// The check-in page's template with t's words put in (see CheckinPages::filledInTemplates).
const std::string& checkinTemplate(const CheckinText& t) {
    static const std::string english = "checkin@en";
    static const std::string spanish = "checkin@es";
    return &t == &SPANISH ? spanish : english;
}

/// Why the patient cannot log day, in their language; empty when they can.
std::string dayProblem(const CheckinText& t, const CheckinView& view, Date day) {
    if (day > view.today)
        return t.future;
    if (!view.prescriptionOn(day)) {
        if (!view.program)
            return t.outside;
        const Prescription& p = view.program->current().prescription;
        return std::string(t.outside) + " (" + dayLabel(t, p.startDate) + " – " +
               dayLabel(t, p.endDate) + ").";
    }
    return {};
}

/// The session to show on the view's day when the patient did not pick one: the first not
/// logged yet.
int defaultSlot(const CheckinView& view) {
    const Prescription* prescription = view.prescriptionOn(view.day);
    int slots = prescription ? sessionsPerDay(*prescription) : 1;
    std::vector<const Session*> logged = view.sessionsOfDay();
    for (int slot = 1; slot <= slots; ++slot)
        if (std::none_of(logged.begin(), logged.end(),
                         [slot](const Session* s) { return s->slot == slot; }))
            return slot;
    return 1;
}

/// The exercise rows of prescription's session slot in language, each rendered once per
/// combination of its boxes (templates/checkin_exercise.mustache).
std::shared_ptr<const ExerciseRows> renderExerciseRows(const PageRenderer& pages, Store& store,
                                                       const Catalog& shared, std::int64_t clinicId,
                                                       const Prescription& prescription,
                                                       const std::string& language, int slot) {
    const CheckinText& t = textFor(language);
    auto rows = std::make_shared<ExerciseRows>();
    rows->prescription = prescription;
    std::optional<Catalog> scoped;
    if (!namesOnlySharedExercises(shared, prescription))
        scoped = prescriptionCatalog(store, shared, clinicId, prescription);
    const Catalog& catalog = scoped ? *scoped : shared;
    const PageData words = textData(t);
    for (const auto& item : prescription.items) {
        if (slot > item.dose.sessionsPerDay)
            continue;
        const Exercise* exercise = catalog.exercise(item.exerciseId);
        PageData row;
        row.set("t", words);
        row.set("lang", language);
        std::string name = exercise ? exercise->textIn(language).name : item.exerciseId;
        row.set("name", name);
        row.set("dose", describeDose(item.dose, language));
        row.set("figure", exercise ? optionalText(exercise->figureId) : PageData(false));
        row.set("figureAlt", replaceAll(t.drawingOf, "{name}", name));
        // What the hold timer counts: holds of the dose, per side, with a cue between sides
        // (after every repetition, or once after all of them on the left: oneSideFirst).
        const Dose& dose = item.dose;
        row.set("timed", dose.holdUnit != HoldUnit::None && dose.hold > 0);
        row.set("hold", std::to_string(dose.hold));
        row.set("holdUnit", dose.holdUnit == HoldUnit::Breaths ? "breaths" : "seconds");
        row.set("reps", std::to_string(dose.reps * std::max(dose.sets, 1)));
        row.set("rest", std::to_string(dose.restSeconds));
        row.set("eachSide", dose.side == Side::Each);
        row.set("oneSideFirst",
                dose.side == Side::Each && dose.sideOrder == SideOrder::OneSideFirst);
        // How to do it: the steps and precautions in the patient's language, and the
        // therapist's note for this exercise.
        auto listOf = [](const std::vector<std::string>& lines) {
            PageData list{PageData::type::list};
            for (const auto& line : lines)
                list.push_back(PageData(line));
            return list;
        };
        const ExerciseText* text = exercise ? &exercise->textIn(language) : nullptr;
        row.set("steps", listOf(text ? text->steps : std::vector<std::string>{}));
        row.set("hasSteps", text && !text->steps.empty());
        row.set("precautions", listOf(text ? text->precautions : std::vector<std::string>{}));
        row.set("hasPrecautions", text && !text->precautions.empty());
        row.set("therapistNote", optionalText(item.note));

        ExerciseRows::Row rendered;
        rendered.exerciseId = item.exerciseId;
        rendered.sides = sidesOf(item.dose.side);
        const std::size_t combinations = std::size_t{1} << rendered.sides.size();
        for (std::size_t ticks = 0; ticks < combinations; ++ticks) {
            PageData checks{PageData::type::list};
            for (std::size_t i = 0; i < rendered.sides.size(); ++i) {
                const Side side = rendered.sides[i];
                PageData check;
                check.set("value", entryKey(item.exerciseId, side));
                check.set("id", "done-" + item.exerciseId + "-" + std::string(toString(side)));
                check.set("label", side == Side::Left    ? t.leftSide
                                   : side == Side::Right ? t.rightSide
                                                         : t.done);
                check.set("checked", (ticks & (std::size_t{1} << i)) != 0);
                checks.push_back(check);
            }
            row.set("checks", checks);
            // A done exercise folds to its name, so the page stays short.
            row.set("allDone", ticks == combinations - 1);
            rendered.html.push_back(pages.fragment("checkin_exercise", row));
        }
        rows->rows.push_back(std::move(rendered));
    }
    return rows;
}

} // namespace

WebResponse CheckinPages::notFoundResponse(const WebContext& context, const WebRequest& request) {
    // Unknown, expired and revoked links get the same page, in the browser's language, so that
    // the page tells nothing about a token (README "Patient links").
    std::string language = browserLanguage(request);
    const CheckinText& t = textFor(language);
    PageData data;
    data.set("title", t.notFoundTitle);
    data.set("lang", language);
    data.set("status", "404");
    data.set("patientPage", true);
    data.set("message", t.notFound);
    WebResponse response = WebResponse::html(context.pages.page("error", data), 404);
    response.cookies.push_back({LINK_COOKIE, "", 0});
    return response;
}

WebResponse CheckinPages::enter(WebRequest& request) {
    const std::string& token = request.params.at("token");
    std::optional<PatientLink> link = _context.checkins.enter(token, request.remoteAddress);
    if (!link)
        return notFoundResponse(_context, request);
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
    std::optional<Date> day;
    bool badDate = false;
    if (request.query.has("date")) {
        try {
            day = Date::parse(request.query.get("date"));
        } catch (const Poco::InvalidArgumentException&) {
            badDate = true;
        }
    }
    std::optional<CheckinView> view =
        _context.checkins.open(request.linkToken, request.remoteAddress, day);
    if (!view)
        return notFoundResponse(_context, request);
    const CheckinText& t = textFor(view->patient.language);
    std::vector<FieldError> errors;
    if (badDate)
        errors.push_back({"date", t.badDate});
    int slot = defaultSlot(*view);
    if (request.query.has("slot"))
        Poco::NumberParser::tryParse(request.query.get("slot"), slot);
    const bool saved = request.query.has("saved");
    if (!errors.empty() || !view->generation)
        return render(*view, request.linkToken, slot, nullptr, errors, saved,
                      errors.empty() ? 200 : 400, randomToken(16));
    // Everything the page shows, besides its fresh submission id, follows from this key: the
    // view's data from the generation, the patient (their name and language) and the days;
    // the form token from the link.
    const std::string key = PageKey()
                                .add(view->patient.id)
                                .add(*view->generation)
                                .add(view->today.toString())
                                .add(view->day.toString())
                                .add(slot)
                                .add(saved ? "saved" : "")
                                .add(_context.links.formTokenOf(request.linkToken))
                                .text();
    std::shared_ptr<const KeptPage> page = _pages.find(key);
    if (!page) {
        WebResponse rendered =
            render(*view, request.linkToken, slot, nullptr, errors, saved, 200, _submissionHole);
        page = _pages.keep(key, KeptPage(rendered.body, _submissionHole));
    }
    return WebResponse::html(page->filledWith(randomToken(16)));
}

WebResponse CheckinPages::submit(WebRequest& request) {
    const std::string& token = request.linkToken;
    // A form without a date (an older page) logs today.
    std::optional<Date> day = _context.clock.today();
    if (request.form.has("date")) {
        try {
            day = Date::parse(request.form.get("date"));
        } catch (const Poco::InvalidArgumentException&) {
            day.reset();
        }
    }
    std::optional<CheckinView> view = _context.checkins.open(token, request.remoteAddress, day);
    if (!view)
        return notFoundResponse(_context, request);
    const CheckinText& t = textFor(view->patient.language);
    int slot = 1;
    FieldErrors errors;
    if (!Poco::NumberParser::tryParse(request.form.get("slot", "1"), slot))
        errors.add("slot", "must be a number");
    if (!day) {
        errors.add("date", t.badDate);
        return render(*view, token, slot, &request.form, errors.list(), false, 400,
                      randomToken(16));
    }
    if (std::string problem = dayProblem(t, *view, *day); !problem.empty()) {
        errors.add("date", problem);
        return render(*view, token, slot, &request.form, errors.list(), false, 400,
                      randomToken(16));
    }
    const Prescription* prescription = view->prescriptionOn(*day);

    SessionInput input;
    input.date = *day;
    input.slot = slot;
    input.painBefore = painField(t, request.form, "painBefore", errors);
    input.painAfter = painField(t, request.form, "painAfter", errors);
    input.difficulty = difficultyFromString(request.form.get("difficulty", "not-said"))
                           .value_or(Difficulty::NotSaid);
    input.note = Poco::trim(request.form.get("note"));
    input.submissionId = Poco::trim(request.form.get("submission"));
    std::vector<std::string> done = request.form.all("done");
    for (const auto& item : prescription->items)
        if (slot <= item.dose.sessionsPerDay)
            for (Side side : sidesOf(item.dose.side))
                input.entries.push_back({item.exerciseId, side,
                                         std::find(done.begin(), done.end(),
                                                   entryKey(item.exerciseId, side)) != done.end()});
    try {
        errors.throwIfAny();
        _context.checkins.log(token, request.remoteAddress, input);
    } catch (const ValidationException& invalid) {
        return render(*view, token, slot, &request.form, invalid.errors(), false, 400,
                      randomToken(16));
    }
    // Back to the page with a notice; today's first session needs no more in the address.
    if (*day == view->today && slot == 1)
        return WebResponse::redirect("/p?saved=1");
    return WebResponse::redirect("/p?saved=1&date=" + day->toString() +
                                 "&slot=" + std::to_string(slot));
}

std::vector<FilledInTemplate> CheckinPages::filledInTemplates() {
    return {{"checkin", checkinTemplate(ENGLISH), &wordsOf(ENGLISH)},
            {"checkin", checkinTemplate(SPANISH), &wordsOf(SPANISH)}};
}

WebResponse CheckinPages::render(const CheckinView& view, const std::string& token, int slot,
                                 const Fields* submitted, const std::vector<FieldError>& errors,
                                 bool saved, int status, const std::string& submission) {
    const std::string& language = view.patient.language;
    const CheckinText& t = textFor(language);
    PageData data;
    data.set("title", view.patient.firstName);
    data.set("lang", language);
    data.set("patientPage", true);
    data.set("csrf", _context.links.formTokenOf(token));
    const PageData& words = wordsOf(t);
    data.set("firstName", view.patient.firstName);
    data.set("saved", saved);
    data.set("savedText", view.day < view.today ? t.savedPastDay : t.saved);
    data.set("hasErrors", !errors.empty());
    PageData errorList{PageData::type::list};
    for (const auto& error : errors)
        errorList.push_back(PageData{"message", error.field == "note" ? std::string(t.noteRefused)
                                                                      : error.message});
    data.set("errors", errorList);

    const bool running = view.program && view.program->versionOn(view.today);
    const Date day = view.day;
    const Prescription* prescription = view.prescriptionOn(day);
    data.set("running", view.program.has_value());
    if (!view.program)
        return WebResponse::html(_context.pages.page(checkinTemplate(t), data, {&words}), status);
    data.set("programTitle", view.program->current().prescription.title);
    data.set("notRunningToday", !running && day == view.today);

    // The last seven days of the program, one tap each.
    PageData week{PageData::type::list};
    for (int back = 6; back >= 0; --back) {
        Date d = view.today.plusDays(-back);
        if (!view.prescriptionOn(d))
            continue;
        PageData item;
        item.set("date", d.toString());
        item.set("label", back == 0   ? std::string(t.today)
                          : back == 1 ? std::string(t.yesterday)
                                      : dayLabel(t, d));
        item.set("current", d == day);
        item.set("logged", view.loggedOn(d));
        item.set("loggedText", std::string(t.logged));
        week.push_back(item);
    }
    data.set("week", week);
    data.set("hasWeek", !week.is_empty_list());
    data.set("day", day.toString());
    data.set("dayLabel", dayLabel(t, day));
    Date start = view.program->versions.front().prescription.startDate;
    data.set("minDay", start.toString());
    data.set("maxDay", view.today.toString());

    std::string problem = dayProblem(t, view, day);
    data.set("dayProblem", problem);
    data.set("hasDayProblem", !problem.empty());
    data.set("canLog", problem.empty() && prescription != nullptr);
    if (!problem.empty() || !prescription)
        return WebResponse::html(_context.pages.page(checkinTemplate(t), data, {&words}), status);

    const int slots = sessionsPerDay(*prescription);
    slot = std::clamp(slot, 1, slots);
    std::vector<const Session*> onDay = view.sessionsOfDay();
    PageData slotList{PageData::type::list};
    for (int s = 1; s <= slots && slots > 1; ++s) {
        PageData item;
        item.set("slot", std::to_string(s));
        item.set("label", std::string(t.session) + " " + std::to_string(s));
        item.set("current", s == slot);
        item.set("logged", std::any_of(onDay.begin(), onDay.end(),
                                       [s](const Session* x) { return x->slot == s; }));
        item.set("href", "/p?date=" + day.toString() + "&slot=" + std::to_string(s));
        slotList.push_back(item);
    }
    data.set("slots", slotList);
    data.set("severalSlots", slots > 1);
    data.set("slot", std::to_string(slot));
    data.set("submission", submission);
    data.set("exercisesTitle",
             std::string(t.exercisesOf) + " " + dayLabel(t, day) +
                 (slots > 1 ? " · " + std::string(t.session) + " " + std::to_string(slot)
                            : std::string()));
    std::string number = slots > 1 ? std::to_string(slot) : std::string();
    data.set("saveLabel", day == view.today ? replaceAll(t.saveToday, "{n}", number)
                                            : replaceAll(replaceAll(t.saveDay, "{n}", number),
                                                         "{day}", dayLabel(t, day)));

    // What is already logged for this day and session pre-fills the form, unless the form
    // came back with errors.
    const Session* logged = nullptr;
    for (const Session* session : onDay)
        if (session->slot == slot)
            logged = session;
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

    // Most programs name only the packs' exercises: then their rows are rendered once per
    // version, language and session and kept (ExerciseRowsCache states the contract); rows
    // naming a clinic's own exercises, which can be edited, are rendered for each view.
    const ProgramVersion* version = view.program->versionOn(day);
    auto renderRows = [&] {
        return renderExerciseRows(_context.pages, _context.store, _context.catalog,
                                  view.patient.clinicId, *prescription, language, slot);
    };
    std::shared_ptr<const ExerciseRows> rows =
        version && namesOnlySharedExercises(_context.catalog, *prescription)
            ? _rows.get({view.program->id, version->number, language, slot}, *prescription,
                        renderRows)
            : renderRows();
    std::string exercisesHtml;
    exercisesHtml.reserve(8192);
    rows->appendTo(exercisesHtml, isDone);
    data.set("exercisesHtml", std::move(exercisesHtml));
    addScript(data, "timer.js");

    auto previous = [&](const std::string& name, const std::optional<int>& stored) {
        if (submitted)
            return submitted->get(name);
        return stored ? std::to_string(*stored) : std::string();
    };
    std::string painBefore = previous("painBefore", logged ? logged->painBefore : std::nullopt);
    std::string painAfter = previous("painAfter", logged ? logged->painAfter : std::nullopt);
    const PageData& painBeforeScale = painScale(false, Poco::trim(painBefore));
    const PageData& painAfterScale = painScale(true, Poco::trim(painAfter));
    for (const auto& error : errors) {
        if (error.field == "painBefore")
            data.set("painBeforeError", error.message);
        if (error.field == "painAfter")
            data.set("painAfterError", error.message);
    }
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
    return WebResponse::html(
        _context.pages.page(checkinTemplate(t), data, {&words, &painBeforeScale, &painAfterScale}),
        status);
}

} // namespace Limber
