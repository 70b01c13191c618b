import Testing
@testable import FanoutCore

@Suite("Execution options")
struct ExecutionOptionsTests {
    @Test func optionsInRangePassValidation() throws {
        try ExecutionOptions().validate()
        try ExecutionOptions(limit: 1, timeout: .milliseconds(1), cores: 1, threads: 1, runNumber: 1).validate()
    }

    @Test func eachOptionOutOfRangeIsNamed() {
        func problem(_ options: ExecutionOptions) -> ExecutionOptions.Problem? {
            do {
                try options.validate()
                return nil
            } catch {
                return error
            }
        }
        #expect(problem(ExecutionOptions(limit: 0))?.message == "limit must be at least 1, or nil for no limit, not 0")
        #expect(problem(ExecutionOptions(limit: 0))?.option == .limit)
        #expect(problem(ExecutionOptions(timeout: .milliseconds(-5)))?.message.hasPrefix("timeout must be longer than zero") == true)
        #expect(problem(ExecutionOptions(timeout: .zero))?.option == .timeout)
        #expect(problem(ExecutionOptions(cores: 0))?.message == "cores must be at least 1, or nil for the default, not 0")
        #expect(problem(ExecutionOptions(threads: -1))?.description == "threads must be at least 1, or nil for the default, not -1")
        #expect(problem(ExecutionOptions(runNumber: 0))?.option == .runNumber)
    }

    @Test func startThrowsForOptionsOutOfRangeInsteadOfStopping() async {
        let executor = Executor(handlers: HandlerRegistry([handler("fetch")]))
        for clock in ClockKind.allCases {
            #expect(throws: ExecutionOptions.Problem(option: .limit, message: "limit must be at least 1, or nil for no limit, not 0")) {
                _ = try executor.start([call("call_1", "fetch")], options: ExecutionOptions(limit: 0, clock: clock))
            }
            await #expect(throws: ExecutionOptions.Problem.self) {
                _ = try await executor.run([call("call_1", "fetch")], options: ExecutionOptions(clock: clock, threads: 0))
            }
        }
    }
}
