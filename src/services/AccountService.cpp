#include "AccountService.h"

#include "KeptForms.h"
#include "Secrets.h"
#include "domain/TextRule.h"
#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <regex>

namespace Limber {

namespace {

const std::regex EMAIL("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

/// API keys start with this, so that a leaked one is easy to recognise in logs and scanners.
constexpr const char* API_KEY_PREFIX = "lk_";

Actor systemActor(const User& user, const std::string& address) {
    return {user.clinicId, user.id, user.role, user.name, address, {}};
}

Actor operatorActor(std::int64_t clinicId) {
    return {clinicId, 0, Role::Admin, "operator", "command line", {}};
}

} // namespace

AccountService::AccountService(Store& store, const Clock& clock, AuditTrail& audit,
                               SignInPolicy policy, std::string deviceKey)
    : _store(store), _clock(clock), _audit(audit), _policy(policy),
      _byAccountAndAddress(clock, {5, 1, 15 * 60, 60 * 60}, store, "signin.account-address"),
      _byAddress(clock, {20, 1, 15 * 60, 60 * 60}, store, "signin.address"),
      _byAccount(clock, {50, 1, 60, 60 * 60, SIGN_IN_ACCOUNT_LOCK_BOUND_SECONDS}, store,
                 "signin.account"),
      _deviceKey(std::move(deviceKey)),
      _byDevice(clock, {5, 1, 15 * 60, 60 * 60}, store, "signin.device") {}

std::string AccountService::deviceProofFor(const std::string& account,
                                           std::int64_t expiresAt) const {
    const std::string until = std::to_string(expiresAt);
    return until + "." + hmacSha256(_deviceKey, "limber sign-in device|" + account + "|" + until);
}

std::string AccountService::knownDevice(const std::string& account,
                                        const std::string& proof) const {
    if (_deviceKey.empty() || proof.empty() || proof.size() > 80)
        return {};
    const std::size_t dot = proof.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 19)
        return {};
    const std::string until = proof.substr(0, dot);
    if (until.find_first_not_of("0123456789") != std::string::npos)
        return {};
    const std::int64_t expiresAt = std::stoll(until);
    if (expiresAt <= _clock.nowSeconds())
        return {};
    if (!equalSecrets(proof, deviceProofFor(account, expiresAt)))
        return {};
    return proof.substr(dot + 1);
}

std::string AccountService::normalisedEmail(const std::string& email) const {
    return Poco::toLower(Poco::trim(email));
}

std::int64_t AccountService::createClinic(const Clinic& clinic) {
    FieldErrors errors;
    if (Poco::trim(clinic.name).empty())
        errors.add("name", "is required");
    else
        checkedField(errors, "name", clinic.name, TextKind::Name, AccountLimits::MAX_CLINIC_NAME);
    errors.throwIfAny();
    return _store.createClinic(clinic);
}

User AccountService::createUser(std::int64_t clinicId, const std::string& email,
                                const std::string& name, Role role, const std::string& password) {
    User user = preparedUser(clinicId, email, name, role, password);
    user.id = _store.createUser(user);
    return user;
}

User AccountService::preparedUser(std::int64_t clinicId, const std::string& email,
                                  const std::string& name, Role role, const std::string& password) {
    FieldErrors errors;
    User user;
    user.clinicId = clinicId;
    user.email = normalisedEmail(
        checkedField(errors, "email", email, TextKind::Plain, AccountLimits::MAX_EMAIL));
    user.name = checkedField(errors, "name", name, TextKind::Name, AccountLimits::MAX_USER_NAME);
    user.role = role;
    if (user.email.size() > 254 || !std::regex_match(user.email, EMAIL))
        errors.add("email", "must be an email address such as name@clinic.example");
    if (Poco::trim(user.name).empty())
        errors.add("name", "must be 1 to 120 characters");
    if (!PasswordHasher::acceptable(password))
        errors.add("password", "must be 8 to 128 characters");
    errors.throwIfAny();
    if (!_store.clinic(clinicId))
        throw Poco::NotFoundException("clinic " + std::to_string(clinicId));
    user.passwordHash = PasswordHasher::hash(password);
    return user;
}

User AccountService::storeUser(const Actor& actor, User user) {
    _store.atomically([&] {
        user.id = _store.createUser(user);
        _audit.record(actor, std::nullopt, "user.add",
                      user.email + " as " + (user.role == Role::Admin ? "admin" : "therapist"));
    });
    return user;
}

User AccountService::addUser(const Actor& admin, const std::string& email, const std::string& name,
                             Role role, const std::string& password) {
    requireAdmin(admin);
    return storeUser(admin, preparedUser(admin.clinicId, email, name, role, password));
}

std::optional<SignInGrant> AccountService::signIn(const std::string& email,
                                                  const std::string& password,
                                                  const std::string& address,
                                                  const std::string& deviceProof) {
    // A hash of a random password, so unknown emails cost the same time as wrong passwords.
    static const std::string DECOY = PasswordHasher::hash(randomToken(16));
    const std::string account = normalisedEmail(email).substr(0, 254);
    const std::string pairKey = account + "|" + address;
    // A device that signed in to this account before waits for its own failures instead of
    // the account's from anywhere (which an attacker can keep up).
    const std::string device = knownDevice(account, deviceProof);
    std::int64_t wait = std::max(
        {_byAccountAndAddress.waitSeconds(pairKey), _byAddress.waitSeconds(address),
         device.empty() ? _byAccount.waitSeconds(account) : _byDevice.waitSeconds(device)});
    if (wait > 0)
        throw TooManyAttemptsException(
            "Too many failed sign-ins; try again in " + std::to_string(wait) + " seconds.", wait);

    std::optional<User> user = _store.userByEmail(account);
    bool matches = PasswordHasher::verify(user ? user->passwordHash : DECOY, password);
    if (!user || !matches || user->disabled) {
        _byAccountAndAddress.recordFailure(pairKey);
        _byAddress.recordFailure(address);
        _byAccount.recordFailure(account);
        if (!device.empty())
            _byDevice.recordFailure(device);
        if (user)
            _audit.record(systemActor(*user, address), std::nullopt, "user.signin-failed",
                          user->disabled && matches ? "the account is disabled" : "wrong password");
        return std::nullopt;
    }
    _byAccountAndAddress.recordSuccess(pairKey);
    _byAccount.recordSuccess(account);
    if (!device.empty())
        _byDevice.recordSuccess(device);
    SignInGrant grant{randomToken(32), randomToken(32), *user, {}};
    if (!_deviceKey.empty())
        grant.deviceProof = deviceProofFor(account, _clock.nowSeconds() + SIGN_IN_DEVICE_SECONDS);
    std::int64_t now = _clock.nowSeconds();
    _store.atomically([&] {
        _store.createLoginSession({sha256Hex(grant.token), user->id, grant.csrfToken, now, now});
        _audit.record(systemActor(*user, address), std::nullopt, "user.signin");
    });
    return grant;
}

std::optional<SignedIn> AccountService::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 128)
        return std::nullopt;
    std::string tokenHash = sha256Hex(token);
    // The session and its user come in one read (every signed-in request makes it).
    std::optional<LoginSessionOfUser> found = _store.loginSessionOfUser(tokenHash);
    if (!found)
        return std::nullopt;
    LoginSession& session = found->session;
    std::int64_t now = _clock.nowSeconds();
    if (now - session.lastSeenAt > _policy.idleSeconds ||
        now - session.createdAt > _policy.absoluteSeconds) {
        _store.deleteLoginSession(tokenHash);
        std::lock_guard lock(_endedMutex);
        if (_ended.size() >= MAX_ENDED)
            _ended.clear();
        _ended[tokenHash] = {session, now};
        return std::nullopt;
    }
    if (found->user.disabled)
        return std::nullopt;
    // Refresh at most once a minute: a page load makes several requests.
    if (now - session.lastSeenAt >= 60) {
        _store.touchLoginSession(tokenHash, now);
        session.lastSeenAt = now;
    }
    return SignedIn{std::move(found->user), std::move(session)};
}

