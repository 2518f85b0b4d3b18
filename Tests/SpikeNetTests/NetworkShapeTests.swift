import Foundation
import SpikeNet
import Testing

@Suite("Network shapes from spec strings")
struct NetworkShapeTests {
    func shapes(_ spec: String, input: [Int], same: Bool) throws -> [[Int]] {
        try Network(NetworkConfig(spec: spec, inputShape: input, neuron: .lif(LIF()), rule: .stbp(STBP()),
                                  loss: .rateMSE, samePadding: same)).shapes
    }

    @Test func validConvolutionsShrinkByKernelMinusOne() throws {
        // 34 −4 → 30, /2 → 15, −4 → 11, /2 → 5: the TSSL-BP N-MNIST CNN.
        let s = try shapes("12C5-P2-64C5-P2-10", input: [2, 34, 34], same: false)
        #expect(s.contains([12, 30, 30]) && s.contains([12, 15, 15]) && s.contains([64, 11, 11]) && s.contains([64, 5, 5]))
        #expect(s.last == [10])
    }

    @Test func sameConvolutionsKeepHeightAndWidth() throws {
        // BPSA's middle structure on 34×34: 34 → /2 17 → /2 8 → /2 4 → AP4 1.
        let s = try shapes("128C3-MP2-128C3-MP2-256C3-MP2-512C3-AP4-512-10V10", input: [2, 34, 34], same: true)
        #expect(s.contains([128, 34, 34]) && s.contains([128, 17, 17]) && s.contains([256, 8, 8]))
        #expect(s.contains([512, 4, 4]) && s.contains([512, 1, 1]))
        #expect(s.last == [10])
        // Valid convolutions cannot fit that structure on 34×34 (the 512C3 layer would see 2×2).
        #expect(throws: SpikeNetError.self) { try shapes("128C3-MP2-128C3-MP2-256C3-MP2-512C3-AP4-512-10V10",
                                                         input: [2, 34, 34], same: false) }
    }

    @Test func configsWithoutThePaddingKeyDecodeAsValid() throws {
        let config = NetworkConfig(spec: "4C3-10", inputShape: [1, 5, 5], neuron: .lif(LIF()), rule: .stbp(STBP()),
                                   loss: .rateMSE, samePadding: true)
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        #expect(object["samePadding"] as? Bool == true)
        object.removeValue(forKey: "samePadding")
        let old = try JSONDecoder().decode(NetworkConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.samePadding == false)
        #expect(old.spec == config.spec && old.inputShape == config.inputShape)
    }
}
