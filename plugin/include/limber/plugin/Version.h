#pragma once

/// The version of the plugin API these headers describe.
///
/// Limber loads a plugin only when the plugin was built against the same API version: the
/// loader reads limber_plugin_api_version() before it runs any other code of the library, and
/// then asks Poco's ClassLoader for the manifest named after that version. Any change to a class
/// in limber/plugin/ that changes its layout or its virtual functions raises the version and the
/// manifest name together, so that a plugin built for another version is refused with a clear
/// reason instead of crashing.

namespace Limber::Sdk {

inline constexpr int API_VERSION = 1;

/// The name of the ClassLoader manifest a plugin of this API version exports.
inline constexpr const char* MANIFEST_NAME = "LimberPluginV1";

} // namespace Limber::Sdk

/// The manifest name as a bare token, for POCO_BEGIN_NAMED_MANIFEST (see Export.h).
#define LIMBER_PLUGIN_MANIFEST_TOKEN LimberPluginV1
