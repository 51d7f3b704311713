#include "PrintChoicesView.h"

#include "domain/Language.h"

#include <string_view>
#include <utility>

namespace Limber {

namespace {

/// The name of a supported language in that language, as the form lists it.
std::string_view ownNameOf(std::string_view code) {
    return code == "es" ? "Español" : "English";
}

PageData choice(std::string_view value, std::string_view label, bool selected) {
    PageData item;
    item.set("value", std::string(value));
    item.set("label", std::string(label));
    item.set("selected", selected);
    return item;
}

} // namespace

void addPaperChoices(PageData& data) {
    PageData papers{PageData::type::list};
    papers.push_back(choice("letter", "Letter", true));
    papers.push_back(choice("a4", "A4", false));
    data.set("printPapers", papers);
}

void addPrintChoices(PageData& data, const Patient& patient) {
    addPaperChoices(data);
    PageData languages{PageData::type::list};
    for (std::string_view code : SUPPORTED_LANGUAGES)
        languages.push_back(choice(code, ownNameOf(code), code == patient.language));
    data.set("printLanguages", languages);
    data.set("printLargePrint", false);
}

} // namespace Limber
