#include "app/Commands.h"

#include <malloc.h>

int main(int argc, char** argv) {
    // Keep freed memory for reuse instead of returning it to the system at once: every PDF
    // stream allocates and frees zlib's buffers (about 300 KB), and mapping and unmapping them
    // costs a batch of handouts about 15% of its time. The heap keeps at most 64 MB spare.
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    return Limber::runCommandLine(argc, argv);
}
