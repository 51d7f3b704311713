#include "BidiText.h"

#include "domain/Utf8.h"

#include <fribidi.h>
#include <vector>

namespace Limber {

namespace {

bool isRightToLeft(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF);
}

std::u32string decode(std::string_view utf8) {
    std::u32string text;
    text.reserve(utf8.size());
    for (std::size_t at = 0; at < utf8.size();) {
        Utf8Character character = decodeUtf8(utf8, at);
        text.push_back(character.codePoint);
        at += character.valid ? character.length : 1;
    }
    return text;
}

/// Shapes text (logical order) in place and, when reorder is set, puts it in visual order.
/// Characters a ligature absorbed are left as FRIBIDI_CHAR_FILL.
void layOut(std::u32string& text, bool reorder) {
    const auto length = static_cast<FriBidiStrIndex>(text.size());
    auto* characters = reinterpret_cast<FriBidiChar*>(text.data());
    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    std::vector<FriBidiArabicProp> joining(text.size());
    fribidi_get_bidi_types(characters, length, types.data());
    fribidi_get_bracket_types(characters, length, types.data(), brackets.data());
    FriBidiParType direction = FRIBIDI_PAR_ON;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), length, &direction,
                                            levels.data()) == 0)
        return; // out of memory: drawn as typed
    fribidi_get_joining_types(characters, length, joining.data());
    fribidi_join_arabic(types.data(), length, levels.data(), joining.data());
    const FriBidiFlags flags = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC;
    fribidi_shape(flags, levels.data(), length, joining.data(), characters);
    if (!reorder)
        return;
    // Fails only when out of memory: the line is then left in logical order.
    [[maybe_unused]] FriBidiLevel maximum = fribidi_reorder_line(
        flags, types.data(), length, 0, direction, levels.data(), characters, nullptr);
}

} // namespace

bool hasRightToLeft(std::string_view utf8) {
    for (std::size_t at = 0; at < utf8.size(); ++at) {
        auto byte = static_cast<unsigned char>(utf8[at]);
        // U+0590-U+08FF start with 0xD6-0xDF or 0xE0 0xA0-0xA3; U+FB1D-U+FEFF with 0xEF.
        if ((byte >= 0xD6 && byte <= 0xDF) || byte == 0xE0 || byte == 0xEF) {
            Utf8Character character = decodeUtf8(utf8, at);
            if (character.valid && isRightToLeft(character.codePoint))
                return true;
        }
    }
    return false;
}

std::string visualOrder(std::string_view utf8) {
    if (!hasRightToLeft(utf8))
        return std::string(utf8);
    std::u32string text = decode(utf8);
    layOut(text, true);
    std::string drawn;
    drawn.reserve(utf8.size() + 8);
    for (char32_t c : text)
        if (c != FRIBIDI_CHAR_FILL)
            appendUtf8(drawn, c);
    return drawn;
}

std::u32string shapedFormsOf(char32_t c) {
    FriBidiJoiningType type = fribidi_get_joining_type(c);
    if (type == FRIBIDI_JOINING_TYPE_U || type == FRIBIDI_JOINING_TYPE_T)
        return {};
    // The letter alone, then joined on its left, on both sides and on its right, by tatweel
    // (U+0640), which joins on both sides.
    constexpr char32_t TATWEEL = 0x0640;
    std::u32string forms;
    auto add = [&](std::u32string text) {
        const std::u32string typed = text;
        layOut(text, false);
        for (char32_t drawn : text)
            if (drawn != FRIBIDI_CHAR_FILL && typed.find(drawn) == std::u32string::npos &&
                forms.find(drawn) == std::u32string::npos)
                forms.push_back(drawn);
    };
    add({c});
    add({c, TATWEEL});
    add({TATWEEL, c, TATWEEL});
    add({TATWEEL, c});
    if (c == 0x0644) // lam: with each alef, alone and joined on its right
        for (char32_t alef : {U'\u0622', U'\u0623', U'\u0625', U'\u0627'}) {
            add({c, alef});
            add({TATWEEL, c, alef});
        }
    return forms;
}

} // namespace Limber
