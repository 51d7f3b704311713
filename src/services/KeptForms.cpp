#include "KeptForms.h"

#include "Secrets.h"

#include <algorithm>

namespace Limber {

void KeptForms::forgetExpired(std::int64_t now) {
    std::erase_if(
        _kept, [now](const auto& entry) { return now - entry.second.keptAt >= LIFETIME_SECONDS; });
}

std::optional<std::string> KeptForms::keep(std::int64_t userId, const std::string& path,
                                           FieldList fields) {
    std::size_t bytes = 0;
    for (const auto& [name, value] : fields)
        bytes += name.size() + value.size();
    if (bytes > MAX_BYTES)
        return std::nullopt;
    const std::string id = randomToken(32);
    const std::int64_t now = _clock.nowSeconds();
    std::lock_guard lock(_mutex);
    forgetExpired(now);
    if (_kept.size() >= MAX_KEPT) {
        auto oldest =
            std::min_element(_kept.begin(), _kept.end(), [](const auto& a, const auto& b) {
                return a.second.keptAt < b.second.keptAt;
            });
        _kept.erase(oldest);
    }
    _kept[sha256Hex(id)] = Kept{userId, path, std::move(fields), now};
    return id;
}

std::optional<KeptForms::FieldList> KeptForms::take(const std::string& id, std::int64_t userId,
                                                    const std::string& path) {
    if (id.empty() || id.size() > 128)
        return std::nullopt;
    const std::int64_t now = _clock.nowSeconds();
    std::lock_guard lock(_mutex);
    forgetExpired(now);
    auto found = _kept.find(sha256Hex(id));
    if (found == _kept.end() || found->second.userId != userId)
        return std::nullopt;
    if (found->second.path != path)
        return std::nullopt;
    FieldList fields = std::move(found->second.fields);
    _kept.erase(found);
    return fields;
}

} // namespace Limber
