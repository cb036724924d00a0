import Foundation

/// The on-disk form of a histogram's per-bucket numbers: a little-endian Float64 array.
///
/// Fixed width and byte order make the BLOB readable by any process on any host, and adding two
/// blobs element-wise is how histograms merge.
enum BucketCodec {
    static func encode(_ values: [Double]) -> Data {
        var data = Data(count: values.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
        return data
    }

    static func decode(_ data: Data) -> [Double] {
        var values = [Double](repeating: 0, count: data.count / 8)
        add(data, into: &values)
        return values
    }

    /// Adds the blob's values element-wise into `totals`; extra elements on either side are ignored.
    static func add(_ data: Data, into totals: inout [Double]) {
        data.withUnsafeBytes { raw in add(raw, into: &totals) }
    }

    /// Adds raw blob bytes element-wise into `totals`, as `add(_:into:)` with `Data`.
    static func add(_ raw: UnsafeRawBufferPointer, into totals: inout [Double]) {
        let count = min(raw.count / 8, totals.count)
        for index in 0..<count {
            let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            totals[index] += Double(bitPattern: bits)
        }
    }

    /// The element-wise sum of two blobs, as long as the longer one.
    static func sum(_ first: Data, _ second: Data) -> Data {
        var totals = [Double](repeating: 0, count: max(first.count, second.count) / 8)
        add(first, into: &totals)
        add(second, into: &totals)
        return encode(totals)
    }
}
