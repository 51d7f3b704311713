#include "Application.h"
#include "Arguments.h"
#include "Commands.h"

#include <Poco/Exception.h>

#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace Limber {

namespace {

constexpr const char* USAGE = "usage: limber user add EMAIL --name NAME [--role therapist|admin] "
                              "[--clinic ID | --new-clinic NAME] | passwd EMAIL | "
                              "disable EMAIL | enable EMAIL [--data-dir DIR] [--config FILE]";

/// Reads one line from standard input with the terminal's echo off (when it is a terminal).
std::string readSecretLine(const char* prompt, bool terminal) {
    termios saved{};
    if (terminal) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool read = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << "\n";
    }
    if (!read)
        throw Poco::InvalidArgumentException(
            "no password on standard input (give it as one line, or run on a terminal)");
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

/// The new password: from a terminal twice (they must match), else one line of stdin.
std::string readNewPassword() {
    bool terminal = isatty(STDIN_FILENO) != 0;
    std::string password = readSecretLine("New password (8 to 128 characters): ", terminal);
    if (terminal && readSecretLine("Once more: ", terminal) != password)
        throw Poco::InvalidArgumentException("the two passwords differ; nothing was changed");
    return password;
}

Settings settingsOf(const Arguments& arguments) {
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    return loadSettings(overrides, arguments.value("config"));
}

/// The clinic a new user joins: --clinic ID, a new one named by --new-clinic, or the only one.
std::int64_t clinicFor(Application& application, const Arguments& arguments) {
    AccountService& accounts = application.accounts();
    if (auto name = arguments.value("new-clinic")) {
        if (arguments.value("clinic"))
            throw UsageError{"give --clinic or --new-clinic, not both"};
        return accounts.createClinic({0, *name, "", ""});
    }
    if (auto id = arguments.integer("clinic", 1, 2'000'000'000)) {
        if (!accounts.clinic(*id))
            throw Poco::NotFoundException("there is no clinic " + std::to_string(*id));
        return *id;
    }
    std::vector<Clinic> clinics = application.store().clinics();
    if (clinics.size() == 1)
        return clinics.front().id;
    if (clinics.empty())
        throw UsageError{"the database has no clinic yet: name one with --new-clinic NAME"};
    std::string list;
    for (const auto& clinic : clinics)
        list += (list.empty() ? "" : ", ") + std::to_string(clinic.id) + " (" + clinic.name + ")";
    throw UsageError{"there are several clinics; choose one with --clinic ID: " + list};
}

} // namespace

int runUser(const std::vector<std::string>& args) {
    if (args.empty())
        throw UsageError{USAGE};
    const std::string action = args.front();
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"name", "role", "clinic", "new-clinic", "data-dir", "config"}, {});
    if (arguments.positional().size() != 1)
        throw UsageError{USAGE};
    const std::string email = arguments.positional().front();
    if (action != "add" && (arguments.value("name") || arguments.value("role") ||
                            arguments.value("clinic") || arguments.value("new-clinic")))
        throw UsageError{"--name, --role, --clinic and --new-clinic go with limber user add"};

    if (action == "add") {
        std::string name = arguments.value("name").value_or("");
        if (name.empty())
            throw UsageError{"limber user add needs --name NAME (as printed on handouts)"};
        std::string role = arguments.value("role").value_or("therapist");
        if (role != "therapist" && role != "admin")
            throw UsageError{"--role must be therapist or admin"};
        Application application(settingsOf(arguments));
        std::int64_t clinicId = clinicFor(application, arguments);
        std::string password = readNewPassword();
        User user = application.accounts().operatorAddUser(
            clinicId, email, name, role == "admin" ? Role::Admin : Role::Therapist, password);
        std::cout << "Added " << user.email << " (" << role << ") to clinic " << clinicId << "\n";
        return EXIT_OK;
    }
    if (action == "passwd") {
        Application application(settingsOf(arguments));
        if (!application.accounts().userByEmail(email))
            throw Poco::NotFoundException("no user has the email " + email);
        application.accounts().operatorSetPassword(email, readNewPassword());
        std::cout << "Changed the password of " << email << "; their sessions have ended\n";
        return EXIT_OK;
    }
    if (action == "disable" || action == "enable") {
        Application application(settingsOf(arguments));
        application.accounts().operatorSetDisabled(email, action == "disable");
        std::cout << (action == "disable" ? "Disabled " : "Enabled ") << email << "\n";
        return EXIT_OK;
    }
    throw UsageError{USAGE};
}

} // namespace Limber
