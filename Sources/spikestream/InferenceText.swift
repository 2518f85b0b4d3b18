import Foundation
import SpikeCache
import SpikeTraining

/// The human-readable form of an `InferenceReport`.
struct InferenceText {
    let report: InferenceReport

    init(_ report: InferenceReport) { self.report = report }

    var text: String {
        let r = report
        var lines = [
            "model:    \(r.model)",
            "cache:    \(r.cache) (\(r.split) split, \(r.samples) samples)",
            String(format: "accuracy: %.2f%% (%d/%d), loss %.4f", 100 * r.accuracy, r.confusion.correct, r.samples, r.loss),
            String(format: "balanced accuracy: %.2f%% (mean per-class recall; one class always predicted scores %.2f%%)",
                   100 * r.balancedAccuracy, 100 / Double(max(r.perClassAccuracy.compactMap { $0 }.count, 1))),
            "",
            "per-class accuracy:",
        ]
        // Class names when the cache has them (a column as wide as the longest), else label numbers.
        let names = r.confusion.counts.indices.map { ClassName.of($0, in: r.classNames) }
        let nameWidth = r.classNames == nil ? 0 : names.map(\.count).max() ?? 0
        for (c, accuracy) in r.perClassAccuracy.enumerated() {
            lines.append(String(format: "  class %2d  ", c) + (nameWidth > 0 ? pad(names[c], nameWidth) + "  " : "")
                + (accuracy.map { String(format: "%6.2f%%", 100 * $0) } ?? "    n/a")
                + "  (\(r.confusion.counts[c].reduce(0, +)) samples)")
        }
        lines += ["", "confusion matrix (rows: true class, columns: predicted):"]
        let width = max(3, String(r.confusion.counts.joined().max() ?? 0).count + 1)
        func cell(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        lines.append("     " + r.confusion.counts.indices.map { cell("\($0)") }.joined())
        for (c, row) in r.confusion.counts.enumerated() {
            lines.append(String(format: "  %2d ", c) + row.map { cell("\($0)") }.joined()
                + (nameWidth > 0 ? "  " + names[c] : ""))
        }
        lines += ["", String(format: "firing rates (spikes per neuron per step), input %.4f:", r.inputRate)]
        lines += r.firingRates.map { "  " + pad($0.layer, 10) + String(format: " %.4f", $0.rate) }
        let e = r.energy
        lines += ["", String(format: "energy per sample (BPSA Eq. 1, T = %d, E_MAC %.2f pJ, E_AC %.2f pJ):",
                             e.timeSteps, e.constants.macPicojoules, e.constants.acPicojoules)]
        for layer in e.layers {
            lines.append("  " + pad(layer.name, 10) + " " + pad(layer.kind, 5)
                + String(format: " %12d MACs  input rate %.4f  ANN %10.1f nJ  SNN %10.1f nJ", layer.macs,
                         layer.inputRate, layer.annPicojoules / 1000, layer.snnPicojoules / 1000))
        }
        lines.append(String(format: "  total: ANN %.1f nJ, SNN %.1f nJ, E_ANN/E_SNN = %.1f×",
                            e.annPicojoules / 1000, e.snnPicojoules / 1000, e.efficiency))
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
