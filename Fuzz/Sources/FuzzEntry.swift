#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one fuzz target exercises; `FANOUT_FUZZ_TARGET` names the one a run drives.
///
/// Each takes arbitrary bytes as the input its code meets in use: a command line, JSON text, a
/// session file, a model's payload, a schema and arguments, a server's standard output. A bug is a
/// crash (a trap, a sanitizer report), a hang, or a broken invariant, which traps too.
enum FuzzTarget: String, CaseIterable {
    case lexer, json, transcript, wire, schema, mcp

    func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch self {
        case .lexer: LexerTarget.run(String(decoding: bytes, as: UTF8.self))
        case .json: JSONTarget.run(String(decoding: bytes, as: UTF8.self))
        case .transcript: TranscriptTarget.run(String(decoding: bytes, as: UTF8.self))
        case .wire: WireTarget.run(String(decoding: bytes, as: UTF8.self))
        case .schema: SchemaTarget.run(String(decoding: bytes, as: UTF8.self))
        case .mcp: MCPTarget.run(Array(bytes))
        }
    }
}

private let selected: FuzzTarget? = getenv("FANOUT_FUZZ_TARGET").flatMap { FuzzTarget(rawValue: String(cString: $0)) }

/// Called by libFuzzer once, before any input: refuses to start without a known target.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    guard selected != nil else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "fanout-fuzz: set FANOUT_FUZZ_TARGET to one of: \(names)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return 0
}

/// Called by libFuzzer for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected?.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
