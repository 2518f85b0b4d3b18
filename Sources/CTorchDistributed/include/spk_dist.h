// The C API of data-parallel training over PyTorch's c10d: a TCPStore rendezvous and a ProcessGroupGloo on CPU
// buffers (the caller's memory, used in place). Every function returns SPK_DIST_OK or an error code; the message of
// the last error on the calling thread is spk_dist_last_error(). No C++ exception crosses this interface.
#ifndef SPK_DIST_H
#define SPK_DIST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SPK_DIST_OK = 0,
    /// A rank, size, count or address the group does not accept.
    SPK_DIST_BAD_ARGUMENT = 1,
    /// Joining failed: the store at MASTER_ADDR:MASTER_PORT was not reached, or not every rank came, in time.
    SPK_DIST_RENDEZVOUS = 2,
    /// A collective failed: a peer closed its connection or did not answer within the timeout
    /// (spk_dist_lost_rank names it where it can be told).
    SPK_DIST_PEER_LOST = 3,
    /// Anything else c10d raised.
    SPK_DIST_FAILED = 4,
};

typedef struct spk_dist_group spk_dist_group;
typedef struct spk_dist_work spk_dist_work;

/// The message of the last error on this thread ("" when none); valid until the next call on this thread.
const char *spk_dist_last_error(void);

/// Joins the group: rank 0 hosts the TCPStore on `port`, every rank connects to `address`:`port`, then Gloo's full
/// mesh is made. `timeout_ms` bounds the rendezvous and every later collective. A heartbeat thread counts this
/// rank's liveness in the store so that a failed collective can name the rank that stopped.
int spk_dist_join(const char *address, int port, int rank, int world_size, int64_t timeout_ms,
                  spk_dist_group **out);
/// Leaves the group (stops the heartbeat, closes the connections). NULL is ignored.
void spk_dist_leave(spk_dist_group *group);

/// Starts summing `count` floats in place across the group (divided by the world size when it ends if `average`);
/// the memory must stay valid until spk_dist_wait returns. Reductions run in the order they were started.
int spk_dist_allreduce_start(spk_dist_group *group, float *data, int64_t count, int average, spk_dist_work **out);
/// Waits for a started reduction and frees `work` (also when it failed).
int spk_dist_wait(spk_dist_group *group, spk_dist_work *work);
/// Sums (`average`: averages) `count` tensors in place across the group on their own device, without a copy
/// through host memory: `tensors` are `at::Tensor *` of the same libtorch (a torch backend network's gradients, from
/// spk_torch_gradients), flattened into buckets of about `bucket_bytes`, all buckets in flight at once. CPU tensors
/// only, through Gloo (CUDA tensors through NCCL are not built yet: refused). Every rank passes tensors of the same
/// sizes in the same order.
int spk_dist_allreduce_tensors(spk_dist_group *group, void *const *tensors, int count, int average,
                               int64_t bucket_bytes);
/// Sums `count` doubles in place across the group (statistics: losses, counts).
int spk_dist_allreduce_sum_f64(spk_dist_group *group, double *data, int64_t count);
/// Copies rank `root`'s `count` floats to every rank.
int spk_dist_broadcast_f32(spk_dist_group *group, float *data, int64_t count, int root);
/// Gathers every rank's `count` values: `out` holds world_size × count, rank r's at r × count.
int spk_dist_allgather_u64(spk_dist_group *group, const uint64_t *values, int64_t count, uint64_t *out);
/// Returns when every rank has called it.
int spk_dist_barrier(spk_dist_group *group);

/// Sets `key` in the group's store (a flag other ranks wait for, e.g. "the cache is built").
int spk_dist_store_set(spk_dist_group *group, const char *key);
/// Waits until `key` is set in the store, at most `timeout_ms`.
int spk_dist_store_wait(spk_dist_group *group, const char *key, int64_t timeout_ms);

/// After SPK_DIST_PEER_LOST: the rank whose heartbeat stopped (0 when the store on rank 0 is gone), -1 when every
/// rank still beats (a slow rank rather than a dead one).
int spk_dist_lost_rank(const spk_dist_group *group);

#ifdef __cplusplus
}
#endif

#endif
