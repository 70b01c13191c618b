import FanoutMCP
import Foundation
import Testing

/// The Python SDK's server in `Tests/mcp/server.py`, run with the virtualenv `make test` creates.
enum PythonServer {
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    static var python: String { root.appendingPathComponent(".build/test-venv/bin/python").path }
    static var script: String { root.appendingPathComponent("Tests/mcp/server.py").path }

    /// Connects to the test server as `name`; a missing virtualenv is a failure that says how to make it.
    static func connect(_ name: String = "test") async throws -> MCPClient {
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "no \(python): run make test (or make venv) to create the test virtualenv with the mcp package")
        return try await MCPClient.connect(name: name, command: python, arguments: [script], timeout: .seconds(30))
    }
}

/// Wall time of `body`, on the real clock.
func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, start.duration(to: .now))
}

/// What `body` returned or threw.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
