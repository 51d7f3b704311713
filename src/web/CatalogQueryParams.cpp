#include "CatalogQueryParams.h"

#include "domain/Language.h"

#include <Poco/String.h>

namespace Limber {

namespace {

std::string knownTerms(const Catalog& catalog, TermKind kind) {
    std::string list;
    for (const Term* term : catalog.terms(kind))
        list += (list.empty() ? "" : ", ") + term->id;
    return list;
}

} // namespace

ExerciseQuery exerciseQueryOf(const Fields& query, const Catalog& catalog) {
    FieldErrors errors;
    ExerciseQuery result;
    result.text = Poco::trim(query.get("q"));
    if (result.text.size() > 200)
        errors.add("q", "must be at most 200 characters");
    auto term = [&](const char* name, TermKind kind, std::string& out) {
        std::string value = Poco::trim(query.get(name));
        if (value.empty())
            return;
        if (catalog.term(kind, value) || (kind == TermKind::Equipment && value == "none"))
            out = value;
        else
            errors.add(name, "must be one of " + knownTerms(catalog, kind) +
                                 (kind == TermKind::Equipment ? ", none" : "") + " (got \"" +
                                 value.substr(0, 40) + "\")");
    };
    term("strategy", TermKind::Strategy, result.strategy);
    term("region", TermKind::Region, result.region);
    term("position", TermKind::Position, result.position);
    term("equipment", TermKind::Equipment, result.equipment);
    std::string type = Poco::trim(query.get("type"));
    if (!type.empty()) {
        result.type = exerciseTypeFromString(type);
        if (!result.type)
            errors.add("type", "must be one of stretch, balance, strength, mobility");
    }
    std::string own = Poco::trim(query.get("own"));
    if (own == "true" || own == "1")
        result.own = true;
    else if (own == "false" || own == "0")
        result.own = false;
    else if (!own.empty())
        errors.add("own", "must be true or false");
    errors.throwIfAny();
    return result;
}

std::string languageParam(const Fields& query, const std::string& fallback) {
    std::string language = Poco::trim(query.get("lang", fallback));
    if (language.empty())
        return fallback;
    if (!isSupportedLanguage(language))
        throw ValidationException("lang", "must be en or es");
    return language;
}

} // namespace Limber
