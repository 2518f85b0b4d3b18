/// What a launcher (torchrun, or the Slurm and Kubernetes recipes of docs/DISTRIBUTED.md) tells each process of a
/// data-parallel run, through the environment variables PyTorch uses: `RANK`, `WORLD_SIZE`, `LOCAL_RANK`,
/// `MASTER_ADDR`, `MASTER_PORT`.
public struct LaunchEnvironment: Sendable, Equatable {
    public var rank: Int
    public var worldSize: Int
    /// The process's index on its machine (which GPU it would take); not used by the CPU engine.
    public var localRank: Int
    public var masterAddress: String
    public var masterPort: Int

    public init(rank: Int, worldSize: Int, localRank: Int = 0, masterAddress: String, masterPort: Int) {
        self.rank = rank
        self.worldSize = worldSize
        self.localRank = localRank
        self.masterAddress = masterAddress
        self.masterPort = masterPort
    }

    /// The launch `environment` describes; nil when WORLD_SIZE is unset or 1 (one process, no group).
    public init?(_ environment: [String: String]) throws(TrainingError) {
        func number(_ name: String, default value: Int? = nil, in range: ClosedRange<Int>) throws(TrainingError) -> Int {
            guard let text = environment[name] else {
                if let value { return value }
                throw .launchEnvironment("\(name) is not set (a launcher sets RANK, WORLD_SIZE, MASTER_ADDR and "
                                         + "MASTER_PORT for every process)")
            }
            guard let n = Int(text), range.contains(n) else {
                throw .launchEnvironment("\(name)=\(text) is not a number in \(range.lowerBound)…\(range.upperBound)")
            }
            return n
        }
        let worldSize = try number("WORLD_SIZE", default: 1, in: 1...65536)
        guard worldSize > 1 else { return nil }
        rank = try number("RANK", in: 0...(worldSize - 1))
        self.worldSize = worldSize
        localRank = try number("LOCAL_RANK", default: 0, in: 0...65535)
        guard let address = environment["MASTER_ADDR"], !address.isEmpty else {
            throw .launchEnvironment("MASTER_ADDR is not set (the host name or address of rank 0's machine)")
        }
        masterAddress = address
        masterPort = try number("MASTER_PORT", in: 1...65535)
    }
}
