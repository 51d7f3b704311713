#pragma once

#include "PrintChoices.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace Limber {

struct Clinic {
    std::int64_t id = 0;
    std::string name;
    std::string address;
    std::string phone;
    PaperSize paper = PaperSize::Letter; ///< the paper its handouts and reports last printed on
};

enum class Role { Therapist, Admin };

/// A person who signs in to the portal. The password is kept only as an Argon2id hash.
struct User {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::string email; ///< the login name, stored lower-case
    std::string name;  ///< as printed on handouts: "Dana Whitfield, PT, DPT"
    Role role = Role::Therapist;
    std::string passwordHash;
    bool disabled = false;
};

/// How many characters a clinic's and a user's names and a user's e-mail may hold.
struct AccountLimits {
    static constexpr std::size_t MAX_CLINIC_NAME = 120;
    static constexpr std::size_t MAX_USER_NAME = 120;
    static constexpr std::size_t MAX_EMAIL = 254;
};

/// A signed-in browser or API client. Only a hash of the cookie's secret is stored.
struct LoginSession {
    std::string tokenHash;
    std::int64_t userId = 0;
    std::string csrfToken;
    std::int64_t createdAt = 0;
    std::int64_t lastSeenAt = 0;
};

/// A sign-in session and the user it belongs to, read together.
struct LoginSessionOfUser {
    LoginSession session;
    User user;
};

} // namespace Limber
