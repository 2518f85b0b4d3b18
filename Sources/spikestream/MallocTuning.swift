import CMalloc

/// glibc's allocator returns freed blocks above 128 KiB to the kernel (mmap / trim) and faults fresh pages in
/// for the next one. Decoding many small files allocates and frees a chunk's columns and a read buffer per file,
/// so on 100 CIFAR10-DVS-sized AEDAT 2.0 files 6 000 page faults per file halved the throughput (perf: 25 % of
/// the time in the kernel's fault path). Blocks up to 32 MiB now come from the heap and up to 128 MiB of freed
/// heap is kept for reuse; larger tensors are still mapped and unmapped as before.
enum MallocTuning {
    static func apply() {
        _ = ss_mallopt_mmap_threshold(32 << 20)
        _ = ss_mallopt_trim_threshold(128 << 20)
    }
}
