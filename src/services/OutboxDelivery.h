#pragma once

#include "domain/Clock.h"
#include "domain/Store.h"
#include "plugins/Plugins.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace Limber {

/// How the outbox retries: after the n-th failed attempt the next comes firstDelay * 3^(n-1)
/// seconds later (at most maxDelay); after maxAttempts failures the entry is set aside (dead).
struct DeliveryPolicy {
    std::int64_t firstDelaySeconds = 10;
    std::int64_t maxDelaySeconds = 3600;
    int maxAttempts = 12;
    std::size_t batch = 50;
    std::chrono::milliseconds poll{1000};
    /// An entry is taken for this long while it is being delivered (see
    /// Store::claimOutboxEntry): other instances leave it alone unless this one stops.
    std::int64_t claimSeconds = 300;
};

/// Recipients that are parts of Limber rather than plugins (the FHIR push), by recipient id:
/// each takes an event document; returning means delivered, throwing means "try again later".
using HostRecipients = std::map<std::string, std::function<void(const std::string&)>>;

/// Delivers committed outbox entries to the Notifier plugins (and the host's recipients), on a
/// thread of its own, so that a slow or failing plugin never slows or fails a request. At least
/// once: an entry delivered just before a crash (not yet marked) is delivered again after the
/// restart. Each entry is taken before it is delivered, so that several instances on one
/// database do not both deliver it.
class OutboxDelivery {
public:
    /// Starts the delivery thread when start is true (tests pass false and call deliverDue).
    OutboxDelivery(Store& store, const Clock& clock, const Plugins& plugins, DeliveryPolicy policy,
                   bool start = true, HostRecipients hosts = {});
    /// Stops the thread after the delivery in progress.
    ~OutboxDelivery();
    OutboxDelivery(const OutboxDelivery&) = delete;
    OutboxDelivery& operator=(const OutboxDelivery&) = delete;

    /// Delivers what is due now, one pass of at most policy.batch entries; returns how many were
    /// delivered. Failures are recorded in the store and logged.
    std::size_t deliverDue();

private:
    void run();

    Store& _store;
    const Clock& _clock;
    const Plugins& _plugins;
    DeliveryPolicy _policy;
    HostRecipients _hosts;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace Limber
