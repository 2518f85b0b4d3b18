import SpikeFormats

/// The text `inspect` prints for a WAV file: the format, the chunk layout and the golden sample statistics.
struct WAVSummary {
    let text: String

    init(path: String) throws {
        let reader = try WAVReader(path: path)
        let f = reader.format
        var lines = ["file:    \(path)",
                     "format:  RIFF/WAVE tag \(f.formatTag), \(f.bitsPerSample)-bit \(f.encoding.rawValue), "
                        + "\(f.channels) channel(s), \(f.sampleRate) Hz, byte rate \(f.byteRate), block align \(f.blockAlign)"]
        if f.encoding == .integer {
            let s = try WAVStatistics.of(reader)
            lines += ["frames:  \(reader.framesRead) (\(Double(reader.framesRead) / Double(f.sampleRate)) s), read \(reader.extent)",
                      "samples: sum \(s.sum)  min \(s.min)  max \(s.max)  sum_abs \(s.sumAbs)  sum_squares \(s.sumSquares)",
                      "first:   \(s.first)", "last:    \(s.last)"]
        } else {
            let audio = try reader.readAll()
            lines += ["frames:  \(audio.count), read \(reader.extent)",
                      "samples: min \(audio.samples.min() ?? 0)  max \(audio.samples.max() ?? 0)"]
        }
        lines.append("chunks:  " + reader.chunks.map { "'\($0.id)' @\($0.offset) (\($0.size) B)" }.joined(separator: ", "))
        if let problem = reader.headerInconsistency {
            lines.append("warning: at byte \(problem.offset), \(problem.reason); preprocess treats this file as a failed sample")
        }
        text = lines.joined(separator: "\n")
    }
}
