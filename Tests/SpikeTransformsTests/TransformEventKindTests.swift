import SpikeEvents
import SpikeTransforms
import Testing

/// Every transform declares the event kinds it accepts (2-D camera events, 1-D audio channel events) and
/// refuses the others before touching the events.
@Suite("Transforms declare and enforce their event kinds")
struct TransformEventKindTests {
    static let audio = SensorSize(width: 16, height: 1, polarities: 1)
    /// One spec for each camera-only transform.
    static let cameraOnly = [
        "crop:box=0,0,2,1", "centerCrop:size=2,1", "randomCrop:size=2,1", "denoise:filterTime=10",
        "dropByArea:ratio=0.5", "flipUD", "spatialJitter:varX=1,varY=1",
    ]

    @Test("the camera-only transforms are exactly these; every other one accepts both kinds")
    func declarations() throws {
        let names = try Self.cameraOnly.map { try TransformStep(spec: $0).name }
        var camera: [String] = [], both: [String] = []
        for type in TransformCatalog.all {
            let kinds: Set<EventKind> = type.accepts
            if kinds == [.camera] { camera.append(type.name) } else if kinds == [.camera, .audio] { both.append(type.name) }
        }
        #expect(camera.sorted() == names.sorted())
        #expect(camera.count + both.count == TransformCatalog.all.count)
        #expect(EventKind(sensor: Self.audio) == .audio && EventKind(sensor: .dvs128) == .camera)
    }

    @Test("camera-only transforms refuse audio channel events with unsupportedEventKind",
          arguments: TransformEventKindTests.cameraOnly)
    func refusesAudio(spec: String) throws {
        let step = try TransformStep(spec: spec)
        let events = EventChunk(t: [1, 2, 3], x: [0, 5, 9], y: [0, 0, 0], p: [0, 0, 0])
        var random = TransformRandom(seed: 1)
        #expect(throws: TransformError.unsupportedEventKind(transform: step.name, kind: .audio)) {
            try step.apply(events, sensor: Self.audio, random: &random)
        }
    }

    @Test("kind-agnostic transforms run on audio channels; randomFlip refuses only the up-down axis there")
    func audioAccepted() throws {
        let events = EventChunk(t: [10, 20, 2_000], x: [3, 3, 3], y: [0, 0, 0], p: [0, 0, 0])
        var random = TransformRandom(seed: 1)
        let kept = try TransformStep(spec: "refractory:period=100").apply(events, sensor: Self.audio, random: &random)
        #expect(kept.0.t == [10, 2_000])
        let mirrored = try TransformStep(spec: "randomFlip:axis=lr,p=1").apply(events, sensor: Self.audio, random: &random)
        #expect(mirrored.0.x == [12, 12, 12])
        #expect(throws: TransformError.unsupportedEventKind(transform: "randomFlip", kind: .audio)) {
            try TransformStep(spec: "randomFlip:axis=ud,p=1").apply(events, sensor: Self.audio, random: &random)
        }
    }
}
