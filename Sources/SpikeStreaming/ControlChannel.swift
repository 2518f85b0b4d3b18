import Foundation

/// Reads control lines (`{"cmd":"reset"}`) from a file or FIFO and turns them into reset requests. A FIFO is
/// reopened when its writer closes it, so control clients can come and go.
public enum ControlChannel {
    private struct Command: Decodable { var cmd: String }

    /// Starts the reader thread; `report` gets a message for every line that is not a command.
    public static func start(path: String, resets: ResetSignal, report: @escaping @Sendable (String) -> Void) {
        let thread = Thread {
            while let file = FileHandle(forReadingAtPath: path) {
                var pending = Data()
                while case let chunk = file.availableData, !chunk.isEmpty {
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        apply(line: pending[pending.startIndex..<newline], resets: resets, report: report)
                        pending.removeSubrange(pending.startIndex...newline)
                    }
                }
                try? file.close()
                if !isFIFO(path) { return }
            }
            report("cannot open the control channel \(path)")
        }
        thread.name = "spikestream-control"
        thread.start()
    }

    /// Applies one control line.
    static func apply(line: Data, resets: ResetSignal, report: (String) -> Void) {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return }
        if (try? JSONDecoder().decode(Command.self, from: Data(text.utf8)))?.cmd == "reset" {
            resets.request()
        } else {
            report(StreamError.badControl(line: text).description)
        }
    }

    private static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }
}
