#pragma once

#include "ValidationException.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace Limber {

/// What a piece of text is for, which decides what it may hold.
enum class TextKind {
    /// A name Limber prints (a patient, a user, an exercise, a program's title, a record
    /// number): one line; no bidi or zero-width controls; every character printable.
    Name,
    /// One line of printed text (a cue, an alias, a label): the same as Name.
    Line,
    /// Printed text that may hold line breaks and tabs (notes, steps, sources).
    Paragraph,
    /// One line that Limber never prints (a search, an e-mail address, an identifier in a
    /// query or a path, an option): valid UTF-8 without control characters.
    Plain,
    /// The same, not trimmed (passwords, tokens).
    Secret,
    /// A value as a boundary decodes it, before it knows the field (a form's or a query's
    /// values): valid UTF-8 without control characters other than line feed and tab; not
    /// trimmed. The field's own rule applies later.
    Received,
};

/// Which characters the documents Limber prints can show: the built-in fonts plus the fallback
/// fonts of the configuration. The report layer provides it (FontLibrary) and the program
/// installs it once at start-up, before any thread runs; until then the rule checks only what
/// no font can change (controls, format characters, scripts that need shaping, characters
/// beyond U+FFFF).
class PrintableCharacters {
public:
    virtual ~PrintableCharacters() = default;
    /// Why no font prints c ("'王' (U+738B): it is in none of the handout's fonts; ..."), or empty.
    virtual std::string missing(char32_t c) const = 0;
};

/// Installs the characters documents print (nullptr: none installed); returns the previous one.
const PrintableCharacters* installPrintableCharacters(const PrintableCharacters* characters);

/// Installs characters for its lifetime, then puts back what was installed before.
class PrintableCharactersScope {
public:
    explicit PrintableCharactersScope(const PrintableCharacters* characters)
        : _before(installPrintableCharacters(characters)) {}
    ~PrintableCharactersScope() { installPrintableCharacters(_before); }
    PrintableCharactersScope(const PrintableCharactersScope&) = delete;
    PrintableCharactersScope& operator=(const PrintableCharactersScope&) = delete;

private:
    const PrintableCharacters* _before;
};

/// The one text rule of every boundary (HTTP forms, queries and paths, JSON bodies, program
/// files, packs, configuration, command-line arguments):
///  - valid UTF-8 (no overlong forms, no surrogates);
///  - normalised to NFC ("Zoe" + U+0308 becomes "Zoë"); surrounding white space trimmed
///    (except for Secret and Received); CR LF becomes LF;
///  - no NUL or other control character, except line feed and tab in a Paragraph (and in
///    Received text);
///  - in printed text (Name, Line, Paragraph): no format characters (bidi controls such as
///    U+202E, zero-width characters such as U+200D, U+FEFF), no unassigned or private-use
///    characters, no line or paragraph separators, and nothing that printed documents cannot
///    show (see whyNotPrintable);
///  - at most maxCharacters characters (code points, after normalisation).
struct CheckedText {
    std::string text;    ///< the normalised text, when problem is empty
    std::string problem; ///< why the text breaks the rule ("is not valid UTF-8"), or empty
    bool ok() const { return problem.empty(); }
};
CheckedText checkText(std::string_view text, TextKind kind, std::size_t maxCharacters);

/// The same, throwing ValidationException(field, problem) when the text breaks the rule.
std::string requireText(std::string_view text, const std::string& field, TextKind kind,
                        std::size_t maxCharacters);

/// For validators that collect errors: the text normalised, or, when it breaks the rule, the
/// text unchanged with field's problem added to errors. Empty text is left to the caller.
std::string checkedField(FieldErrors& errors, const std::string& field, std::string_view text,
                         TextKind kind, std::size_t maxCharacters);

/// Why printed documents cannot show c ("'😀' (U+1F600): characters beyond U+FFFF (emoji and
/// rare scripts) cannot be printed"), or empty. The same answer decides what a form accepts
/// and what a handout prints, so an accepted name always prints.
std::string whyNotPrintable(char32_t c);
/// The same against fonts rather than the installed characters.
std::string whyNotPrintable(char32_t c, const PrintableCharacters* fonts);

/// "'ö' (U+00F6)": how a refusal names one character.
std::string describeCharacter(char32_t c);

/// Whether text is valid UTF-8.
bool isValidUtf8(std::string_view text);

/// text with every malformed byte sequence replaced by U+FFFD: for echoing untrusted input in
/// a message or an error body that must be valid UTF-8.
std::string withValidUtf8(std::string_view text);

/// The number of characters (code points) in valid UTF-8 text.
std::size_t characterCount(std::string_view utf8);

} // namespace Limber
