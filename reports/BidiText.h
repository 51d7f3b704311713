#pragma once

#include <string>
#include <string_view>

namespace Limber {

/// Right-to-left text for a writer that sets characters one by one, left to right (libharu).
///
/// Hebrew and Arabic are stored in logical order (the order they are typed and read). To print
/// them, each line is laid out by the Unicode Bidirectional Algorithm (GNU FriBidi) with the
/// line's direction taken from its first strong character, as a browser's dir="auto" does:
/// right-to-left runs are reversed, numbers and Latin words inside them keep their own order,
/// brackets are mirrored. Arabic letters are first shaped into the presentation forms their
/// neighbours call for (isolated, initial, medial, final, and the lam-alef ligatures). Lines
/// stay left-aligned like the rest of a handout.

/// Whether utf8 holds a right-to-left character (Hebrew, Arabic and their neighbours), i.e.
/// whether visualOrder would change it. Cheap on text without such characters.
bool hasRightToLeft(std::string_view utf8);

/// utf8 (one line, valid UTF-8) in the order and the forms it is drawn in; text without
/// right-to-left characters is returned unchanged. Widths measured on the result are the
/// widths drawn.
std::string visualOrder(std::string_view utf8);

/// The presentation forms Arabic shaping may draw the letter c in (isolated, initial, medial,
/// final; for lam, the lam-alef ligatures), other than c itself: what a font must have, beyond
/// c, to print it. Empty for characters that are not shaped.
std::u32string shapedFormsOf(char32_t c);

} // namespace Limber
