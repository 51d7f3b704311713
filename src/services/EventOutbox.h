#pragma once

#include "domain/Clock.h"
#include "domain/Store.h"
#include "plugins/EventDocument.h"

#include <string>
#include <vector>

namespace Limber {

/// Where the services put events for Notifier plugins: the store's outbox, in the transaction of
/// the change (call record() inside Store::atomically). With no Notifier plugin it writes nothing.
class EventOutbox {
public:
    /// recipients: the ids of the loaded plugins with a Notifier.
    EventOutbox(Store& store, const Clock& clock, std::vector<std::string> recipients);

    bool active() const { return !_recipients.empty(); }
    /// The ids of the plugins events are written for.
    const std::vector<std::string>& recipients() const { return _recipients; }

    /// Writes event (its id and time filled in when empty) once for every recipient.
    void record(PluginEvent event);
    /// Writes event for every recipient that does not have its id yet: for events whose id
    /// names what they are about (a sessions.missed gap), so that writing the same event again
    /// (another pass, a restart, another instance) adds nothing. event.id must be set. Returns
    /// whether any recipient got it now.
    bool recordOnce(PluginEvent event);

private:
    OutboxEntry entryOf(PluginEvent& event) const;

    Store& _store;
    const Clock& _clock;
    std::vector<std::string> _recipients;
};

} // namespace Limber
