#pragma once

#include <Poco/Exception.h>

#include <string>

namespace Limber {

/// The database does not answer: it refused or dropped the connection (a restart, a failover,
/// a network cut). The request may be tried again in a moment; every boundary answers it as
/// "unavailable" (HTTP 503 with Retry-After), never as an internal error.
class StoreUnavailable : public Poco::IOException {
public:
    explicit StoreUnavailable(const std::string& reason) : Poco::IOException(reason) {}

    const char* name() const noexcept override { return "StoreUnavailable"; }
    const char* className() const noexcept override { return typeid(*this).name(); }
    Poco::Exception* clone() const override { return new StoreUnavailable(*this); }
    void rethrow() const override { throw *this; }
};

} // namespace Limber
