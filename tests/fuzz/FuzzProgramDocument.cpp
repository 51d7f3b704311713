// The program document (the `limber handout` input and the program API's body): never
// crashes, refuses only with ValidationException, and what it accepts can be written back
// and read again to the same document.
#include "json/ProgramJson.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>

using namespace Limber;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    DefaultDoseLookup doses = [](const std::string& id) -> std::optional<Dose> {
        if (id.empty() || id.size() > 40)
            return std::nullopt;
        return Dose{};
    };
    for (bool standalone : {true, false}) {
        try {
            ProgramDocument document = readProgramDocument(text, doses, standalone);
            std::ostringstream out;
            programDocumentToJson(document)->stringify(out);
            ProgramDocument again = readProgramDocument(out.str(), doses, standalone);
            if (again.prescription.items.size() != document.prescription.items.size() ||
                again.prescription.title != document.prescription.title)
                std::abort();
        } catch (const ValidationException&) {
        }
    }
    return 0;
}
