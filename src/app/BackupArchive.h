#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace Limber {

/// How a backup is encrypted: with a key file (any file of at least 32 random bytes, hashed
/// to the key) or a passphrase (stretched with Argon2id, its salt stored in the backup).
struct BackupSecret {
    std::string keyFile;    ///< path, or empty
    std::string passphrase; ///< or empty
};

/// One file inside a backup.
struct BackupEntry {
    std::string name; ///< "limber.db", "secret.key", "limber.properties"
    std::string path; ///< where to read it from (writing) or where it was written (reading)
};

/// Writes entries into an encrypted backup file (libsodium crypto_secretstream, XChaCha20-
/// Poly1305, 64 KiB chunks, the last one marked final so that a cut-off file is detected).
/// The file is written beside output and renamed into place only when complete. Throws
/// Poco::InvalidArgumentException "option: reason" for a bad secret and Poco exceptions on I/O.
void writeBackup(const std::string& output, const BackupSecret& secret,
                 const std::vector<BackupEntry>& entries);

/// Decrypts a backup and writes each entry as folder/NAME (0600); returns the entries
/// written. Throws Poco::DataFormatException when the file is not a backup, was altered or
/// cut off, or the secret is wrong.
std::vector<BackupEntry> readBackup(const std::string& input, const BackupSecret& secret,
                                    const std::string& folder);

} // namespace Limber
