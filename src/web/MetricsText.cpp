#include "MetricsText.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace Limber {

namespace {

std::string number(double value) {
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value))
        return "NaN";
    // The shortest of %.15g and %.17g that reads back as the same value (0.0025, not
    // 0.0025000000000000001).
    char text[40];
    std::snprintf(text, sizeof text, "%.15g", value);
    if (std::strtod(text, nullptr) != value)
        std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string escapedLabel(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string labelText(const MetricsText::Labels& labels) {
    if (labels.empty())
        return {};
    std::string text = "{";
    for (const auto& [name, value] : labels)
        text += (text.size() > 1 ? "," : "") + name + "=\"" + escapedLabel(value) + "\"";
    return text + "}";
}

} // namespace

void MetricsText::family(const std::string& name, const std::string& help,
                         const std::string& type) {
    if (_announced[name])
        return;
    _announced[name] = true;
    _text += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void MetricsText::sample(const std::string& name, double value, const Labels& labels) {
    _text += name + labelText(labels) + " " + number(value) + "\n";
}

void MetricsText::histogram(const std::string& name, const Histogram::Snapshot& snapshot,
                            const Labels& labels) {
    for (std::size_t i = 0; i < snapshot.upperBounds.size(); ++i) {
        Labels bucket = labels;
        bucket["le"] = number(snapshot.upperBounds[i]);
        sample(name + "_bucket", static_cast<double>(snapshot.cumulativeCounts[i]), bucket);
    }
    Labels all = labels;
    all["le"] = "+Inf";
    sample(name + "_bucket", static_cast<double>(snapshot.count), all);
    sample(name + "_sum", snapshot.sum, labels);
    sample(name + "_count", static_cast<double>(snapshot.count), labels);
}

} // namespace Limber
