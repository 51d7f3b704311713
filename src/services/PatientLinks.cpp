#include "PatientLinks.h"

#include "Secrets.h"

#include <Poco/Exception.h>

#include <cstring>

namespace Limber {

namespace {

constexpr const char* CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t CODE_LENGTH = 12;

/// The value of a base64url digit.
unsigned base64Value(char c) {
    if (c >= 'A' && c <= 'Z')
        return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z')
        return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9')
        return static_cast<unsigned>(c - '0' + 52);
    return c == '-' ? 62 : 63;
}

/// The code as the store keys it: upper case, no separators, look-alikes folded; empty when
/// it cannot be a code.
std::string normalizeCode(const std::string& typed) {
    std::string code;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c == 'I' || c == 'L')
            c = '1';
        else if (c == 'O')
            c = '0';
        if (!std::strchr(CROCKFORD, c) || c == '\0' || code.size() == CODE_LENGTH)
            return {};
        code += c;
    }
    return code.size() == CODE_LENGTH ? code : std::string();
}

} // namespace

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
    link.codeHash = codeHashOf(link);
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
    std::optional<PatientLink> link = lookup(token);
    if (!link || !link->worksAt(_clock.nowSeconds()))
        return std::nullopt;
    return link;
}

std::optional<PatientLinkEntry> PatientLinks::resolveEntry(const std::string& token,
                                                           const std::string& throttleKey) const {
    if (token.size() != 43)
        return std::nullopt;
    const std::string tokenHash = sha256Hex(token);
    std::optional<PatientLinkEntry> entry;
    {
        std::lock_guard lock(_entriesMutex);
        if (auto found = _entries.find(tokenHash); found != _entries.end())
            entry = found->second;
    }
    if (entry) {
        // Kept from an earlier read: good while nothing of the clinic changed since.
        const std::optional<std::int64_t> keptAt = entry->generation;
        entry->generation = _store.dataGeneration(entry->link.clinicId);
        if (entry->generation && entry->generation == keptAt)
            entry->throttle = _store.throttleCount(throttleKey);
        else
            entry.reset();
    }
    if (!entry) {
        entry = _store.patientLinkEntry(tokenHash, throttleKey);
        if (entry && entry->generation) {
            PatientLinkEntry kept = *entry;
            kept.throttle.reset();
            std::lock_guard lock(_entriesMutex);
            if (_entries.size() >= ENTRIES_KEPT)
                _entries.clear();
            _entries.insert_or_assign(tokenHash, std::move(kept));
        }
    }
    if (!entry || !entry->link.worksAt(_clock.nowSeconds()))
        return std::nullopt;
    return entry;
}

std::optional<PatientLink> PatientLinks::lookup(const std::string& token) const {
    if (token.size() != 43)
        return std::nullopt;
    return _store.patientLinkByTokenHash(sha256Hex(token));
}

std::optional<std::string> PatientLinks::currentUrl(std::int64_t clinicId,
                                                    std::int64_t patientId) const {
    std::int64_t now = _clock.nowSeconds();
    for (const auto& link : _store.patientLinks(clinicId, patientId))
        if (link.worksAt(now))
            return urlOf(link);
    return std::nullopt;
}

std::string PatientLinks::codeOf(const PatientLink& link) const {
    // 60 bits: the first ten base64url digits of a keyed hash, re-read five bits at a time.
    std::string mac = hmacSha256(_serverKey, "patient-code:" + link.salt);
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 10; ++i)
        bits = (bits << 6) | base64Value(mac[i]);
    std::string code;
    for (std::size_t i = 0; i < CODE_LENGTH; ++i) {
        if (i > 0 && i % 4 == 0)
            code += '-';
        code += CROCKFORD[(bits >> (5 * (CODE_LENGTH - 1 - i))) & 31];
    }
    return code;
}

std::string PatientLinks::codeHashOf(const PatientLink& link) const {
    return hmacSha256(_serverKey, "patient-code-lookup:" + normalizeCode(codeOf(link)));
}

std::optional<PatientLink> PatientLinks::resolveCode(const std::string& typed) const {
    std::string code = normalizeCode(typed);
    if (code.empty())
        return std::nullopt;
    std::optional<PatientLink> link =
        _store.patientLinkByCodeHash(hmacSha256(_serverKey, "patient-code-lookup:" + code));
    if (!link || !link->worksAt(_clock.nowSeconds()))
        return std::nullopt;
    return link;
}

std::optional<PatientLinks::Printed> PatientLinks::currentForPrinting(std::int64_t clinicId,
                                                                      std::int64_t patientId) {
    return currentForPrinting(_store.patientLinks(clinicId, patientId));
}

std::optional<PatientLinks::Printed>
PatientLinks::currentForPrinting(const std::vector<PatientLink>& links) {
    std::int64_t now = _clock.nowSeconds();
    for (const auto& link : links) {
        if (!link.worksAt(now))
            continue;
        if (link.codeHash.empty())
            _store.setPatientLinkCodeHash(link.id, codeHashOf(link));
        return Printed{urlOf(link), codeOf(link)};
    }
    return std::nullopt;
}

std::string PatientLinks::codeEntryAddress() const {
    std::string address = _publicUrl;
    for (const char* scheme : {"https://", "http://"})
        if (address.rfind(scheme, 0) == 0)
            address = address.substr(std::strlen(scheme));
    return address + "/p/code";
}

std::string PatientLinks::formTokenOf(const std::string& token) const {
    return hmacSha256(_serverKey, "checkin-form:" + token);
}

} // namespace Limber
