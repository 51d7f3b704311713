#pragma once

#include "AuditTrail.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace Limber {

/// Seals the audit trail's new entries every interval on a thread of its own, while it lives.
/// Any number of sealers may run on one database (one per server instance): each pass is one
/// transaction, and on PostgreSQL only one instance's pass works at a time. A failed pass (the
/// database is away) is logged and retried at the next interval: entries wait, none is lost.
class AuditSealer {
public:
    AuditSealer(AuditTrail& audit, std::chrono::milliseconds interval);
    /// Stops the thread, then seals what is left.
    ~AuditSealer();
    AuditSealer(const AuditSealer&) = delete;
    AuditSealer& operator=(const AuditSealer&) = delete;

private:
    void loop();
    void sealNow();

    AuditTrail& _audit;
    std::chrono::milliseconds _interval;
    std::mutex _mutex;
    std::condition_variable _stop;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace Limber
