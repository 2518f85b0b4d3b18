import Foundation
import SpikeTestSupport
import Testing
@testable import SpikeNet

/// Gradients of every rule on a tiny network equal those of the independent PyTorch implementation in
/// scripts/make_snn_gradient_fixtures.py (written from the papers; fixture committed).
struct ReferenceGradientTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let name: String
            let neuron: [String: JSONValue]
            let rule: [String: JSONValue]
            let loss_spec: [String: Int]?
            let time_steps: Int
            let input: [Float]
            let labels: [Int]
            let parameters: [String: [Float]]
            let loss: Double
            let gradients: [String: [Double]]

            enum CodingKeys: String, CodingKey {
                case name, neuron, rule, time_steps, input, labels, parameters, loss, gradients
                case loss_spec = "loss_config"
            }
        }
        let batch: Int
        let inputs: Int
        let cases: [Case]
    }

    enum JSONValue: Decodable {
        case number(Double), string(String), bool(Bool)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .string(try c.decode(String.self)) }
        }
        var float: Float { if case let .number(d) = self { Float(d) } else { .nan } }
        var string: String { if case let .string(s) = self { s } else { "" } }
        var bool: Bool { if case let .bool(b) = self { b } else { false } }
    }

    static let fixture: Fixture = {
        let path = RepoPaths.root + "/Tests/SpikeNetTests/Fixtures/snn_gradients.json"
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONDecoder().decode(Fixture.self, from: data)
    }()

    static func config(for c: Fixture.Case) -> NetworkConfig {
        let n = c.neuron, r = c.rule
        let neuron: Neuron, rule: LearningRule, loss: Loss
        switch r["kind"]!.string {
        case "stbp":
            let a = r["a"]!.float
            let surrogate: Surrogate = switch r["surrogate"]!.string {
            case "rectangular": .rectangular(width: a)
            case "triangular": .triangular(a: a)
            case "sigmoid": .sigmoid(a: a)
            default: .gaussian(variance: a)
            }
            neuron = .lif(LIF(decay: n["decay"]!.float, threshold: n["threshold"]!.float))
            rule = .stbp(STBP(surrogate: surrogate))
            loss = .rateMSE
        case "bpsa":
            neuron = .lif(LIF(decay: n["decay"]!.float, threshold: n["threshold"]!.float))
            rule = .bpsa(BPSA(alpha: r["alpha"]!.float, warmUp: r["warm_up"]?.bool ?? false))
            loss = .rateMSE
        case "mt":
            neuron = .multiThreshold(MultiThresholdLIF(tauM: n["tau_m"]!.float, threshold: n["threshold"]!.float,
                                                       maxSpikes: Int(n["max_spikes"]!.float)))
            rule = .multiThreshold(MultiThresholdRule(curve: .init(rawValue: r["curve"]!.string)!,
                                                      alphaH: r["alpha_h"]!.float, alphaW: r["alpha_w"]!.float))
            loss = .perStepMSE(target: 2, other: 0)
        default:
            let tauS = n["tau_s"]!.float
            neuron = .synapticLIF(SynapticLIF(tauM: n["tau_m"]!.float, tauS: tauS, threshold: n["threshold"]!.float,
                                              reset: n["reset"]!.string == "zero" ? .zero : .subtract))
            rule = .tssl(TSSLBP(clampTimeDerivative: r["clamp"]!.bool, warmUp: r["warm_up"]!.bool ? .perElement : .none))
            loss = .psc(target: 3, other: 1, tauS: tauS)
        }
        return NetworkConfig(spec: "5-3", inputShape: [1, 1, fixture.inputs], neuron: neuron, rule: rule, loss: loss)
    }

    @Test(arguments: fixture.cases.map(\.name))
    func gradientsMatchPyTorch(_ name: String) throws {
        let c = Self.fixture.cases.first { $0.name == name }!
        var net = try Network(Self.config(for: c))
        try net.load(net.parameters.map { p in
            var q = p
            q.value = c.parameters[p.name]!
            return q
        })
        let input = Tensor(shape: [Self.fixture.batch, c.time_steps, 1, 1, Self.fixture.inputs], data: c.input)
        let result = try net.accumulateGradients(input, labels: c.labels)
        #expect(abs(Double(result.loss) - c.loss) <= 1e-5 * max(1, abs(c.loss)), "\(name) loss")
        for p in net.parameters {
            let ref = c.gradients[p.name]!
            var diff = 0.0, norm = 0.0
            for (g, r) in zip(p.grad, ref) { diff += (Double(g) - r) * (Double(g) - r); norm += r * r }
            let rel = diff.squareRoot() / max(norm.squareRoot(), 1e-12)
            #expect(norm > 0, "\(name) \(p.name): reference gradient is zero, the case tests nothing")
            #expect(rel < 1e-4, "\(name) \(p.name): relative error \(rel)")
        }
    }
}
