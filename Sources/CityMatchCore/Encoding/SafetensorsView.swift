/// Errors raised while reading a safetensors buffer. Every malformed or
/// truncated input maps to one of these; none traps.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    case truncatedHeaderLength(bufferSize: Int)
    case headerLengthOutOfRange(headerLength: UInt64, bufferSize: Int)
    case headerNotJSON(String)
    case headerNotObject
    case malformedTensorEntry(name: String, reason: String)
    case unknownDType(name: String, dtype: String)
    case offsetsOutOfBounds(name: String, begin: Int, end: Int, dataSize: Int)
    case sizeMismatch(name: String, shape: [Int], dtype: String, expectedBytes: Int, actualBytes: Int)
    case overlappingTensors(String, String)
    case missingTensor(String)
    case unsupportedDType(name: String, dtype: String)
    case shapeMismatch(name: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .truncatedHeaderLength(let size):
            return "safetensors: file is \(size) bytes, too short for the 8-byte header length"
        case .headerLengthOutOfRange(let n, let size):
            return "safetensors: header length \(n) does not fit in a file of \(size) bytes"
        case .headerNotJSON(let why):
            return "safetensors: header is not valid JSON (\(why))"
        case .headerNotObject:
            return "safetensors: header is not a JSON object"
        case .malformedTensorEntry(let name, let reason):
            return "safetensors: tensor '\(name)': \(reason)"
        case .unknownDType(let name, let dtype):
            return "safetensors: tensor '\(name)' has unknown dtype '\(dtype)'"
        case .offsetsOutOfBounds(let name, let b, let e, let size):
            return "safetensors: tensor '\(name)' data offsets [\(b), \(e)) lie outside the \(size)-byte data section"
        case .sizeMismatch(let name, let shape, let dtype, let expected, let actual):
            return "safetensors: tensor '\(name)' of shape \(shape) and dtype \(dtype) needs \(expected) bytes but its offsets span \(actual)"
        case .overlappingTensors(let a, let b):
            return "safetensors: data of tensors '\(a)' and '\(b)' overlap"
        case .missingTensor(let name):
            return "safetensors: tensor '\(name)' is missing"
        case .unsupportedDType(let name, let dtype):
            return "safetensors: tensor '\(name)' has dtype \(dtype); only F32 is supported"
        case .shapeMismatch(let name, let expected, let actual):
            return "safetensors: tensor '\(name)' has shape \(actual), expected \(expected)"
        }
    }
}

/// One tensor's entry in a safetensors header.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    public let name: String
    /// The dtype string, e.g. "F32".
    public let dtype: String
    public let shape: [Int]
    /// Byte range relative to the start of the data section.
    public let dataRange: Range<Int>
}

/// A validated, zero-copy view of a safetensors buffer
/// (`u64 little-endian header length N`, `N bytes of JSON header`, data).
///
/// The view does not own the bytes: the buffer passed to `init` must stay
/// valid for as long as the view is used. Pass an `owner` (e.g. a memory
/// mapping) to tie its lifetime to the view. Tensors are copied out as
/// `[Float]`, so nothing derived from the view depends on the buffer.
public struct SafetensorsView {
    /// Largest header accepted (the format's own limit is 100 MB).
    public static let maxHeaderLength: UInt64 = 100_000_000

    public let buffer: UnsafeRawBufferPointer
    /// Keeps the memory behind `buffer` alive, if given.
    public let owner: AnyObject?
    /// Entries by name (without `__metadata__`).
    public let tensors: [String: SafetensorsTensorInfo]
    /// The `__metadata__` string map, if any.
    public let metadata: [String: String]
    /// Offset of the data section in `buffer` (8 + header length).
    public let dataStart: Int

