#include "ReportService.h"

#include "ClinicCatalog.h"
#include "SessionService.h"
#include "reports/ClinicReportCsv.h"
#include "reports/ClinicReportPdf.h"
#include "reports/PatientReportPdf.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

namespace {

constexpr int MAX_PERIOD_DAYS = 366;

std::string useName(ReportUse use) {
    return use == ReportUse::View ? "viewed" : "exported";
}

void checkPeriod(Date from, Date to) {
    if (to < from)
        throw ValidationException("to", "must be on or after from (" + from.toString() + ")");
    if (from.daysUntil(to) >= MAX_PERIOD_DAYS)
        throw ValidationException("from", "a report covers at most " +
                                              std::to_string(MAX_PERIOD_DAYS) + " days");
}

} // namespace

ReportService::ReportService(Store& store, const Clock& clock, const Catalog& catalog,
                             AuditTrail& audit, const FontLibrary& fonts)
    : _store(store), _clock(clock), _catalog(catalog), _audit(audit), _fonts(fonts) {}

std::string ReportService::patientReportPdf(const Actor& actor, std::int64_t patientId,
                                            std::optional<Date> from, std::optional<Date> to,
                                            PaperSize paper) {
    PatientReport report = patientReport(actor, patientId, from, to, ReportUse::Export, "pdf");
    return renderPatientReportPdf(report, _fonts, paper);
}

std::string ReportService::clinicReportPdf(const Actor& actor, std::optional<Date> from,
                                           std::optional<Date> to, CaseloadSort sort,
                                           bool descending, PaperSize paper) {
    ClinicReport report = clinicReport(actor, from, to, sort, descending, ReportUse::Export, "pdf");
    return renderClinicReportPdf(report, _fonts, paper);
}

std::string ReportService::clinicReportCsv(const Actor& actor, std::optional<Date> from,
                                           std::optional<Date> to, CaseloadSort sort,
                                           bool descending) {
    ClinicReport report = clinicReport(actor, from, to, sort, descending, ReportUse::Export, "csv");
    return Limber::clinicReportCsv(report);
}