std::optional<LoginSession> AccountService::endedSession(const std::string& token) {
    if (token.empty() || token.size() > 128)
        return std::nullopt;
    const std::int64_t now = _clock.nowSeconds();
    std::lock_guard lock(_endedMutex);
    std::erase_if(_ended, [now](const auto& entry) {
        return now - entry.second.second >= KeptForms::LIFETIME_SECONDS;
    });
    auto found = _ended.find(sha256Hex(token));
    if (found == _ended.end())
        return std::nullopt;
    return found->second.first;
}

void AccountService::signOut(const std::string& token) {
    if (!token.empty() && token.size() <= 128)
        _store.deleteLoginSession(sha256Hex(token));
}

std::optional<Clinic> AccountService::clinic(std::int64_t clinicId) {
    return _store.clinic(clinicId);
}

std::optional<User> AccountService::userByEmail(const std::string& email) {
    return _store.userByEmail(normalisedEmail(email));
}

void AccountService::requireAdmin(const Actor& actor) const {
    if (actor.role != Role::Admin || actor.userId == 0 || !actor.via.empty())
        throw Poco::NoPermissionException("only a clinic admin may manage users and keys");
}

User AccountService::userOfClinic(const Actor& actor, std::int64_t userId) {
    std::optional<User> user = _store.user(userId);
    if (!user || user->clinicId != actor.clinicId)
        throw Poco::NotFoundException("user " + std::to_string(userId));
    return *user;
}

