#include "Secrets.h"

#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <sodium.h>

#include <mutex>
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

bool PasswordHasher::acceptable(const std::string& password) {
    std::size_t characters = 0;
    for (char c : password)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++characters;
    return characters >= MIN_LENGTH && characters <= MAX_LENGTH &&
           password.size() <= 4 * MAX_LENGTH;
}

std::string PasswordHasher::hash(const std::string& password) {
    initialiseSodium();
    if (!acceptable(password))
        throw ValidationException("password", "must be " + std::to_string(MIN_LENGTH) + " to " +
                                                  std::to_string(MAX_LENGTH) + " characters");
    char stored[crypto_pwhash_STRBYTES];
    HashingSlot slot;
    if (crypto_pwhash_str_alg(
            stored, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Poco::OutOfMemoryException("password hashing ran out of memory");
    return stored;
}

bool PasswordHasher::verify(const std::string& hash, const std::string& password) {
    initialiseSodium();
    if (password.size() > 4 * MAX_LENGTH || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    HashingSlot slot;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

} // namespace Limber
