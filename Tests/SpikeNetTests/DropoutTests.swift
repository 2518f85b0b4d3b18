@testable import SpikeNet
import Testing

@Suite("Dropout")
struct DropoutTests {
    static let timeSteps = 3, batch = 2, units = 1_000

    /// The layer's output for all-ones input `[T·B, units]` in training pass `pass`.
    static func masked(_ layer: inout Dropout, pass: UInt64) -> [Float] {
        let ones = Tensor(shape: [timeSteps * batch, units], data: .init(repeating: 1, count: timeSteps * batch * units))
        return layer.forward(ones, RunContext(timeSteps: timeSteps, batch: batch, training: true, pass: pass)).data
    }

    @Test("training drops about `rate` of each sample's units, the same at every time step, and scales the rest by 1/(1 − rate); evaluation is the identity")
    func masks() {
        var layer = Dropout(rate: 0.25, seed: 7)
        let y = Self.masked(&layer, pass: 0)
        #expect(Set(y) == [0, Float(1) / 0.75])
        let perStep = Self.batch * Self.units
        for t in 1..<Self.timeSteps { #expect(Array(y[t * perStep..<(t + 1) * perStep]) == Array(y[0..<perStep])) }
        for b in 0..<Self.batch {
            let dropped = y[b * Self.units..<(b + 1) * Self.units].filter { $0 == 0 }.count
            #expect(abs(dropped - 250) < 50, "sample \(b): \(dropped) of 1000 dropped")
        }
        #expect(Array(y[0..<Self.units]) != Array(y[Self.units..<2 * Self.units]))  // a mask per sample

        let x = Tensor(shape: [2, 3], data: [1, -2, 3, 4, 5, -6])
        #expect(layer.forward(x, RunContext(timeSteps: 1, batch: 2, training: false)).data == x.data)
    }

    @Test("backward masks the error with the forward pass's mask")
    func backwardUsesTheMask() {
        var layer = Dropout(rate: 0.5, seed: 1)
        let y = Self.masked(&layer, pass: 4)
        let context = RunContext(timeSteps: Self.timeSteps, batch: Self.batch, training: true, pass: 4)
        let error = Tensor(shape: [Self.timeSteps * Self.batch, Self.units], data: .init(repeating: 1, count: y.count))
        #expect(layer.backward(LayerGradient(signal: error), context, needInput: true)?.signal.data == y)
    }

    @Test("the masks of a pass depend on the seed and the pass number only, so a resumed run draws the same")
    func masksArePerPass() {
        var a = Dropout(rate: 0.3, seed: 11), b = Dropout(rate: 0.3, seed: 11), other = Dropout(rate: 0.3, seed: 12)
        let first = Self.masked(&a, pass: 1)
        let second = Self.masked(&a, pass: 2)
        #expect(first != second)
        #expect(Self.masked(&b, pass: 2) == second)  // a fresh layer at pass 2, as after a resume
        #expect(Self.masked(&a, pass: 1) == first)
        #expect(Self.masked(&other, pass: 1) != first)
    }
}
