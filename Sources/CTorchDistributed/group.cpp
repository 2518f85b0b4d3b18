// Joining and leaving: the TCPStore rendezvous, ProcessGroupGloo, the heartbeat, and naming a lost rank.
#define USE_C10D_GLOO 1
#include "group.hpp"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <stdexcept>
#include <vector>

namespace {

constexpr std::chrono::milliseconds kBeat{250};

thread_local std::string last_error;

std::string beat_key(int rank) { return "spk/beat/" + std::to_string(rank); }

void beat(spk_dist_group *group) {
    std::unique_lock<std::mutex> lock(group->mutex);
    while (!group->stopping) {
        lock.unlock();
        try {
            group->store->add(beat_key(group->rank), 1);
        } catch (...) {
            return;  // the store is gone: the next collective reports it
        }
        lock.lock();
        group->wake.wait_for(lock, kBeat, [group] { return group->stopping; });
    }
}

}  // namespace

namespace spk::dist {

int fail(int code, const std::string &message) {
    last_error = message;
    return code;
}

void clear_error() { last_error.clear(); }

int find_lost_rank(spk_dist_group &group) {
    auto counts = [&group] {
        std::vector<int64_t> values(group.world_size, 0);
        for (int r = 0; r < group.world_size; r++) values[r] = group.store->add(beat_key(r), 0);
        return values;
    };
    try {
        auto before = counts();
        std::this_thread::sleep_for(kBeat * 4);
        auto after = counts();
        for (int r = 0; r < group.world_size; r++) {
            if (r != group.rank && after[r] == before[r]) return r;
        }
        return -1;
    } catch (...) {
        return 0;  // the store lives in rank 0's process
    }
}

}  // namespace spk::dist

extern "C" const char *spk_dist_last_error(void) { return last_error.c_str(); }

extern "C" int spk_dist_join(const char *address, int port, int rank, int world_size, int64_t timeout_ms,
                             spk_dist_group **out) {
    return spk::dist::guarded(SPK_DIST_RENDEZVOUS, nullptr, [&] {
        if (world_size < 1 || rank < 0 || rank >= world_size) {
            throw std::invalid_argument("rank " + std::to_string(rank) + " is not in a group of " +
                                        std::to_string(world_size));
        }
        if (port < 1 || port > 65535) throw std::invalid_argument("port " + std::to_string(port) + " is not a TCP port");
        if (timeout_ms < 1) throw std::invalid_argument("the timeout must be positive");
        auto timeout = std::chrono::milliseconds(timeout_ms);
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(port);
        options.isServer = rank == 0;
        options.numWorkers = static_cast<std::size_t>(world_size);
        options.waitWorkers = true;
        options.timeout = timeout;
        auto group = std::make_unique<spk_dist_group>();
        group->rank = rank;
        group->world_size = world_size;
        group->store = c10::make_intrusive<c10d::TCPStore>(address, options);
        // GLOO_SOCKET_IFNAME picks the interfaces, as in PyTorch; else the host name's address (or loopback).
        group->backend = c10::make_intrusive<c10d::ProcessGroupGloo>(
            c10::make_intrusive<c10d::PrefixStore>("spk/gloo", group->store), rank, world_size,
            c10d::ProcessGroupGloo::Options::create_default(timeout));
        group->heartbeat = std::thread(beat, group.get());
        *out = group.release();
        return SPK_DIST_OK;
    });
}

extern "C" void spk_dist_leave(spk_dist_group *group) {
    if (group == nullptr) return;
    {
        std::lock_guard<std::mutex> lock(group->mutex);
        group->stopping = true;
    }
    group->wake.notify_all();
    if (group->heartbeat.joinable()) group->heartbeat.join();
    try {
        delete group;
    } catch (...) {
        // A destructor of c10d that throws while its peers are gone: nothing is left to release.
    }
}

extern "C" int spk_dist_lost_rank(const spk_dist_group *group) { return group == nullptr ? -1 : group->lost_rank.load(); }
