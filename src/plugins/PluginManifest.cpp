#include "PluginManifest.h"

#include "json/JsonReader.h"

#include <Poco/NumberParser.h>

#include <algorithm>
#include <regex>
#include <set>

namespace Limber {

namespace {

const std::set<std::string> CAPABILITIES = {"notifier", "exporter", "catalog-pack",
                                            "report-section"};
const std::set<std::string> SETTING_TYPES = {"string", "integer", "boolean"};

/// Why value is not of type, or empty when it is.
std::string typeProblem(const std::string& type, const std::string& value) {
    if (type == "integer") {
        Poco::Int64 number = 0;
        if (!Poco::NumberParser::tryParse64(value, number))
            return "must be a whole number (got \"" + value + "\")";
    } else if (type == "boolean") {
        if (value != "true" && value != "false")
            return "must be true or false (got \"" + value + "\")";
    }
    return {};
}

} // namespace

bool PluginManifest::has(const std::string& capability) const {
    return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

const PluginSettingSpec* PluginManifest::setting(const std::string& key) const {
    for (const auto& spec : settings)
        if (spec.key == key)
            return &spec;
    return nullptr;
}

bool isPluginId(const std::string& text) {
    static const std::regex ID("[a-z][a-z0-9-]{1,39}");
    return std::regex_match(text, ID);
}

PluginManifest parsePluginManifest(const std::string& text) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(text, "plugin.json"), "", errors);
    PluginManifest manifest;
    manifest.id = reader.string("id", true, 40).value_or("");
    if (!manifest.id.empty() && !isPluginId(manifest.id))
        reader.fail("id", "must be 2 to 40 lowercase letters, digits and '-', starting with a "
                          "letter");
    manifest.name = reader.string("name", true, 80).value_or("");
    manifest.version = reader.string("version", true, 40).value_or("");
    static const std::regex SEMVER("[0-9]+\\.[0-9]+\\.[0-9]+");
    if (!manifest.version.empty() && !std::regex_match(manifest.version, SEMVER))
        reader.fail("version", "must be MAJOR.MINOR.PATCH, e.g. 1.0.0");
    manifest.apiVersion = reader.integer("apiVersion", true, 1, 1000).value_or(0);
    manifest.library = reader.string("library", true, 200).value_or("");
    if (manifest.library.find('/') != std::string::npos || manifest.library == ".." ||
        manifest.library == ".")
        reader.fail("library", "must be a file name in the plugin's folder, without '/'");
    manifest.capabilities =
        reader.stringList("capabilities", true, 4, 40).value_or(std::vector<std::string>{});
    for (const auto& capability : manifest.capabilities)
        if (!CAPABILITIES.count(capability))
            reader.fail("capabilities", "\"" + capability +
                                            "\" is not one of notifier, exporter, catalog-pack, "
                                            "report-section");
    manifest.threadSafe = reader.boolean("threadSafe", false).value_or(false);
    if (auto list = reader.objectList("settings", false, 100)) {
        for (auto& item : *list) {
            PluginSettingSpec spec;
            spec.key = item.string("key", true, 60).value_or("");
            static const std::regex KEY("[A-Za-z][A-Za-z0-9]*");
            if (!spec.key.empty() && !std::regex_match(spec.key, KEY))
                item.fail("key", "must be letters and digits, starting with a letter");
            spec.type = item.enumeration("type", false).value_or("string");
            if (!SETTING_TYPES.count(spec.type))
                item.fail("type", "must be string, integer or boolean");
            spec.defaultValue = item.string("default", false, 2000, TextKind::Secret).value_or("");
            spec.description = item.string("description", false, 500).value_or("");
            spec.secret = item.boolean("secret", false).value_or(false);
            if (!spec.defaultValue.empty())
                if (std::string problem = typeProblem(spec.type, spec.defaultValue);
                    !problem.empty())
                    item.fail("default", problem);
            if (!spec.key.empty() && manifest.setting(spec.key))
                item.fail("key", "\"" + spec.key + "\" is declared twice");
            item.rejectUnknown({"key", "type", "default", "description", "secret"});
            manifest.settings.push_back(spec);
        }
    }
    reader.rejectUnknown({"id", "name", "version", "apiVersion", "library", "capabilities",
                          "threadSafe", "settings"});
    errors.throwIfAny();
    return manifest;
}

std::map<std::string, std::string>
resolvePluginSettings(const PluginManifest& manifest,
                      const std::map<std::string, std::string>& configured) {
    FieldErrors errors;
    std::map<std::string, std::string> values;
    for (const auto& spec : manifest.settings)
        values[spec.key] = spec.defaultValue;
    for (const auto& [key, value] : configured) {
        std::string name = "plugin." + manifest.id + "." + key;
        const PluginSettingSpec* spec = manifest.setting(key);
        if (!spec) {
            errors.add(name, "is not a setting plugin.json declares");
            continue;
        }
        if (std::string problem = typeProblem(spec->type, value); !problem.empty()) {
            errors.add(name, problem);
            continue;
        }
        values[key] = value;
    }
    errors.throwIfAny();
    return values;
}

} // namespace Limber
