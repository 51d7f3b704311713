#include "PrintChoicesView.h"

#include "domain/Language.h"
#include "domain/ValidationException.h"

#include <Poco/String.h>

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

PrintRequest printRequestOf(const Fields& fields) {
    PrintRequest request;
    FieldErrors errors;
    if (fields.has("paper")) {
        request.paper = paperSizeFromName(fields.get("paper"));
        if (!request.paper)
            errors.add("paper", "must be letter or a4");
    }
    if (fields.has("largePrint")) {
        std::string large = Poco::toLower(fields.get("largePrint"));
        if (large == "true" || large == "1")
            request.largePrint = true;
        else if (large == "false" || large == "0")
            request.largePrint = false;
        else
            errors.add("largePrint", "must be true or false");
    }
    if (fields.has("lang")) {
        request.language = fields.get("lang");
        if (!isHandoutLanguage(*request.language))
            errors.add("lang", HANDOUT_LANGUAGE_RULE);
    }
    errors.throwIfAny();
    return request;
}

std::string printQueryOf(const PrintRequest& request) {
    std::string query;
    auto add = [&query](std::string_view name, std::string_view value) {
        query += (query.empty() ? "" : "&") + std::string(name) + "=" + std::string(value);
    };
    if (request.paper)
        add("paper", paperSizeName(*request.paper));
    if (request.largePrint)
        add("largePrint", *request.largePrint ? "true" : "false");
    if (request.language)
        add("lang", *request.language); // checked: a supported code or empty
    return query;
}

void addPaperChoices(PageData& data, PaperSize clinicPaper) {
    PageData papers{PageData::type::list};
    papers.push_back(choice("letter", "Letter", clinicPaper == PaperSize::Letter));
    papers.push_back(choice("a4", "A4", clinicPaper == PaperSize::A4));
    data.set("printPapers", papers);
}

void addPrintChoices(PageData& data, const Patient& patient, PaperSize clinicPaper) {
    addPaperChoices(data, clinicPaper);
    const std::string& language =
        patient.print.language.empty() ? patient.language : patient.print.language;
    PageData languages{PageData::type::list};
    for (std::string_view code : SUPPORTED_LANGUAGES)
        languages.push_back(choice(code, ownNameOf(code), code == language));
    data.set("printLanguages", languages);
    data.set("printLargePrint", patient.print.largePrint);
}

} // namespace Limber
