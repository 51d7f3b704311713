#pragma once

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/IPAddress.h>

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// Where a request came from, as far as Limber can believe it.
struct RequestOrigin {
    std::string clientAddress;  ///< the client's address: throttles, logs and the audit trail
    std::optional<bool> secure; ///< https at a trusted proxy (X-Forwarded-Proto, Forwarded)
};

/// server.trustedProxies: the reverse proxies (addresses or CIDR ranges) in front of Limber.
/// Only from those peers are X-Forwarded-For, Forwarded and X-Forwarded-Proto believed; from
/// anyone else they are ignored, so a client cannot pick the address it is counted under.
class TrustedProxies {
public:
    TrustedProxies() = default;
    /// list: "127.0.0.1, 10.0.0.0/8, ::1" (commas or spaces); empty trusts no one. Throws
    /// Poco::InvalidArgumentException "server.trustedProxies: ..." naming the bad entry.
    explicit TrustedProxies(const std::string& list);

    bool trusts(const Poco::Net::IPAddress& address) const;

    /// The client behind peer: peer itself unless it is a trusted proxy; then, walking the
    /// Forwarded "for=" (or else X-Forwarded-For) chain from the nearest hop back, the first
    /// address that is not a trusted proxy. An entry that is not an address ("unknown", an
    /// obfuscated name) ends the walk at the hop that sent it.
    RequestOrigin originOf(const Poco::Net::IPAddress& peer,
                           const Poco::Net::HTTPRequest& head) const;

private:
    struct Range {
        Poco::Net::IPAddress network;
        Poco::Net::IPAddress mask;
    };
    std::vector<Range> _ranges;
};

/// The address as an IPv4 address when it is an IPv4-mapped IPv6 one (::ffff:a.b.c.d).
Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address);

} // namespace Limber
