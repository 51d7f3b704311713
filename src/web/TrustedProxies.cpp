#include "TrustedProxies.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace Limber {

namespace {

/// The values of every header field called name, in order, split at commas and trimmed.
std::vector<std::string> listOf(const Poco::Net::HTTPRequest& head, const std::string& name) {
    std::vector<std::string> items;
    for (const auto& [field, value] : head) {
        if (Poco::icompare(field, name) != 0)
            continue;
        Poco::StringTokenizer parts(value, ",", Poco::StringTokenizer::TOK_TRIM);
        items.insert(items.end(), parts.begin(), parts.end());
    }
    return items;
}

/// A parameter (for=, proto=) of one Forwarded element, unquoted; empty when absent.
std::string forwardedParameter(const std::string& element, const std::string& name) {
    Poco::StringTokenizer pairs(element, ";", Poco::StringTokenizer::TOK_TRIM);
    for (const auto& pair : pairs) {
        std::size_t equals = pair.find('=');
        if (equals == std::string::npos ||
            Poco::icompare(Poco::trim(pair.substr(0, equals)), name) != 0)
            continue;
        std::string value = Poco::trim(pair.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        return value;
    }
    return {};
}

/// An address of a forwarding header ("192.0.2.7", "[2001:db8::1]:4711", "192.0.2.7:80").
std::optional<Poco::Net::IPAddress> addressOf(std::string text) {
    if (!text.empty() && text.front() == '[') {
        std::size_t close = text.find(']');
        if (close == std::string::npos)
            return std::nullopt;
        text = text.substr(1, close - 1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        text = text.substr(0, text.find(':'));
    }
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(text, address))
        return std::nullopt;
    return unmapped(address);
}

} // namespace

Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        std::string text = address.toString();
        Poco::Net::IPAddress v4;
        if (Poco::Net::IPAddress::tryParse(text.substr(text.rfind(':') + 1), v4))
            return v4;
    }
    return address;
}

TrustedProxies::TrustedProxies(const std::string& list) {
    Poco::StringTokenizer entries(
        list, ", ", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& entry : entries) {
        std::string address = entry;
        std::string prefix;
        if (std::size_t slash = entry.find('/'); slash != std::string::npos) {
            address = entry.substr(0, slash);
            prefix = entry.substr(slash + 1);
        }
        Poco::Net::IPAddress network;
        if (!Poco::Net::IPAddress::tryParse(address, network))
            throw Poco::InvalidArgumentException("server.trustedProxies: \"" + entry +
                                                 "\" is not an address or a CIDR range");
        network = unmapped(network);
        unsigned bits = network.length() * 8;
        unsigned width = bits;
        if (!prefix.empty() &&
            (!Poco::NumberParser::tryParseUnsigned(prefix, width) || width > bits))
            throw Poco::InvalidArgumentException("server.trustedProxies: \"" + entry +
                                                 "\" has a prefix length outside 0.." +
                                                 std::to_string(bits));
        Poco::Net::IPAddress mask(width, network.family());
        _ranges.push_back({network & mask, mask});
    }
}

bool TrustedProxies::trusts(const Poco::Net::IPAddress& address) const {
    Poco::Net::IPAddress plain = unmapped(address);
    for (const auto& range : _ranges) {
        if (range.network.family() == plain.family() && (plain & range.mask) == range.network)
            return true;
    }
    return false;
}

RequestOrigin TrustedProxies::originOf(const Poco::Net::IPAddress& peer,
                                       const Poco::Net::HTTPRequest& head) const {
    Poco::Net::IPAddress client = unmapped(peer);
    RequestOrigin origin{client.toString(), std::nullopt};
    if (!trusts(client))
        return origin;

    std::vector<std::string> forwarded = listOf(head, "Forwarded");
    std::vector<std::string> chain;
    std::string proto;
    if (!forwarded.empty()) {
        for (const auto& element : forwarded)
            chain.push_back(forwardedParameter(element, "for"));
        proto = forwardedParameter(forwarded.back(), "proto");
    } else {
        chain = listOf(head, "X-Forwarded-For");
        std::vector<std::string> protos = listOf(head, "X-Forwarded-Proto");
        if (!protos.empty())
            proto = protos.back();
    }
    for (auto hop = chain.rbegin(); hop != chain.rend(); ++hop) {
        std::optional<Poco::Net::IPAddress> address = addressOf(*hop);
        if (!address)
            break;
        client = *address;
        if (!trusts(client))
            break;
    }
    origin.clientAddress = client.toString();
    if (Poco::icompare(proto, "https") == 0)
        origin.secure = true;
    else if (Poco::icompare(proto, "http") == 0)
        origin.secure = false;
    return origin;
}

} // namespace Limber
