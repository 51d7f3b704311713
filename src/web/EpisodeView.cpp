#include "EpisodeView.h"

#include "SessionText.h"
#include "domain/DateStyle.h"
#include "domain/DoseText.h"

#include <string>

namespace Limber {

namespace {

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string dayText(const std::optional<std::int64_t>& instant, const TimeZone& zone) {
    return instant ? dateText(zone.dayAt(*instant)) : "not recorded";
}

std::string periodOf(const Program& program) {
    return dateText(program.versions.front().prescription.startDate) + " to " +
           dateText(program.current().prescription.endDate);
}

void addDates(PageData& row, const EarlierEpisode& episode, const TimeZone& zone) {
    row.set("episode", std::to_string(episode.episode));
    row.set("admitted", dayText(episode.admittedAt, zone));
    row.set("discharged", dayText(episode.dischargedAt, zone));
}

PageData versionRows(const Program& program, const CatalogOf& catalogOf, const TimeZone& zone) {
    PageData versions{PageData::type::list};
    for (std::size_t i = program.versions.size(); i-- > 0;) {
        const ProgramVersion& version = program.versions[i];
        const Prescription& p = version.prescription;
        PageData row;
        row.set("number", std::to_string(version.number));
        row.set("last", i + 1 == program.versions.size());
        row.set("from", dateText(version.effectiveFrom));
        row.set("period", dateText(p.startDate) + " to " + dateText(p.endDate));
        row.set("savedAt", timeText(version.createdAt, zone));
        Catalog catalog = catalogOf(p);
        PageData items{PageData::type::list};
        for (const auto& item : p.items) {
            const Exercise* exercise = catalog.exercise(item.exerciseId);
            PageData entry;
            entry.set("name", exercise ? exercise->textIn("en").name : item.exerciseId);
            entry.set("dose", describeDose(item.dose, "en"));
            entry.set("note", optionalText(item.note));
            items.push_back(entry);
        }
        row.set("items", items);
        row.set("notes", optionalText(p.notes));
        versions.push_back(row);
    }
    return versions;
}

PageData sessionRows(const Program& program, const std::vector<Session>& sessions) {
    PageData rows{PageData::type::list};
    for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
        PageData row;
        row.set("date", dateText(it->date));
        row.set("done", sessionDoneText(*it, program.version(it->programVersion)));
        row.set("painBefore", painText(it->painBefore));
        row.set("painAfter", painText(it->painAfter));
        row.set("difficulty", difficultyLabel(it->difficulty));
        row.set("source", sourceLabel(it->source));
        row.set("note", it->note);
        rows.push_back(row);
    }
    return rows;
}

} // namespace

void addEarlierEpisodes(PageData& data, const std::vector<EarlierEpisode>& episodes,
                        std::int64_t patientId, const TimeZone& zone) {
    PageData list{PageData::type::list};
    // Newest first: the episode just before the current one is the one most often looked up.
    for (auto it = episodes.rbegin(); it != episodes.rend(); ++it) {
        PageData row;
        addDates(row, *it, zone);
        row.set("href", "/patients/" + std::to_string(patientId) + "/episodes/" +
                            std::to_string(it->episode));
        PageData programs{PageData::type::list};
        for (const Program& program : it->programs) {
            PageData entry;
            entry.set("title", program.current().prescription.title);
            entry.set("period", periodOf(program));
            entry.set("versions", count(program.versions.size(), "version", "versions"));
            programs.push_back(entry);
        }
        row.set("noPrograms", it->programs.empty());
        row.set("programs", programs);
        list.push_back(row);
    }
    data.set("hasEarlierEpisodes", !episodes.empty());
    data.set("earlierEpisodes", list);
}

PageData episodePageData(const EpisodeRecord& record, const Patient& patient,
                         const CatalogOf& catalogOf, const TimeZone& zone) {
    PageData data;
    data.set("patientId", std::to_string(patient.id));
    data.set("name", patient.name);
    data.set("recordNumber", patient.recordNumber);
    addDates(data, record.episode, zone);
    data.set("currentEpisode", std::to_string(patient.episode));
    PageData programs{PageData::type::list};
    for (const EpisodeProgram& each : record.programs) {
        const Program& program = each.program;
        const AdherenceSummary& s = each.summary;
        PageData row;
        row.set("title", program.current().prescription.title);
        row.set("period", periodOf(program));
        row.set("versionCount", count(program.versions.size(), "version", "versions"));
        row.set("versions", versionRows(program, catalogOf, zone));
        row.set("frequency", percentText(s.frequency));
        row.set("completeness", percentText(s.completeness));
        row.set("loggedSessions", std::to_string(s.loggedSessions));
        row.set("counted", countedPeriodText(s.from, s.to));
        row.set("hasFrequency", s.frequency.has_value());
        row.set("prescribedDays", prescribedDaysText(s));
        row.set("sessionCount", count(each.sessions.size(), "session", "sessions"));
        row.set("sessions", sessionRows(program, each.sessions));
        row.set("noSessions", each.sessions.empty());
        programs.push_back(row);
    }
    data.set("programs", programs);
    data.set("noPrograms", record.programs.empty());
    return data;
}

} // namespace Limber
