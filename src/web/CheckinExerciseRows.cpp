#include "CheckinExerciseRows.h"

namespace Limber {

void ExerciseRows::appendTo(std::string& out,
                            const std::function<bool(const std::string&)>& isDone) const {
    std::string key;
    for (const Row& row : rows) {
        std::size_t ticks = 0;
        for (std::size_t i = 0; i < row.sides.size(); ++i) {
            key.assign(row.exerciseId).append(":").append(toString(row.sides[i]));
            if (isDone(key))
                ticks |= std::size_t{1} << i;
        }
        out += row.html.at(ticks);
    }
}

std::shared_ptr<const ExerciseRows> ExerciseRowsCache::get(const ExerciseRowsKey& key,
                                                           const Prescription& prescription,
                                                           const Render& render) {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = _byKey.find(key);
        if (found != _byKey.end()) {
            if (found->second->second->prescription == prescription) {
                _recent.splice(_recent.begin(), _recent, found->second);
                return found->second->second;
            }
            _recent.erase(found->second);
            _byKey.erase(found);
        }
    }
    std::shared_ptr<const ExerciseRows> rows = render();
    if (_capacity == 0)
        return rows;
    std::lock_guard<std::mutex> lock(_mutex);
    if (auto found = _byKey.find(key); found != _byKey.end()) {
        _recent.erase(found->second);
        _byKey.erase(found);
    }
    _recent.emplace_front(key, rows);
    _byKey[key] = _recent.begin();
    while (_recent.size() > _capacity) {
        _byKey.erase(_recent.back().first);
        _recent.pop_back();
    }
    return rows;
}

std::size_t ExerciseRowsCache::size() const {
    std::lock_guard<std::mutex> lock(_mutex);
    return _recent.size();
}

} // namespace Limber
