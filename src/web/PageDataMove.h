#pragma once

#include "PageRenderer.h"

#include <cstddef>
#include <string>
#include <utility>

namespace Limber {

// kainjow's set() and push_back() take their value by const reference and copy it deeply: a
// list of table rows set into a page is copied row by row, field by field. These two move it
// in instead. kainjow keeps no const object here: the const its accessors return is only its
// interface's, so writing through it is well defined.

/// Makes room for count items in list (a list). kainjow's move constructor is not noexcept,
/// so a list that grows copies every item it holds: reserve before pushMoved.
inline void reserveItems(PageData& list, std::size_t count) {
    const_cast<kainjow::mustache::basic_list<std::string>&>(list.list_value()).reserve(count);
}

/// Appends item to list without copying it. list must be a list (PageData::type::list).
inline void pushMoved(PageData& list, PageData&& item) {
    const_cast<kainjow::mustache::basic_list<std::string>&>(list.list_value())
        .push_back(std::move(item));
}

/// Sets name in data (an object) to value without copying value.
inline void setMoved(PageData& data, const std::string& name, PageData&& value) {
    data.set(name, PageData(false));
    *const_cast<PageData*>(data.get(name)) = std::move(value);
}

} // namespace Limber
