#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "Throttle.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Limber {

/// How long a sign-in lasts.
struct SignInPolicy {
    std::int64_t idleSeconds = 15 * 60;
    std::int64_t absoluteSeconds = 12 * 60 * 60;
};

/// A fresh sign-in: the cookie secret (never stored) and the session's CSRF token.
struct SignInGrant {
    std::string token;
    std::string csrfToken;
    User user;
    /// The device cookie's new value: signed proof that this device signed in to this
    /// account, good for SIGN_IN_DEVICE_SECONDS (empty when the service has no device key).
    std::string deviceProof;
};

/// A request's verified sign-in.
struct SignedIn {
    User user;
    LoginSession session;
    Actor actor() const { return {user.clinicId, user.id, user.role, user.name, {}, {}}; }
};

/// The longest an account's failures from anywhere keep its real user waiting, in all.
constexpr std::int64_t SIGN_IN_ACCOUNT_LOCK_BOUND_SECONDS = 60;

/// How long a device that signed in to an account is known to it (the device cookie's life).
constexpr std::int64_t SIGN_IN_DEVICE_SECONDS = 90 * 24 * 60 * 60;

/// How long a password reset link made by an admin works.
constexpr std::int64_t PASSWORD_RESET_SECONDS = 24 * 60 * 60;

/// A new password reset link: its token is shown to the admin once and never stored.
struct ResetLinkGrant {
    std::string token;
    User user; ///< whose password it sets
    std::int64_t expiresAt = 0;
};

/// A new API key: the secret is shown once and never stored.
struct ApiKeyGrant {
    ApiKey key;
    std::string secret;
};

/// Clinics, users, signing in and out, and the clinics' API keys.
///
/// Sign-in is throttled three ways (see README "Security"), with counts in the store, shared by
/// every instance on the database: per account and address (5 free failures, then 1 s
/// doubling to 15 min), per address (20 free, to 15 min: one address trying many accounts)
/// and per account from anywhere (50 free, 1 s doubling to 1 min, and its waits end for good
/// SIGN_IN_ACCOUNT_LOCK_BOUND_SECONDS after they began, until the account has had an hour
/// without failures: an attacker spread over many addresses delays the real user by a minute
/// at most, and more failures from new addresses do not renew it).
/// A device that signed in to the account before (its proof, a cookie signed with the device
/// key, SIGN_IN_DEVICE_SECONDS) is not held back by the account's failures from anywhere:
/// only by its own (per proof: 5 free, then 1 s doubling to 15 min, so a stolen proof gives
/// no more guesses), its address's and the account and address's.
class AccountService {
public:
    /// deviceKey signs the proofs of devices that signed in (empty: none are given or taken).
    AccountService(Store& store, const Clock& clock, AuditTrail& audit, SignInPolicy policy = {},
                   std::string deviceKey = {});

    /// Throws ValidationException when the name is missing.
    std::int64_t createClinic(const Clinic& clinic);

    /// Creates a user with an Argon2id hash of password. Throws ValidationException for a bad
    /// email, name or password, Poco::ExistsException when the email is taken.
    User createUser(std::int64_t clinicId, const std::string& email, const std::string& name,
                    Role role, const std::string& password);
    /// The same for a clinic admin (audited): admins only, in their own clinic.
    User addUser(const Actor& admin, const std::string& email, const std::string& name, Role role,
                 const std::string& password);

    /// Checks the credentials and opens a session; nullopt when they do not match or the user
    /// is disabled (the same answer either way, and about the same time). Throws
    /// TooManyAttemptsException, without checking the password, while the account or the
    /// address must wait after repeated failures. Every sign-in starts a new session: an id a
    /// client had before is never carried over. deviceProof is the device cookie the client
    /// sent (any text: what is not a valid proof for this account counts for nothing).
    std::optional<SignInGrant> signIn(const std::string& email, const std::string& password,
                                      const std::string& address = {},
                                      const std::string& deviceProof = {});

    /// The sign-in behind a cookie token, if it exists and has not timed out; refreshes its
    /// idle timer. Expired sessions are deleted.
    std::optional<SignedIn> authenticate(const std::string& token);

    void signOut(const std::string& token);

    /// The sign-in session token had, when it ended by the idle or absolute timeout less than
    /// KeptForms::LIFETIME_SECONDS ago (in this instance): whose it was and its CSRF token, so
    /// that a form posted with it can be kept for the same user (see KeptForms).
    std::optional<LoginSession> endedSession(const std::string& token);

    std::optional<Clinic> clinic(std::int64_t clinicId);

