#include "OutputFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Process.h>

#include <functional>
#include <thread>

namespace Limber {

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    // Process and thread in the name: batch printing writes from several threads at once.
    std::string partial = path + ".part-" + std::to_string(Poco::Process::id()) + "-" +
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    try {
        Poco::FileOutputStream out(partial);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out.good())
            throw Poco::WriteFileException(partial);
        Poco::File(partial).renameTo(path);
    } catch (...) {
        Poco::File file(partial);
        if (file.exists())
            file.remove();
        throw;
    }
}

} // namespace Limber
