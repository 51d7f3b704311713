#include "DoseText.h"

namespace Limber {

namespace {

struct Phrases {
    const char* hold;
    const char* breath;
    const char* breaths;
    const char* rep;
    const char* reps;
    const char* set;
    const char* sets;
    const char* eachSide;
    const char* eachSideOneFirst; ///< each side, every repetition on one side before the other
    const char* leftSide;
    const char* rightSide;
    const char* once;
    const char* twice;
    const char* timesADay; ///< after a number: "3 times a day"
    const char* everyDay;
    const char* dayAWeek;
    const char* daysAWeek;
    const char* rest;
};

constexpr Phrases ENGLISH{
    "Hold",        "breath",      "breaths",
    "rep",         "reps",        "set",
    "sets",        "each side",   "each side: all reps on one side, then switch",
    "left side",   "right side",  "once a day",
    "twice a day", "times a day", "every day",
    "day a week",  "days a week", "rest"};

constexpr Phrases SPANISH{"Mantener",
                          "respiración",
                          "respiraciones",
                          "repetición",
                          "repeticiones",
                          "serie",
                          "series",
                          "cada lado",
                          "cada lado: todas las repeticiones de un lado, luego cambie",
                          "lado izquierdo",
                          "lado derecho",
                          "una vez al día",
                          "dos veces al día",
                          "veces al día",
                          "todos los días",
                          "día a la semana",
                          "días a la semana",
                          "descanso"};

const Phrases& phrasesFor(std::string_view language) {
    return language == "es" ? SPANISH : ENGLISH;
}

std::string count(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

constexpr const char* SEPARATOR = " \u00B7 ";

} // namespace

std::string describeHold(const Dose& dose, std::string_view language) {
    const Phrases& p = phrasesFor(language);
    switch (dose.holdUnit) {
    case HoldUnit::Seconds:
        return std::string(p.hold) + " " + std::to_string(dose.hold) + " s";
    case HoldUnit::Breaths:
        return std::string(p.hold) + " " + count(dose.hold, p.breath, p.breaths);
    case HoldUnit::None:
        break;
    }
    return {};
}

std::string describeFrequency(const Dose& dose, std::string_view language) {
    const Phrases& p = phrasesFor(language);
    std::string text = dose.sessionsPerDay == 1 ? p.once
                       : dose.sessionsPerDay == 2
                           ? p.twice
                           : std::to_string(dose.sessionsPerDay) + " " + p.timesADay;
    text += ", ";
    text += dose.daysPerWeek == 7 ? std::string(p.everyDay)
                                  : count(dose.daysPerWeek, p.dayAWeek, p.daysAWeek);
    return text;
}

std::vector<std::string> describeDoseParts(const Dose& dose, std::string_view language) {
    const Phrases& p = phrasesFor(language);
    std::vector<std::string> parts;
    if (std::string hold = describeHold(dose, language); !hold.empty())
        parts.push_back(hold);
    parts.push_back(count(dose.reps, p.rep, p.reps));
    if (dose.sets > 1)
        parts.push_back(count(dose.sets, p.set, p.sets));
    switch (dose.side) {
    case Side::Each:
        parts.push_back(dose.sideOrder == SideOrder::OneSideFirst ? p.eachSideOneFirst
                                                                  : p.eachSide);
        break;
    case Side::Left:
        parts.push_back(p.leftSide);
        break;
    case Side::Right:
        parts.push_back(p.rightSide);
        break;
    case Side::Both:
        break;
    }
    if (dose.restSeconds > 0)
        parts.push_back(std::string(p.rest) + " " + std::to_string(dose.restSeconds) + " s");
    return parts;
}

std::string describeDose(const Dose& dose, std::string_view language) {
    std::string text;
    for (const std::string& part : describeDoseParts(dose, language))
        text += (text.empty() ? "" : SEPARATOR) + part;
    return text + SEPARATOR + describeFrequency(dose, language);
}

} // namespace Limber
