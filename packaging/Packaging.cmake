# The Debian package (cmake --build ... --target package): the limber binary, the bundled
# plugins and the plugin SDK's headers, the systemd unit, the configuration as a conffile,
# logrotate, the man page and the maintainer scripts
# (packaging/debian). Installed paths follow Debian's layout whatever CMAKE_INSTALL_PREFIX is.
set(LIMBER_PACKAGING "${CMAKE_CURRENT_LIST_DIR}/debian")

install(TARGETS limber RUNTIME DESTINATION bin)
install(FILES "${LIMBER_PACKAGING}/limber.service" DESTINATION /lib/systemd/system)
# 0644 here; postinst makes it root:limber 0640 (it may hold the PostgreSQL password).
install(FILES "${LIMBER_PACKAGING}/limber.properties" DESTINATION /etc/limber)
install(FILES "${LIMBER_PACKAGING}/limber.logrotate" DESTINATION /etc/logrotate.d RENAME limber)
install(FILES "${CMAKE_BINARY_DIR}/limber.1.gz" DESTINATION share/man/man1)
install(FILES README.md examples/limber.properties "${LIMBER_PACKAGING}/copyright"
        "${CMAKE_BINARY_DIR}/changelog.gz" DESTINATION share/doc/limber)
install(FILES examples/programs/runner-back-care.json DESTINATION share/doc/limber/examples)
# The bundled plugins, each in its folder with its plugin.json (plugins.dir =
# /usr/lib/limber/plugins in the packaged configuration), and the plugin SDK's headers with
# the guide to writing a plugin.
install(TARGETS limber_plugin_webhook LIBRARY DESTINATION lib/limber/plugins/webhook)
install(FILES plugin/webhook/plugin.json DESTINATION lib/limber/plugins/webhook)
install(TARGETS limber_plugin_csv_export LIBRARY DESTINATION lib/limber/plugins/csv-export)
install(FILES plugin/csv-export/plugin.json DESTINATION lib/limber/plugins/csv-export)
install(DIRECTORY plugin/include/limber DESTINATION include COMPONENT sdk)
install(FILES plugin/README.md DESTINATION share/doc/limber RENAME plugins.md COMPONENT sdk)
# find_package(Limber) for a clinic's own plugins: LimberConfig.cmake, its version file and the
# exported target Limber::PluginSdk. Only the component "sdk" installs into any prefix
# (cmake --install <build> --component sdk --prefix <dir>); the rest follows Debian's layout.
include(CMakePackageConfigHelpers)
set(LIMBER_PLUGIN_API_VERSION 1)
install(TARGETS limber_plugin_sdk EXPORT LimberTargets COMPONENT sdk)
install(EXPORT LimberTargets NAMESPACE Limber:: DESTINATION lib/cmake/Limber COMPONENT sdk)
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/cmake/LimberConfig.cmake.in"
    "${CMAKE_BINARY_DIR}/LimberConfig.cmake" INSTALL_DESTINATION lib/cmake/Limber)
write_basic_package_version_file("${CMAKE_BINARY_DIR}/LimberConfigVersion.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES "${CMAKE_BINARY_DIR}/LimberConfig.cmake" "${CMAKE_BINARY_DIR}/LimberConfigVersion.cmake"
    DESTINATION lib/cmake/Limber COMPONENT sdk)

add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/limber.1.gz"
    COMMAND gzip -9n -c "${LIMBER_PACKAGING}/limber.1" > "${CMAKE_BINARY_DIR}/limber.1.gz"
    DEPENDS "${LIMBER_PACKAGING}/limber.1")
add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/changelog.gz"
    COMMAND gzip -9n -c "${LIMBER_PACKAGING}/changelog" > "${CMAKE_BINARY_DIR}/changelog.gz"
    DEPENDS "${LIMBER_PACKAGING}/changelog")
add_custom_target(limber_package_docs ALL
    DEPENDS "${CMAKE_BINARY_DIR}/limber.1.gz" "${CMAKE_BINARY_DIR}/changelog.gz")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_NAME limber)
set(CPACK_PACKAGE_VENDOR "Limber")
set(CPACK_PACKAGE_CONTACT "Limber maintainers <limber@limber.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "home back-care programs for physical-therapy clinics")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Therapists build patients' home exercise programs from a stretch catalog,\nprint handouts with a check-in link, and review adherence and pain; patients\nlog their sessions from the link. A web portal, a JSON API and a command line.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core, tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "logrotate")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${LIMBER_PACKAGING}/conffiles;${LIMBER_PACKAGING}/postinst;${LIMBER_PACKAGING}/prerm;${LIMBER_PACKAGING}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
