#include "EventOutbox.h"

#include <Poco/Exception.h>

namespace Limber {

EventOutbox::EventOutbox(Store& store, const Clock& clock, std::vector<std::string> recipients)
    : _store(store), _clock(clock), _recipients(std::move(recipients)) {}

OutboxEntry EventOutbox::entryOf(PluginEvent& event) const {
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
    return entry;
}

void EventOutbox::record(PluginEvent event) {
    if (_recipients.empty())
        return;
    OutboxEntry entry = entryOf(event);
    for (const auto& recipient : _recipients) {
        entry.recipient = recipient;
        _store.appendOutboxEntry(entry);
    }
}

bool EventOutbox::recordOnce(PluginEvent event) {
    if (event.id.empty())
        throw Poco::InvalidArgumentException("recordOnce: the event needs its id");
    OutboxEntry entry = entryOf(event);
    bool added = false;
    for (const auto& recipient : _recipients) {
        entry.recipient = recipient;
        added = _store.appendOutboxEntryOnce(entry) || added;
    }
    return added;
}

} // namespace Limber
