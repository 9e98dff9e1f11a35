#pragma once
// Training allocates and frees the same large activation and gradient buffers at every step.
// With glibc's defaults every buffer above the mmap threshold is a fresh mapping that the
// kernel zero-fills page by page on first touch and unmaps on free: profiling bench-mmoe
// showed half of a step in page faults. keepFreedMemoryForReuse() raises the mmap threshold to
// its maximum (32 MiB), stops trimming the heap and keeps every thread on the main heap, so
// freed buffers are reused.
// Call it once at the start of main(), before any threads start.
namespace mtlx {

void keepFreedMemoryForReuse();

} // namespace mtlx
