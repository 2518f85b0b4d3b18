import Foundation
import SpikeEvents
import SpikeFormats

/// The samples of a Google Speech Commands root in the official layout [Warden 2018]:
/// `<word>/<speaker>_nohash_<n>.wav`, `validation_list.txt` and `testing_list.txt` (paths relative to the
/// root; training = every other clip), `_background_noise_/*.wav` (never a training clip).
///
/// Tasks: `.words35` (one class per word folder, sorted by name: 35 in v0.02) and `.twelve` (yes, no, up,
/// down, left, right, on, off, stop, go = labels 0…9, `_unknown_` = 10 for every other word, `_silence_` = 11).
/// `_silence_` samples are `.segment(path, start, end)` cuts of the background-noise files: consecutive,
/// non-overlapping `silenceMicroseconds` windows from the start of each file (sorted by name), the k-th window
/// of a file going to validation when k % 10 == 8, test when k % 10 == 9, train otherwise. Samples are ordered
/// by split (train, test, validation), label, then id; `rebalance` appends, per training class, repeats of
/// seeded-random samples of that class (ids suffixed `#rep<k>`) until every class has as many as the largest,
/// as the BPSA seed does for Speech Commands.
public struct SpeechCommandsCatalog: Sendable {
    public enum Task: String, Codable, Hashable, Sendable, CaseIterable {
        case words35 = "35"
        case twelve = "12"
    }

    public static let coreWords = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
    public static let unknownClass = "_unknown_"
    public static let silenceClass = "_silence_"
    public static let backgroundFolder = "_background_noise_"
    public static let validationList = "validation_list.txt"
    public static let testingList = "testing_list.txt"

    public struct Options: Codable, Hashable, Sendable {
        public var task: Task
        /// Repeat training samples so every class has as many as the largest (seeded).
        public var rebalance: Bool
        public var seed: UInt64
        public var silenceMicroseconds: Int64

        public init(task: Task = .twelve, rebalance: Bool = false, seed: UInt64 = 0, silenceMicroseconds: Int64 = 1_000_000) {
            self.task = task
            self.rebalance = rebalance
            self.seed = seed
            self.silenceMicroseconds = silenceMicroseconds
        }
    }

    public let root: String
    public let options: Options
    /// Class names by label.
    public let classes: [String]
    public let samples: [Sample]

    public init(root: String, options: Options = Options(), splits: Set<Split> = Set(Split.allCases))
        throws(SpeechCommandsCatalogError) {
        let fm = FileManager.default
        let absolute = root.hasPrefix("/") ? root : fm.currentDirectoryPath + "/" + root
        let root = URL(fileURLWithPath: absolute).standardizedFileURL.path
        self.root = root
        self.options = options
        guard Self.isDirectory(root) else { throw .rootNotFound(path: root) }
        let words = try Self.entries(root).filter { !$0.hasPrefix("_") && Self.isDirectory(root + "/" + $0) }
        guard !words.isEmpty else { throw .noWordFolders(root: root) }
        let validation = try Self.readList(root, Self.validationList)
        let testing = try Self.readList(root, Self.testingList)

        let classes = options.task == .words35 ? words : Self.coreWords + [Self.unknownClass, Self.silenceClass]
        let labelOf = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var samples: [Sample] = []
        for word in words {
            let label = labelOf[word] ?? labelOf[Self.unknownClass]!
            for name in try Self.entries(root + "/" + word) where name.lowercased().hasSuffix(".wav") {
                let id = word + "/" + name
                let split: Split = testing.contains(id) ? .test : (validation.contains(id) ? .validation : .train)
                guard splits.contains(split) else { continue }
                samples.append(Sample(id: id, label: label, split: split, source: .file(path: root + "/" + id)))
            }
        }
        if options.task == .twelve {
            samples += try Self.silence(root: root, label: labelOf[Self.silenceClass]!,
                                        window: options.silenceMicroseconds, splits: splits)
        }
        samples.sort { ($0.split.sortKey, $0.label, $0.id) < ($1.split.sortKey, $1.label, $1.id) }
        if options.rebalance { samples = Self.rebalanced(samples, classes: classes.count, seed: options.seed) }
        self.classes = classes
        self.samples = samples
    }

    public func samples(in split: Split) -> [Sample] { samples.filter { $0.split == split } }

    /// Reads a split list; every entry must exist under `root`.
    private static func readList(_ root: String, _ name: String) throws(SpeechCommandsCatalogError) -> Set<String> {
        let path = root + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw .missingList(path: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: readableReason(error))
        }
        var entries = Set<String>()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if entry.isEmpty { continue }
            let parts = entry.split(separator: "/")
            guard parts.count == 2, entry.lowercased().hasSuffix(".wav") else {
                throw .badListEntry(list: path, line: i + 1, entry: entry)
            }
            guard FileManager.default.fileExists(atPath: root + "/" + entry) else {
                throw .listedFileMissing(list: path, line: i + 1, entry: entry)
            }
            entries.insert(entry)
        }
        return entries
    }

    /// `_silence_` segments cut from the background-noise files (see the type's documentation).
    private static func silence(root: String, label: Int, window: Int64, splits: Set<Split>)
        throws(SpeechCommandsCatalogError) -> [Sample] {
        let folder = root + "/" + backgroundFolder
        let files = isDirectory(folder) ? try entries(folder).filter { $0.lowercased().hasSuffix(".wav") } : []
        guard !files.isEmpty else { throw .noBackgroundNoise(folder: folder) }
        var out: [Sample] = []
        for name in files {
            let path = folder + "/" + name
            let duration: Int64
            do {
                let reader = try WAVReader(path: path)
                duration = (reader.frameCount ?? 0) * 1_000_000 / Int64(reader.sampleRate)
            } catch {
                throw .unreadable(path: path, reason: readableReason(error))
            }
            var k = 0
            while Int64(k + 1) * window <= duration {
                let split: Split = k % 10 == 8 ? .validation : (k % 10 == 9 ? .test : .train)
                let (start, end) = (Int64(k) * window, Int64(k + 1) * window)
                if splits.contains(split) {
                    out.append(Sample(id: "\(backgroundFolder)/\(name)#\(start)-\(end)", label: label, split: split,
                                      source: .segment(path: path, start: start, end: end)))
                }
                k += 1
            }
        }
        return out
    }

    /// Training classes padded with seeded-random repeats up to the largest class; other splits unchanged.
    private static func rebalanced(_ samples: [Sample], classes: Int, seed: UInt64) -> [Sample] {
        var byClass = [[Sample]](repeating: [], count: classes)
        for s in samples where s.split == .train { byClass[s.label].append(s) }
        let target = byClass.map(\.count).max() ?? 0
        var out: [Sample] = []
        for (label, members) in byClass.enumerated() where !members.isEmpty {
            out += members
            var random = SeededRandom(seed: seed, stream: [UInt64(label)])
            for k in 0..<(target - members.count) {
                var repeat_ = members[random.index(members.count)]
                repeat_.id += "#rep\(k + 1)"
                out.append(repeat_)
            }
        }
        return out + samples.filter { $0.split != .train }
    }

    private static func entries(_ path: String) throws(SpeechCommandsCatalogError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw .unreadable(path: path, reason: readableReason(error))
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

private extension Split {
    /// Catalog order: train, test, validation (the cache's split codes).
    var sortKey: UInt8 { rawValue }
}
