#include "PaperLogPages.h"

#include "ApiEndpoints.h"
#include "ApiJson.h"
#include "PortalPages.h"
#include "reports/DateText.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace Limber {

namespace {

Date anchorOf(const Program& program) {
    return program.versions.front().prescription.startDate;
}

/// The program week containing day, clamped to the program's weeks.
Date weekContaining(const Program& program, Date day) {
    const Date anchor = anchorOf(program);
    const Date last = program.current().prescription.endDate;
    Date clamped = std::clamp(day, anchor, std::max(anchor, last));
    return anchor.plusDays(anchor.daysUntil(clamped) / 7 * 7);
}

int weekNumber(const Program& program, Date weekStart) {
    return anchorOf(program).daysUntil(weekStart) / 7 + 1;
}

} // namespace

WebResponse PaperLogPages::form(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    std::optional<Program> program = _context.programs.current(actor, patient.id);
    if (!program)
        throw Poco::NotFoundException("the patient has no program to log sessions for");
    // By default the last week that has started.
    Date week = weekContaining(*program, _context.clock.today());
    if (auto asked = dateParam(request.query, "week"))
        week = weekContaining(*program, *asked);
    // A week typed before the session ended comes back once, in place of what is saved.
    std::optional<Fields> kept = takeKeptForm(_context, request, request.path);
    if (!kept)
        return render(request, patient, *program, week, nullptr, {}, 200);
    try {
        week = weekContaining(*program, Date::parse(kept->get("weekStart")));
    } catch (const Poco::InvalidArgumentException&) {
    }
    WebResponse response = render(request, patient, *program, week, &*kept, {}, 200, true);
    forgetKeptForm(response);
    return response;
}

WebResponse PaperLogPages::save(WebRequest& request) {
    Actor actor = request.actor();
    Patient patient = _context.patients.get(actor, request.idParam("id"));
    std::optional<Program> program = _context.programs.current(actor, patient.id);
    if (!program)
        throw Poco::NotFoundException("the patient has no program to log sessions for");
    PaperWeekInput input;
    FieldErrors errors;
    Date week = weekContaining(*program, _context.clock.today());
    try {
        week = Date::parse(request.form.get("weekStart"));
        input.weekStart = week;
    } catch (const Poco::InvalidArgumentException& error) {
        errors.add("weekStart", error.message());
    }
    for (int i = 0; i < 7; ++i) {
        std::string value = Poco::trim(request.form.get("day" + std::to_string(i), "0"));
        int count = 0;
        if (!Poco::NumberParser::tryParse(value, count) || count < 0)
            errors.add("days[" + std::to_string(i) + "]", "must be a number of sessions");
        input.daysDone.push_back(std::max(count, 0));
    }
    std::string pain = Poco::trim(request.form.get("pain"));
    if (!pain.empty()) {
        int value = 0;
        if (!Poco::NumberParser::tryParse(pain, value) || value < 0 || value > 10)
            errors.add("pain", "must be a number from 0 to 10");
        else
            input.pain = value;
    }
    input.note = Poco::trim(request.form.get("note"));
    try {
        errors.throwIfAny();
        PaperWeekResult result = _context.sessions.logPaperWeek(actor, patient.id, input);
        Date next = week.plusDays(7);
        if (next > program->current().prescription.endDate || next > _context.clock.today())
            next = week;
        return WebResponse::redirect(
            "/patients/" + std::to_string(patient.id) + "/paper-log?week=" + next.toString() +
            "&saved=" + week.toString() + "&logged=" + std::to_string(result.logged) +
            "&kept=" + std::to_string(result.kept));
    } catch (const ValidationException& invalid) {
        return render(request, patient, *program, week, &request.form, invalid.errors(), 400);
    }
}

WebResponse PaperLogPages::saveJson(WebRequest& request) {
    Actor actor = request.actor();
    std::int64_t patientId = request.idParam("id");
    _context.patients.requireInClinic(actor, patientId);
    PaperWeekResult result =
        _context.sessions.logPaperWeek(actor, patientId, readPaperWeek(request.body));
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("logged", result.logged);
    json->set("removed", result.removed);
    json->set("kept", result.kept);
    return WebResponse::json(toJsonText(json));
}

