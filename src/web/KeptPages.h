#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Limber {

/// A rendered page kept for views that would render the same bytes, with holes where each view
/// puts its own value (a fresh submission id, say).
class KeptPage {
public:
    /// html split at every occurrence of hole.
    KeptPage(const std::string& html, const std::string& hole);

    /// The page with value in every hole: the bytes of the page rendered with value in place of
    /// the hole, provided value and the hole are escaped alike (letters, digits, '-' and '_').
    std::string filledWith(const std::string& value) const;

private:
    std::vector<std::string> _pieces; ///< the text between the holes, one more than holes
    std::size_t _size = 0;            ///< the pieces' total size
};

/// A KeptPages key built from parts, each written with its length so that no two lists of
/// parts give the same key.
class PageKey {
public:
    PageKey& add(std::string_view part);
    PageKey& add(std::int64_t number) { return add(std::to_string(number)); }
    const std::string& text() const { return _text; }

private:
    std::string _text;
};

/// Rendered pages kept by a key that names everything they show, for the page views that are
/// asked for again and again while nothing they show changes (the check-in page, the patient
/// list, the patient page).
///
/// Contract: the caller builds the key from every input of the render: the clinic's data
/// generation (Store::dataGeneration) or the identity of a kept read that stands for it, the
/// day, the user and their session's form token, the language and the request's query. Nothing
/// is ever invalidated: a change makes a new key, and old keys fall out as the least recently
/// used. A page that holds anything not in its key must not be kept. An anchor, when given, is
/// held with the page so that a key naming an object's address cannot be reused by another
/// object while the page is kept.
///
/// Bounded: at most `capacity` pages, the least recently used forgotten first. Thread-safe;
/// the caller renders outside the lock (two views missing the same key both render; the last
/// one is kept).
class KeptPages {
public:
    explicit KeptPages(std::size_t capacity) : _capacity(capacity) {}

    /// The page kept under key, or null; null too once now (seconds since the epoch) has
    /// reached the page's goodUntil.
    std::shared_ptr<const KeptPage> find(const std::string& key, std::int64_t now = 0);
    /// Keeps page under key, with anchor held beside it; gives the page back. goodUntil: the
    /// first second at which the page would show something else (a link that expires, say).
    std::shared_ptr<const KeptPage> keep(const std::string& key, KeptPage page,
                                         std::shared_ptr<const void> anchor = nullptr,
                                         std::int64_t goodUntil = FOREVER);

    static constexpr std::int64_t FOREVER = INT64_MAX;

    std::size_t size() const;

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const KeptPage> page;
        std::shared_ptr<const void> anchor;
        std::int64_t goodUntil = FOREVER;
    };

    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::list<Entry> _recent; ///< most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> _byKey;
};

} // namespace Limber