PatientReport ReportService::patientReport(const Actor& actor, std::int64_t patientId,
                                           std::optional<Date> from, std::optional<Date> to,
                                           ReportUse use, const std::string& format) {
    const std::int64_t clinicId = actor.clinicId;
    std::optional<Patient> patient = _store.patient(clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    std::vector<Program> programs = _store.programsOfPatient(clinicId, patientId);
    if (programs.empty())
        throw Poco::NotFoundException("the patient has no program to report on");
    PatientReport report;
    report.program = programs.back();
    report.patient = *patient;
    report.clinic = _store.clinic(clinicId).value_or(Clinic{});
    if (auto therapist = _store.user(patient->therapistId))
        report.therapistName = therapist->name;
    report.printedOn = _clock.today();
    if (patient->dischargedAt)
        report.dischargedOn = _clock.timeZone().dayAt(*patient->dischargedAt);
    report.rules = _store.flagRules(clinicId);

    const Date anchor = report.program.versions.front().prescription.startDate;
    const Date today = report.printedOn;
    report.from = from.value_or(anchor);
    report.to = to.value_or(
        std::max(report.from, std::min(report.program.current().prescription.endDate, today)));
    checkPeriod(report.from, report.to);

    Date loadFrom = std::min({report.from, anchor, today.plusDays(-30)});
    Date loadTo = std::max(report.to, today);
    std::vector<Session> sessions = _store.sessions(clinicId, patientId, loadFrom, loadTo);
    std::erase_if(sessions, [&](const Session& s) { return s.programId != report.program.id; });
    report.days = DayLog::fromSessions(sessions);
    report.summary = adherenceAsOf(report.program, sessions, report.from, report.to, today);
    // A discharged patient raises no flag (as on the patient page and in the clinic report).
    if (!patient->discharged())
        report.flags =
            flagsFor(ProgramSchedule::of(report.program), report.days, today, report.rules);
    for (const auto& session : sessions)
        if (report.from <= session.date && session.date <= report.to)
            report.sessions.push_back(session);
    // Names from the packs and the clinic's own exercises (at their newest revision).
    const Catalog catalog = clinicCatalog(_store, _catalog, clinicId);
    for (const auto& version : report.program.versions)
        for (const auto& item : version.prescription.items) {
            const Exercise* exercise = catalog.exercise(item.exerciseId);
            report.exerciseNames[item.exerciseId] =
                exercise ? exercise->textIn("en").name : item.exerciseId;
        }
    if (_pluginSections)
        report.extraSections = _pluginSections->sectionsFor(report);
    _audit.record(actor, patientId, use == ReportUse::View ? "report.view" : "report.export",
                  format + " " + report.from.toString() + " to " + report.to.toString());
    return report;
}

std::shared_ptr<const std::vector<CaseloadLine>>
ReportService::caseload(const Actor& actor, Date from, Date to, const FlagRules& rules) {
    checkPeriod(from, to);
    const Date today = _clock.today();
    const Date asOf = std::min(to, today);
    std::shared_ptr<const std::vector<CaseloadEntry>> entries = _store.caseload(actor.clinicId);
    auto computedFrom = [&](const KeptLines& kept) {
        return kept.clinicId == actor.clinicId && kept.entries == entries && kept.from == from &&
               kept.to == to && kept.today == today && kept.rules == rules;
    };
    {
        std::lock_guard lock(_keptMutex);
        for (auto kept = _kept.begin(); kept != _kept.end(); ++kept)
            if (computedFrom(*kept)) {
                _kept.splice(_kept.begin(), _kept, kept);
                return kept->lines;
            }
    }
    auto lines = std::make_shared<std::vector<CaseloadLine>>();
    lines->reserve(entries->size());
    for (const auto& entry : *entries) {
        CaseloadLine line;
        line.patient = entry.patient;
        line.therapistName = entry.therapistName;
        if (line.patient.dischargedAt)
            line.dischargedOn = _clock.timeZone().dayAt(*line.patient.dischargedAt);
        if (entry.program && !entry.program->versions.empty()) {
            const ProgramSchedule& schedule = *entry.program;
            const DayLog& days = entry.days;
            line.hasProgram = true;
            line.programTitle = entry.programTitle;
            line.programStart = schedule.anchor();
            line.programDay = std::max(0, schedule.anchor().daysUntil(asOf) + 1);
            line.adherence = adherenceAsOf(schedule, days, from, to, today);
            line.adherence.weeks.clear(); // not shown per patient; keeps 10,000 lines small
            line.adherence.weeks.shrink_to_fit();
            line.lastSession = days.lastLogged(asOf);
            line.painRecent = averagePain(days, asOf.plusDays(-6), asOf);
            line.painEarlier = averagePain(days, asOf.plusDays(-13), asOf.plusDays(-7));
            // A discharged patient stays in reports but raises no flag.
            if (!line.patient.discharged())
                line.flags = flagsFor(schedule, days, asOf, rules);
        }
        lines->push_back(std::move(line));
    }
    // Lines of the clinic's earlier caseloads can never be given again.
    std::lock_guard lock(_keptMutex);
    std::erase_if(_kept, [&](const KeptLines& kept) {
        return kept.clinicId == actor.clinicId && kept.entries != entries;
    });
    _kept.push_front({actor.clinicId, entries, from, to, today, rules, lines});
    if (_kept.size() > CASELOADS_KEPT)
        _kept.pop_back();
    return lines;
}

ClinicReport ReportService::clinicReport(const Actor& actor, std::optional<Date> from,
                                         std::optional<Date> to, CaseloadSort sort, bool descending,
                                         ReportUse use, const std::string& format) {
    ClinicReport report;
    report.today = _clock.today();
    report.rules = _store.flagRules(actor.clinicId);
    // By default the period of the dashboard's figures and the low adherence flag.
    report.to = to.value_or(report.today);
    report.from = from.value_or(lastDays(report.rules.windowDays, report.to).from);
    checkPeriod(report.from, report.to);
    report.clinic = _store.clinic(actor.clinicId).value_or(Clinic{});
    report.sort = sort;
    report.descending = descending;
    report.lines = *caseload(actor, report.from, report.to, report.rules);
    std::vector<double> frequencies;
    for (const auto& line : report.lines) {
        if (!line.hasProgram)
            ++report.withoutProgram;
        if (line.adherence.frequency)
            frequencies.push_back(*line.adherence.frequency);
    }
    report.measured = static_cast<int>(frequencies.size());
    if (!frequencies.empty()) {
        std::size_t middle = frequencies.size() / 2;
        std::nth_element(frequencies.begin(), frequencies.begin() + static_cast<long>(middle),
                         frequencies.end());
        double median = frequencies[middle];
        if (frequencies.size() % 2 == 0) {
            double below = *std::max_element(frequencies.begin(),
                                             frequencies.begin() + static_cast<long>(middle));
            median = (median + below) / 2;
        }
        report.medianFrequency = median;
    }
    report.distribution = adherenceDistribution(report.lines);
    sortCaseload(report.lines, sort, descending);
    report.followUp = followUpOrder(report.lines);
    _audit.record(actor, std::nullopt, "report.clinic",
                  useName(use) + " as " + format + ", " + report.from.toString() + " to " +
                      report.to.toString() + ", " + std::to_string(report.lines.size()) +
                      " patients");
    return report;
}

FlagRules ReportService::flagRules(const Actor& actor) {
    return _store.flagRules(actor.clinicId);
}

void ReportService::setFlagRules(const Actor& actor, const FlagRules& rules) {
    if (actor.role != Role::Admin)
        throw Poco::NoPermissionException("only a clinic admin can change the flag rules");
    std::vector<FieldError> errors = flagRulesErrors(rules);
    if (!errors.empty())
        throw ValidationException(errors);
    _store.atomically([&] {
        _store.setFlagRules(actor.clinicId, rules);
        _audit.record(actor, std::nullopt, "flag-rules.change",
                      "below " + std::to_string(rules.thresholdPercent) + "% over " +
                          std::to_string(rules.windowDays) + " days; " +
                          std::to_string(rules.quietDays) + " quiet days; pain " +
                          std::to_string(rules.painHigh) + "+ or up " +
                          std::to_string(rules.painRise));
    });
}

} // namespace Limber
