#include "FilePaths.h"

#include <Poco/Exception.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Limber {

namespace {

enum class Kind { Missing, File, Folder, Special };

Kind kindOf(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return Kind::Missing;
    if (S_ISREG(info.st_mode))
        return Kind::File;
    if (S_ISDIR(info.st_mode))
        return Kind::Folder;
    return Kind::Special;
}

[[noreturn]] void refuse(const std::string& option, const std::string& reason) {
    throw Poco::InvalidArgumentException(option + ": " + reason);
}

void checkNotEmpty(const std::string& option, const std::string& path) {
    if (path.empty())
        refuse(option, "the path is empty");
}

void checkReadable(const std::string& option, const std::string& path, bool folder) {
    if (::access(path.c_str(), folder ? (R_OK | X_OK) : R_OK) != 0)
        refuse(option, path + " cannot be read (" + std::strerror(errno) + ")");
}

} // namespace

void checkInputFile(const std::string& option, const std::string& path) {
    checkNotEmpty(option, path);
    switch (kindOf(path)) {
    case Kind::Missing:
        refuse(option, "no such file " + path);
    case Kind::Folder:
        refuse(option, path + " is a folder, not a file");
    case Kind::Special:
        refuse(option, path + " is a device or special file, not a file");
    case Kind::File:
        checkReadable(option, path, false);
    }
}

void checkInputFileOrFolder(const std::string& option, const std::string& path) {
    checkNotEmpty(option, path);
    switch (kindOf(path)) {
    case Kind::Missing:
        refuse(option, "no such file or folder " + path);
    case Kind::Special:
        refuse(option, path + " is a device or special file, not a file or folder");
    case Kind::Folder:
        checkReadable(option, path, true);
        break;
    case Kind::File:
        checkReadable(option, path, false);
    }
}

void checkOutputFile(const std::string& option, const std::string& path) {
    checkNotEmpty(option, path);
    switch (kindOf(path)) {
    case Kind::Folder:
        refuse(option, path + " is a folder, not a file");
    case Kind::Special:
        refuse(option, path + " is a device or special file, not a file");
    case Kind::Missing:
    case Kind::File:
        break;
    }
}

void checkFolder(const std::string& option, const std::string& path) {
    checkNotEmpty(option, path);
    switch (kindOf(path)) {
    case Kind::File:
        refuse(option, path + " is a file, not a folder");
    case Kind::Special:
        refuse(option, path + " is a device or special file, not a folder");
    case Kind::Missing:
    case Kind::Folder:
        break;
    }
}

void checkOutputFileOrFolder(const std::string& option, const std::string& path) {
    checkNotEmpty(option, path);
    if (kindOf(path) == Kind::Special)
        refuse(option, path + " is a device or special file, not a file or folder");
}

} // namespace Limber
