import Foundation
import SpikeEvents
import SpikeTransforms
import Testing

/// Voxel grids and time surfaces chosen at the binning stage (issue 19 item 16).
@Suite("Representations as a binning")
struct FrameRepresentationTests {
    // Time-ordered events on a 4×3 sensor, both polarities.
    let events = EventChunk(t: [0, 100, 250, 400, 1_000], x: [0, 3, 1, 2, 3], y: [0, 2, 1, 0, 2], p: [1, 0, 1, 1, 0])
    let sensor = SensorSize(width: 4, height: 3, polarities: 2)

    @Test("specs parse to the library's VoxelGrid / TimeSurface and print back; frames are theirs")
    func parseAndFrames() throws {
        let grid = try #require(try FrameRepresentation.parse("voxelGrid:bins=3"))
        #expect(grid == .voxelGrid(VoxelGrid(bins: 3)))
        #expect(grid.description == "voxelGrid:bins=3")
        let surface = try #require(try FrameRepresentation.parse("timeSurface:dt=300,tau=150"))
        #expect(surface == .timeSurface(TimeSurface(dt: 300, tau: 150)))
        #expect(surface.description == "timeSurface:dt=300,tau=150")
        #expect(try FrameRepresentation.parse("timeSurface:tau=2.5,dt=10")?.description == "timeSurface:dt=10,tau=2.5")
        #expect(try FrameRepresentation.parse("frames") == nil)

        let viaBinning = try FrameBinning(representation: grid).frames(events, sensor: sensor)
        #expect(viaBinning == (try VoxelGrid(bins: 3).frames(events, sensor: sensor)))
        #expect(viaBinning.shape == FrameShape(timeSteps: 3, channels: 1, height: 3, width: 4))
        // Event 0 (ON, t 0, pixel 0,0) adds +1 to bin 0; event 1 (OFF, τ = 0.3) splits −0.7 / −0.3 over bins 0 and 1.
        guard case .float32(let v) = viaBinning.storage else { Issue.record("not float32"); return }
        #expect(v[0] == 1)
        #expect(abs(v[0 * 12 + 2 * 4 + 3] - -0.7) < 1e-6 && abs(v[1 * 12 + 2 * 4 + 3] - -0.3) < 1e-6)

        let surfaces = try FrameBinning(representation: surface).frames(events, sensor: sensor)
        #expect(surfaces == (try TimeSurface(dt: 300, tau: 150).frames(events, sensor: sensor)))
        #expect(surfaces.shape == FrameShape(timeSteps: 3, channels: 2, height: 3, width: 4))
        #expect(FrameBinning(representation: surface).channels(for: sensor) == 2)
        #expect(FrameBinning(representation: grid).channels(for: sensor) == 1)
    }

    @Test("bad specs and count-frame options beside a representation are refused with what to change")
    func refusals() {
        func message(_ spec: String) -> String? {
            do { _ = try FrameRepresentation.parse(spec); return nil } catch { return error.description }
        }
        #expect(message("voxelGrid") == "invalid binning parameter 'representation': 'voxelGrid': voxelGrid needs bins=a whole number of bins.")
        #expect(message("voxelGrid:bins=ten") == "invalid binning parameter 'representation': 'voxelGrid:bins=ten': bins=ten is not a whole number of bins.")
        #expect(message("voxelGrid:bins=0") == "invalid binning parameter 'representation': 'voxelGrid:bins=0': bins must be at least 1.")
        #expect(message("voxelGrid:bins=4,tau=3") == "invalid binning parameter 'representation': 'voxelGrid:bins=4,tau=3': voxelGrid has no parameter 'tau'.")
        #expect(message("timeSurface:dt=100,tau=-1")?.contains("tau must be a positive number of µs") == true)
        #expect(message("voxel:bins=4")?.contains("unknown representation 'voxel'; choose frames (count frames, the default), voxelGrid:bins=B") == true)

        var binning = FrameBinning(representation: .voxelGrid(VoxelGrid(bins: 4)))
        binning.overlap = 0.5
        binning.mergePolarities = true
        #expect(throws: BinningError.invalidParameter(parameter: "representation", reason:
            "voxelGrid:bins=4 makes its own time steps and float32 values; leave out overlap, merge_polarities")) {
            try binning.validate()
        }
    }

    @Test("the binning JSON (cache key) names the representation; count frames keep the JSON they had")
    func cacheKeyJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let frames = String(decoding: try encoder.encode(FrameBinning(.nTimeBins(16))), as: UTF8.self)
        #expect(frames == #"{"compat":"native","dropIncomplete":false,"dtype":"uint8","end":null,"mergePolarities":false,"mode":"nTimeBins","overlap":0,"start":null,"value":16}"#)
        let grid = FrameBinning(representation: .voxelGrid(VoxelGrid(bins: 10)))
        let json = try encoder.encode(grid)
        #expect(String(decoding: json, as: UTF8.self).contains(#""representation":"voxelGrid:bins=10""#))
        #expect(try JSONDecoder().decode(FrameBinning.self, from: json) == grid)
        #expect(grid != FrameBinning(representation: .voxelGrid(VoxelGrid(bins: 11))))
        #expect(grid.shortName == "voxelGrid10")
        #expect(FrameBinning(representation: .timeSurface(TimeSurface(dt: 5_000, tau: 1_000))).shortName == "timeSurface5000us")
    }
}
