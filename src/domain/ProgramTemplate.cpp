#include "ProgramTemplate.h"

namespace Limber {

namespace {

const std::string& noteIn(const std::map<std::string, std::string>& notes,
                          const std::string& language) {
    static const std::string NONE;
    if (auto found = notes.find(language); found != notes.end())
        return found->second;
    if (auto english = notes.find("en"); english != notes.end())
        return english->second;
    return NONE;
}

} // namespace

const TemplateText& ProgramTemplate::textIn(const std::string& language) const {
    if (auto found = text.find(language); found != text.end())
        return found->second;
    if (auto english = text.find("en"); english != text.end())
        return english->second;
    static const TemplateText EMPTY{};
    return text.empty() ? EMPTY : text.begin()->second;
}

Prescription ProgramTemplate::prescription(const std::string& language, Date start) const {
    const TemplateText& words = textIn(language);
    Prescription p;
    p.title = words.title;
    p.notes = words.notes;
    p.startDate = start;
    p.endDate = start.plusDays(weeks * 7 - 1);
    for (const auto& item : items)
        p.items.push_back({item.exerciseId, item.dose, noteIn(item.note, language)});
    p.educationIds = educationIds;
    return p;
}

} // namespace Limber
