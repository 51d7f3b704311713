#pragma once

#include <string>
#include <vector>

namespace Limber {

/// Exit codes of the command line.
inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_FAILED = 1; ///< the command ran and failed (bad input, I/O)
inline constexpr int EXIT_USAGE = 2;  ///< the command line itself is wrong

/// Runs `limber ARGS...`: dispatches to a command, prints a one-line reason on stderr and
/// returns a non-zero exit code on failure.
int runCommandLine(int argc, char** argv);

/// The commands; args are the words after the command's own name.
int runServe(const std::vector<std::string>& args);
int runHandout(const std::vector<std::string>& args);
int runCatalog(const std::vector<std::string>& args);
int runUser(const std::vector<std::string>& args);
int runAudit(const std::vector<std::string>& args);
int runPlugins(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);
int runDemo(const std::vector<std::string>& args);
int runConfig(const std::vector<std::string>& args);
int runBackup(const std::vector<std::string>& args);
int runRestore(const std::vector<std::string>& args);
int runMigrate(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runData(const std::vector<std::string>& args);

/// Thrown for a wrong command line (exit code 2).
struct UsageError {
    std::string message;
};

} // namespace Limber
