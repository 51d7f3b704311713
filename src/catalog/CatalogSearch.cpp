#include "CatalogSearch.h"

#include "domain/Utf8.h"

#include <Poco/StringTokenizer.h>
#include <Poco/Unicode.h>

#include <algorithm>
#include <cctype>

namespace Limber {

namespace {

/// The base letter of an accented Latin letter (already lower case), or 0 when it has none.
/// Covers Latin-1 Supplement and Latin Extended-A: every letter Spanish, Portuguese, French,
/// German, the Nordic and the Central European languages write.
char baseLetter(int codePoint) {
    struct Range {
        int first;
        int last;
        char base;
    };
    static constexpr Range RANGES[] = {
        {0xE0, 0xE5, 'a'},   {0xE6, 0xE6, 'a'},   {0xE7, 0xE7, 'c'},   {0xE8, 0xEB, 'e'},
        {0xEC, 0xEF, 'i'},   {0xF0, 0xF0, 'd'},   {0xF1, 0xF1, 'n'},   {0xF2, 0xF6, 'o'},
        {0xF8, 0xF8, 'o'},   {0xF9, 0xFC, 'u'},   {0xFD, 0xFD, 'y'},   {0xFF, 0xFF, 'y'},
        {0x101, 0x105, 'a'}, {0x107, 0x10D, 'c'}, {0x10F, 0x111, 'd'}, {0x113, 0x11B, 'e'},
        {0x11D, 0x123, 'g'}, {0x125, 0x127, 'h'}, {0x129, 0x131, 'i'}, {0x135, 0x135, 'j'},
        {0x137, 0x137, 'k'}, {0x13A, 0x142, 'l'}, {0x144, 0x148, 'n'}, {0x14D, 0x151, 'o'},
        {0x155, 0x159, 'r'}, {0x15B, 0x161, 's'}, {0x163, 0x167, 't'}, {0x169, 0x173, 'u'},
        {0x175, 0x175, 'w'}, {0x177, 0x177, 'y'}, {0x17A, 0x17E, 'z'}};
    for (const auto& range : RANGES)
        if (codePoint >= range.first && codePoint <= range.last)
            return range.base;
    return 0;
}

std::string haystackOf(const Exercise& exercise) {
    std::string haystack = exercise.id;
    for (const auto& [language, text] : exercise.text) {
        haystack += "\n" + text.name;
        for (const auto& alias : text.aliases)
            haystack += "\n" + alias;
    }
    return foldForSearch(haystack);
}

bool listHas(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

bool ExerciseQuery::empty() const {
    return text.empty() && strategy.empty() && region.empty() && position.empty() &&
           equipment.empty() && !type && !own;
}

std::string foldForSearch(std::string_view text) {
    std::string folded;
    folded.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        Utf8Character character = decodeUtf8(text, i);
        if (!character.valid) { // not UTF-8: keep the byte as it is
            folded += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            ++i;
            continue;
        }
        i += character.length;
        int codePoint = static_cast<int>(character.codePoint);
        int lower = Poco::Unicode::toLower(codePoint);
        if (lower < 0x80)
            folded += static_cast<char>(lower);
        else if (char base = baseLetter(lower))
            folded += base;
        else
            appendUtf8(folded, static_cast<char32_t>(lower));
    }
    return folded;
}

std::string exerciseIdFromName(std::string_view name) {
    constexpr std::size_t MAX_LENGTH = 72; // room for a "-2" to keep it unique, within 80
    std::string folded = foldForSearch(name);
    // An apostrophe joins its word ("Child's pose" -> "childs-pose"), typed or typographic.
    for (auto at = folded.find("\u2019"); at != std::string::npos; at = folded.find("\u2019"))
        folded.erase(at, 3);
    std::string id;
    for (char c : folded) {
        if (c == '\'')
            continue;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            id += c;
        else if (!id.empty() && id.back() != '-')
            id += '-';
    }
    if (id.size() > MAX_LENGTH) {
        id.resize(MAX_LENGTH);
        if (auto dash = id.rfind('-'); dash != std::string::npos && dash > 0)
            id.resize(dash);
    }
    while (!id.empty() && id.back() == '-')
        id.pop_back();
    return id.empty() ? "exercise" : id;
}

bool matchesQuery(const Exercise& exercise, const ExerciseQuery& query) {
    if (!query.strategy.empty() && exercise.strategy != query.strategy)
        return false;
    if (!query.region.empty() && !listHas(exercise.regions, query.region))
        return false;
    if (!query.position.empty() && exercise.position != query.position)
        return false;
    if (!query.equipment.empty()) {
        // "none" finds the exercises that need nothing (a mat counts as nothing special).
        bool needsNothing = exercise.equipment.empty() ||
                            (exercise.equipment.size() == 1 && exercise.equipment[0] == "mat");
        if (query.equipment == "none" ? !needsNothing
                                      : !listHas(exercise.equipment, query.equipment))
            return false;
    }
    if (query.type && exercise.type != *query.type)
        return false;
    if (query.own && (exercise.revision > 0) != *query.own)
        return false;
    if (query.text.empty())
        return true;
    std::string haystack = haystackOf(exercise);
    Poco::StringTokenizer words(foldForSearch(query.text), " \t\n,;",
                                Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& word : words)
        if (haystack.find(word) == std::string::npos)
            return false;
    return true;
}

} // namespace Limber
