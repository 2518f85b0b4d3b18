import Foundation
import SpikeTraining
#if SPIKESTREAM_DISTRIBUTED
import SpikeDistributed
#endif

/// `train` under a launcher (torchrun, srun, an indexed Job: WORLD_SIZE > 1): this process's data-parallel group,
/// over c10d, which the build has only with libtorch (scripts/install-torch before `swift build`).
enum LaunchGroup {
    /// The store flag rank 0 sets once the cache is built (the other ranks wait for it before reading it).
    static let cacheBuilt = "cache-built"
    /// How long the other ranks wait for rank 0 to build the cache.
    static let cacheWait = Duration.seconds(24 * 3600)

    /// Joins the group the environment describes; nil when WORLD_SIZE is unset or 1.
    static func join(timeout: Int) throws -> (any TrainingGroup)? {
        guard let launch = try LaunchEnvironment(ProcessInfo.processInfo.environment) else { return nil }
        #if SPIKESTREAM_DISTRIBUTED
        return try ProcessGroup(launch, timeout: .seconds(timeout))
        #else
        throw Unavailable(worldSize: launch.worldSize)
        #endif
    }

    /// WORLD_SIZE > 1 in a build without c10d.
    struct Unavailable: Error, CustomStringConvertible {
        let worldSize: Int
        var description: String {
            "WORLD_SIZE=\(worldSize) asks for data-parallel training, which this build does not have (it needs "
                + "libtorch's c10d): run scripts/install-torch, then swift build (or unset WORLD_SIZE to train alone)"
        }
    }

    /// `--device cuda` under a launcher: gradients on a GPU would need ProcessGroupNCCL, not built (docs/DISTRIBUTED.md).
    struct CPUOnly: Error, CustomStringConvertible {
        let device: String
        var description: String {
            "data-parallel training runs on the CPU only for now (cpu or torch-cpu, through Gloo): device \(device) was "
                + "asked for (--device or the pipeline's device:), and reducing gradients on a GPU needs NCCL, which "
                + "this build does not have; use torch-cpu or cpu, or train alone on \(device)"
        }
    }
}
