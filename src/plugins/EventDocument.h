#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace Limber {

/// An event for the plugins, before it becomes its limber.event/1 document.
struct PluginEvent {
    /// Unique (a random UUID; sessions.missed's names its program and gap), kept on every
    /// delivery.
    std::string id;
    std::string type;            ///< "session.logged", "pain.threshold", "program.saved", ...
    std::int64_t occurredAt = 0; ///< UTC epoch seconds
    std::int64_t clinicId = 0;
    std::optional<std::int64_t> patientId;
    /// The type's own fields, in order: ids, dates and numbers, never names or notes.
    std::vector<std::pair<std::string, std::variant<std::int64_t, std::string>>> data;
};

/// The event types of limber.event/1 (plugin/README.md).
namespace EventTypes {
inline constexpr const char* SESSION_LOGGED = "session.logged";
inline constexpr const char* PAIN_THRESHOLD = "pain.threshold";
inline constexpr const char* PAIN_RISING = "pain.rising";
inline constexpr const char* PROGRAM_SAVED = "program.saved";
inline constexpr const char* PROGRAM_REVISED = "program.revised";
inline constexpr const char* SESSIONS_MISSED = "sessions.missed";
inline constexpr const char* PATIENT_DISCHARGED = "patient.discharged";
} // namespace EventTypes

/// The event as its limber.event/1 JSON document.
std::string eventDocument(const PluginEvent& event);

/// A new random event id (UUID, version 4).
std::string newEventId();

} // namespace Limber
