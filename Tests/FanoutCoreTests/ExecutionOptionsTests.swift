import Testing
@testable import FanoutCore

@Suite("Execution options")
struct ExecutionOptionsTests {
    @Test func optionsInRangeHaveNoProblem() {
        #expect(ExecutionOptions().problem == nil)
        #expect(ExecutionOptions(limit: 1, timeout: .milliseconds(1), cores: 1, threads: 1).problem == nil)
    }

    @Test func eachOptionOutOfRangeIsNamed() {
        #expect(ExecutionOptions(limit: 0).problem == "limit must be at least 1, or nil for no limit, not 0")
        #expect(ExecutionOptions(timeout: .milliseconds(-5)).problem?.hasPrefix("timeout must be longer than zero") == true)
        #expect(ExecutionOptions(timeout: .zero).problem?.hasPrefix("timeout must be longer than zero") == true)
        #expect(ExecutionOptions(cores: 0).problem == "cores must be at least 1, or nil for the default, not 0")
        #expect(ExecutionOptions(threads: -1).problem == "threads must be at least 1, or nil for the default, not -1")
    }
}
