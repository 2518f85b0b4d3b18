import Foundation
import SpikeDownload
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import ZIPFoundation

/// Small archives in each dataset's official layout, made from files our own writers produce; zips by
/// ZIPFoundation, .tar.gz by the system's `tar`, checksums by the system's `md5sum` / `sha256sum`.
enum OfficialLayoutArchives {
    /// A few events on an N-MNIST / DVS128 sensor, different per `seed`.
    static func events(_ count: Int, seed: Int, width: Int = 34) -> EventChunk {
        EventChunk(t: (0..<count).map { Int64($0 * 1000 + seed) }, x: (0..<count).map { UInt16(($0 + seed) % width) },
                   y: (0..<count).map { UInt16(($0 * 7 + seed) % width) }, p: (0..<count).map { UInt8(($0 + seed) % 2) })
    }

    /// N-MNIST: Train.zip (Train/0/1.bin, Train/0/2.bin, Train/1/1.bin) and Test.zip (Test/0/1.bin, Test/1/1.bin):
    /// 5 samples, 3 train + 2 test, labels 0 0 1 | 0 1.
    static func nmnist(in folder: String) throws -> [String] {
        let files = [("Train", 0, 1), ("Train", 0, 2), ("Train", 1, 1), ("Test", 0, 1), ("Test", 1, 1)]
        for (i, (split, digit, n)) in files.enumerated() {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(split)/\(digit)", withIntermediateDirectories: true)
            let writer = try NMNISTWriter(path: "\(folder)/\(split)/\(digit)/\(n).bin")
            try writer.write(events(50 + 10 * i, seed: i))
            try writer.close()
        }
        return try ["Train", "Test"].map { try zip(folder + "/" + $0, to: "\(folder)/\($0).zip") }
    }

    /// DVS128-Gesture: DvsGesture.tar.gz holding DvsGesture/ with two trials of two label rows each: 4 samples.
    static func dvsgesture(in folder: String) throws -> [String] {
        let root = folder + "/DvsGesture"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (trial, split) in [("user01_natural", "train"), ("user24_led", "test")] {
            let writer = try AEDAT31Writer(path: "\(root)/\(trial).aedat")
            try writer.writePolarity(events(2000, seed: 3, width: 128))
            try writer.close()
            try "class,startTime_usec,endTime_usec\n1,0,1000000\n2,1000000,2000000\n"
                .write(toFile: "\(root)/\(trial)_labels.csv", atomically: true, encoding: .utf8)
            try "\(trial).aedat\n".write(toFile: "\(root)/trials_to_\(split).txt", atomically: true, encoding: .utf8)
        }
        return [try tarGz(folder, entries: ["DvsGesture"], to: folder + "/DvsGesture.tar.gz")]
    }

    /// CIFAR10-DVS: one zip per class, <class>.zip holding <class>/cifar10_<class>_<n>.aedat, n = 0, 1: 20 samples.
    static func cifar10dvs(in folder: String) throws -> [String] {
        try DatasetSource.cifar10dvs.layoutMarkers.enumerated().map { label, name in
            try FileManager.default.createDirectory(atPath: "\(folder)/\(name)", withIntermediateDirectories: true)
            for n in 0..<2 {
                let writer = try AEDAT2Writer(path: "\(folder)/\(name)/cifar10_\(name)_\(n).aedat")
                try writer.write(events(100, seed: label * 2 + n, width: 128))
                try writer.close()
            }
            return try zip(folder + "/" + name, to: "\(folder)/\(name).zip")
        }
    }

