// The group behind the C API's opaque handle, and the one place C++ exceptions stop before it.
#pragma once

#include <spk_dist.h>

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct spk_dist_group {
    int rank = 0;
    int world_size = 1;
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::Backend> backend;
    /// The heartbeat: this rank adds 1 to "spk/beat/<rank>" in the store every kBeat until `stopping`.
    std::thread heartbeat;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    /// Set by a failed collective (spk_dist_lost_rank).
    std::atomic<int> lost_rank{-1};
};

namespace spk::dist {

int fail(int code, const std::string &message);
void clear_error();

/// Which rank stopped beating, -1 when all still beat (waits a few beats to tell); 0 when the store is gone.
int find_lost_rank(spk_dist_group &group);

/// Runs `body`; any exception becomes `code` (or BAD_ARGUMENT for std::invalid_argument) with its one-line message.
/// With `group` and SPK_DIST_PEER_LOST, the rank that stopped is looked up and named first.
template <typename Body> int guarded(int code, spk_dist_group *group, Body &&body) {
    clear_error();
    std::string message;
    try {
        return body();
    } catch (const std::invalid_argument &e) {
        return fail(SPK_DIST_BAD_ARGUMENT, e.what());
    } catch (const c10::Error &e) {
        message = e.what_without_backtrace();
    } catch (const std::exception &e) {
        message = e.what();
    } catch (...) {
        message = "unknown C++ exception";
    }
    if (group != nullptr && code == SPK_DIST_PEER_LOST) group->lost_rank = find_lost_rank(*group);
    return fail(code, message);
}

}  // namespace spk::dist
