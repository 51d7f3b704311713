#include "Application.h"
#include "Arguments.h"
#include "Commands.h"

#include <iostream>

namespace Limber {

int runAudit(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "verify")
        throw UsageError{"usage: limber audit verify [--data-dir DIR] [--config FILE]"};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber audit verify takes no file arguments"};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Application application(loadSettings(overrides, arguments.value("config")));
    AuditVerification result = application.audit().verify();
    if (result.firstBad) {
        const AuditEvent& bad = *result.firstBad;
        std::cerr << "limber: audit entry " << bad.id << " (" << bad.action << " by " << bad.actor
                  << ") is bad: " << result.problem << "; " << result.checked - 1
                  << " entries before it are intact\n";
        return EXIT_FAILED;
    }
    if (result.overdue > 0) {
        std::cerr << "limber: " << result.overdue << " audit entries are still unsealed more than "
                  << AUDIT_SEAL_BOUND_SECONDS << " s after they were recorded (is a server's "
                  << "sealer stopped?); the " << result.checked << " sealed entries are intact\n";
        return EXIT_FAILED;
    }
    std::cout << "The audit trail is intact: " << result.checked << " entries";
    if (result.unsealed > 0)
        std::cout << " (and " << result.unsealed << " recorded moments ago, not sealed yet)";
    std::cout << "\n";
    return EXIT_OK;
}

} // namespace Limber
