// The pack loader (`limber catalog check`, a clinic's packs at start-up, its own exercises):
// never crashes; every problem it reports names the file; what it accepts holds only text
// that passes the text rule.
#include "catalog/Catalog.h"
#include "catalog/PackLoader.h"
#include "domain/TextRule.h"

#include <cstdint>
#include <cstdlib>

using namespace Limber;

// The input's length chooses the context (odd: checked against the built-in catalog, even: a
// pack alone), so each input is parsed once, seeds stay valid documents, and mutations reach
// both contexts.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Catalog builtIn = loadBuiltInCatalog();
    const Catalog* context = size % 2 == 1 ? &builtIn : nullptr;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        PackLoadResult result = loadPack(text, "fuzz.json", PackRules{false, context});
        if (!result.pack)
            return 0;
        for (const auto& exercise : result.pack->exercises)
            for (const auto& [language, words] : exercise.text)
                if (checkText(words.name, TextKind::Name, 1000).text != words.name)
                    std::abort();
    } catch (const Poco::Exception&) {
    }
    return 0;
}
