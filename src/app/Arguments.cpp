#include "Arguments.h"

#include "Commands.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

namespace Limber {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "-o")
            arg = "--output";
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            _positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (auto equals = name.find('='); equals != std::string::npos) {
            inlineValue = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (flags.count(name)) {
            if (inlineValue)
                throw UsageError{"option --" + name + " takes no value"};
            _flags.insert(name);
        } else if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    throw UsageError{"option --" + name + " needs a value"};
                inlineValue = args[++i];
            }
            _values[name] = *inlineValue;
        } else {
            throw UsageError{"unknown option --" + name};
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    auto found = _values.find(name);
    if (found == _values.end())
        return std::nullopt;
    return found->second;
}

std::optional<int> Arguments::integer(const std::string& name, int low, int high) const {
    auto text = value(name);
    if (!text)
        return std::nullopt;
    int number = 0;
    if (!Poco::NumberParser::tryParse(*text, number) || number < low || number > high)
        throw UsageError{"option --" + name + " must be a whole number from " +
                         std::to_string(low) + " to " + std::to_string(high) + " (got \"" + *text +
                         "\")"};
    return number;
}

} // namespace Limber
