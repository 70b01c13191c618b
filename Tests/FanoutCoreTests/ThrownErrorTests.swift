import Foundation
import Testing
@testable import FanoutCore

/// What a call's `error` says when its handler throws: the best description the error has.
@Suite("Errors thrown by handlers")
struct ThrownErrorTests {
    private struct Throws: ToolHandler {
        let name: String
        let error: any Error & Sendable
        func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue { throw error }
    }

    private struct Described: LocalizedError {
        var errorDescription: String? { "the service is down" }
    }

    private struct Plain: Error {
        let code: Int
    }

    private func message(of error: any Error & Sendable) async throws -> String? {
        let (report, _) = try await runVirtual([call("call_1", "throws")], handlers: [Throws(name: "throws", error: error)])
        #expect(report["call_1"].status == .error)
        return report["call_1"].error
    }

    @Test func aLocalizedErrorGivesItsDescription() async throws {
        #expect(try await message(of: Described()) == "Described: the service is down")
    }

    @Test func anNSErrorGivesItsDomainCodeAndDescription() async throws {
        let error = NSError(domain: "Payments", code: 3, userInfo: [NSLocalizedDescriptionKey: "card declined"])
        #expect(try await message(of: error) == "Payments error 3: card declined")
    }

    @Test func aFileErrorGivesTheSystemsReasonAndThePath() async throws {
        do {
            _ = try String(contentsOfFile: "/no/such/file", encoding: .utf8)
            Issue.record("read a file that does not exist")
        } catch {
            let message = try await message(of: error as NSError)
            #expect(message?.hasSuffix("(/no/such/file: No such file or directory)") == true, "\(message ?? "")")
        }
    }

    @Test func anyOtherErrorIsPrintedAfterItsType() async throws {
        #expect(try await message(of: Plain(code: 7)) == "Plain: Plain(code: 7)")
        #expect(try await message(of: ToolError("quota exceeded")) == "quota exceeded")
    }

    /// A call the run cancels ends `cancelled`; a handler throwing `CancellationError` on its own is
    /// an error, said to be one.
    @Test func aCancellationErrorNobodyAskedForIsAnError() async throws {
        #expect(try await message(of: CancellationError()) == "CancellationError: the handler threw it, though its call was not cancelled")
    }
}
