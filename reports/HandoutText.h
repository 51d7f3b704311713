#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The fixed words of the handout in one language.
struct HandoutText {
    const char* title;
    const char* patient;
    const char* therapist;
    const char* program;
    const char* version;
    const char* printed;
    const char* from;
    const char* to;
    const char* howOften;
    const char* tips;
    const char* takeCare;
    const char* easier;
    const char* harder;
    const char* therapistNote;
    const char* goodHabits;
    const char* safetyTitle;
    std::vector<const char*> safety;
    const char* checkinTitle;
    const char* checkinWithLink;
    const char* checkinWithoutLink;
    const char* pageOf; ///< "Page %d of %d"
};

/// The handout's words in language ("en" or "es"); English for anything else.
const HandoutText& handoutText(std::string_view language);

} // namespace Limber
