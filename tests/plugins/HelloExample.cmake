# Installs Limber's plugin SDK into a new prefix, builds examples/plugin-hello against it with a
# separate configure (find_package(Limber)), then runs the report-section test that loads the
# built plugin through the loader and looks for its section in the patient report (page, PDF).
# -D BUILD_DIR, SOURCE_DIR, WORK_DIR, TEST_BINARY
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${ARGN} failed (${result}):\n${out}")
    endif()
endfunction()
run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --component sdk --prefix "${WORK_DIR}/prefix")
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/plugin-hello" -B "${WORK_DIR}/build"
    -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
file(MAKE_DIRECTORY "${WORK_DIR}/plugins/hello")
file(COPY "${WORK_DIR}/build/hello.so" "${SOURCE_DIR}/examples/plugin-hello/plugin.json"
    DESTINATION "${WORK_DIR}/plugins/hello")
execute_process(COMMAND "${CMAKE_COMMAND}" -E env "LIMBER_HELLO_PLUGINS=${WORK_DIR}/plugins"
    "${TEST_BINARY}" --gtest_filter=ReportSectionTest.TheInstalledSdksHelloExample*
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0 OR NOT out MATCHES "\\[  PASSED  \\] 1 test" OR out MATCHES "SKIPPED")
    message(FATAL_ERROR "the hello example's report test did not pass:\n${out}")
endif()
