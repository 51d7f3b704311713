// The text rule: never crashes, and what it accepts is valid UTF-8, normalised (checking it
// again changes nothing), within the length, and free of what the kind forbids.
#include "domain/TextRule.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace Limber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (TextKind kind : {TextKind::Name, TextKind::Line, TextKind::Paragraph, TextKind::Plain,
                          TextKind::Secret, TextKind::Received}) {
        CheckedText checked = checkText(text, kind, 64);
        if (!checked.ok())
            continue;
        if (!isValidUtf8(checked.text) || characterCount(checked.text) > 64)
            std::abort();
        CheckedText again = checkText(checked.text, kind, 64);
        if (!again.ok() || again.text != checked.text)
            std::abort();
        for (char c : checked.text) {
            unsigned char byte = static_cast<unsigned char>(c);
            bool multiLine = kind == TextKind::Paragraph || kind == TextKind::Received;
            if (byte == 0 || byte == '\r' ||
                (byte < 0x20 && !(multiLine && (c == '\n' || c == '\t'))))
                std::abort();
        }
    }
    std::string repaired = withValidUtf8(text);
    if (!isValidUtf8(repaired))
        std::abort();
    return 0;
}
