#include "SideChoice.h"

#include <algorithm>

namespace Limber {

namespace {

constexpr std::string_view EACH_ONE_SIDE_FIRST = "each-one-side-first";

} // namespace

const std::vector<std::pair<std::string, std::string>>& sideChoices() {
    static const std::vector<std::pair<std::string, std::string>> choices{
        {"both", "both sides together"},
        {"each", "each side"},
        {std::string(EACH_ONE_SIDE_FIRST), "each side, all reps on one side first"},
        {"left", "left only"},
        {"right", "right only"}};
    return choices;
}

std::string sideChoiceOf(const Dose& dose) {
    if (dose.side == Side::Each && dose.sideOrder == SideOrder::OneSideFirst)
        return std::string(EACH_ONE_SIDE_FIRST);
    return std::string(toString(dose.side));
}

std::string sideChoiceLabel(const Dose& dose) {
    std::string value = sideChoiceOf(dose);
    const auto& choices = sideChoices();
    auto found = std::find_if(choices.begin(), choices.end(),
                              [&](const auto& choice) { return choice.first == value; });
    return found == choices.end() ? value : found->second;
}

bool applySideChoice(std::string_view value, Dose& dose) {
    if (value == EACH_ONE_SIDE_FIRST) {
        dose.side = Side::Each;
        dose.sideOrder = SideOrder::OneSideFirst;
        return true;
    }
    auto side = sideFromString(value);
    if (!side)
        return false;
    dose.side = *side;
    dose.sideOrder = SideOrder::Alternate;
    return true;
}

} // namespace Limber
