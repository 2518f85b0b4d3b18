import SpikeNet
import Testing

@Suite("A spec's leading number names the input")
struct SpecInputNumberTests {
    func layers(_ spec: String, input: [Int] = [2, 34, 34]) throws -> [SpecToken] {
        try SpecToken.parse(spec, inputShape: input)
    }

    @Test("the input size is skipped; a hidden layer before fewer than two layers stays a layer")
    func legitimateSpecs() throws {
        #expect(try layers("2312-400-10") == [.dense(400), .dense(10)])
        #expect(try layers("2312-10") == [.dense(10)])
        #expect(try layers("400-10") == [.dense(400), .dense(10)])
        #expect(try layers("2048-DP-35V10", input: [1, 40, 16]) == [.dense(2048), .dropout(0.5), .vote(classes: 35, voters: 10)])
        #expect(try layers("10") == [.dense(10)])
    }

    @Test("a leading number before two or more layers that is not the input size is refused with what to write")
    func typoIsRefused() throws {
        #expect(throws: SpikeNetError.specInputMismatch(spec: "2000-400-10", named: 2000, inputShape: [2, 34, 34])) {
            try layers("2000-400-10")
        }
        let message = SpikeNetError.specInputMismatch(spec: "2000-400-10", named: 2000, inputShape: [2, 34, 34]).description
        #expect(message == "network spec \"2000-400-10\" starts with 2000, but the input has 2312 values (2×34×34); "
                + "a leading number followed by two or more layers names the input. Write 2312-400-10, or "
                + "2312-2000-400-10 to keep 2000 as a hidden layer.")
        #expect(throws: SpikeNetError.self) { try layers("400-400-10V10") }
        #expect(try SpecToken.parse("2000-400-10").count == 3)  // the syntax alone is fine
    }
}
