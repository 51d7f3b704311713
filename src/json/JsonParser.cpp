#include "JsonParser.h"

#include "domain/TextRule.h"
#include "domain/Utf8.h"
#include "domain/ValidationException.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace Limber {

namespace {

class Parser {
public:
    Parser(std::string_view text, const std::string& what) : _text(text), _what(what) {}

    Poco::Dynamic::Var document() {
        skipSpace();
        Poco::Dynamic::Var root = value("", 0);
        skipSpace();
        if (_at != _text.size())
            syntax("unexpected text after the JSON value");
        return root;
    }

private:
    [[noreturn]] void syntax(const std::string& reason) const {
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < _at && i < _text.size(); ++i) {
            if (_text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(_text[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        throw ValidationException(_what, "is not valid JSON (line " + std::to_string(line) +
                                             ", column " + std::to_string(column) + ": " + reason +
                                             ")");
    }
    [[noreturn]] void invalid(const std::string& path, const std::string& reason) const {
        throw ValidationException(path.empty() ? _what : path, reason);
    }

    bool atEnd() const { return _at >= _text.size(); }
    char peek() const { return atEnd() ? '\0' : _text[_at]; }
    void skipSpace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++_at;
    }
    void expect(char c, const char* reason) {
        if (peek() != c || atEnd())
            syntax(reason);
        ++_at;
    }
    void literal(std::string_view word) {
        if (_text.substr(_at, word.size()) != word)
            syntax("expected a value");
        _at += word.size();
    }

    Poco::Dynamic::Var value(const std::string& path, std::size_t depth) {
        if (atEnd())
            syntax("the text ends where a value should be");
        switch (peek()) {
        case '{':
            return object(path, depth + 1);
        case '[':
            return array(path, depth + 1);
        case '"':
            return string(path);
        case 't':
            literal("true");
            return true;
        case 'f':
            literal("false");
            return false;
        case 'n':
            literal("null");
            return Poco::Dynamic::Var();
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return number(path);
            syntax("expected a value");
        }
    }

    void checkDepth(std::size_t depth) const {
        if (depth > JsonLimits::MAX_DEPTH)
            syntax("nested deeper than " + std::to_string(JsonLimits::MAX_DEPTH) + " levels");
    }

    Poco::Dynamic::Var object(const std::string& path, std::size_t depth) {
        checkDepth(depth);
        ++_at;
        Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        skipSpace();
        if (peek() == '}' && !atEnd()) {
            ++_at;
            return result;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"' || atEnd())
                syntax("expected a key in double quotes");
            std::string key = string(path).extract<std::string>();
            std::string keyPath = path.empty() ? key : path + "." + key;
            if (result->has(key))
                invalid(keyPath, "appears twice in one object");
            skipSpace();
            expect(':', "expected ':' after a key");
            skipSpace();
            result->set(key, value(keyPath, depth));
            skipSpace();
            if (peek() == ',' && !atEnd()) {
                ++_at;
                continue;
            }
            expect('}', "expected ',' or '}'");
            return result;
        }
    }

    Poco::Dynamic::Var array(const std::string& path, std::size_t depth) {
        checkDepth(depth);
        ++_at;
        Poco::JSON::Array::Ptr result = new Poco::JSON::Array;
        skipSpace();
        if (peek() == ']' && !atEnd()) {
            ++_at;
            return result;
        }
        for (;;) {
            skipSpace();
            result->add(value(path + "[" + std::to_string(result->size()) + "]", depth));
            skipSpace();
            if (peek() == ',' && !atEnd()) {
                ++_at;
                continue;
            }
            expect(']', "expected ',' or ']'");
            return result;
        }
    }

    unsigned hex4() {
        if (_at + 4 > _text.size())
            syntax("a \\u escape needs four hex digits");
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            char c = _text[_at++];
            code <<= 4;
            if (c >= '0' && c <= '9')
                code |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                code |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                code |= static_cast<unsigned>(c - 'A' + 10);
            else
                syntax("a \\u escape needs four hex digits");
        }
        return code;
    }

    Poco::Dynamic::Var string(const std::string& path) {
        ++_at; // the opening quote
        std::string out;
        for (;;) {
            if (atEnd())
                syntax("a string is not closed");
            char c = _text[_at];
            if (c == '"') {
                ++_at;
                break;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                syntax("a control character must be escaped in a string");
            if (c != '\\') {
                out += c;
                ++_at;
                continue;
            }
            ++_at;
            if (atEnd())
                syntax("a string is not closed");
            char escape = _text[_at++];
            switch (escape) {
            case '"':
            case '\\':
            case '/':
                out += escape;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned code = hex4();
                if (code >= 0xDC00 && code <= 0xDFFF)
                    invalid(path, "escapes a lone surrogate (\\u" + hexOf(code) + ")");
                if (code >= 0xD800 && code <= 0xDBFF) {
                    if (_text.substr(_at, 2) != "\\u")
                        invalid(path, "escapes a lone surrogate (\\u" + hexOf(code) + ")");
                    _at += 2;
                    unsigned low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        invalid(path, "escapes a lone surrogate (\\u" + hexOf(code) + ")");
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, static_cast<char32_t>(code));
                break;
            }
            default:
                syntax(std::string("unknown escape in a string"));
            }
        }
        if (!isValidUtf8(out))
            invalid(path, "is not valid UTF-8");
        return out;
    }

    static std::string hexOf(unsigned code) {
        static const char* digits = "0123456789ABCDEF";
        std::string text(4, '0');
        for (int i = 3; i >= 0; --i, code >>= 4)
            text[static_cast<std::size_t>(i)] = digits[code & 0xF];
        return text;
    }

    Poco::Dynamic::Var number(const std::string& path) {
        std::size_t start = _at;
        auto digits = [&] {
            std::size_t first = _at;
            while (!atEnd() && peek() >= '0' && peek() <= '9')
                ++_at;
            return _at - first;
        };
        if (peek() == '-')
            ++_at;
        if (peek() == '0' && !atEnd()) {
            ++_at;
            if (!atEnd() && peek() >= '0' && peek() <= '9')
                syntax("a number cannot start with 0");
        } else if (digits() == 0) {
            syntax("expected digits");
        }
        bool whole = true;
        if (peek() == '.' && !atEnd()) {
            ++_at;
            whole = false;
            if (digits() == 0)
                syntax("expected digits after '.'");
        }
        if ((peek() == 'e' || peek() == 'E') && !atEnd()) {
            ++_at;
            whole = false;
            if ((peek() == '+' || peek() == '-') && !atEnd())
                ++_at;
            if (digits() == 0)
                syntax("expected digits in the exponent");
        }
        const char* first = _text.data() + start;
        const char* last = _text.data() + _at;
        if (whole) {
            Poco::Int64 integer = 0;
            auto [end, error] = std::from_chars(first, last, integer);
            if (error == std::errc() && end == last)
                return integer;
            // Beyond 64 bits: kept as a double, which a field's range check then refuses.
        }
        double real = 0;
        auto [end, error] = std::from_chars(first, last, real);
        // Out of range either way (beyond 1e308, or below 1e-308 where it would become 0).
        if (error != std::errc() || end != last || !std::isfinite(real)) {
            std::string shown(first, std::min<std::size_t>(_at - start, 40));
            invalid(path, "is a number out of range (" + shown + (_at - start > 40 ? "...)" : ")"));
        }
        return real;
    }

    std::string_view _text;
    const std::string& _what;
    std::size_t _at = 0;
};

} // namespace

Poco::Dynamic::Var parseJson(std::string_view text, const std::string& what) {
    return Parser(text, what).document();
}

} // namespace Limber
