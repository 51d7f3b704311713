// The bundled webhook plugin: POSTs every event, as its JSON document, to each configured URL,
// signed with HMAC-SHA256 over "<timestamp>.<body>" (see README.md). A URL that does not answer
// 2xx makes the delivery fail, and Limber's outbox retries the event later.
#include "limber/plugin/Export.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <sodium.h>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace Webhook {

/// HMAC-SHA256 of message under key, as lowercase hex.
std::string hmacSha256Hex(const std::string& key, const std::string& message) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

class WebhookPlugin : public Limber::Sdk::Plugin, public Limber::Sdk::Notifier {
public:
    void start(Limber::Sdk::Host& host) override {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium could not be initialised");
        Poco::StringTokenizer urls(host.setting("urls"), ",",
                                   Poco::StringTokenizer::TOK_TRIM |
                                       Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& text : urls) {
            Poco::URI uri(text);
            if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
                throw std::invalid_argument("plugin.webhook.urls: \"" + text +
                                            "\" is not an http:// or https:// address");
            _urls.push_back(uri);
        }
        if (_urls.empty())
            throw std::invalid_argument("plugin.webhook.urls: give at least one address");
        _secret = host.setting("secret");
        if (_secret.size() < 16)
            throw std::invalid_argument("plugin.webhook.secret: must be at least 16 characters");
        _timeoutSeconds = Poco::NumberParser::parse(host.setting("timeoutSeconds"));
        if (_timeoutSeconds < 1 || _timeoutSeconds > 300)
            throw std::invalid_argument("plugin.webhook.timeoutSeconds: must be from 1 to 300");
        _host = &host;
    }

    Limber::Sdk::Notifier* notifier() override { return this; }

    void notify(const std::string& eventJson) override {
        const std::string timestamp = std::to_string(std::time(nullptr));
        const std::string signature = "v1=" + hmacSha256Hex(_secret, timestamp + "." + eventJson);
        for (const auto& uri : _urls)
            post(uri, eventJson, timestamp, signature);
    }

private:
    void post(const Poco::URI& uri, const std::string& body, const std::string& timestamp,
              const std::string& signature) {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                       Poco::Net::Context::VERIFY_RELAXED, 9, true);
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                      context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        session->setTimeout(Poco::Timespan(_timeoutSeconds, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.set("Limber-Timestamp", timestamp);
        request.set("Limber-Signature", signature);
        request.set("User-Agent", "Limber-Webhook/1");
        std::string where = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        try {
            session->sendRequest(request) << body;
            Poco::Net::HTTPResponse response;
            std::istream& in = session->receiveResponse(response);
            std::string ignored;
            Poco::StreamCopier::copyToString(in, ignored);
            if (response.getStatus() < 200 || response.getStatus() > 299)
                throw std::runtime_error("POST " + where + " answered " +
                                         std::to_string(response.getStatus()) + " " +
                                         response.getReason());
        } catch (const Poco::Exception& e) {
            throw std::runtime_error("POST " + where + " failed: " + e.displayText());
        }
    }

    std::vector<Poco::URI> _urls;
    std::string _secret;
    int _timeoutSeconds = 10;
    Limber::Sdk::Host* _host = nullptr;
};

} // namespace Webhook

LIMBER_PLUGIN(Webhook::WebhookPlugin)
