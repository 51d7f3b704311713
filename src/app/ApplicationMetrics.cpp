#include "ApplicationMetrics.h"

#include "services/AuditTrail.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Logger.h>

#include <ctime>
#include <fstream>
#include <unistd.h>

namespace Limber {

namespace {

/// The process's virtual and resident sizes in bytes, from /proc/self/statm.
std::pair<double, double> memoryOfProcess() {
    std::ifstream statm("/proc/self/statm");
    double pagesVirtual = 0, pagesResident = 0;
    statm >> pagesVirtual >> pagesResident;
    double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    return {pagesVirtual * page, pagesResident * page};
}

double openFiles() {
    double count = 0;
    try {
        for (Poco::DirectoryIterator it(std::string("/proc/self/fd")), end; it != end; ++it)
            ++count;
    } catch (const Poco::Exception&) {
        return 0;
    }
    return count;
}

/// The process's start, in seconds since the epoch (taken at static initialisation).
const double PROCESS_START = static_cast<double>(::time(nullptr));

} // namespace

void writeApplicationMetrics(MetricsText& out, SqlStore& store, const Clock& clock,
                             const EventOutbox& outbox) {
    Database& database = store.database();
    ConnectionPool::Use use = database.readerUse();
    out.family("limber_db_read_connections", "Database connections of the read pool, by state.",
               "gauge");
    out.sample("limber_db_read_connections", static_cast<double>(use.lent), {{"state", "in_use"}});
    out.sample("limber_db_read_connections", static_cast<double>(use.open - use.lent),
               {{"state", "idle"}});
    out.family("limber_db_read_connections_max", "The read pool's capacity.", "gauge");
    out.sample("limber_db_read_connections_max", static_cast<double>(use.capacity));
    if (const GroupCommitWriter* writer = database.writerIfOpen()) {
        out.family("limber_db_write_batch_size",
                   "Writes committed together in one transaction (group commit).", "histogram");
        out.histogram("limber_db_write_batch_size", writer->batchSizes().snapshot());
        out.family("limber_db_commit_duration_seconds",
                   "Time each write batch's COMMIT took (its fsync).", "histogram");
        out.histogram("limber_db_commit_duration_seconds", writer->commitSeconds().snapshot());
    }
    try {
        AuditBacklog backlog = store.auditBacklog(clock.nowSeconds() - AUDIT_SEAL_BOUND_SECONDS);
        out.family("limber_audit_unsealed_entries",
                   "Audit entries recorded and not yet chained by the sealer.", "gauge");
        out.sample("limber_audit_unsealed_entries", static_cast<double>(backlog.unsealed));
        out.family("limber_audit_overdue_entries",
                   "Unchained audit entries older than the sealing bound (a stopped sealer).",
                   "gauge");
        out.sample("limber_audit_overdue_entries", static_cast<double>(backlog.overdue));
    } catch (const Poco::Exception& error) {
        // The database is away: the other metrics still say so (and /readyz does).
        Poco::Logger::get("limber.web").warning("metrics: audit backlog: %s", error.displayText());
    }
    if (!outbox.recipients().empty()) {
        try {
            out.family("limber_plugin_outbox_events",
                       "Events in a Notifier plugin's outbox: pending (waiting for delivery or a "
                       "retry) or dead (set aside after too many failures).",
                       "gauge");
            for (const auto& plugin : outbox.recipients()) {
                OutboxStatus status = store.outboxStatus(plugin);
                out.sample("limber_plugin_outbox_events", static_cast<double>(status.pending),
                           {{"plugin", plugin}, {"state", "pending"}});
                out.sample("limber_plugin_outbox_events", static_cast<double>(status.dead),
                           {{"plugin", plugin}, {"state", "dead"}});
            }
        } catch (const Poco::Exception& error) {
            Poco::Logger::get("limber.web")
                .warning("metrics: plugin outbox: %s", error.displayText());
        }
    }
    auto [virtualBytes, residentBytes] = memoryOfProcess();
    out.family("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
    out.sample("process_resident_memory_bytes", residentBytes);
    out.family("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge");
    out.sample("process_virtual_memory_bytes", virtualBytes);
    out.family("process_open_fds", "Number of open file descriptors.", "gauge");
    out.sample("process_open_fds", openFiles());
    out.family("process_start_time_seconds", "Start time of the process since the epoch.", "gauge");
    out.sample("process_start_time_seconds", PROCESS_START);
}

} // namespace Limber
