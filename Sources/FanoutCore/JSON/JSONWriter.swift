/// Builds JSON text as UTF-8 bytes: the fast path under ``JSONValue/jsonText`` and
/// ``ExecutionEvent/jsonLine``, which a large run calls hundreds of thousands of times.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 128) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer that continues `buffer`, which is left empty until ``takeBytes()`` hands it back.
    init(appendingTo buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes written, leaving the writer empty (no copy).
    mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
    }

    mutating func raw(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text that needs no escaping (a number's digits). Named apart from `raw(_:)` so that string
    /// literals take the `StaticString` path, which copies their bytes in one go.
    mutating func unescaped(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(value.magnitude)
        } else {
            unsigned(UInt64(value))
        }
    }

    private mutating func unsigned(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// Milliseconds with at most three decimals: `1000`, `1000.5`, `0.125`.
    mutating func milliseconds(_ duration: Duration) {
        let micros = duration.roundedMicroseconds
        if micros < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = micros.magnitude
        unsigned(magnitude / 1000)
        var fraction = magnitude % 1000
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var divisor: UInt64 = 100
        while fraction != 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// `text` as a quoted JSON string.
    mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Ids, names and most values need no escapes: copy their bytes in one go.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A value in compact form, keys in their stored order.
    mutating func value(_ value: JSONValue) {
        self.value(value, depth: 0)
    }

    /// Containers this deep and deeper are written by ``nested(_:indented:)``, whose stack is on the
    /// heap: a value of any depth is written without overflowing the thread's stack.
    private static let recursionDepth = 32

    private mutating func value(_ value: JSONValue, depth: Int) {
        switch value {
        case .array(let elements):
            guard depth < JSONWriter.recursionDepth else { return nested(value, indented: false) }
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(element, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            guard depth < JSONWriter.recursionDepth else { return nested(value, indented: false) }
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                quoted(key)
                bytes.append(UInt8(ascii: ":"))
                self.value(element, depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "}"))
        default:
            scalar(value)
        }
    }

    private mutating func scalar(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .int(let number): integer(Int64(number))
        case .double(let number): unescaped(JSONValue.numberText(number))
        case .string(let text): quoted(text)
        case .array, .object: preconditionFailure("containers are written by value(_:depth:) or nested(_:indented:)")
        }
    }

    /// A container being written by ``nested(_:indented:)``, and the index of its next member.
    private enum Open {
        case array([JSONValue], next: Int)
        case object(JSONObject, next: Int)
    }

    /// A value of any depth, without recursion: compact, or `indented` two spaces per level with
    /// empty containers as `[]` and `{}`.
    mutating func nested(_ root: JSONValue, indented: Bool) {
        var open: [Open] = []
        var pending: JSONValue? = root
        while true {
            if let value = pending {
                pending = nil
                switch value {
                case .array(let elements) where !elements.isEmpty || !indented:
                    bytes.append(UInt8(ascii: "["))
                    open.append(.array(elements, next: 0))
                case .object(let object) where !object.isEmpty || !indented:
                    bytes.append(UInt8(ascii: "{"))
                    open.append(.object(object, next: 0))
                case .array: raw("[]")
                case .object: raw("{}")
                default: scalar(value)
                }
            }
            guard let top = open.popLast() else { return }
            let count: Int, next: Int
            switch top {
            case .array(let elements, let index): (count, next) = (elements.count, index)
            case .object(let object, let index): (count, next) = (object.count, index)
            }
            if next == count {
                if indented { newline(indent: open.count) }
                if case .array = top { bytes.append(UInt8(ascii: "]")) } else { bytes.append(UInt8(ascii: "}")) }
                continue
            }
            if next > 0 { bytes.append(UInt8(ascii: ",")) }
            if indented { newline(indent: open.count + 1) }
            switch top {
            case .array(let elements, _):
                pending = elements[next]
                open.append(.array(elements, next: next + 1))
            case .object(let object, _):
                let (key, value) = object.elements[next]
                quoted(key)
                indented ? raw(": ") : raw(":")
                pending = value
                open.append(.object(object, next: next + 1))
            }
        }
    }

    private mutating func newline(indent levels: Int) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * levels))
    }
}
