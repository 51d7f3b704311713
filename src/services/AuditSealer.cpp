#include "AuditSealer.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

namespace Limber {

AuditSealer::AuditSealer(AuditTrail& audit, std::chrono::milliseconds interval)
    : _audit(audit), _interval(interval), _thread([this] { loop(); }) {}

AuditSealer::~AuditSealer() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _stop.notify_all();
    _thread.join();
    sealNow();
}

void AuditSealer::loop() {
    std::unique_lock lock(_mutex);
    while (!_stop.wait_for(lock, _interval, [this] { return _stopping; })) {
        lock.unlock();
        sealNow();
        lock.lock();
    }
}

void AuditSealer::sealNow() {
    try {
        _audit.seal();
    } catch (const Poco::Exception& error) {
        Poco::Logger::get("limber.audit")
            .warning("sealing the audit trail failed, retrying: %s", error.displayText());
    } catch (const std::exception& error) {
        Poco::Logger::get("limber.audit")
            .warning("sealing the audit trail failed, retrying: %s", std::string(error.what()));
    }
}

} // namespace Limber
