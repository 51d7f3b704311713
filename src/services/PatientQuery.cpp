#include "PatientQuery.h"

#include "catalog/CatalogSearch.h"

#include <Poco/StringTokenizer.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Unicode.h>

namespace Limber {

std::string searchKey(std::string_view text) {
    std::string folded = foldForSearch(text);
    std::string key;
    key.reserve(folded.size());
    Poco::UTF8Encoding utf8;
    Poco::TextIterator end(folded);
    for (Poco::TextIterator it(folded, utf8); it != end; ++it) {
        int codePoint = *it;
        if (codePoint < 0 ||
            !(Poco::Unicode::isAlpha(codePoint) || Poco::Unicode::isDigit(codePoint)))
            continue;
        unsigned char bytes[4];
        int length = utf8.convert(codePoint, bytes, sizeof bytes);
        key.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
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
