#pragma once

#include <string>
#include <string_view>

namespace Limber {

/// A random secret of `bytes` bytes from the system's CSPRNG, base64url without padding.
std::string randomToken(std::size_t bytes);

/// SHA-256 of text as 64 lower-case hex digits (for looking up tokens stored hashed).
std::string sha256Hex(std::string_view text);

/// HMAC-SHA-256 of message under key, base64url without padding.
std::string hmacSha256(std::string_view key, std::string_view message);

/// Compares two secrets in time that does not depend on where they differ.
bool equalSecrets(std::string_view a, std::string_view b);

/// Argon2id password hashing (libsodium, 64 MiB and 2 passes: above OWASP's minimum of
/// 19 MiB and 2 passes).
/// At most two hashes run at once, so a burst of logins cannot exhaust memory.
class PasswordHasher {
public:
    static constexpr std::size_t MIN_LENGTH = 8;
    static constexpr std::size_t MAX_LENGTH = 128;

    /// Whether the password's length, counted in characters (UTF-8 code points), is within
    /// 8-128. Passwords are hashed whole: never truncated.
    static bool acceptable(const std::string& password);
    /// Throws ValidationException ("password") when the password is not acceptable.
    static std::string hash(const std::string& password);
    /// Whether password matches hash; false for malformed hashes and over-long passwords.
    static bool verify(const std::string& hash, const std::string& password);
};

} // namespace Limber
