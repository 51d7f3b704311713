#pragma once

#include "domain/Clock.h"
#include "services/EventOutbox.h"
#include "store/SqlStore.h"
#include "web/MetricsText.h"

namespace Limber {

/// Appends what the application measures beyond the web server: the database's read pool and
/// write batches (sizes, COMMIT times), the audit entries waiting to be chained, and the
/// process (resident and virtual memory, open files, start time), and each Notifier plugin's
/// outbox: events waiting for delivery and events set aside after too many failures.
void writeApplicationMetrics(MetricsText& out, SqlStore& store, const Clock& clock,
                             const EventOutbox& outbox);

} // namespace Limber
