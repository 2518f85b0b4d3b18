import ArgumentParser
import SpikeNet

/// `--threads N`: how many cores the SNN engine uses (default: all this process may run on).
struct EngineThreadsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads of the SNN engine (default: every core this process may run on).",
                               valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// Puts the choice into force for the engine.
    func apply() { EngineThreads.set(threads) }
}
