// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "fanout",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FanoutCore", targets: ["FanoutCore"]),
        .library(name: "FanoutSimulation", targets: ["FanoutSimulation"]),
        .library(name: "FanoutMCP", targets: ["FanoutMCP"]),
        .library(name: "FanoutTools", targets: ["FanoutTools"]),
        .library(name: "FanoutShell", targets: ["FanoutShell"]),
        .executable(name: "fanout", targets: ["fanout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // Real tools: commands without a shell (exec handlers) and a pooled HTTP client (http handlers).
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // `make docs`: the DocC catalog of FanoutCore.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "FanoutCore",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // Simulated handlers and the lesson's demo sets: teaching props, kept out of the library's API.
        .target(
            name: "FanoutSimulation",
            dependencies: [
                "FanoutCore",
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // MCP servers over stdio as handlers: a minimal client of its own (see MCPClient.swift for why).
        .target(
            name: "FanoutMCP",
            dependencies: [
                "FanoutCore",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // prctl(PR_SET_CHILD_SUBREAPER), which Swift cannot call (it is variadic): orphans of a tool come back to fanout.
        .target(name: "CProcessControl"),
        // Commands and HTTP endpoints as handlers.
        .target(
            name: "FanoutTools",
            dependencies: [
                "FanoutCore",
                "CProcessControl",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "FanoutShell",
            dependencies: [
                "FanoutCore",
                "FanoutMCP",
                "FanoutTools",
                "FanoutSimulation",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "FanoutBench",
            dependencies: ["FanoutCore", "FanoutMCP", "FanoutTools"]
        ),
        .executableTarget(
            name: "fanout",
            dependencies: [
                "CEditLine",
                "FanoutBench",
                "FanoutCore",
                "FanoutShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A program that answers a model's tool calls with the public API alone (see the README).
        .executableTarget(
            name: "answer-tool-calls",
            dependencies: ["FanoutCore"],
            path: "Examples/AnswerToolCalls"
        ),
        .testTarget(name: "FanoutCoreTests", dependencies: ["FanoutCore", "FanoutSimulation"]),
        .testTarget(name: "FanoutSimulationTests", dependencies: ["FanoutSimulation"]),
        .testTarget(name: "FanoutMCPTests", dependencies: ["FanoutMCP"]),
        .testTarget(
            name: "FanoutToolsTests",
            dependencies: [
                "FanoutTools",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "FanoutShellTests", dependencies: ["FanoutShell"]),
        .testTarget(name: "FanoutBenchTests", dependencies: ["FanoutBench"]),
        // Runs the built `fanout` executable as a subprocess (see FanoutProcess.swift for how it is found).
        .testTarget(name: "FanoutEndToEndTests", dependencies: ["FanoutShell"]),
    ]
)

// `make fuzz` only: the libFuzzer targets (Fuzz/Sources), declared when FANOUT_FUZZ=1 and built with
// the sanitizer flags the Makefile explains, in a build folder of their own. Absent from every
// other build, so `swift build` and `make test` never compile them.
if Context.environment["FANOUT_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "fanout-fuzz",
        dependencies: ["FanoutCore", "FanoutMCP", "FanoutShell"],
        path: "Fuzz/Sources"
    ))
}
