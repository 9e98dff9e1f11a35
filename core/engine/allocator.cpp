#include "core/engine/allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mtlx {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    // 32 MiB is glibc's largest mmap threshold on 64-bit (HEAP_MAX_SIZE / 2); larger requests
    // (rare: whole data splits) are still mapped and unmapped.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    // Threads other than main get arenas of at most 64 MiB heaps, which glibc unmaps as soon as
    // they empty: a step's buffers on the desktop program's training thread were faulted in
    // afresh every step (the window trained at 68 % of mtlx-cli's speed). One arena for all
    // threads keeps them in the main heap.
    mallopt(M_ARENA_MAX, 1);
#endif
}

} // namespace mtlx
