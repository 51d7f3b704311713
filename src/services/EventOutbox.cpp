#include "EventOutbox.h"

namespace Limber {

EventOutbox::EventOutbox(Store& store, const Clock& clock, std::vector<std::string> recipients)
    : _store(store), _clock(clock), _recipients(std::move(recipients)) {}

void EventOutbox::record(PluginEvent event) {
    if (_recipients.empty())
        return;
    if (event.id.empty())
        event.id = newEventId();
    if (event.occurredAt == 0)
        event.occurredAt = _clock.nowSeconds();
    OutboxEntry entry;
    entry.eventId = event.id;
    entry.clinicId = event.clinicId;
    entry.type = event.type;
    entry.payload = eventDocument(event);
    entry.createdAt = event.occurredAt;
    entry.nextAttemptAt = event.occurredAt;
    for (const auto& recipient : _recipients) {
        entry.recipient = recipient;
        _store.appendOutboxEntry(entry);
    }
}

} // namespace Limber
