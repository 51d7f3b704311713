#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "JsonLogFormatter.h"
#include "TextLogFormatter.h"
#include "services/DemoClinic.h"
#include "web/WebServer.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>

#include <condition_variable>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace Limber {

namespace {

/// Blocks the termination signals and SIGHUP in this thread and every thread started after it,
/// so that only sigwait() below sees them and no worker is interrupted mid-request.
sigset_t blockTerminationSignals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGQUIT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

/// Takes the termination signals from start-up on, in a thread of its own. A signal that
/// arrives while Limber is still starting (reading the configuration, migrating the
/// database, loading packs) ends the process at once, with exit code 128 + the signal, as an
/// unblocked signal would; once serving() was called, it is handed to waitForStop() for an
/// orderly stop. SIGHUP calls the hang-up action (reopening the log file, for logrotate) and
/// is otherwise ignored.
class TerminationSignals {
public:
    TerminationSignals() : _state(std::make_shared<State>()) {
        _state->signals = blockTerminationSignals();
        // Detached: it may still be waiting when the command ends on an error.
        std::thread([state = _state] {
            int received = 0;
            while (sigwait(&state->signals, &received) != 0 || received == SIGHUP) {
                std::function<void()> onHangUp;
                {
                    std::lock_guard lock(state->mutex);
                    onHangUp = state->onHangUp;
                }
                if (received == SIGHUP && onHangUp)
                    onHangUp();
            }
            std::unique_lock lock(state->mutex);
            if (!state->serving) {
                std::cerr << "limber: stopped by signal " << received << " while starting"
                          << std::endl;
                std::_Exit(128 + received);
            }
            state->received = received;
            state->arrived.notify_all();
        }).detach();
    }

    void onHangUp(std::function<void()> action) {
        std::lock_guard lock(_state->mutex);
        _state->onHangUp = std::move(action);
    }

    void serving() {
        std::lock_guard lock(_state->mutex);
        _state->serving = true;
    }

    /// Waits for a termination signal; returns its number.
    int waitForStop() {
        std::unique_lock lock(_state->mutex);
        _state->arrived.wait(lock, [this] { return _state->received != 0; });
        return _state->received;
    }

private:
    struct State {
        sigset_t signals;
        std::mutex mutex;
        std::condition_variable arrived;
        bool serving = false;
        int received = 0;
        std::function<void()> onHangUp;
    };
    std::shared_ptr<State> _state;
};

/// Sends the log to settings.logFile in settings.logFormat; returns the file's channel (null
/// for the console), which close() makes reopen its file at the next entry.
Poco::AutoPtr<Poco::FileChannel> configureLogging(const Settings& settings) {
    Poco::AutoPtr<Poco::Channel> target;
    Poco::AutoPtr<Poco::FileChannel> file;
    if (settings.logFile == "-") {
        target = new Poco::ConsoleChannel;
    } else {
        file = new Poco::FileChannel(settings.logFile);
        if (settings.logRotateMegabytes > 0) {
            file->setProperty("rotation", std::to_string(settings.logRotateMegabytes) + " M");
            file->setProperty("archive", "timestamp");
            file->setProperty("purgeCount", "10");
        }
        target = file;
    }
    Poco::AutoPtr<Poco::Formatter> format;
    if (settings.logFormat == "json") {
        format = new JsonLogFormatter;
    } else {
        format = new TextLogFormatter;
    }
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(format, target));
    // The root first (loggers made later copy it), then any logger that already exists.
    int level = Poco::Logger::parseLevel(settings.logLevel);
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(level);
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", level);
    return file;
}

/// Tells systemd (Type=notify) how the service is doing: a datagram to $NOTIFY_SOCKET, the
/// sd_notify protocol without libsystemd. Does nothing when not started by systemd.
void notifySystemd(const std::string& state) {
    const char* socketPath = std::getenv("NOTIFY_SOCKET");
    if (!socketPath || !*socketPath)
        return;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = socketPath;
    if (path.size() >= sizeof address.sun_path || (path[0] != '/' && path[0] != '@'))
        return;
    std::memcpy(address.sun_path, path.data(), path.size());
    if (path[0] == '@')
        address.sun_path[0] = '\0'; // an abstract socket
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&address),
             static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size()));
    ::close(fd);
}

} // namespace

int runServe(const std::vector<std::string>& args) {
    TerminationSignals signals;
    Arguments arguments(args, {"port", "host", "data-dir", "config"}, {"demo"});
    if (!arguments.positional().empty())
        throw UsageError{"limber serve takes no file arguments (got \"" +
                         arguments.positional().front() + "\")"};
    std::map<std::string, std::string> overrides;
    if (auto port = arguments.integer("port", 0, 65535))
        overrides["server.port"] = std::to_string(*port);
    if (auto host = arguments.value("host"))
        overrides["server.host"] = *host;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));

    Application application(settings, nullptr, ApplicationRole::Server);
    Poco::AutoPtr<Poco::FileChannel> logFile = configureLogging(settings);
    Poco::Logger& log = Poco::Logger::get("limber");
    for (const auto& plugin : application.plugins().loaded())
        log.information("plugin loaded: " + plugin->id() + " " + plugin->manifest().version + " (" +
                        plugin->library() + ")");
    for (const auto& line : application.plugins().refusals()) {
        log.error(line);
        std::cerr << line << "\n";
    }
    if (logFile)
        signals.onHangUp([logFile, &log]() mutable {
            // FileChannel opens its file again at the next entry: the one logrotate left.
            logFile->close();
            log.information("reopened the log file on SIGHUP");
        });
    bool seeded = arguments.flag("demo") && application.seedDemo();

    WebServer server(application.webContext(), settings.server);
    std::string url =
        server.scheme() + "://" + settings.server.host + ":" + std::to_string(server.port());
    if (settings.publicUrl.empty())
        application.links().setPublicUrl(url);
    server.start();
    signals.serving();
    notifySystemd("READY=1\nSTATUS=serving on " + url);
    log.information("serving on %s with %s data in %s", url, settings.storeDriver,
                    settings.dataDir);

    std::cout << "Limber is serving on " << url << "/\n";
    if (arguments.flag("demo")) {
        std::cout << (seeded ? "Seeded the demo clinic. " : "The demo clinic is in place. ")
                  << "Sign in as " << DemoLogin::EMAIL << " with the password "
                  << DemoLogin::PASSWORD << "\n";
    }
    std::cout << "Data: " << settings.dataDir << " (log: " << settings.logFile
              << "). Press Ctrl+C to stop." << std::endl;

    int received = signals.waitForStop();
    signals.onHangUp({});
    log.information("stopping on signal %d", received);
    std::cout << "Stopping..." << std::endl;
    notifySystemd("STOPPING=1");
    server.stop();
    log.information("stopped");
    return EXIT_OK;
}

} // namespace Limber
