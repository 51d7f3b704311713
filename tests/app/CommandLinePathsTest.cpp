// Paths and arguments the command line cannot use: a folder, an empty path, a device, an
// unreadable file, bytes that are not text. Each gives exit code 1 or 2 and one line that names
// the option and the reason, at once (no hang, no assertion).
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace Limber;
using Testing::contains;

namespace {

Testing::ProcessResult limber(const std::vector<std::string>& args) {
    return Testing::runProcess(LIMBER_BINARY, args);
}

/// Expects a refusal: exit code 1 or 2, one line on stderr naming option and reason.
void expectRefused(const std::vector<std::string>& args, const std::string& option,
                   const std::string& reason) {
    auto started = std::chrono::steady_clock::now();
    Testing::ProcessResult result = limber(args);
    std::string shown;
    for (const auto& arg : args)
        shown += "'" + arg + "' ";
    EXPECT_TRUE(result.exitCode == 1 || result.exitCode == 2) << shown << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << shown << result.err;
    EXPECT_TRUE(contains(result.err, option)) << shown << result.err;
    EXPECT_TRUE(contains(result.err, reason)) << shown << result.err;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20)) << shown;
}

} // namespace

TEST(CommandLinePaths, AFolderGivenAsTheConfigurationFileIsRefusedAtOnce) {
    Testing::TempDir dir;
    for (const char* command : {"serve", "handout"}) {
        std::vector<std::string> args = {command, "--config", dir.path()};
        if (std::string(command) == "handout")
            args.insert(args.end(), {Testing::sourcePath("examples/programs/runner-back-care.json"),
                                     "-o", dir.file("x.pdf")});
        expectRefused(args, "--config", "is a folder, not a file");
    }
    expectRefused({"catalog", "list", "--config", dir.path()}, "--config",
                  "is a folder, not a file");
    expectRefused({"serve", "--config", "/dev/null"}, "--config", "is a device");
    expectRefused({"serve", "--config", ""}, "--config", "the path is empty");
}

TEST(CommandLinePaths, AnEmptyOrWrongDataFolderIsRefused) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("plain"), "x");
    expectRefused({"serve", "--data-dir", ""}, "data-dir", "the path is empty");
    expectRefused({"audit", "verify", "--data-dir", ""}, "data-dir", "the path is empty");
    expectRefused({"serve", "--data-dir", dir.file("plain")}, "data-dir",
                  "is a file, not a folder");
    expectRefused({"demo", "--data-dir", "/dev/null"}, "data-dir", "is a device");
}

TEST(CommandLinePaths, OutputsThatAreDevicesOrFoldersAreRefused) {
    Testing::TempDir dir;
    std::string program = Testing::sourcePath("examples/programs/runner-back-care.json");
    expectRefused({"handout", program, "-o", "/dev/full"}, "-o", "is a device");
    expectRefused({"handout", program, "-o", ""}, "-o", "the path is empty");
    expectRefused({"handout", program, "--combined", dir.path()}, "--combined",
                  "is a folder, not a file");
    expectRefused({"report", "clinic", "-o", dir.path(), "--data-dir", dir.file("data")}, "-o",
                  "is a folder, not a file");
    expectRefused({"catalog", "figures", "-o", "/dev/null"}, "-o", "is a device");
    EXPECT_FALSE(Testing::contains(Testing::readFile("/dev/null"), "%PDF"));
}

TEST(CommandLinePaths, InputsThatCannotBeReadAreRefused) {
    Testing::TempDir dir;
    std::string secret = dir.file("secret.json");
    Testing::writeFile(secret, "{}");
    ::chmod(secret.c_str(), 0);
    if (::geteuid() != 0) // root reads anything
        expectRefused({"catalog", "check", secret}, "pack file", "cannot be read");
    expectRefused({"catalog", "check", dir.path()}, "pack file", "is a folder, not a file");
    expectRefused({"catalog", "check", "/dev/zero"}, "pack file", "is a device");
    expectRefused({"catalog", "check", ""}, "pack file", "the path is empty");
    expectRefused({"handout", "/dev/zero", "-o", dir.file("x.pdf")}, "program file", "is a device");
    expectRefused({"handout", dir.file("missing.json"), "-o", dir.file("x.pdf")}, "program file",
                  "no such file");
}

TEST(CommandLinePaths, ArgumentsMustBeTextWithoutControlCharacters) {
    expectRefused({"catalog", "list", "--search", "back\x1B[2J"}, "--search",
                  "control characters are not allowed");
    expectRefused({"catalog", "list", "--search", "Bad\xFF\xFE"}, "--search", "is not valid UTF-8");
    expectRefused({"catalog", "check", std::string("a\nb.json")}, "argument 3",
                  "line breaks and tabs are not allowed");
}

TEST(CommandLinePaths, ATerminationSignalDuringStartUpEndsTheServer) {
    Testing::TempDir dir;
    Poco::Process::Args args = {"serve", "--port", "0", "--data-dir", dir.file("data")};
    Poco::ProcessHandle handle =
        Poco::Process::launch(LIMBER_BINARY, args, nullptr, nullptr, nullptr);
    // In start-up: the data folder exists (the application is being built: database,
    // migrations, catalog), the server may not be listening yet.
    auto started = std::chrono::steady_clock::now();
    while (!Poco::File(dir.file("data")).exists() &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(20))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ::kill(handle.id(), SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int status = 0;
    pid_t ended = 0;
    while ((ended = ::waitpid(handle.id(), &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (ended == 0) {
        ::kill(handle.id(), SIGKILL);
        handle.wait();
        FAIL() << "SIGTERM was ignored for 20 s";
    }
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_TRUE(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 128 + SIGTERM)
        << WEXITSTATUS(status);
}

TEST(CommandLinePaths, CatalogCheckRefusesTextHandoutsCannotPrint) {
    Testing::TempDir dir;
    std::string pack = Testing::readFile(Testing::sourcePath("examples/packs/bayview-clinic.json"));
    for (const auto& [name, reason] : std::vector<std::pair<std::string, std::string>>{
             {"\\u738b", "none of the handout's fonts"},
             {"Wall\\u0000sit", "control characters"},
             {"Wall\\u200dsit", "invisible formatting characters"}}) {
        std::string bad = pack;
        bad.replace(bad.find("\"Wall sit\""), 10, "\"" + name + "\"");
        Testing::writeFile(dir.file("bad.json"), bad);
        Testing::ProcessResult result = limber({"catalog", "check", dir.file("bad.json")});
        EXPECT_EQ(result.exitCode, 1) << result.err;
        EXPECT_TRUE(contains(result.out + result.err, "name")) << result.out << result.err;
        EXPECT_TRUE(contains(result.out + result.err, reason)) << result.out << result.err;
    }
}
