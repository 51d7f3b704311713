#include "OutboxDelivery.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <algorithm>

namespace Limber {

OutboxDelivery::OutboxDelivery(Store& store, const Clock& clock, const Plugins& plugins,
                               DeliveryPolicy policy, bool start, HostRecipients hosts)
    : _store(store), _clock(clock), _plugins(plugins), _policy(policy), _hosts(std::move(hosts)) {
    if (start)
        _thread = std::thread([this] { run(); });
}

OutboxDelivery::~OutboxDelivery() {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

std::size_t OutboxDelivery::deliverDue() {
    Poco::Logger& log = Poco::Logger::get("limber.plugins");
    std::size_t delivered = 0;
    for (const OutboxEntry& entry : _store.dueOutboxEntries(_clock.nowSeconds(), _policy.batch)) {
        if (!_store.claimOutboxEntry(entry.id, entry.nextAttemptAt,
                                     _clock.nowSeconds() + _policy.claimSeconds))
            continue; // another instance is delivering it
        std::string error;
        const LoadedPlugin* plugin = _plugins.find(entry.recipient);
        auto host = _hosts.find(entry.recipient);
        if (host != _hosts.end()) {
            try {
                host->second(entry.payload);
            } catch (const Poco::Exception& e) {
                error = e.displayText();
            } catch (const std::exception& e) {
                error = e.what();
                if (error.empty())
                    error = "failed";
            }
        } else if (!plugin || !plugin->notifier()) {
            error = "plugin " + entry.recipient + " is not loaded";
        } else {
            try {
                const_cast<LoadedPlugin*>(plugin)->call(
                    [&] { plugin->notifier()->notify(entry.payload); });
            } catch (const std::exception& e) {
                error = e.what();
                if (error.empty())
                    error = "failed";
            } catch (...) {
                error = "failed with an exception that is not std::exception";
            }
        }
        std::int64_t now = _clock.nowSeconds();
        if (error.empty()) {
            _store.markOutboxDelivered(entry.id, now);
            ++delivered;
            continue;
        }
        int attempts = entry.attempts + 1;
        bool dead = attempts >= _policy.maxAttempts;
        std::int64_t delay = _policy.firstDelaySeconds;
        for (int i = 1; i < attempts && delay < _policy.maxDelaySeconds; ++i)
            delay *= 3;
        delay = std::min(delay, _policy.maxDelaySeconds);
        _store.markOutboxFailed(entry.id, attempts, now + delay, error, now, dead);
        log.warning("plugin " + entry.recipient + ": event " + entry.eventId + " (" + entry.type +
                    ") not delivered, attempt " + std::to_string(attempts) + ": " + error +
                    (dead ? "; set aside after " + std::to_string(attempts) + " attempts"
                          : "; next try in " + std::to_string(delay) + " s"));
    }
    return delivered;
}

void OutboxDelivery::run() {
    Poco::Logger& log = Poco::Logger::get("limber.plugins");
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping) {
        lock.unlock();
        try {
            while (deliverDue() == _policy.batch)
                ;
        } catch (const std::exception& e) {
            log.error(std::string("outbox delivery: ") + e.what());
        }
        lock.lock();
        _wake.wait_for(lock, _policy.poll, [this] { return _stopping; });
    }
}

} // namespace Limber
