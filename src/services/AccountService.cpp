#include "AccountService.h"

#include "Secrets.h"
#include "domain/ValidationException.h"

#include <Poco/String.h>

#include <regex>

namespace Limber {

namespace {

const std::regex EMAIL("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

std::string normaliseEmail(const std::string& email) {
    return Poco::toLower(Poco::trim(email));
}

} // namespace

AccountService::AccountService(Store& store, const Clock& clock, SignInPolicy policy)
    : _store(store), _clock(clock), _policy(policy) {}

std::int64_t AccountService::createClinic(const Clinic& clinic) {
    FieldErrors errors;
    if (Poco::trim(clinic.name).empty())
        errors.add("name", "is required");
    errors.throwIfAny();
    return _store.createClinic(clinic);
}

User AccountService::createUser(std::int64_t clinicId, const std::string& email,
                                const std::string& name, Role role, const std::string& password) {
    FieldErrors errors;
    User user;
    user.clinicId = clinicId;
    user.email = normaliseEmail(email);
    user.name = Poco::trim(name);
    user.role = role;
    if (user.email.size() > 254 || !std::regex_match(user.email, EMAIL))
        errors.add("email", "must be an email address such as name@clinic.example");
    if (user.name.empty() || user.name.size() > 120)
        errors.add("name", "must be 1 to 120 characters");
    if (password.size() < PasswordHasher::MIN_LENGTH ||
        password.size() > PasswordHasher::MAX_LENGTH)
        errors.add("password", "must be 8 to 128 characters");
    errors.throwIfAny();
    user.passwordHash = PasswordHasher::hash(password);
    user.id = _store.createUser(user);
    return user;
}

std::optional<SignInGrant> AccountService::signIn(const std::string& email,
                                                  const std::string& password) {
    // A hash of a random password, so unknown emails cost the same time as wrong passwords.
    static const std::string DECOY = PasswordHasher::hash(randomToken(16));
    std::optional<User> user = _store.userByEmail(normaliseEmail(email));
    bool matches = PasswordHasher::verify(user ? user->passwordHash : DECOY, password);
    if (!user || !matches || user->disabled)
        return std::nullopt;
    SignInGrant grant{randomToken(32), randomToken(32), *user};
    std::int64_t now = _clock.nowSeconds();
    _store.createLoginSession({sha256Hex(grant.token), user->id, grant.csrfToken, now, now});
    return grant;
}

std::optional<SignedIn> AccountService::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 128)
        return std::nullopt;
    std::string tokenHash = sha256Hex(token);
    std::optional<LoginSession> session = _store.loginSession(tokenHash);
    if (!session)
        return std::nullopt;
    std::int64_t now = _clock.nowSeconds();
    if (now - session->lastSeenAt > _policy.idleSeconds ||
        now - session->createdAt > _policy.absoluteSeconds) {
        _store.deleteLoginSession(tokenHash);
        return std::nullopt;
    }
    std::optional<User> user = _store.user(session->userId);
    if (!user || user->disabled)
        return std::nullopt;
    // Refresh at most once a minute: a page load makes several requests.
    if (now - session->lastSeenAt >= 60) {
        _store.touchLoginSession(tokenHash, now);
        session->lastSeenAt = now;
    }
    return SignedIn{*user, *session};
}

void AccountService::signOut(const std::string& token) {
    if (!token.empty() && token.size() <= 128)
        _store.deleteLoginSession(sha256Hex(token));
}

std::optional<Clinic> AccountService::clinic(std::int64_t clinicId) {
    return _store.clinic(clinicId);
}

} // namespace Limber
