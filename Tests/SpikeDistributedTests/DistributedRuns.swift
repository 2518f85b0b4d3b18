import Foundation
import SpikeModel
import SpikeNet
import SpikeTestSupport
import SpikeTraining
import Testing

/// The distributed tests' processes: a smaller synthetic pipeline, `spikestream train` as one rank of a group on
/// 127.0.0.1, and the comparisons of their checkpoints.
extension DistributedTrainingTests {
    /// pipelines/synthetic-stbp.yaml, smaller: its digits and cache in `folder` (`perClass` training digits a class).
    static func pipeline(batch: Int, spec: String = "2312-400-10", epochs: Int = 2, sgd: Bool = false, perClass: Int = 16,
                         cosine: Bool = false) throws -> String {
        var text = try String(contentsOfFile: RepoPaths.root + "/pipelines/synthetic-stbp.yaml", encoding: .utf8)
        for (old, new) in [("root: data/synthetic-nmnist", "root: \(folder)/digits"),
                           ("train_per_class: 100", "train_per_class: \(perClass)"),
                           ("test_per_class: 20", "test_per_class: 4"), ("batch_size: 32", "batch_size: \(batch)"),
                           ("epochs: 5", "epochs: \(epochs)"), ("spec: 2312-400-10", "spec: \(spec)"),
                           ("kind: adam\n  lr: 0.001", sgd ? "kind: sgd\n  lr: 0.1\n  momentum: 0.9" : "kind: adam\n  lr: 0.001"),
                           ("schedule:\n  kind: constant", cosine ? "schedule:\n  kind: cosine\n  min_lr: 0.0001" : "schedule:\n  kind: constant")] {
            precondition(text.contains(old), "synthetic-stbp.yaml no longer has '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        // The digits (and so the cache) differ with `perClass`: each count has its own folder.
        if perClass != 16 { text = text.replacingOccurrences(of: "\(folder)/digits", with: "\(folder)/digits\(perClass)") }
        let path = "\(folder)/pipeline-b\(batch)-\(spec)-e\(epochs)\(sgd ? "-sgd" : "")-p\(perClass)\(cosine ? "-cos" : "").yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One `spikestream train` process, its output in a file (read when it ends).
    final class Run {
        let process = Process()
        let outputPath: String

        init(_ arguments: [String], rank: Int? = nil, worldSize: Int = 2, port: Int = 0, orderFolder: String? = nil) throws {
            outputPath = "\(DistributedTrainingTests.folder)/out-\(UUID().uuidString).txt"
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: SpikeStreamCLI.path!)
            process.arguments = ["train", "--threads", "1"] + arguments
            var environment = ProcessInfo.processInfo.environment
            for name in ["RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "SPIKESTREAM_SAMPLE_ORDER"] {
                environment[name] = nil
            }
            if let rank {
                environment.merge(["RANK": "\(rank)", "WORLD_SIZE": "\(worldSize)", "LOCAL_RANK": "\(rank)",
                                   "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)", "GLOO_SOCKET_IFNAME": "lo"]) { $1 }
            }
            if let orderFolder { environment["SPIKESTREAM_SAMPLE_ORDER"] = orderFolder }
            process.environment = environment
            let output = FileHandle(forWritingAtPath: outputPath)
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        /// Waits at most `seconds`; nil when it is still running then.
        func wait(seconds: Double) -> (status: Int32, output: String)? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning { return nil }
            return (process.terminationStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
        }

        func stop() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    /// `count` ranks of `arguments` on a fresh port; waits for all (at most `seconds`).
    static func ranks(_ arguments: [String], count: Int = 2, orderFolder: String? = nil, seconds: Double = 300) throws
        -> [(status: Int32, output: String)] {
        let port = Int.random(in: 30000..<60000)
        let runs = try (0..<count).map {
            try Run(arguments, rank: $0, worldSize: count, port: port, orderFolder: orderFolder)
        }
        defer { runs.forEach { $0.stop() } }
        return try runs.map { run in try #require(run.wait(seconds: seconds), "a rank did not finish in \(seconds) s") }
    }

    /// One process alone; expects it to succeed.
    static func alone(_ arguments: [String], orderFolder: String? = nil) throws {
        let result = try #require(try Run(arguments, orderFolder: orderFolder).wait(seconds: 300))
        #expect(result.status == 0, "\(result.output)")
    }

    static func weights(_ checkpoint: String) throws -> [Parameter] {
        try ModelCheckpoint.read(path: checkpoint).makeNetwork().parameters
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Every array of `two` within `tolerance` of its `one` counterpart's largest magnitude, by name.
    static func expectClose(_ one: [String: [Float]], _ two: [String: [Float]], tolerance: Float = 1e-5,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(one.keys.sorted() == two.keys.sorted(), sourceLocation: sourceLocation)
        for (name, a) in one {
            guard let b = two[name] else { continue }
            let largest = a.map(abs).max() ?? 0
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= tolerance * largest, "\(name): differs by \(worst), largest value \(largest)",
                    sourceLocation: sourceLocation)
        }
    }

    /// The weights of a checkpoint by name, and (`moments`) its optimizer's first moments.
    static func arrays(_ checkpoint: String, moments: Bool = false) throws -> [String: [Float]] {
        let model = try ModelCheckpoint.read(path: checkpoint)
        if moments { return model.optimizer.first }
        return Dictionary(uniqueKeysWithValues: try model.makeNetwork().parameters.map { ($0.name, $0.value) })
    }

    /// Every rank wrote the same digest of its weights and optimizer state after each epoch (`--sample-order` files).
    static func expectRanksInStep(_ folder: String, epochs: Int, ranks: Int,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        for epoch in 1...epochs {
            let digests = try (0..<ranks).map { try lines("\(folder)/state-epoch\(epoch)-rank\($0).txt") }
            #expect(digests.allSatisfy { $0 == digests[0] && $0.count == 1 }, "epoch \(epoch): \(digests)",
                    sourceLocation: sourceLocation)
        }
    }

    /// Each rank's order of each epoch is positions r, r + W, … of the single process's order of `samples`.
    static func expectOrderSplit(single: String, parts: String, ranks: Int, epochs: Int, samples: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        for epoch in 1...epochs {
            let order = try lines("\(single)/order-epoch\(epoch)-rank0.txt")
            #expect(order.count == samples, sourceLocation: sourceLocation)
            for rank in 0..<ranks {
                let part = try lines("\(parts)/order-epoch\(epoch)-rank\(rank).txt")
                #expect(part == stride(from: rank, to: order.count, by: ranks).map { order[$0] },
                        "epoch \(epoch) rank \(rank)", sourceLocation: sourceLocation)
            }
        }
    }
}
