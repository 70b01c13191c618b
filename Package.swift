// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "fanout",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FanoutCore", targets: ["FanoutCore"]),
        .library(name: "FanoutSimulation", targets: ["FanoutSimulation"]),
        .library(name: "FanoutMCP", targets: ["FanoutMCP"]),
        .library(name: "FanoutShell", targets: ["FanoutShell"]),
        .executable(name: "fanout", targets: ["fanout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
        .target(
            name: "FanoutShell",
            dependencies: [
                "FanoutCore",
                "FanoutMCP",
                "FanoutSimulation",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "FanoutBench",
            dependencies: ["FanoutCore", "FanoutMCP"]
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
        .testTarget(name: "FanoutShellTests", dependencies: ["FanoutShell"]),
        .testTarget(name: "FanoutBenchTests", dependencies: ["FanoutBench"]),
        // Runs the built `fanout` executable as a subprocess (see FanoutProcess.swift for how it is found).
        .testTarget(name: "FanoutEndToEndTests", dependencies: ["FanoutShell"]),
    ]
)
