# Sourced by the build scripts: when ccache is installed, sets cache_flags to the CMake options
# that compile through it, so that runs again on one machine (a clean clone each time among
# them) compile only what changed; otherwise cache_flags is empty.
cache_flags=()
if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
    cache_flags=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
