#include "BackupArchive.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace Limber {

namespace {

// The file: MAGIC, a mode byte (1 key file, 2 passphrase), for a passphrase the salt and the
// Argon2id limits (two little-endian uint64), the secretstream header, then chunks, each a
// little-endian uint32 length and that many bytes of ciphertext. The plaintext is a sequence
// of entries (uint32 name length, name, uint64 size, bytes) ended by a zero name length.
constexpr char MAGIC[] = "LIMBER-BACKUP-1\n";
constexpr std::size_t MAGIC_SIZE = sizeof MAGIC - 1;
constexpr std::size_t CHUNK = 64 * 1024;
constexpr unsigned char MODE_KEY_FILE = 1;
constexpr unsigned char MODE_PASSPHRASE = 2;
constexpr std::size_t KEY_BYTES = crypto_secretstream_xchacha20poly1305_KEYBYTES;
constexpr std::size_t ABYTES = crypto_secretstream_xchacha20poly1305_ABYTES;

using Key = std::array<unsigned char, KEY_BYTES>;

void ensureSodium() {
    if (sodium_init() < 0)
        throw Poco::RuntimeException("libsodium could not start");
}

Key keyFromFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 32)
        throw Poco::InvalidArgumentException(
            "--key-file: " + path +
            " holds fewer than 32 bytes (make one with: head -c 32 /dev/urandom > FILE)");
    Key key{};
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

Key keyFromPassphrase(const std::string& passphrase, const unsigned char* salt,
                      unsigned long long ops, std::size_t memory) {
    Key key{};
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, ops,
                      memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Poco::RuntimeException("not enough memory to stretch the passphrase");
    return key;
}

void putLittleEndian(std::string& out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint64_t getLittleEndian(const unsigned char* in, int bytes) {
    std::uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value = (value << 8) | in[i];
    return value;
}

/// Encrypts what is written to it in CHUNK-sized pieces.
class Encryptor {
public:
    Encryptor(std::ostream& out, const Key& key) : _out(out) {
        std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> header{};
        crypto_secretstream_xchacha20poly1305_init_push(&_state, header.data(), key.data());
        _out.write(reinterpret_cast<const char*>(header.data()), header.size());
    }
    void write(const char* data, std::size_t size) {
        while (size > 0) {
            std::size_t take = std::min(size, CHUNK - _buffer.size());
            _buffer.append(data, take);
            data += take;
            size -= take;
            if (_buffer.size() == CHUNK)
                flush(0);
        }
    }
    void write(const std::string& text) { write(text.data(), text.size()); }
    void finish() { flush(crypto_secretstream_xchacha20poly1305_TAG_FINAL); }

private:
    void flush(unsigned char tag) {
        std::string cipher(_buffer.size() + ABYTES, '\0');
        unsigned long long length = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &_state, reinterpret_cast<unsigned char*>(cipher.data()), &length,
            reinterpret_cast<const unsigned char*>(_buffer.data()), _buffer.size(), nullptr, 0,
            tag);
        std::string prefix;
        putLittleEndian(prefix, length, 4);
        _out.write(prefix.data(), 4);
        _out.write(cipher.data(), static_cast<std::streamsize>(length));
        sodium_memzero(_buffer.data(), _buffer.size());
        _buffer.clear();
    }

    std::ostream& _out;
    crypto_secretstream_xchacha20poly1305_state _state{};
    std::string _buffer;
};

/// Decrypts chunk after chunk; read() hands out plaintext bytes.
class Decryptor {
public:
    Decryptor(std::istream& in, const Key& key, const std::string& name) : _in(in), _name(name) {
        std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> header{};
        if (!_in.read(reinterpret_cast<char*>(header.data()), header.size()) ||
            crypto_secretstream_xchacha20poly1305_init_pull(&_state, header.data(), key.data()) !=
                0)
            bad("it is cut off");
    }
    void read(char* data, std::size_t size) {
        while (size > 0) {
            if (_at == _plain.size())
                next();
            std::size_t take = std::min(size, _plain.size() - _at);
            std::memcpy(data, _plain.data() + _at, take);
            _at += take;
            data += take;
            size -= take;
        }
    }
    std::uint64_t number(int bytes) {
        std::array<unsigned char, 8> raw{};
        read(reinterpret_cast<char*>(raw.data()), static_cast<std::size_t>(bytes));
        return getLittleEndian(raw.data(), bytes);
    }
    /// Checks that the last chunk was the final one and nothing follows.
    void end() {
        if (_at != _plain.size() || !_final || _in.peek() != std::char_traits<char>::eof())
            bad("data follows its end");
    }

private:
    [[noreturn]] void bad(const std::string& why) {
        throw Poco::DataFormatException(_name + ": not a readable Limber backup (" + why + ")");
    }
    void next() {
        if (_final)
            bad("it ends too early");
        std::array<unsigned char, 4> prefix{};
        if (!_in.read(reinterpret_cast<char*>(prefix.data()), 4))
            bad("it is cut off");
        std::uint64_t length = getLittleEndian(prefix.data(), 4);
        if (length < ABYTES || length > CHUNK + ABYTES)
            bad("a chunk has a wrong length");
        std::string cipher(length, '\0');
        if (!_in.read(cipher.data(), static_cast<std::streamsize>(length)))
            bad("it is cut off");
        _plain.assign(length - ABYTES, '\0');
        unsigned long long plainLength = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &_state, reinterpret_cast<unsigned char*>(_plain.data()), &plainLength, &tag,
                reinterpret_cast<const unsigned char*>(cipher.data()), length, nullptr, 0) != 0)
            bad("wrong key or passphrase, or the file was altered");
        _plain.resize(plainLength);
        _at = 0;
        _final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }

    std::istream& _in;
    std::string _name;
    crypto_secretstream_xchacha20poly1305_state _state{};
    std::string _plain;
    std::size_t _at = 0;
    bool _final = false;
};

