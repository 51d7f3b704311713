# limber_embed_files(TARGET <target> NAMESPACE <ns> FILES <files...>)
#
# Compiles the given files into <target> as byte arrays, so the executable runs from any
# directory. The generated header <ns>.h declares
#   std::string_view <ns>::find(std::string_view name);   // empty when absent
#   const std::vector<std::string_view>& <ns>::names();
# where a name is the file's path relative to the current source directory, or to BASE_DIR when
# given (for files the build itself generates).
function(limber_embed_files)
    cmake_parse_arguments(ARG "" "TARGET;NAMESPACE;BASE_DIR" "FILES" ${ARGN})
    if(NOT ARG_BASE_DIR)
        set(ARG_BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/embedded")
    set(header "${out_dir}/${ARG_NAMESPACE}.h")
    set(source "${out_dir}/${ARG_NAMESPACE}.cpp")
    set(inputs "")
    foreach(file IN LISTS ARG_FILES)
        list(APPEND inputs "${ARG_BASE_DIR}/${file}")
    endforeach()
    add_custom_command(
        OUTPUT "${header}" "${source}"
        COMMAND "${CMAKE_COMMAND}"
            -DNAMESPACE=${ARG_NAMESPACE}
            -DBASE_DIR=${ARG_BASE_DIR}
            "-DFILES=${ARG_FILES}"
            -DHEADER=${header} -DSOURCE=${source}
            -P "${PROJECT_SOURCE_DIR}/src/EmbedFilesScript.cmake"
        DEPENDS ${inputs} "${PROJECT_SOURCE_DIR}/src/EmbedFilesScript.cmake"
        COMMENT "Embedding ${ARG_NAMESPACE}"
        VERBATIM)
    target_sources(${ARG_TARGET} PRIVATE "${source}")
    target_include_directories(${ARG_TARGET} PUBLIC "${out_dir}")
endfunction()