void AccountService::changePassword(const Actor& by, std::int64_t userId,
                                    const std::string& password) {
    if (by.userId != userId)
        requireAdmin(by);
    User user = userOfClinic(by, userId);
    if (!PasswordHasher::acceptable(password))
        throw ValidationException("password", "must be 8 to 128 characters");
    std::string hash = PasswordHasher::hash(password);
    _store.atomically([&] {
        _store.setUserPassword(user.id, hash);
        _store.deleteLoginSessionsOfUser(user.id);
        _audit.record(by, std::nullopt, "user.password", user.email);
    });
}

SignInGrant AccountService::changeOwnPassword(const SignedIn& who,
                                              const std::string& currentPassword,
                                              const std::string& newPassword,
                                              const std::string& repeatedPassword,
                                              const std::string& address) {
    const std::string pairKey = who.user.email + "|" + address;
    if (std::int64_t wait = _byAccountAndAddress.waitSeconds(pairKey); wait > 0)
        throw TooManyAttemptsException(
            "Too many wrong passwords; try again in " + std::to_string(wait) + " seconds.", wait);
    std::optional<User> user = _store.user(who.user.id);
    if (!user || user->disabled)
        throw Poco::NotFoundException("user " + std::to_string(who.user.id));
    FieldErrors errors;
    if (!PasswordHasher::verify(user->passwordHash, currentPassword)) {
        _byAccountAndAddress.recordFailure(pairKey);
        errors.add("currentPassword", "is not your current password");
    }
    if (!PasswordHasher::acceptable(newPassword))
        errors.add("newPassword", "must be 8 to 128 characters");
    else if (newPassword != repeatedPassword)
        errors.add("repeatedPassword", "is not the same as the new password");
    errors.throwIfAny();
    const std::string hash = PasswordHasher::hash(newPassword);
    SignInGrant grant{randomToken(32), randomToken(32), *user, {}};
    const std::int64_t now = _clock.nowSeconds();
    _store.atomically([&] {
        _store.setUserPassword(user->id, hash);
        _store.deleteLoginSessionsOfUser(user->id);
        _store.createLoginSession({sha256Hex(grant.token), user->id, grant.csrfToken, now, now});
        _audit.record(systemActor(*user, address), std::nullopt, "user.password",
                      user->email + " (their own; other sessions signed out)");
    });
    return grant;
}

ResetLinkGrant AccountService::createResetLink(const Actor& admin, std::int64_t userId) {
    requireAdmin(admin);
    User user = userOfClinic(admin, userId);
    if (user.disabled)
        throw Poco::IllegalStateException("the account is disabled; enable it first");
    const std::int64_t now = _clock.nowSeconds();
    ResetLinkGrant grant{randomToken(32), user, now + PASSWORD_RESET_SECONDS};
    _store.atomically([&] {
        _store.createPasswordReset(
            {0, user.id, sha256Hex(grant.token), admin.userId, now, grant.expiresAt, std::nullopt});
        _audit.record(admin, std::nullopt, "user.reset.link",
                      user.email + " (works once, for 24 hours; older links stop working)");
    });
    return grant;
}

std::optional<std::pair<PasswordReset, User>>
AccountService::workingReset(const std::string& token) {
    if (token.empty() || token.size() > 128)
        return std::nullopt;
    std::optional<PasswordReset> reset = _store.passwordResetByHash(sha256Hex(token));
    if (!reset || reset->usedAt || _clock.nowSeconds() >= reset->expiresAt)
        return std::nullopt;
    std::optional<User> user = _store.user(reset->userId);
    if (!user || user->disabled)
        return std::nullopt;
    return std::pair{*reset, *user};
}

std::optional<User> AccountService::resetLinkUser(const std::string& token) {
    std::optional<std::pair<PasswordReset, User>> working = workingReset(token);
    if (!working)
        return std::nullopt;
    return working->second;
}

void AccountService::resetPassword(const std::string& token, const std::string& newPassword,
                                   const std::string& repeatedPassword,
                                   const std::string& address) {
    std::optional<std::pair<PasswordReset, User>> working = workingReset(token);
    if (!working)
        throw Poco::NotFoundException("the password reset link does not work");
    FieldErrors errors;
    if (!PasswordHasher::acceptable(newPassword))
        errors.add("newPassword", "must be 8 to 128 characters");
    else if (newPassword != repeatedPassword)
        errors.add("repeatedPassword", "is not the same as the new password");
    errors.throwIfAny();
    const std::string hash = PasswordHasher::hash(newPassword);
    const PasswordReset& reset = working->first;
    const User& user = working->second;
    _store.atomically([&] {
        // Marked used first: a second use at the same moment finds it used and changes nothing.
        if (!_store.usePasswordReset(reset.id, _clock.nowSeconds()))
            throw Poco::NotFoundException("the password reset link does not work");
        _store.setUserPassword(user.id, hash);
        _store.deleteLoginSessionsOfUser(user.id);
        _audit.record(systemActor(user, address), std::nullopt, "user.reset.used",
                      user.email + " (reset link " + std::to_string(reset.id) +
                          "; every session signed out)");
    });
}

