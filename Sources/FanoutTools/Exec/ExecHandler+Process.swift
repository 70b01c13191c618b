import FanoutCore
import Subprocess
import SystemPackage

extension ExecHandler {
    /// How much of standard error a call keeps for its error message.
    static let errorTailLimit = 8 * 1024

    /// Runs the program once with `arguments`, `input` on its standard input.
    func run(arguments: [String], input: [UInt8], environment: [String: String]?) async throws -> ProcessEnding {
        _ = ProcessGroup.prepared
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: terminationGrace)]
        let processEnvironment: Environment = environment.map { variables in
            .custom(Dictionary(uniqueKeysWithValues: variables.map { (Environment.Key(rawValue: $0.key)!, $0.value) }))
        } ?? .inherit
        var groupID: pid_t?
        do {
            let outcome = try await Subprocess.run(
                .path(FilePath(executablePath)), arguments: Arguments(arguments), environment: processEnvironment,
                platformOptions: options, input: .inputWriter, output: .bytes(limit: outputLimit), error: .sequence
            ) { execution in
                groupID = execution.processIdentifier.value
                // Input and standard error at once: a program may print errors before it reads.
                async let written: Void = Self.write(input, to: execution.standardInputWriter)
                let tail = try await Self.tail(of: execution.standardError)
                await written
                return tail
            }
            await ProcessGroup.empty(outcome.processIdentifier.value)
            return ProcessEnding(status: Self.status(outcome.terminationStatus), output: outcome.standardOutput, errorTail: outcome.closureResult)
        } catch let error as SubprocessError {
            if let groupID { await ProcessGroup.empty(groupID) }
            try Task.checkCancellation()
            if error.code == .init(.outputLimitExceeded) {
                return ProcessEnding(status: .exited(0), output: [], errorTail: [], outputOverflowed: true)
            }
            throw ToolError("could not run \(argv.program): \(error)")
        } catch {
            if let groupID { await ProcessGroup.empty(groupID) }
            throw error
        }
    }

    /// Writes the call's JSON; a program that exits without reading it is no error.
    private static func write(_ input: [UInt8], to writer: StandardInputWriter) async {
        _ = try? await writer.write(input)
        try? await writer.finish()
    }

    /// The last ``errorTailLimit`` bytes of `stream`.
    private static func tail(of stream: SubprocessOutputSequence) async throws -> [UInt8] {
        var tail: [UInt8] = []
        for try await buffer in stream {
            buffer.withUnsafeBytes { tail.append(contentsOf: $0) }
            if tail.count > 2 * errorTailLimit { tail.removeFirst(tail.count - errorTailLimit) }
        }
        return Array(tail.suffix(errorTailLimit))
    }

    private static func status(_ status: TerminationStatus) -> ProcessEnding.Status {
        switch status {
        case .exited(let code): return .exited(Int32(code))
        case .signaled(let signal): return .signalled(Int32(signal))
        }
    }
}
