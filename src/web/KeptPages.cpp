#include "KeptPages.h"

namespace Limber {

KeptPage::KeptPage(const std::string& html, const std::string& hole) {
    std::size_t from = 0;
    if (!hole.empty())
        for (auto at = html.find(hole); at != std::string::npos; at = html.find(hole, from)) {
            _pieces.push_back(html.substr(from, at - from));
            from = at + hole.size();
        }
    _pieces.push_back(html.substr(from));
    for (const auto& piece : _pieces)
        _size += piece.size();
}

std::string KeptPage::filledWith(const std::string& value) const {
    std::string page;
    page.reserve(_size + (_pieces.size() - 1) * value.size());
    for (std::size_t i = 0; i < _pieces.size(); ++i) {
        if (i > 0)
            page += value;
        page += _pieces[i];
    }
    return page;
}

PageKey& PageKey::add(std::string_view part) {
    _text += std::to_string(part.size());
    _text += ':';
    _text += part;
    return *this;
}

std::shared_ptr<const KeptPage> KeptPages::find(const std::string& key, std::int64_t now) {
    std::lock_guard lock(_mutex);
    auto found = _byKey.find(key);
    if (found == _byKey.end() || now >= found->second->goodUntil)
        return nullptr;
    _recent.splice(_recent.begin(), _recent, found->second);
    return found->second->page;
}

std::shared_ptr<const KeptPage> KeptPages::keep(const std::string& key, KeptPage page,
                                                std::shared_ptr<const void> anchor,
                                                std::int64_t goodUntil) {
    auto kept = std::make_shared<const KeptPage>(std::move(page));
    if (_capacity == 0)
        return kept;
    std::lock_guard lock(_mutex);
    if (auto found = _byKey.find(key); found != _byKey.end()) {
        _recent.erase(found->second);
        _byKey.erase(found);
    }
    _recent.push_front({key, kept, std::move(anchor), goodUntil});
    _byKey.emplace(key, _recent.begin());
    if (_recent.size() > _capacity) {
        _byKey.erase(_recent.back().key);
        _recent.pop_back();
    }
    return kept;
}

std::size_t KeptPages::size() const {
    std::lock_guard lock(_mutex);
    return _recent.size();
}

} // namespace Limber
