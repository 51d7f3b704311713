#pragma once

#include "limber/plugin/Plugin.h"

#include <Poco/ClassLibrary.h>

/// Exports a plugin class from a plugin library. Use it once, in one source file of the plugin,
/// at global namespace scope, with the class's fully qualified name:
///
///     LIMBER_PLUGIN(Acme::SmsPlugin)
///
/// It defines the two entry points Limber looks for: limber_plugin_api_version(), which Limber
/// reads before anything else of the library runs, and the ClassLoader manifest named after the
/// API version with the plugin class as its only entry.
#define LIMBER_PLUGIN(PluginClass)                                                                 \
    extern "C" POCO_LIBRARY_API int limber_plugin_api_version() {                                  \
        return Limber::Sdk::API_VERSION;                                                           \
    }                                                                                              \
    POCO_BEGIN_NAMED_MANIFEST(LIMBER_PLUGIN_MANIFEST_TOKEN, Limber::Sdk::Plugin)                   \
    POCO_EXPORT_CLASS(PluginClass)                                                                 \
    POCO_END_MANIFEST

/// The name of the API version symbol, for hosts and tools.
#define LIMBER_PLUGIN_API_VERSION_SYMBOL "limber_plugin_api_version"
