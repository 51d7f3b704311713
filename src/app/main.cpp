#include "app/Commands.h"

#ifdef LIMBER_TCMALLOC
#include <gperftools/malloc_extension.h>
#else
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#ifdef LIMBER_TCMALLOC
    // tcmalloc keeps freed memory in per-thread caches and returns it to the system slowly,
    // which is what the page views and PDF streams (zlib's buffers, about 300 KB each) want.
    // The threads' caches together are held to 8 MiB instead of 32: the server's RSS under
    // load stays under 64 MB for the same CPU time per request.
    MallocExtension::instance()->SetNumericProperty("tcmalloc.max_total_thread_cache_bytes",
                                                    8 * 1024 * 1024);
#else
    // Keep freed memory for reuse instead of returning it to the system at once: every PDF
    // stream allocates and frees zlib's buffers (about 300 KB), and mapping and unmapping them
    // costs a batch of handouts about 15% of its time. The heap keeps at most 64 MB spare.
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
    return Limber::runCommandLine(argc, argv);
}
