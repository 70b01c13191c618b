/// The benchmark's scenarios, each measuring one claim about the executor.
public enum BenchScenario: String, CaseIterable, Sendable {
    /// Zero-latency async calls with every event encoded as JSON: per-call cost against a bare task group.
    case overhead
    /// 10 ms async calls all at once: against a bare task group doing the same sleeps.
    case fanout
    /// 10 ms async calls under a limit of 100.
    case limit
    /// 100 ms sync calls offloaded, with an async heartbeat's lateness; and the same inline.
    case blocking
    /// A seeded random layered graph of 1–20 ms calls: against its critical path.
    case dag
    /// The overhead-sized run on the virtual clock: real seconds it takes.
    case virtual
    /// Scenarios overhead, fanout, limit and blocking in the Python asyncio layer, same machine.
    case peer
    /// A million zero-latency calls in one run: the executor's memory stays bounded (the peak, and
    /// what it comes to per call).
    case soak
    /// 1,000 calls of `/bin/true` through an exec handler, limit 16, beside xargs and Python (see `ExecBench`).
    case exec
    /// An MCP server's tools over stdio (1,000 trivial calls, 100 × 500 ms), beside the official
    /// Python client doing the same (see `MCPBench`).
    case mcp

    /// The call count at full size and in the smoke size `make test` uses.
    public func size(smoke: Bool) -> Int {
        switch self {
        case .overhead, .virtual: return smoke ? 2_000 : 100_000
        case .fanout, .limit: return smoke ? 500 : 10_000
        case .blocking: return smoke ? 8 : 64
        case .dag: return smoke ? 200 : 2_000
        case .peer: return smoke ? 500 : 10_000
        case .mcp: return smoke ? 50 : 1_000
        case .soak: return smoke ? 20_000 : 1_000_000
        case .exec: return smoke ? 50 : 1_000
        }
    }
}
