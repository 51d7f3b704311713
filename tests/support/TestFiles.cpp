#include "TestFiles.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <cstdlib>
#include <thread>

namespace Limber::Testing {

TempDir::TempDir() {
    _path = Poco::TemporaryFile::tempName();
    Poco::File(_path).createDirectories();
}

TempDir::~TempDir() {
    try {
        Poco::File(_path).remove(true);
    } catch (...) {
    }
}

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args) {
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &outPipe, &errPipe);
    ProcessResult result;
    // Drain stderr on a second thread so neither pipe can fill up and block the child.
    std::thread errReader([&] {
        Poco::PipeInputStream err(errPipe);
        Poco::StreamCopier::copyToString(err, result.err);
    });
    Poco::PipeInputStream out(outPipe);
    Poco::StreamCopier::copyToString(out, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input) {
    Poco::Pipe inPipe;
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, &inPipe, &outPipe, &errPipe);
    ProcessResult result;
    std::thread writer([&] {
        Poco::PipeOutputStream in(inPipe);
        in << input;
        in.close();
    });
    std::thread errReader([&] {
        Poco::PipeInputStream err(errPipe);
        Poco::StreamCopier::copyToString(err, result.err);
    });
    Poco::PipeInputStream out(outPipe);
    Poco::StreamCopier::copyToString(out, result.out);
    writer.join();
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string content;
    Poco::StreamCopier::copyToString(in, content);
    return content;
}

void writeFile(const std::string& path, const std::string& content) {
    Poco::FileOutputStream out(path);
    out << content;
}

std::string sourcePath(const std::string& relative) {
    return std::string(LIMBER_SOURCE_DIR) + "/" + relative;
}

std::string postgresConnection() {
    const char* value = std::getenv("LIMBER_TEST_POSTGRES");
    return value ? value : "";
}

} // namespace Limber::Testing