    /// Parses and validates the header: length, JSON, dtypes, shapes, and that
    /// every tensor's data lies inside the buffer, matches its shape and dtype,
    /// and overlaps no other tensor.
    ///
    /// - Complexity: O(h + t log t) for a header of h bytes describing t tensors.
    public init(buffer: UnsafeRawBufferPointer, owner: AnyObject? = nil) throws {
        self.buffer = buffer
        self.owner = owner
        guard buffer.count >= 8 else { throw SafetensorsError.truncatedHeaderLength(bufferSize: buffer.count) }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(buffer[i]) << (8 * UInt64(i)) }
        guard n <= Self.maxHeaderLength, n <= UInt64(buffer.count - 8) else {
            throw SafetensorsError.headerLengthOutOfRange(headerLength: n, bufferSize: buffer.count)
        }
        let headerLength = Int(n)
        dataStart = 8 + headerLength
        let headerBytes = Array(buffer[8..<dataStart])
        guard let headerText = String(validating: headerBytes, as: UTF8.self) else {
            throw SafetensorsError.headerNotJSON("not valid UTF-8")
        }
        let header: [String: JSONValue]
        do {
            guard case .object(let members) = try JSONParser.parse(headerText) else { throw SafetensorsError.headerNotObject }
            header = members
        } catch let failure as JSONParser.Failure {
            throw SafetensorsError.headerNotJSON(failure.description)
        }
        let dataSize = buffer.count - dataStart
        var tensors: [String: SafetensorsTensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard case .object(let meta) = value else {
                    throw SafetensorsError.malformedTensorEntry(name: name, reason: "metadata is not an object")
                }
                for (k, v) in meta {
                    guard case .string(let s) = v else {
                        throw SafetensorsError.malformedTensorEntry(name: name, reason: "metadata value '\(k)' is not a string")
                    }
                    metadata[k] = s
                }
                continue
            }
            tensors[name] = try Self.parseEntry(name: name, value: value, dataSize: dataSize)
        }
        // No two tensors may share bytes.
        let sorted = tensors.values.filter { !$0.dataRange.isEmpty }.sorted { $0.dataRange.lowerBound < $1.dataRange.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.dataRange.lowerBound < a.dataRange.upperBound {
            throw SafetensorsError.overlappingTensors(a.name, b.name)
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Bytes per element of each safetensors dtype.
    static let dtypeSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "I64": 8, "U64": 8, "F64": 8,
    ]

    private static func parseEntry(name: String, value: JSONValue, dataSize: Int) throws -> SafetensorsTensorInfo {
        guard case .object(let entry) = value else {
            throw SafetensorsError.malformedTensorEntry(name: name, reason: "entry is not an object")
        }
        guard case .string(let dtype)? = entry["dtype"] else {
            throw SafetensorsError.malformedTensorEntry(name: name, reason: "missing or non-string 'dtype'")
        }
        guard let elementSize = dtypeSizes[dtype] else { throw SafetensorsError.unknownDType(name: name, dtype: dtype) }
        guard case .array(let shapeValues)? = entry["shape"] else {
            throw SafetensorsError.malformedTensorEntry(name: name, reason: "missing or non-array 'shape'")
        }
        var shape: [Int] = []
        var count = 1
        for v in shapeValues {
            guard let d = Self.integer(v), d >= 0 else {
                throw SafetensorsError.malformedTensorEntry(name: name, reason: "shape \(JSONValue.array(shapeValues).serialized()) has a non-integer or negative dimension")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw SafetensorsError.malformedTensorEntry(name: name, reason: "shape \(JSONValue.array(shapeValues).serialized()) is too large")
            }
            shape.append(d)
            count = product
        }
        guard case .array(let offsets)? = entry["data_offsets"], offsets.count == 2,
              let begin = Self.integer(offsets[0]), let end = Self.integer(offsets[1]) else {
            throw SafetensorsError.malformedTensorEntry(name: name, reason: "'data_offsets' must be two integers")
        }
        guard begin >= 0, end >= begin, end <= dataSize else {
            throw SafetensorsError.offsetsOutOfBounds(name: name, begin: begin, end: end, dataSize: dataSize)
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, bytes == end - begin else {
            throw SafetensorsError.sizeMismatch(name: name, shape: shape, dtype: dtype,
                                                expectedBytes: overflow ? Int.max : bytes, actualBytes: end - begin)
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataRange: begin..<end)
    }

    /// A JSON integer that fits in `Int`.
    private static func integer(_ v: JSONValue) -> Int? {
        guard case .integer(let i) = v else { return nil }
        return Int(exactly: i)
    }

    /// Copies an F32 tensor out as `[Float]`, checking its shape.
    ///
    /// - Parameter shape: the expected shape, or nil to accept any.
    /// - Complexity: O(number of elements).
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        guard let info = tensors[name] else { throw SafetensorsError.missingTensor(name) }
        guard info.dtype == "F32" else { throw SafetensorsError.unsupportedDType(name: name, dtype: info.dtype) }
        if let expected, expected != info.shape {
            throw SafetensorsError.shapeMismatch(name: name, expected: expected, actual: info.shape)
        }
        let count = info.dataRange.count / 4
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in
            guard count > 0, let base = buffer.baseAddress, let d = dst.baseAddress else { return }
            // memcpy handles unaligned sources; safetensors stores little-endian, as are our targets.
            d.copyMemory(from: base + dataStart + info.dataRange.lowerBound, byteCount: info.dataRange.count)
        }
        return out
    }
}
