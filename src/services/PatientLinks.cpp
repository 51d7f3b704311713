#include "PatientLinks.h"

#include "Secrets.h"

#include <Poco/Exception.h>

namespace Limber {

PatientLinks::PatientLinks(Store& store, const Clock& clock, std::string serverKey,
                           std::string publicUrl, int lifetimeDays)
    : _store(store), _clock(clock), _serverKey(std::move(serverKey)),
      _publicUrl(std::move(publicUrl)), _lifetimeDays(lifetimeDays) {
    if (_serverKey.size() < 32)
        throw Poco::InvalidArgumentException("the server key must be at least 32 bytes");
    setPublicUrl(_publicUrl);
}

void PatientLinks::setPublicUrl(std::string publicUrl) {
    _publicUrl = std::move(publicUrl);
    while (!_publicUrl.empty() && _publicUrl.back() == '/')
        _publicUrl.pop_back();
}

PatientLink PatientLinks::draft(std::int64_t clinicId, std::int64_t patientId,
                                std::optional<int> lifetimeDays) const {
    PatientLink link;
    link.clinicId = clinicId;
    link.patientId = patientId;
    link.salt = randomToken(16);
    link.tokenHash = sha256Hex(tokenOf(link));
    link.createdAt = _clock.nowSeconds();
    int days = lifetimeDays.value_or(_lifetimeDays);
    if (days > 0)
        link.expiresAt = link.createdAt + static_cast<std::int64_t>(days) * 24 * 60 * 60;
    return link;
}

PatientLink PatientLinks::create(std::int64_t clinicId, std::int64_t patientId,
                                 std::optional<int> lifetimeDays) {
    PatientLink link = draft(clinicId, patientId, lifetimeDays);
    link.id = _store.createPatientLink(link);
    return link;
}

std::string PatientLinks::tokenOf(const PatientLink& link) const {
    return hmacSha256(_serverKey, "patient-link:" + link.salt);
}

std::string PatientLinks::urlOf(const PatientLink& link) const {
    return _publicUrl + "/p/" + tokenOf(link);
}

std::optional<PatientLink> PatientLinks::resolve(const std::string& token) const {
    if (token.size() != 43)
        return std::nullopt;
    std::optional<PatientLink> link = _store.patientLinkByTokenHash(sha256Hex(token));
    if (!link || !link->worksAt(_clock.nowSeconds()))
        return std::nullopt;
    return link;
}

std::optional<std::string> PatientLinks::currentUrl(std::int64_t clinicId,
                                                    std::int64_t patientId) const {
    std::int64_t now = _clock.nowSeconds();
    for (const auto& link : _store.patientLinks(clinicId, patientId))
        if (link.worksAt(now))
            return urlOf(link);
    return std::nullopt;
}

std::string PatientLinks::formTokenOf(const std::string& token) const {
    return hmacSha256(_serverKey, "checkin-form:" + token);
}

} // namespace Limber
