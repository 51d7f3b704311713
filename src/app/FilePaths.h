#pragma once

#include <string>

namespace Limber {

/// Checks of the paths the command line and the configuration name, made before anything is
/// opened, so that a folder, an empty path, a device or an unreadable file gives one line
/// naming the option and the reason, rather than an assertion, a hang or a write into a
/// device. Each throws Poco::InvalidArgumentException "OPTION: PATH is a folder, not a file"
/// (exit code 1).

/// A file to read: not empty, exists, a regular file, readable.
void checkInputFile(const std::string& option, const std::string& path);
/// A file or a folder of files to read.
void checkInputFileOrFolder(const std::string& option, const std::string& path);
/// A file to write: not empty, not a folder, not a device; it need not exist yet.
void checkOutputFile(const std::string& option, const std::string& path);
/// A folder (to read, or to create and write): not empty, and a folder if it exists.
void checkFolder(const std::string& option, const std::string& path);
/// A file or a folder to write, as `limber handout -o` takes: not empty, not a device.
void checkOutputFileOrFolder(const std::string& option, const std::string& path);

} // namespace Limber