void checkSecret(const BackupSecret& secret) {
    if (secret.keyFile.empty() == secret.passphrase.empty())
        throw Poco::InvalidArgumentException(
            "--key-file or --passphrase-file: give exactly one (backups are always encrypted)");
}

} // namespace

void writeBackup(const std::string& output, const BackupSecret& secret,
                 const std::vector<BackupEntry>& entries) {
    ensureSodium();
    checkSecret(secret);
    std::string header(MAGIC, MAGIC_SIZE);
    Key key{};
    if (!secret.keyFile.empty()) {
        header += static_cast<char>(MODE_KEY_FILE);
        key = keyFromFile(secret.keyFile);
    } else {
        header += static_cast<char>(MODE_PASSPHRASE);
        std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
        randombytes_buf(salt.data(), salt.size());
        const unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        const std::size_t memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        header.append(reinterpret_cast<const char*>(salt.data()), salt.size());
        putLittleEndian(header, ops, 8);
        putLittleEndian(header, memory, 8);
        key = keyFromPassphrase(secret.passphrase, salt.data(), ops, memory);
    }
    std::string partial = output + ".part";
    try {
        Poco::FileOutputStream out(partial);
        ::chmod(partial.c_str(), 0600);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        Encryptor encryptor(out, key);
        std::vector<char> buffer(CHUNK);
        for (const auto& entry : entries) {
            Poco::FileInputStream in(entry.path);
            std::string head;
            putLittleEndian(head, entry.name.size(), 4);
            head += entry.name;
            putLittleEndian(head, Poco::File(entry.path).getSize(), 8);
            encryptor.write(head);
            std::uint64_t written = 0;
            while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
                   in.gcount() > 0) {
                encryptor.write(buffer.data(), static_cast<std::size_t>(in.gcount()));
                written += static_cast<std::uint64_t>(in.gcount());
            }
            if (written != Poco::File(entry.path).getSize())
                throw Poco::IOException(entry.path + ": changed while it was being backed up");
        }
        std::string end;
        putLittleEndian(end, 0, 4);
        encryptor.write(end);
        encryptor.finish();
        out.close();
        if (!out.good())
            throw Poco::WriteFileException(partial);
        int fd = ::open(partial.c_str(), O_RDONLY);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
        Poco::File(partial).renameTo(output);
    } catch (...) {
        sodium_memzero(key.data(), key.size());
        if (Poco::File(partial).exists())
            Poco::File(partial).remove();
        throw;
    }
    sodium_memzero(key.data(), key.size());
}

std::vector<BackupEntry> readBackup(const std::string& input, const BackupSecret& secret,
                                    const std::string& folder) {
    ensureSodium();
    checkSecret(secret);
    Poco::FileInputStream in(input);
    auto bad = [&](const std::string& why) {
        return Poco::DataFormatException(input + ": not a readable Limber backup (" + why + ")");
    };
    std::string magic(MAGIC_SIZE, '\0');
    if (!in.read(magic.data(), static_cast<std::streamsize>(magic.size())) ||
        magic != std::string(MAGIC, MAGIC_SIZE))
        throw bad("it does not start as one");
    int mode = in.get();
    Key key{};
    if (mode == MODE_KEY_FILE) {
        if (secret.keyFile.empty())
            throw Poco::InvalidArgumentException(
                "--key-file: this backup was encrypted with a key file");
        key = keyFromFile(secret.keyFile);
    } else if (mode == MODE_PASSPHRASE) {
        if (secret.passphrase.empty())
            throw Poco::InvalidArgumentException(
                "--passphrase-file: this backup was encrypted with a passphrase");
        std::array<unsigned char, crypto_pwhash_SALTBYTES + 16> params{};
        if (!in.read(reinterpret_cast<char*>(params.data()), params.size()))
            throw bad("it is cut off");
        std::uint64_t ops = getLittleEndian(params.data() + crypto_pwhash_SALTBYTES, 8);
        std::uint64_t memory = getLittleEndian(params.data() + crypto_pwhash_SALTBYTES + 8, 8);
        if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 16 || memory < crypto_pwhash_MEMLIMIT_MIN ||
            memory > (std::uint64_t{4} << 30))
            throw bad("its passphrase parameters are out of range");
        key = keyFromPassphrase(secret.passphrase, params.data(), ops,
                                static_cast<std::size_t>(memory));
    } else {
        throw bad("unknown encryption mode");
    }
    std::vector<BackupEntry> written;
    try {
        Decryptor decryptor(in, key, input);
        std::vector<char> buffer(CHUNK);
        for (;;) {
            std::uint64_t nameSize = decryptor.number(4);
            if (nameSize == 0)
                break;
            if (nameSize > 255)
                throw bad("an entry's name is too long");
            std::string name(nameSize, '\0');
            decryptor.read(name.data(), name.size());
            if (name.find('/') != std::string::npos || name == "." || name == ".." || name.empty())
                throw bad("an entry's name is not a plain file name");
            std::uint64_t size = decryptor.number(8);
            std::string path = folder + "/" + name;
            Poco::FileOutputStream out(path);
            ::chmod(path.c_str(), 0600);
            written.push_back({name, path});
            while (size > 0) {
                std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(size, CHUNK));
                decryptor.read(buffer.data(), take);
                out.write(buffer.data(), static_cast<std::streamsize>(take));
                size -= take;
            }
            out.close();
            if (!out.good())
                throw Poco::WriteFileException(path);
        }
        decryptor.end();
    } catch (...) {
        sodium_memzero(key.data(), key.size());
        throw;
    }
    sodium_memzero(key.data(), key.size());
    return written;
}

} // namespace Limber
