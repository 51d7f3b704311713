#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "catalog/Catalog.h"
#include "domain/ClinicReport.h"
#include "domain/Clock.h"
#include "domain/PatientReport.h"
#include "domain/Store.h"
#include "plugins/ReportSections.h"
#include "reports/HandoutReport.h"

#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// Why a report is read: shown on screen, or exported (PDF, CSV, a file from the command
/// line). The audit trail records which, with the format.
enum class ReportUse { View, Export };

/// Adherence reports: one patient's over a period, and the clinic's caseload. Every call is
/// scoped to the actor's clinic; reports are audited as views or exports of patient data.
class ReportService {
public:
    /// fonts: what PDF reports are set in; it must outlive the service.
    ReportService(Store& store, const Clock& clock, const Catalog& catalog, AuditTrail& audit,
                  const FontLibrary& fonts);

    /// The patient's report over [from, to]; by default the program's start to its end, never
    /// past today. Audited as "report.view" or "report.export" with the format. Throws
    /// Poco::NotFoundException when the patient is not in the actor's clinic or has no
    /// program, ValidationException when to is before from.
    PatientReport patientReport(const Actor& actor, std::int64_t patientId,
                                std::optional<Date> from, std::optional<Date> to, ReportUse use,
                                const std::string& format);

    /// The clinic's report over [from, to] (by default the 28 days up to today), ordered by
    /// sort. Audited as "report.clinic" (viewed or exported, with the format and how many
    /// patients it holds). Throws ValidationException when to is before from or the period
    /// is longer than 366 days.
    ClinicReport clinicReport(const Actor& actor, std::optional<Date> from, std::optional<Date> to,
                              CaseloadSort sort, bool descending, ReportUse use,
                              const std::string& format);

    /// The patient's report as a PDF (audited as an export). Throws as patientReport, and
    /// PdfException when rendering fails.
    std::string patientReportPdf(const Actor& actor, std::int64_t patientId,
                                 std::optional<Date> from, std::optional<Date> to, PaperSize paper);
    /// The clinic report as a PDF or CSV (audited as exports).
    std::string clinicReportPdf(const Actor& actor, std::optional<Date> from,
                                std::optional<Date> to, CaseloadSort sort, bool descending,
                                PaperSize paper);
    std::string clinicReportCsv(const Actor& actor, std::optional<Date> from,
                                std::optional<Date> to, CaseloadSort sort, bool descending);

    /// Every patient's line over [from, to], in name order, flags as of min(to, today) by
    /// rules (the clinic's: flagRules). Not audited: for pages that audit their own view (the
    /// patient list). Computed again only when the store's caseload, the period, today or the
    /// rules changed: the last CASELOADS_KEPT results are kept.
    std::shared_ptr<const std::vector<CaseloadLine>> caseload(const Actor& actor, Date from,
                                                              Date to, const FlagRules& rules);

    /// Adds the sections of ReportSection plugins to every patient report from now on (page,
    /// PDF). Call before the service is shared between threads; sections must outlive it.
    void addPluginSections(ReportSectionCollector* sections) { _pluginSections = sections; }

    /// The clinic's flag rules.
    FlagRules flagRules(const Actor& actor);
    /// Changes the clinic's flag rules; clinic admins only (Poco::NoPermissionException
    /// otherwise). Throws ValidationException naming each rule out of range. Audited.
    void setFlagRules(const Actor& actor, const FlagRules& rules);

private:
    Store& _store;
    const Clock& _clock;
    const Catalog& _catalog;
    AuditTrail& _audit;
    const FontLibrary& _fonts;
    ReportSectionCollector* _pluginSections = nullptr;

    /// Caseload lines with what they were computed from (see caseload).
    struct KeptLines {
        std::int64_t clinicId = 0;
        std::shared_ptr<const std::vector<CaseloadEntry>> entries; ///< the store's, by identity
        Date from, to, today;
        FlagRules rules;
        std::shared_ptr<const std::vector<CaseloadLine>> lines;
    };
    static constexpr std::size_t CASELOADS_KEPT = 16;
    std::mutex _keptMutex;
    std::list<KeptLines> _kept; ///< most recently used first
};

} // namespace Limber