WebResponse PaperLogPages::render(WebRequest& request, const Patient& patient,
                                  const Program& program, Date weekStart, const Fields* submitted,
                                  const std::vector<FieldError>& errors, int status,
                                  bool restored) {
    const Date today = _context.clock.today();
    PageData data = portalPageData(_context, request, "Paper log: " + patient.name);
    data.set("restored", restored);
    data.set("patientId", text(patient.id));
    data.set("patientName", patient.name);
    data.set("recordNumber", patient.recordNumber);
    data.set("weekStart", weekStart.toString());
    data.set("weekNumber", text(weekNumber(program, weekStart)));
    data.set("weekDates", dayMonth(weekStart) + " to " + dateText(weekStart.plusDays(6)));
    data.set("hasErrors", !errors.empty());
    PageData errorList{PageData::type::list};
    for (const auto& error : errors)
        errorList.push_back(PageData{"message", error.field + ": " + error.message});
    data.set("errors", errorList);
    if (auto saved = dateParam(request.query, "saved")) {
        data.set("saved", true);
        data.set("savedWeek", text(weekNumber(program, *saved)));
        data.set("savedLogged", request.query.get("logged", "0"));
        data.set("savedKept", request.query.get("kept", "0"));
    }

    // Week navigation: every week of the program that has started.
    const Date anchor = anchorOf(program);
    const Date end = program.current().prescription.endDate;
    PageData weeks{PageData::type::list};
    for (Date week = anchor; week <= end && week <= today; week = week.plusDays(7)) {
        PageData option;
        option.set("value", week.toString());
        option.set("label", "Week " + text(weekNumber(program, week)) + ": " + dayMonth(week) +
                                " to " + dayMonth(week.plusDays(6)));
        option.set("selected", week == weekStart);
        weeks.push_back(option);
    }
    data.set("weeks", weeks);
    if (weekStart > anchor)
        data.set("previousWeek", weekStart.plusDays(-7).toString());
    if (weekStart.plusDays(7) <= std::min(end, today))
        data.set("nextWeek", weekStart.plusDays(7).toString());

    std::vector<Session> sessions =
        _context.sessions.list(request.actor(), patient.id, weekStart, weekStart.plusDays(6));
    std::optional<int> paperPain;
    std::string paperNote;
    PageData days{PageData::type::list};
    for (int i = 0; i < 7; ++i) {
        Date day = weekStart.plusDays(i);
        const ProgramVersion* version = program.versionOn(day);
        int paper = 0;
        int other = 0;
        for (const auto& session : sessions) {
            if (session.programId != program.id || session.date != day)
                continue;
            if (session.source == SessionSource::Paper) {
                paper += session.doneUnits > 0 ? 1 : 0;
                if (session.painBefore)
                    paperPain = session.painBefore;
                if (!session.note.empty())
                    paperNote = session.note;
            } else {
                ++other;
            }
        }
        std::string field = "day" + std::to_string(i);
        int current = paper + other;
        if (submitted) {
            int typed = 0;
            Poco::NumberParser::tryParse(submitted->get(field, "0"), typed);
            current = typed;
        }
        PageData row;
        row.set("field", field);
        row.set("label", weekdayShort(day) + " " + dayMonth(day));
        bool open = version && day <= today;
        row.set("open", open);
        row.set("why", !version ? "outside the program" : day > today ? "still to come" : "");
        int slots = version ? sessionsPerDay(version->prescription) : 1;
        row.set("twice", slots > 1);
        row.set("checked", current > 0);
        PageData options{PageData::type::list};
        for (int n = 0; n <= slots; ++n) {
            PageData option;
            option.set("value", std::to_string(n));
            option.set("label", n == 0 ? "none" : std::to_string(n));
            option.set("selected", n == current);
            options.push_back(option);
        }
        row.set("options", options);
        row.set("byPatient", other > 0);
        row.set("byPatientText", other == 1 ? "1 session logged by the patient"
                                            : std::to_string(other) + " sessions logged by the "
                                                                      "patient");
        row.set("invalid", std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) {
                    return e.field == "days[" + std::to_string(i) + "]";
                }));
        days.push_back(row);
    }
    data.set("days", days);
    std::string pain = submitted   ? submitted->get("pain")
                       : paperPain ? std::to_string(*paperPain)
                                   : std::string();
    PageData painOptions{PageData::type::list};
    {
        PageData none;
        none.set("value", "");
        none.set("label", "not written");
        none.set("selected", pain.empty());
        painOptions.push_back(none);
        for (int level = 0; level <= 10; ++level) {
            PageData option;
            option.set("value", std::to_string(level));
            option.set("label", std::to_string(level));
            option.set("selected", pain == std::to_string(level));
            painOptions.push_back(option);
        }
    }
    data.set("painOptions", painOptions);
    data.set("painInvalid", std::any_of(errors.begin(), errors.end(),
                                        [](const FieldError& e) { return e.field == "pain"; }));
    data.set("note", submitted ? submitted->get("note") : paperNote);
    return WebResponse::html(_context.pages.page("paper_log", data), status);
}

} // namespace Limber
