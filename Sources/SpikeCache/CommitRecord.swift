/// How many samples of a partial cache are consistent. `/frame_offsets` is the commit record: it is written
/// last in every commit and its unwritten entries read as the fill value −1, so the committed samples are the
/// longest prefix whose offsets start at 0, never decrease, stay inside `/frames`, match `framesPerChunk`
/// when that is the fixed T, and have a label, split and id.
enum CommitRecord {
    static func committedCount(offsets: [Int64], labels: Int, splits: Int, ids: Int, frameRows: Int,
                               framesPerChunk: Int) -> Int {
        guard offsets.first == 0 else { return 0 }
        let limit = min(offsets.count - 1, labels, splits, ids)
        var committed = 0
        while committed < limit {
            let (start, end) = (offsets[committed], offsets[committed + 1])
            guard end >= start, end <= Int64(frameRows) else { break }
            if framesPerChunk > 1, end - start != Int64(framesPerChunk) { break }
            committed += 1
        }
        return committed
    }
}