void AccountService::setDisabled(const Actor& by, std::int64_t userId, bool disabled) {
    requireAdmin(by);
    User user = userOfClinic(by, userId);
    if (disabled && user.id == by.userId)
        throw Poco::IllegalStateException("an admin cannot disable their own account");
    _store.atomically([&] {
        _store.setUserDisabled(user.id, disabled);
        _store.deleteLoginSessionsOfUser(user.id);
        _audit.record(by, std::nullopt, disabled ? "user.disable" : "user.enable", user.email);
    });
}

User AccountService::requireUserByEmail(const std::string& email) {
    std::optional<User> user = _store.userByEmail(normalisedEmail(email));
    if (!user)
        throw Poco::NotFoundException("no user has the email " + normalisedEmail(email));
    return *user;
}

User AccountService::operatorAddUser(std::int64_t clinicId, const std::string& email,
                                     const std::string& name, Role role,
                                     const std::string& password) {
    return storeUser(operatorActor(clinicId), preparedUser(clinicId, email, name, role, password));
}

void AccountService::operatorSetPassword(const std::string& email, const std::string& password) {
    User user = requireUserByEmail(email);
    if (!PasswordHasher::acceptable(password))
        throw ValidationException("password", "must be 8 to 128 characters");
    std::string hash = PasswordHasher::hash(password);
    _store.atomically([&] {
        _store.setUserPassword(user.id, hash);
        _store.deleteLoginSessionsOfUser(user.id);
        _audit.record(operatorActor(user.clinicId), std::nullopt, "user.password", user.email);
    });
}

void AccountService::operatorSetDisabled(const std::string& email, bool disabled) {
    User user = requireUserByEmail(email);
    _store.atomically([&] {
        _store.setUserDisabled(user.id, disabled);
        _store.deleteLoginSessionsOfUser(user.id);
        _audit.record(operatorActor(user.clinicId), std::nullopt,
                      disabled ? "user.disable" : "user.enable", user.email);
    });
}

std::vector<User> AccountService::users(const Actor& admin) {
    requireAdmin(admin);
    return _store.users(admin.clinicId);
}

std::map<std::int64_t, std::int64_t> AccountService::lastSignIns(const Actor& admin) {
    requireAdmin(admin);
    return _store.lastSignIns(admin.clinicId);
}

ApiKeyGrant AccountService::createApiKey(const Actor& admin, const std::string& name) {
    requireAdmin(admin);
    ApiKeyGrant grant;
    grant.key.name = requireText(name, "name", TextKind::Name, ApiKey::MAX_NAME);
    if (grant.key.name.empty())
        throw ValidationException("name", "must be 1 to 80 characters");
    grant.secret = API_KEY_PREFIX + randomToken(32);
    grant.key.clinicId = admin.clinicId;
    grant.key.userId = admin.userId;
    grant.key.keyHash = sha256Hex(grant.secret);
    grant.key.createdAt = _clock.nowSeconds();
    _store.atomically([&] {
        grant.key.id = _store.createApiKey(grant.key);
        _audit.record(admin, std::nullopt, "apikey.create",
                      "key " + std::to_string(grant.key.id) + " \"" + grant.key.name + "\"");
    });
    return grant;
}

std::vector<ApiKey> AccountService::apiKeys(const Actor& admin) {
    requireAdmin(admin);
    return _store.apiKeys(admin.clinicId);
}

void AccountService::revokeApiKey(const Actor& admin, std::int64_t keyId) {
    requireAdmin(admin);
    _store.atomically([&] {
        if (!_store.revokeApiKey(admin.clinicId, keyId, _clock.nowSeconds()))
            throw Poco::NotFoundException("API key " + std::to_string(keyId));
        _audit.record(admin, std::nullopt, "apikey.revoke", "key " + std::to_string(keyId));
    });
}

std::optional<Actor> AccountService::authenticateApiKey(const std::string& secret) {
    if (secret.rfind(API_KEY_PREFIX, 0) != 0 || secret.size() > 128)
        return std::nullopt;
    std::optional<ApiKey> key = _store.apiKeyByHash(sha256Hex(secret));
    if (!key || key->revokedAt)
        return std::nullopt;
    std::optional<User> maker = _store.user(key->userId);
    if (!maker || maker->disabled || maker->clinicId != key->clinicId)
        return std::nullopt;
    return Actor{key->clinicId, maker->id, Role::Therapist,
                 maker->name,   {},        "API key " + std::to_string(key->id)};
}

} // namespace Limber
