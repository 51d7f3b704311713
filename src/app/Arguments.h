#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace Limber {

/// A command line after the subcommand words: positional words and --options.
/// "--name value", "--name=value" and bare flags ("--demo") are accepted; "-o" is "--output".
class Arguments {
public:
    /// Parses args. valued: options that take a value; flags: options that take none.
    /// Throws UsageError naming an unknown option or a missing value.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
              const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return _positional; }
    bool flag(const std::string& name) const { return _flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    /// The option as an integer in [low, high]; throws UsageError naming the option otherwise.
    std::optional<int> integer(const std::string& name, int low, int high) const;

private:
    std::vector<std::string> _positional;
    std::set<std::string> _flags;
    std::map<std::string, std::string> _values;
};

} // namespace Limber
