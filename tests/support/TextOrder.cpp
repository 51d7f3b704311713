#include "TextOrder.h"

namespace Limber::Testing {

::testing::AssertionResult inOrder(const std::string& text, const std::vector<std::string>& parts) {
    if (parts.size() < 2)
        return ::testing::AssertionFailure() << "an order needs two parts or more";
    std::size_t from = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].empty())
            return ::testing::AssertionFailure() << "part " << i << " is empty";
        std::size_t anywhere = text.find(parts[i]);
        if (anywhere == std::string::npos)
            return ::testing::AssertionFailure()
                   << "\"" << parts[i] << "\" is missing from a text of " << text.size()
                   << " characters";
        std::size_t at = text.find(parts[i], from);
        if (at == std::string::npos)
            return ::testing::AssertionFailure() << "\"" << parts[i] << "\" comes before \""
                                                 << parts[i - 1] << "\", not after it";
        from = at + parts[i].size();
    }
    return ::testing::AssertionSuccess();
}

std::string between(const std::string& text, const std::string& begin, const std::string& end) {
    std::size_t start = text.find(begin);
    if (start == std::string::npos)
        return {};
    std::size_t stop = text.find(end, start + begin.size());
    if (stop == std::string::npos)
        return {};
    return text.substr(start, stop + end.size() - start);
}

} // namespace Limber::Testing
