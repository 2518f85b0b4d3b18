import SpikeEvents

extension FrameBinning {
    /// Bins `events` into frames `[T, C, H, W]` for `sensor` (C = polarities, or 1 when merged), following
    /// `compat`. Throws for bad parameters and for events that do not fit the sensor; never traps on data.
    public func frames(_ events: EventChunk, sensor: SensorSize) throws(BinningError) -> FrameTensor {
        var output = FrameTensor(shape: FrameShape(timeSteps: 0, channels: 1, height: 1, width: 1),
                                 storage: .zeros(dtype, count: 0))
        try frames(events, sensor: sensor, into: &output)
        return output
    }

    /// Like `frames(_:sensor:)`, but reuses `output`'s storage when it already holds this dtype: binning
    /// sample after sample into one tensor allocates only when a sample needs more room than any before.
    /// On error `output` is left empty (zero frames).
    public func frames(_ events: EventChunk, sensor: SensorSize, into output: inout FrameTensor) throws(BinningError) {
        if let representation {
            output = FrameTensor(shape: FrameShape(timeSteps: 0, channels: 1, height: 1, width: 1),
                                 storage: .zeros(dtype, count: 0))
            try validate()
            try Self.validate(sensor)
            output = try representation.frames(events, sensor: sensor)
            return
        }
        var reuse = output.storage
        output = FrameTensor(shape: FrameShape(timeSteps: 0, channels: channels(for: sensor),
                                               height: sensor.height, width: sensor.width),
                             storage: .zeros(dtype, count: 0))
        try validate()
        try Self.validate(sensor)
        // tonic folds a one-polarity sensor's events (all p = 0 or all p = 1) into channel 0.
        let tonicOneChannel = compat == .tonic && sensor.polarities == 1
        let scan = try EventScan(events, sensor: sensor, checkPolarity: !tonicOneChannel)
        if tonicOneChannel, let first = events.p.first, let i = events.p.firstIndex(where: { $0 != first }) {
            throw .mixedPolaritiesForTonic(index: i)
        }
        let channels = channels(for: sensor)
        let (plane, o1) = sensor.width.multipliedReportingOverflow(by: sensor.height)
        let (frameElements, o2) = plane.multipliedReportingOverflow(by: channels)
        guard !o1, !o2 else { throw .tooLarge(frames: 1, elementsPerFrame: .max) }
        let plan: BinPlan = compat == .native
            ? try .native(self, events: events, scan: scan, frameElements: frameElements)
            : .ranges(try TonicSlicing.ranges(self, events: events, scan: scan, frameElements: frameElements))
        let shape = FrameShape(timeSteps: plan.frameCount, channels: channels, height: sensor.height,
                               width: sensor.width)
        let layout = (plane: (mergePolarities || tonicOneChannel) ? 0 : plane, frame: frameElements)
        let storage: FrameStorage
        switch dtype {
        case .uint8:
            var a = reuse.take { if case .uint8(let a) = $0 { a } else { nil } }
            Self.zero(&a, count: shape.elementCount)
            Self.accumulate(events, plan, layout, width: sensor.width, into: &a, Saturating<UInt8>.self)
            storage = .uint8(a)
        case .uint16:
            var a = reuse.take { if case .uint16(let a) = $0 { a } else { nil } }
            Self.zero(&a, count: shape.elementCount)
            if compat == .tonic {
                Self.accumulate(events, plan, layout, width: sensor.width, into: &a, Wrapping<UInt16>.self)
            } else {
                Self.accumulate(events, plan, layout, width: sensor.width, into: &a, Saturating<UInt16>.self)
            }
            storage = .uint16(a)
        case .float32:
            // Count as UInt32 in the Float cells' own bytes, then convert in place.
            var a = reuse.take { if case .float32(let a) = $0 { a } else { nil } }
            Self.zero(&a, count: shape.elementCount)
            a.withUnsafeMutableBufferPointer { cells in
                guard let base = cells.baseAddress else { return }
                base.withMemoryRebound(to: UInt32.self, capacity: cells.count) { counts in
                    var buffer = UnsafeMutableBufferPointer(start: counts, count: cells.count)
                    if compat == .tonic {
                        Self.accumulate(events, plan, layout, width: sensor.width, into: &buffer, Wrapping<UInt32>.self)
                    } else {
                        Self.accumulate(events, plan, layout, width: sensor.width, into: &buffer, Saturating<UInt32>.self)
                    }
                }
                let raw = UnsafeRawPointer(base)
                if compat == .tonic {  // tonic's int16 value of the count
                    for i in 0..<cells.count {
                        cells[i] = Float(Int16(truncatingIfNeeded: raw.load(fromByteOffset: i &* 4, as: UInt32.self)))
                    }
                } else {
                    for i in 0..<cells.count { cells[i] = Float(raw.load(fromByteOffset: i &* 4, as: UInt32.self)) }
                }
            }
            storage = .float32(a)
        }
        output = FrameTensor(shape: shape, storage: storage)
    }

    /// Makes `a` hold `count` zeros, keeping its buffer (no allocation when the capacity suffices).
    private static func zero<T: Numeric>(_ a: inout [T], count: Int) {
        if a.count == count {
            a.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        } else {
            a.removeAll(keepingCapacity: true)
            a.append(contentsOf: repeatElement(0, count: count))
        }
    }

    private static func accumulate<Cells: MutableCollection, P: CountPolicy>(
        _ events: EventChunk, _ plan: BinPlan, _ layout: (plane: Int, frame: Int), width: Int,
        into cells: inout Cells, _ policy: P.Type
    ) where Cells.Element == P.Cell {
        guard !events.isEmpty else { return }
        cells.withContiguousMutableStorageIfAvailable { out in
            events.t.withUnsafeBufferPointer { t in
                events.x.withUnsafeBufferPointer { x in
                    events.y.withUnsafeBufferPointer { y in
                        events.p.withUnsafeBufferPointer { p in
                            FrameAccumulator(x: x.baseAddress!, y: y.baseAddress!, p: p.baseAddress!,
                                             t: t.baseAddress!, count: events.count, width: width,
                                             planeStride: layout.plane, frameStride: layout.frame)
                                .run(plan, policy, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}

extension FrameStorage {
    /// The array `extract` finds here (or an empty one), moved out so that it is uniquely referenced and can
    /// be reused without a copy; `self` is left empty.
    fileprivate mutating func take<T>(_ extract: (FrameStorage) -> [T]?) -> [T] {
        let held = extract(self) ?? []
        self = .uint8([])
        return held
    }
}
