#include "BrowserLanguage.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace Limber {

std::string browserLanguage(const WebRequest& request) {
    double english = -1, spanish = -1;
    Poco::StringTokenizer ranges(Poco::toLower(request.header("accept-language")), ",",
                                 Poco::StringTokenizer::TOK_TRIM |
                                     Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& range : ranges) {
        std::string tag = range.substr(0, range.find(';'));
        double weight = 1.0;
        auto q = range.find(";q=");
        if (q != std::string::npos &&
            !Poco::NumberParser::tryParseFloat(range.substr(q + 3), weight))
            continue;
        std::string primary = Poco::trim(tag.substr(0, tag.find('-')));
        // The first mention of a language counts; a later, lower one does not lower it.
        if (primary == "en" && english < 0)
            english = weight;
        else if (primary == "es" && spanish < 0)
            spanish = weight;
    }
    return spanish > 0 && spanish > english ? "es" : "en";
}

} // namespace Limber
