# CPack: `cpack --config build/release/CPackConfig.cmake` or `cmake --build --preset release
# --target package` makes a .deb and a .tar.gz of the app.
set(CPACK_PACKAGE_NAME "framescope")
set(CPACK_PACKAGE_VENDOR "Framescope")
set(CPACK_PACKAGE_CONTACT "Framescope developers <dev@framescope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WebSocket test server and frame inspector")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt loads its platform plugins at run time: shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
include(CPack)
