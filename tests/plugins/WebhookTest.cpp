#include "plugins/Plugins.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <fstream>

namespace Limber {
namespace {

/// The receiver script on loopback; killed with the test.
class Receiver {
public:
    Receiver(const std::string& secret, const std::string& outfile, int failFirst = 0)
        : _handle(Poco::Process::launch(
              "python3", {WEBHOOK_RECEIVER, secret, outfile, std::to_string(failFirst)}, nullptr,
              &_out, nullptr)) {
        Poco::PipeInputStream in(_out);
        std::getline(in, _port);
    }
    ~Receiver() {
        Poco::Process::kill(_handle);
        _handle.wait();
    }
    std::string url() const { return "http://127.0.0.1:" + _port + "/limber-events"; }

private:
    Poco::Pipe _out;
    Poco::ProcessHandle _handle;
    std::string _port;
};

std::string readText(const std::string& path) {
    if (!Poco::File(path).exists())
        return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

class WebhookTest : public ::testing::Test {
protected:
    std::unique_ptr<Plugins> load(std::map<std::string, std::string> settings) {
        PluginConfig config;
        config.dir = WEBHOOK_PLUGINS_DIR;
        config.enabled = {"webhook"};
        config.dataDir = dir.path();
        config.settings["webhook"] = std::move(settings);
        return std::make_unique<Plugins>(config);
    }
    Testing::TempDir dir;
};

const std::string EVENT =
    R"({"schema":"limber.event/1","id":"3b9c1e54-0f1e-4c55-9d7e-1a2b3c4d5e6f",)"
    R"("type":"session.logged","clinicId":1,"data":{}})";
const std::string SECRET = "a-shared-secret-of-the-clinic";

TEST_F(WebhookTest, PostsEachEventSignedSoThatAnIndependentReceiverVerifiesIt) {
    Receiver receiver(SECRET, dir.file("received"));
    auto plugins = load({{"urls", receiver.url()}, {"secret", SECRET}});
    ASSERT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
    EXPECT_EQ(plugins->loaded().front()->visibleSettings().at("secret"), "(set)");
    plugins->loaded().front()->notifier()->notify(EVENT);
    EXPECT_EQ(readText(dir.file("received")), "ok 3b9c1e54-0f1e-4c55-9d7e-1a2b3c4d5e6f\n");
}

TEST_F(WebhookTest, AReceiverWithAnotherSecretRejectsTheSignature) {
    Receiver receiver("not-the-secret-the-plugin-uses", dir.file("received"));
    auto plugins = load({{"urls", receiver.url()}, {"secret", SECRET}});
    ASSERT_EQ(plugins->loaded().size(), 1u);
    plugins->loaded().front()->notifier()->notify(EVENT);
    EXPECT_EQ(readText(dir.file("received")), "bad signature\n");
}

TEST_F(WebhookTest, AnAnswerOtherThan2xxFailsTheDeliverySoTheOutboxRetries) {
    Receiver receiver(SECRET, dir.file("received"), 1);
    auto plugins = load({{"urls", receiver.url()}, {"secret", SECRET}});
    ASSERT_EQ(plugins->loaded().size(), 1u);
    try {
        plugins->loaded().front()->notifier()->notify(EVENT);
        FAIL() << "a 500 counted as delivered";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("answered 500"), std::string::npos) << e.what();
    }
    plugins->loaded().front()->notifier()->notify(EVENT);
    EXPECT_EQ(readText(dir.file("received")),
              "ok 3b9c1e54-0f1e-4c55-9d7e-1a2b3c4d5e6f\nok 3b9c1e54-0f1e-4c55-9d7e-1a2b3c4d5e6f\n");
}

TEST_F(WebhookTest, IsRefusedWithoutAddressesOrWithAShortSecret) {
    auto refusal = [&](std::map<std::string, std::string> settings) {
        auto plugins = load(std::move(settings));
        EXPECT_TRUE(plugins->loaded().empty());
        return plugins->refusals().empty() ? std::string() : plugins->refusals().front();
    };
    EXPECT_NE(refusal({{"secret", SECRET}}).find("plugin.webhook.urls: give at least one address"),
              std::string::npos);
    EXPECT_NE(refusal({{"urls", "ftp://example.org/x"}, {"secret", SECRET}})
                  .find("is not an http:// or https:// address"),
              std::string::npos);
    EXPECT_NE(refusal({{"urls", "http://127.0.0.1:9/x"}, {"secret", "short"}})
                  .find("plugin.webhook.secret: must be at least 16 characters"),
              std::string::npos);
}

} // namespace
} // namespace Limber