    /// The user with this email (any clinic), for the command line.
    std::optional<User> userByEmail(const std::string& email);
    /// Sets a new password and ends the user's sessions. Throws ValidationException for a bad
    /// password, Poco::NotFoundException for an unknown user.
    void changePassword(const Actor& by, std::int64_t userId, const std::string& password);
    /// A signed-in user sets their own password: currentPassword must be theirs, newPassword
    /// follows the rules of every password and repeatedPassword must equal it. All the user's
    /// sessions end (every other device is signed out) and this one goes on as a new session,
    /// whose grant is returned; audited as user.password. Throws ValidationException naming
    /// currentPassword, newPassword and repeatedPassword; TooManyAttemptsException while the
    /// account and address must wait after wrong passwords (wrong current passwords count as
    /// failed sign-ins there).
    SignInGrant changeOwnPassword(const SignedIn& who, const std::string& currentPassword,
                                  const std::string& newPassword,
                                  const std::string& repeatedPassword,
                                  const std::string& address = {});
    /// A one-time link for a user of the admin's clinic to set a new password without the old
    /// one (admins only; audited as user.reset.link, without the token). It works once, for
    /// PASSWORD_RESET_SECONDS, and stops working when a newer link is made for the user or
    /// their password changes. Throws Poco::NotFoundException for a user of another clinic,
    /// Poco::IllegalStateException for a disabled user.
    ResetLinkGrant createResetLink(const Actor& admin, std::int64_t userId);
    /// The user a working reset link's token is for; nullopt when the token is unknown, used,
    /// replaced by a newer link or a password change, expired, or its user is disabled.
    std::optional<User> resetLinkUser(const std::string& token);
    /// Sets the user's new password through a working reset link: newPassword follows the
    /// rules of every password and repeatedPassword must equal it. The link stops working and
    /// every session of the user ends; audited as user.reset.used (without the token). Throws
    /// ValidationException naming newPassword and repeatedPassword, Poco::NotFoundException
    /// when the link does not work (see resetLinkUser).
    void resetPassword(const std::string& token, const std::string& newPassword,
                       const std::string& repeatedPassword, const std::string& address = {});
    /// Disables (or enables) the user and ends their sessions. An admin may not disable
    /// themself (the clinic would lose its way in).
    void setDisabled(const Actor& by, std::int64_t userId, bool disabled);
    /// The clinic's users; admins only.
    std::vector<User> users(const Actor& admin);
    /// When each of the clinic's users last signed in (epoch seconds, by user id; absent:
    /// never); admins only.
    std::map<std::int64_t, std::int64_t> lastSignIns(const Actor& admin);

    /// The server operator's account work (the command line, which is trusted because it can
    /// read the data folder): audited as "operator" from "command line". Throws as above, and
    /// Poco::NotFoundException for an unknown email.
    User operatorAddUser(std::int64_t clinicId, const std::string& email, const std::string& name,
                         Role role, const std::string& password);
    void operatorSetPassword(const std::string& email, const std::string& password);
    void operatorSetDisabled(const std::string& email, bool disabled);

    /// A new API key for the admin's clinic, acting as that admin with therapist rights.
    ApiKeyGrant createApiKey(const Actor& admin, const std::string& name);
    std::vector<ApiKey> apiKeys(const Actor& admin);
    /// Throws Poco::NotFoundException when the clinic has no such key.
    void revokeApiKey(const Actor& admin, std::int64_t keyId);
    /// The actor an API key stands for (therapist rights in its clinic); nullopt for an
    /// unknown or revoked key, or when its maker is disabled.
    std::optional<Actor> authenticateApiKey(const std::string& secret);

private:
    void requireAdmin(const Actor& actor) const;
    User requireUserByEmail(const std::string& email);
    /// A user of the actor's clinic, or Poco::NotFoundException.
    User userOfClinic(const Actor& actor, std::int64_t userId);
    /// The reset link token opens and its user, when it works (see resetLinkUser).
    std::optional<std::pair<PasswordReset, User>> workingReset(const std::string& token);
    std::string normalisedEmail(const std::string& email) const;
    /// A proof, valid until expiresAt, that a device signed in to account.
    std::string deviceProofFor(const std::string& account, std::int64_t expiresAt) const;
    /// The signature part of proof when it is a valid, unexpired proof for account; else empty.
    std::string knownDevice(const std::string& account, const std::string& proof) const;
    /// A checked new user with its password hashed (slow on purpose: never inside a write),
    /// not stored yet. Throws as createUser does.
    User preparedUser(std::int64_t clinicId, const std::string& email, const std::string& name,
                      Role role, const std::string& password);
    /// Stores user and the audit entry of its creation by actor, together.
    User storeUser(const Actor& actor, User user);

    Store& _store;
    const Clock& _clock;
    AuditTrail& _audit;
    SignInPolicy _policy;
    Throttle _byAccountAndAddress;
    Throttle _byAddress;
    Throttle _byAccount;
    std::string _deviceKey;
    Throttle _byDevice;
    /// Sessions ended by time, by token hash (see endedSession); at most MAX_ENDED.
    static constexpr std::size_t MAX_ENDED = 1000;
    std::mutex _endedMutex;
    std::map<std::string, std::pair<LoginSession, std::int64_t>> _ended;
};

} // namespace Limber
