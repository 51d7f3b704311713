#pragma once

#include "domain/Clock.h"
#include "store/SqlStore.h"
#include "web/MetricsText.h"

namespace Limber {

/// Appends what the application measures beyond the web server: the database's read pool and
/// write batches (sizes, COMMIT times), the audit entries waiting to be chained, and the
/// process (resident and virtual memory, open files, start time). Plugins' outbox backlog
/// joins here once plugins are part of Limber.
void writeApplicationMetrics(MetricsText& out, SqlStore& store, const Clock& clock);

} // namespace Limber
