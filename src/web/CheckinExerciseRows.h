#pragma once

#include "domain/Dose.h"
#include "domain/Program.h"

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace Limber {

/// The exercise rows of the check-in page for one program version, language and session,
/// rendered to HTML. What a patient ticks is the only part that changes from view to view, so
/// each row is kept rendered once per combination of its boxes (one box, or left and right).
struct ExerciseRows {
    struct Row {
        std::string exerciseId;
        std::vector<Side> sides; ///< its boxes, in page order
        /// The row's HTML for each combination of ticks: bit i set when sides[i] is ticked.
        std::vector<std::string> html;
    };
    Prescription prescription; ///< what the rows were rendered from
    std::vector<Row> rows;

    /// Appends every row's HTML to out, with isDone("<exerciseId>:<side>") deciding each box.
    void appendTo(std::string& out, const std::function<bool(const std::string&)>& isDone) const;
};

/// Which rendered rows: a program version (program id and version number), the patient's
/// language and the session of the day (a session shows only the items done that often).
struct ExerciseRowsKey {
    std::int64_t programId = 0;
    int version = 0;
    std::string language;
    int slot = 1;
    bool operator<(const ExerciseRowsKey& other) const {
        return std::tie(programId, version, language, slot) <
               std::tie(other.programId, other.version, other.language, other.slot);
    }
};

/// Rendered exercise rows kept by program version, for the check-in page.
///
/// Contract: a program version never changes (an edit makes a new version), so rows rendered
/// from it stay right for as long as what else they are rendered from does not change: the
/// shared catalog (the packs, fixed while the server runs) and the page's words (compiled in).
/// A clinic's own exercises can be edited, so rows naming one must NOT be kept: the caller
/// renders those fresh (CheckinPages keeps only programs for which namesOnlySharedExercises
/// holds). As a second guard, a kept entry is served only when its prescription equals the one
/// asked for, so a key reused with other content (another database behind the same program id)
/// is rendered again, never served the old rows. Nothing needs invalidating.
///
/// Bounded: at most `capacity` entries, the least recently used forgotten first. Thread-safe;
/// rendering happens outside the lock (two threads missing the same key both render, and the
/// last one is kept).
class ExerciseRowsCache {
public:
    using Render = std::function<std::shared_ptr<const ExerciseRows>()>;

    explicit ExerciseRowsCache(std::size_t capacity = DEFAULT_CAPACITY) : _capacity(capacity) {}

    /// The rows kept for key when they were rendered from prescription; else render()'s, kept.
    std::shared_ptr<const ExerciseRows> get(const ExerciseRowsKey& key,
                                            const Prescription& prescription, const Render& render);

    std::size_t size() const;

    /// About 130 programs in use at once per server; a worst-case entry (8 exercises done on
    /// each side, long instructions) is about 50 KB.
    static constexpr std::size_t DEFAULT_CAPACITY = 128;

private:
    using Entry = std::pair<ExerciseRowsKey, std::shared_ptr<const ExerciseRows>>;

    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::list<Entry> _recent; ///< most recently used first
    std::map<ExerciseRowsKey, std::list<Entry>::iterator> _byKey;
};

} // namespace Limber
