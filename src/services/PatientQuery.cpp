#include "PatientQuery.h"

#include "catalog/CatalogSearch.h"
#include "domain/Utf8.h"

#include <Poco/StringTokenizer.h>
#include <Poco/Unicode.h>

namespace Limber {

std::string searchKey(std::string_view text) {
    std::string folded = foldForSearch(text);
    std::string key;
    key.reserve(folded.size());
    for (std::size_t at = 0; at < folded.size();) {
        Utf8Character character = decodeUtf8(folded, at);
        at += character.length;
        int codePoint = static_cast<int>(character.codePoint);
        if (character.valid &&
            (Poco::Unicode::isAlpha(codePoint) || Poco::Unicode::isDigit(codePoint)))
            appendUtf8(key, character.codePoint);
    }
    return key;
}

PatientQuery::PatientQuery(std::string_view typed) {
    Poco::StringTokenizer words(std::string(typed), " \t\n",
                                Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& word : words)
        if (std::string key = searchKey(word); !key.empty())
            _words.push_back(std::move(key));
}

bool PatientQuery::matches(const Patient& patient) const {
    if (_words.empty())
        return true;
    // Name and record number each on their own, so a word never spans the two.
    std::string name = searchKey(patient.name);
    std::string record = searchKey(patient.recordNumber);
    for (const auto& word : _words)
        if (name.find(word) == std::string::npos && record.find(word) == std::string::npos)
            return false;
    return true;
}

} // namespace Limber
