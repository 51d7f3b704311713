#pragma once

#include "Pack.h"

#include <Poco/Exception.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// What loading a pack found: the pack when it has no errors, and every problem.
struct PackLoadResult {
    std::optional<Pack> pack;
    std::vector<PackProblem> problems;

    bool hasErrors() const;
};

/// How strict to be with a pack.
struct PackRules {
    /// A missing translation of one of the pack's languages is an error (built-in pack) rather
    /// than a warning (a clinic's own pack).
    bool requireAllLanguages = true;
};

/// Thrown when a pack that must load (at start-up) has errors. The message is the first
/// problem; problems() lists all.
class PackException : public Poco::DataFormatException {
public:
    explicit PackException(std::vector<PackProblem> problems);
    const std::vector<PackProblem>& problems() const { return _problems; }
    Poco::Exception* clone() const override { return new PackException(*this); }
    void rethrow() const override { throw *this; }

private:
    std::vector<PackProblem> _problems;
};

/// Parses and validates pack JSON. fileName is used in problems only.
PackLoadResult loadPack(std::string_view json, const std::string& fileName, PackRules rules);

/// Reads and loads the pack file at path; a file that cannot be read is a problem too.
PackLoadResult loadPackFile(const std::string& path, PackRules rules);

/// Loads a pack and throws PackException when it has errors.
Pack loadPackOrThrow(std::string_view json, const std::string& fileName, PackRules rules);

} // namespace Limber
