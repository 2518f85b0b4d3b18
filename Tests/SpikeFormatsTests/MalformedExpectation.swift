import SpikeFormats
import Testing

/// The `EventFileError` that reading throws, or `nil` when it reads to the end; other errors propagate.
func fileError(_ read: () throws -> Void) throws -> EventFileError? {
    do {
        try read()
        return nil
    } catch let error as EventFileError {
        return error
    }
}

/// `error` must be `.malformed` at `offset` with a reason containing `text`, and its description must say the offset.
func expectMalformed(_ error: EventFileError?, at offset: Int, _ text: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .malformed(_, let at, let reason) = error else {
        Issue.record("expected malformed, got \(String(describing: error))", sourceLocation: sourceLocation)
        return
    }
    #expect(at == Int64(offset), sourceLocation: sourceLocation)
    #expect(reason.contains(text), "\(reason)", sourceLocation: sourceLocation)
    #expect(error!.description.contains("offset \(offset)"), sourceLocation: sourceLocation)
}