    /// Speech Commands: `./yes/…wav`, `./no/…wav`, the two lists and `_background_noise_/`, tarred from inside the
    /// folder as the official archive is (entries start with `./`): 4 word clips, 1 of them in each list.
    static func speechcommands(in folder: String) throws -> [String] {
        let root = folder + "/speech"
        let format = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
        let writer = WAVWriter(format: format)
        let clips = ["yes/aaaa0001_nohash_0.wav", "yes/bbbb0002_nohash_0.wav", "no/aaaa0001_nohash_0.wav",
                     "no/cccc0003_nohash_1.wav"]
        for (i, clip) in clips.enumerated() {
            try FileManager.default.createDirectory(atPath: root + "/" + (clip as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let tone = (0..<16000).map { Int32(8000 * sin(Double($0) * Double(i + 1) * 0.05)) }
            try WAVWriter.write(writer.bytes(integers: tone), to: root + "/" + clip)
        }
        try FileManager.default.createDirectory(atPath: root + "/_background_noise_", withIntermediateDirectories: true)
        let noise = (0..<32000).map { Int32(($0 * 7919) % 2001) - 1000 }
        try WAVWriter.write(writer.bytes(integers: noise), to: root + "/_background_noise_/white_noise.wav")
        try "yes/bbbb0002_nohash_0.wav\n".write(toFile: root + "/validation_list.txt", atomically: true, encoding: .utf8)
        try "no/cccc0003_nohash_1.wav\n".write(toFile: root + "/testing_list.txt", atomically: true, encoding: .utf8)
        return [try tarGz(root, entries: ["."], to: folder + "/speech_commands_v0.02.tar.gz")]
    }

    /// N-CARS: Prophesee_Dataset_n_cars.zip holding n-cars_train.zip (train/{background,cars}/*.dat) and
    /// n-cars_test.zip (test/…), as the bundle tonic pins is made; DAT files by our Prophesee writer. Returns the
    /// bundle and the two inner zips.
    static func ncars(in folder: String) throws -> (bundle: String, inner: [String]) {
        for split in ["train", "test"] {
            for (k, label) in ["background", "cars"].enumerated() {
                try FileManager.default.createDirectory(atPath: "\(folder)/\(split)/\(label)", withIntermediateDirectories: true)
                let writer = try PropheseeWriter(path: "\(folder)/\(split)/\(label)/obj_00\(k)_td.dat", encoding: .dat,
                                                 sensorSize: SensorSize(width: 120, height: 100))
                try writer.write(events(40, seed: k, width: 100))
                try writer.close()
            }
        }
        let bundleFolder = folder + "/Prophesee_Dataset_n_cars"
        try FileManager.default.createDirectory(atPath: bundleFolder, withIntermediateDirectories: true)
        let inner = try ["train", "test"].map { try zip(folder + "/" + $0, to: "\(bundleFolder)/n-cars_\($0).zip") }
        return (try zip(bundleFolder, to: folder + "/Prophesee_Dataset_n_cars.zip"), inner)
    }

    /// SHD / SSC: <prefix>_<split>.h5.zip per split, each holding one file in the Heidelberg layout written by our
    /// writer: digits of 20 spikes with `labels[split]`, class names ["zero", "one"] in `extra/keys`.
    static func heidelberg(_ prefix: String, labels: [(split: String, labels: [Int])], in folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try labels.map { split, labels in
            let path = "\(folder)/\(prefix)_\(split).h5"
            try HeidelbergSpikesFile.write(path: path, samples: labels.enumerated().map { i, label in
                ((0..<20).map { Float($0) * 0.01 + Float(i) * 0.001 }, (0..<20).map { UInt16(($0 * 37 + i) % 700) }, label)
            }, classNames: ["zero", "one"])
            return try zip(path, to: path + ".zip")
        }
    }

    /// N-Caltech101: Caltech101.zip holding Caltech101/<class>/image_000<n>.bin for BACKGROUND_Google and the three
    /// classes the layout check looks for, 2 recordings each: 8 samples.
    static func ncaltech101(in folder: String) throws -> [String] {
        let root = folder + "/Caltech101"
        for (k, name) in ["BACKGROUND_Google", "Faces_easy", "airplanes", "yin_yang"].enumerated() {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
            for n in 1...2 {
                let writer = try NMNISTWriter(path: "\(root)/\(name)/image_000\(n).bin")
                try writer.write(events(60, seed: k * 2 + n, width: 180))
                try writer.close()
            }
        }
        return [try zip(root, to: folder + "/Caltech101.zip")]
    }

    static func zip(_ item: String, to archive: String) throws -> String {
        try FileManager.default.zipItem(at: URL(fileURLWithPath: item), to: URL(fileURLWithPath: archive))
        return archive
    }

    static func tarGz(_ folder: String, entries: [String], to archive: String) throws -> String {
        let (status, output) = try Subprocess.run("/usr/bin/env", ["tar", "-czf", archive, "-C", folder] + entries)
        guard status == 0 else { throw FixtureError(message: "tar failed: \(output)") }
        return archive
    }

    /// The file's digest by coreutils (`md5sum` / `sha256sum`), an implementation independent of ours.
    static func checksum(_ path: String, _ algorithm: Checksum.Algorithm) throws -> Checksum {
        let tool = algorithm == .md5 ? "md5sum" : "sha256sum"
        let (status, output) = try Subprocess.run("/usr/bin/env", [tool, path])
        guard status == 0, let hex = output.split(separator: " ").first else {
            throw FixtureError(message: "\(tool) failed: \(output)")
        }
        return Checksum(algorithm: algorithm, hex: String(hex))
    }

    /// `source` with its files served by `server` under /<dataset>/<name>, each with the checksum of the local
    /// archive of that name (the pinned algorithm kept).
    static func served(_ source: DatasetSource, archives: [String], by server: ArchiveServer) throws -> DatasetSource {
        var copy = source.mirrored(at: server.baseURL)
        copy.files = try copy.files.map { file in
            guard let archive = archives.first(where: { ($0 as NSString).lastPathComponent == file.name }) else {
                throw FixtureError(message: "no test archive named \(file.name)")
            }
            server.serve("/\(source.name)/\(file.name)", Array(try Data(contentsOf: URL(fileURLWithPath: archive))))
            var served = file
            served.checksum = try checksum(archive, file.checksum?.algorithm ?? .md5)
            return served
        }
        copy.innerArchives = []
        copy.manualSteps = nil
        return copy
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
