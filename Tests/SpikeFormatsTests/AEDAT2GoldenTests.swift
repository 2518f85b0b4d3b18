import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 2.0 reader against the MNIST-DVS goldens")
struct AEDAT2GoldenTests {
    static let samples = SharedSamples.available
        ? SharedSamples.files(in: "mnist-dvs-aedat2", extensions: ["aedat"]) : []

    @Test("there are real AEDAT 2.0 samples to test", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func samplesPresent() {
        #expect(Self.samples.count == 3)
    }

    @Test("raw orientation matches the golden's primary raw fields",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: samples)
    func rawFields(sample: String) throws {
        let reader = try AEDAT2Reader(path: SharedSamples.path(sample), orientation: .raw)
        try reader.readAll().expectMatches(SharedSamples.golden(for: sample))
        let golden = try AEDAT2Golden.load(sample)
        #expect(reader.syncEvents == golden.special_or_sync_events_bit15)
        #expect(reader.specialEvents == golden.special_events_bit31)
        #expect(reader.backwardSteps == 0)
        #expect(reader.header.lines == golden.header.header_lines)
        #expect(reader.header.dataOffset == golden.header.data_start_byte)
        #expect(reader.header.version == "2.0")
    }

    @Test("jAER and SpikingJelly orientations match their golden blocks",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: samples)
    func conventionBlocks(sample: String) throws {
        let golden = try AEDAT2Golden.load(sample)
        let path = SharedSamples.path(sample)
        try AEDAT2Reader(path: path, orientation: .jaer).readAll()
            .expectMatches(golden.other_conventions.jaer_DVS128_extractor)
        try AEDAT2Reader(path: path, orientation: .spikingjelly).readAll()
            .expectMatches(golden.other_conventions.spikingjelly_CIFAR10DVS)
    }

    /// Our convention is jAER's picture with the row counted from the top: y = 127 − jAER's y.
    @Test("the standard orientation is jAER's with the y axis pointing down",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: samples)
    func standardOrientation(sample: String) throws {
        let path = SharedSamples.path(sample)
        let standard = try AEDAT2Reader(path: path).readAll()
        let jaer = try AEDAT2Reader(path: path, orientation: .jaer).readAll()
        #expect(standard.t == jaer.t && standard.x == jaer.x && standard.p == jaer.p)
        #expect(standard.y == jaer.y.map { 127 - $0 })
    }

    @Test("first event by hand: raw (t 0, x 72, y 67, p 0) becomes (0, 55, 60, 1)",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func firstEventByHand() throws {
        let events = try AEDAT2Reader(path: SharedSamples.path("mnist-dvs-aedat2/mnist_0_scale04_0001.aedat")).readAll()
        #expect(events[0] == Event(t: 0, x: 55, y: 60, p: 1))
    }

    /// `whole` decodes the mapped file in place, `joined` reads it 33 records at a time through the buffer.
    @Test("small chunks and blocks concatenate to the whole decoding",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: [1, 7, 1000])
    func chunkedEqualsWhole(maxEvents: Int) throws {
        let path = SharedSamples.path("mnist-dvs-aedat2/mnist_0_scale04_0002.aedat")
        let whole = try AEDAT2Reader(path: path).readAll()
        let (joined, sizesOK) = try AEDATTestFiles.readAll(AEDAT2Reader(path: path, blockRecords: 33, mapLimit: 0),
                                                           maxEvents: maxEvents)
        #expect(sizesOK)
        #expect(joined == whole)
    }

    @Test("writer reproduces the real file byte for byte", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func writerRoundTrip(sample: String) throws {
        let path = SharedSamples.path(sample)
        let reader = try AEDAT2Reader(path: path, orientation: .spikingjelly)
        let events = try reader.readAll()
        let out = try RepoPaths.temporaryDirectory() + "/copy.aedat"
        let writer = try AEDAT2Writer(path: out, orientation: .spikingjelly, headerLines: reader.header.lines)
        try writer.write(events)
        try writer.close()
        #expect(try AEDATTestFiles.bytes(out) == AEDATTestFiles.bytes(path))
    }

    @Test("the LF-only header-only sample gives its 12 header lines and no events",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func headerOnlySample() throws {
        let path = SharedSamples.path("aedat2-header/tonic_sample_aedat_header.aedat")
        #expect(EventFileFormat.detect(path: path) == .aedat2)
        let reader = try AEDAT2Reader(path: path)
        #expect(try reader.nextChunk(maxEvents: 100) == nil)
        #expect(reader.header.lines.count == 12)
        #expect(reader.header.dataOffset == 599)
        #expect(reader.header.lines[5] == "# Creation time: System.currentTimeMillis() 1695355587880")
    }

    @Test("format detection opens MNIST-DVS files as AEDAT 2.0",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func detection() throws {
        let path = SharedSamples.path("mnist-dvs-aedat2/mnist_0_scale04_0250.aedat")
        let format = try #require(EventFileFormat.detect(path: path))
        #expect(format == .aedat2)
        let reader = try format.openReader(path: path, orientation: .raw)
        #expect(reader.sensorSize == .dvs128)
        try reader.readAll().expectMatches(SharedSamples.golden(for: "mnist-dvs-aedat2/mnist_0_scale04_0250.aedat"))
    }
}
