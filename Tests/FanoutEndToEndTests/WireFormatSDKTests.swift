import Foundation
import Testing

/// What fanout imports and exports, checked with the vendors' own SDK types (openai, anthropic,
/// google-genai in `.build/test-venv`, which `make test` creates).
extension EndToEnd {
@Suite("Wire formats against the vendors' SDKs")
struct WireFormatSDKTests {
    @Test func exportsAndSamplePayloadsMatchTheSDKTypes() async throws {
        let root = try #require(FanoutBinary.packageRoot())
        let python = root.appendingPathComponent(".build/test-venv/bin/python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path),
                     "no \(python.path): run make test (or make venv) to create the vendors' SDK virtualenv")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-wire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let payloads = root.appendingPathComponent("sample-sessions/payloads")
        var commands = ["demo weather", "register get_horoscope latency=2s", "set timeout 1500ms"]
        // Every status a reply must answer: ok, error (unknown tool, invalid arguments), timeout.
        commands += ["import \(payloads.path)/anthropic-message.json", "import \(payloads.path)/openai-chat.json", "run"]
        for format in ["openai", "responses", "anthropic", "gemini"] {
            commands += ["export results \(format) results-\(format).json", "export tools \(format) tools-\(format).json"]
        }
        let exported = try await FanoutProcess.run(["--clock", "virtual"], stdin: commands.joined(separator: "\n") + "\n", in: folder)
        #expect(exported.status == 0, "\(exported.summary)")
        let check = try await FanoutProcess.run(
            executable: python, [root.appendingPathComponent("Tests/vendor/check_wire.py").path, folder.path, payloads.path])
        #expect(check.status == 0, "\(check.summary)")
        #expect(check.stdoutLines.last == "12 files match the SDK types", "\(check.summary)")
    }
}
}
