import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 3.1 writer → SpikingJelly load_aedat_v3 → reader fixtures")
struct AEDAT31FixtureTests {
    /// Writes every recipe (into `$SPIKESTREAM_AEDAT31_FIXTURE_OUT` when the fixture script exports them) and
    /// compares it with the committed file: the writer is deterministic and the fixtures are what the recipes say.
    @Test("the recipes reproduce the committed fixture files byte for byte")
    func recipesReproduceFixtures() throws {
        let exportFolder = ProcessInfo.processInfo.environment["SPIKESTREAM_AEDAT31_FIXTURE_OUT"]
        let folder = try exportFolder ?? RepoPaths.temporaryDirectory("aedat31-fixtures")
        for recipe in AEDAT31FixtureRecipes.all {
            try recipe.write(folder + "/" + recipe.name)
            #expect(try AEDATTestFiles.bytes(folder + "/" + recipe.name)
                == AEDATTestFiles.bytes(AEDAT31FixtureRecipes.folder + "/" + recipe.name), "\(recipe.name)")
        }
    }

    @Test("valid-only file: our reader equals the recipe and SpikingJelly's decoding")
    func validMixedMatchesSpikingJelly() throws {
        let path = AEDAT31FixtureRecipes.folder + "/" + AEDAT31FixtureRecipes.validMixedName
        let reader = try AEDAT31Reader(path: path)
        let (events, sizesOK) = try AEDATTestFiles.readAll(reader, maxEvents: 1000)
        #expect(sizesOK)
        #expect(events == AEDAT31FixtureRecipes.validMixedEvents)
        #expect(reader.skippedPackets == 3)
        #expect(reader.invalidEvents == 0 && reader.backwardSteps == 0)
        #expect(events.t.contains { $0 >= AEDAT31FixtureRecipes.overflowStep } && events.t[0] < AEDAT31FixtureRecipes.overflowStep)

        let sj = try #require(SpikingJellyFixture.load().files.first { $0.file == AEDAT31FixtureRecipes.validMixedName })
        #expect(events.count == sj.event_count)
        #expect(events.t.reduce(0, +) == sj.sum_t)
        #expect(events.x.reduce(Int64(0)) { $0 + Int64($1) } == sj.sum_x)
        #expect(events.y.reduce(Int64(0)) { $0 + Int64($1) } == sj.sum_y)
        #expect(events.p.reduce(Int64(0)) { $0 + Int64($1) } == sj.sum_p)
        let table = rows(events)
        #expect(Array(table.prefix(5)) == sj.first_events)
        #expect(Array(table.suffix(5)) == sj.last_events)
    }

    /// SpikingJelly decodes all `eventCapacity` slots of a packet and ignores the valid bit, so its output has
    /// every slot; ours is that list without the invalid events and the spare slots after `eventNumber`.
    @Test("invalid events and spare slots: SpikingJelly keeps them, we drop exactly those")
    func invalidSpareAgainstSpikingJelly() throws {
        let path = AEDAT31FixtureRecipes.folder + "/" + AEDAT31FixtureRecipes.invalidSpareName
        let reader = try AEDAT31Reader(path: path)
        let events = try reader.readAll(chunkSize: 4)
        #expect(reader.invalidEvents == 4)
        #expect(events.count == 26)

        let sj = try #require(SpikingJellyFixture.load().files.first { $0.file == AEDAT31FixtureRecipes.invalidSpareName })
        let sjEvents = try #require(sj.events)
        let perPacket = AEDAT31FixtureRecipes.invalidSparePacketEvents + AEDAT31FixtureRecipes.invalidSpareSpare
        #expect(sjEvents.count == 3 * perPacket)
        var kept: [[Int64]] = []
        for (slot, event) in sjEvents.enumerated() {
            let packet = slot / perPacket, index = slot % perPacket
            let eventIndex = packet * AEDAT31FixtureRecipes.invalidSparePacketEvents + index
            if index < AEDAT31FixtureRecipes.invalidSparePacketEvents && AEDAT31FixtureRecipes.invalidSpareValid[eventIndex] {
                kept.append(event)
            } else if index >= AEDAT31FixtureRecipes.invalidSparePacketEvents {
                // A zeroed spare slot: SpikingJelly still reports it, at t = overflow << 31.
                #expect(event == [3 * AEDAT31FixtureRecipes.overflowStep, 0, 0, 0])
            }
        }
        #expect(kept == rows(events))
    }

    private func rows(_ events: EventChunk) -> [[Int64]] {
        (0..<events.count).map { [events.t[$0], Int64(events.x[$0]), Int64(events.y[$0]), Int64(events.p[$0])] }
    }
}
