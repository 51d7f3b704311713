#pragma once

#include "Actor.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <optional>
#include <string>

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
};

/// A request's verified sign-in.
struct SignedIn {
    User user;
    LoginSession session;
    Actor actor() const { return {user.clinicId, user.id, user.role, user.name}; }
};

/// Clinics, users, and signing in and out.
class AccountService {
public:
    AccountService(Store& store, const Clock& clock, SignInPolicy policy = {});

    /// Throws ValidationException when the name is missing.
    std::int64_t createClinic(const Clinic& clinic);

    /// Creates a user with an Argon2id hash of password. Throws ValidationException for a bad
    /// email, name or password, Poco::ExistsException when the email is taken.
    User createUser(std::int64_t clinicId, const std::string& email, const std::string& name,
                    Role role, const std::string& password);

    /// Checks the credentials and opens a session; nullopt when they do not match or the user
    /// is disabled (the same answer either way, and about the same time).
    std::optional<SignInGrant> signIn(const std::string& email, const std::string& password);

    /// The sign-in behind a cookie token, if it exists and has not timed out; refreshes its
    /// idle timer. Expired sessions are deleted.
    std::optional<SignedIn> authenticate(const std::string& token);

    void signOut(const std::string& token);

    std::optional<Clinic> clinic(std::int64_t clinicId);

private:
    Store& _store;
    const Clock& _clock;
    SignInPolicy _policy;
};

} // namespace Limber
