#include "Exercise.h"

namespace Limber {

namespace {

template <typename Text>
const Text& pick(const std::map<std::string, Text>& texts, const std::string& language) {
    if (auto found = texts.find(language); found != texts.end())
        return found->second;
    if (auto english = texts.find("en"); english != texts.end())
        return english->second;
    static const Text EMPTY{};
    return texts.empty() ? EMPTY : texts.begin()->second;
}

} // namespace

const ExerciseText& Exercise::textIn(const std::string& language) const {
    return pick(text, language);
}

const EducationText& EducationItem::textIn(const std::string& language) const {
    return pick(text, language);
}

} // namespace Limber
