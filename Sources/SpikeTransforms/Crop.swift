import SpikeEvents

/// A width × height pair in pixels; JSON and specs write it as `[width, height]` / `size=W,H`.
public struct PixelSize: Hashable, Codable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        width = try c.decode(Int.self)
        height = try c.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(width)
        try c.encode(height)
    }
}

/// Keeps events with `lo ≤ x < lo + w` (likewise y) and shifts them by `−offset`; the common core of the crops.
func cropEvents(_ events: consuming EventChunk, keepFrom lo: (x: Int, y: Int), size: PixelSize,
                offset: (x: Int, y: Int)) -> EventChunk {
    var out = (consume events).filtered(box: lo.x, lo.y, size.width, size.height, inside: true)
    let (dx, dy) = (UInt16(truncatingIfNeeded: offset.x), UInt16(truncatingIfNeeded: offset.y))
    if dx != 0 { out.x.withUnsafeMutableBufferPointer { x in for i in x.indices { x[i] &-= dx } } }
    if dy != 0 { out.y.withUnsafeMutableBufferPointer { y in for i in y.indices { y[i] &-= dy } } }
    return out
}

/// Crops to a box `[x, y, width, height]` (top-left corner and size): events outside are dropped, the rest
/// shifted so the corner becomes (0, 0); the sensor becomes width × height.
public struct BoxCrop: DeterministicTransform {
    public static let name = "crop"
    public static let help = "crop:box=X,Y,W,H — keep the W×H box whose top-left pixel is (X, Y); it becomes (0, 0)"
    public static let accepts: Set<EventKind> = [.camera]

    public var box: [Int]

    public init(x: Int, y: Int, width: Int, height: Int) { box = [x, y, width, height] }

    public func validate() throws(TransformError) {
        guard box.count == 4, box[0] >= 0, box[1] >= 0, box[2] >= 1, box[3] >= 1 else {
            throw invalid("box", "needs X,Y,W,H with X, Y ≥ 0 and W, H ≥ 1, got \(box)")
        }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        guard box[0] + box[2] <= sensor.width, box[1] + box[3] <= sensor.height else {
            throw invalid("box", "\(box) reaches past the \(sensor) sensor")
        }
        let size = PixelSize(width: box[2], height: box[3])
        let out = cropEvents(consume events, keepFrom: (box[0], box[1]), size: size, offset: (box[0], box[1]))
        return (out, SensorSize(width: size.width, height: size.height, polarities: sensor.polarities))
    }
}

/// Crops the centre `size` of the sensor, as tonic 1.7 `CenterCrop`: offset `⌊(W − w) / 2⌋` per axis (floor
/// division). A size larger than the sensor pads instead: no event is dropped on that axis and events move
/// by the (negative) offset. The sensor becomes `size`.
public struct CenterCrop: DeterministicTransform {
    public static let name = "centerCrop"
    public static let help = "centerCrop:size=W,H — keep the centred W×H box (pads when larger than the sensor)"
    public static let accepts: Set<EventKind> = [.camera]

    public var size: PixelSize

    public init(size: PixelSize) { self.size = size }

    public func validate() throws(TransformError) {
        guard size.width >= 1, size.height >= 1 else { throw invalid("size", "width and height must be at least 1") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        func floorHalf(_ v: Int) -> Int { v >= 0 ? v / 2 : -((-v + 1) / 2) }
        let offset = (floorHalf(sensor.width - size.width), floorHalf(sensor.height - size.height))
        let out = cropEvents(consume events, keepFrom: (max(offset.0, 0), max(offset.1, 0)), size: size, offset: offset)
        return (out, SensorSize(width: size.width, height: size.height, polarities: sensor.polarities))
    }
}

/// Crops a `size` box at a random position, uniform over every position that fits (tonic 1.7 `RandomCrop`
/// draws `int(rand · (W − w))`, which never picks the last position; we include it). The sensor becomes `size`.
public struct RandomCrop: RandomTransform {
    public static let name = "randomCrop"
    public static let help = "randomCrop:size=W,H — keep a W×H box at a uniformly random position (augmentation)"
    public static let accepts: Set<EventKind> = [.camera]

    public var size: PixelSize

    public init(size: PixelSize) { self.size = size }

    public func validate() throws(TransformError) {
        guard size.width >= 1, size.height >= 1 else { throw invalid("size", "width and height must be at least 1") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        guard size.width <= sensor.width, size.height <= sensor.height else {
            throw invalid("size", "\(size.width)×\(size.height) is larger than the \(sensor) sensor")
        }
        let x = random.int(in: 0...(sensor.width - size.width))
        let y = random.int(in: 0...(sensor.height - size.height))
        let out = cropEvents(consume events, keepFrom: (x, y), size: size, offset: (x, y))
        return (out, SensorSize(width: size.width, height: size.height, polarities: sensor.polarities))
    }
}
