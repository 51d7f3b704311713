#include "Secrets.h"

#include "domain/TextRule.h"
#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <sodium.h>

#include <mutex>
#include <optional>
#include <semaphore>
#include <vector>

namespace Limber {

namespace {

void initialiseSodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw Poco::SystemException("libsodium could not be initialised");
    });
}

std::string base64Url(const unsigned char* data, std::size_t size) {
    std::string text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     '\0');
    sodium_bin2base64(text.data(), text.size(), data, size,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return text;
}

std::counting_semaphore<2>& hashingSlots() {
    static std::counting_semaphore<2> slots(2);
    return slots;
}

/// Holds one of the hashing slots for its lifetime.
class HashingSlot {
public:
    HashingSlot() { hashingSlots().acquire(); }
    ~HashingSlot() { hashingSlots().release(); }
    HashingSlot(const HashingSlot&) = delete;
    HashingSlot& operator=(const HashingSlot&) = delete;
};

} // namespace

std::string randomToken(std::size_t bytes) {
    initialiseSodium();
    std::vector<unsigned char> buffer(bytes);
    randombytes_buf(buffer.data(), buffer.size());
    return base64Url(buffer.data(), buffer.size());
}

std::string sha256Hex(std::string_view text) {
    initialiseSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string hmacSha256(std::string_view key, std::string_view message) {
    initialiseSodium();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return base64Url(mac, sizeof mac);
}

bool equalSecrets(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

/// The password as it is hashed: the text rule for secrets (NFC, not trimmed), so that one
/// password typed on two keyboards, or given to the command line and to the sign-in form, is
/// one password. A password the rule refuses is not acceptable and never matches.
std::optional<std::string> normalisedPassword(const std::string& password) {
    CheckedText checked = checkText(password, TextKind::Secret, 4 * PasswordHasher::MAX_LENGTH);
    if (!checked.ok())
        return std::nullopt;
    return std::move(checked.text);
}

} // namespace

bool PasswordHasher::acceptable(const std::string& password) {
    std::optional<std::string> normalised = normalisedPassword(password);
    if (!normalised)
        return false;
    std::size_t characters = characterCount(*normalised);
    return characters >= MIN_LENGTH && characters <= MAX_LENGTH &&
           normalised->size() <= 4 * MAX_LENGTH;
}

std::string PasswordHasher::hash(const std::string& password) {
    initialiseSodium();
    if (!acceptable(password))
        throw ValidationException("password", "must be " + std::to_string(MIN_LENGTH) + " to " +
                                                  std::to_string(MAX_LENGTH) + " characters");
    std::string normalised = *normalisedPassword(password);
    char stored[crypto_pwhash_STRBYTES];
    HashingSlot slot;
    if (crypto_pwhash_str_alg(
            stored, normalised.data(), normalised.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Poco::OutOfMemoryException("password hashing ran out of memory");
    return stored;
}

bool PasswordHasher::verify(const std::string& hash, const std::string& password) {
    initialiseSodium();
    std::optional<std::string> normalised = normalisedPassword(password);
    if (!normalised || normalised->size() > 4 * MAX_LENGTH || hash.empty() ||
        hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    HashingSlot slot;
    return crypto_pwhash_str_verify(hash.c_str(), normalised->data(), normalised->size()) == 0;
}

} // namespace Limber
